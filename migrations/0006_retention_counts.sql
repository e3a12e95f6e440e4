CREATE TABLE `ticket_counts` (
	`week` text NOT NULL,
	`partner_id` text NOT NULL,
	`dimension` text NOT NULL,
	`value` text NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`week`, `partner_id`, `dimension`, `value`)
);

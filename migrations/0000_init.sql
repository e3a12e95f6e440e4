CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`user_enc` text NOT NULL,
	`state_enc` text NOT NULL,
	`ticket_id` text,
	`notify` integer DEFAULT false NOT NULL,
	`followed` integer DEFAULT true NOT NULL,
	`safe_mode` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `inbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`event_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`event_enc` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error_code` text,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`processed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_channel_event` ON `inbox` (`channel`,`event_id`);--> statement-breakpoint
CREATE INDEX `inbox_pending` ON `inbox` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`channel` text NOT NULL,
	`inbox_id` integer,
	`messages_enc` text NOT NULL,
	`reply_token_enc` text,
	`reply_until` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`retry_key` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`via` text,
	`error_code` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`sent_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_status` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_conversation` ON `outbox` (`conversation_id`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_inbox` ON `outbox` (`inbox_id`);--> statement-breakpoint
CREATE TABLE `ticket_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` text NOT NULL,
	`author` text NOT NULL,
	`channel` text NOT NULL,
	`body_enc` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `ticket_messages_ticket` ON `ticket_messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`channel` text NOT NULL,
	`channels` text NOT NULL,
	`language` text NOT NULL,
	`categories` text NOT NULL,
	`danger_categories` text NOT NULL,
	`urgency` text NOT NULL,
	`flags` text NOT NULL,
	`prefecture` text,
	`industry` text,
	`residence_status` text,
	`partner_id` text,
	`flow_id` text NOT NULL,
	`flow_version` integer NOT NULL,
	`flow_hash` text NOT NULL,
	`summary` text NOT NULL,
	`facts` text NOT NULL,
	`secret_hash` text,
	`conversation_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_reference` ON `tickets` (`reference`);--> statement-breakpoint
CREATE INDEX `tickets_partner_created` ON `tickets` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tickets_created` ON `tickets` (`created_at`,`id`);
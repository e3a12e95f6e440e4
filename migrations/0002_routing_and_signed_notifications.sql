ALTER TABLE `notifications` ADD `idempotency_key` text DEFAULT '' NOT NULL;--> statement-breakpoint
UPDATE `notifications` SET `idempotency_key` = lower(hex(randomblob(16))) WHERE `idempotency_key` = '';--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_idempotency_key` ON `notifications` (`idempotency_key`);--> statement-breakpoint
ALTER TABLE `tickets` ADD `routing_rule` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `routing_reason` text;--> statement-breakpoint
UPDATE `tickets` SET `routing_rule` = 'before-rules', `routing_reason` = 'Routed before routing rules were recorded' WHERE `partner_id` IS NOT NULL;

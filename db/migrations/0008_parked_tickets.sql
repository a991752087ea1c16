CREATE TABLE `parked_tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`label` text DEFAULT '' NOT NULL,
	`customer_id` text,
	`lines` text NOT NULL,
	`line_count` integer NOT NULL,
	`total` integer NOT NULL,
	`parked_at` text NOT NULL,
	`parked_by` text NOT NULL,
	`recalled_at` text,
	`recalled_by` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recalled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `parked_tickets_waiting` ON `parked_tickets` (`recalled_at`,`parked_at`);
CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`command` text NOT NULL,
	`manager_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`reason` text NOT NULL,
	`ref_id` text,
	`at` text NOT NULL,
	FOREIGN KEY (`manager_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `categories` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`parent_id` text
);
--> statement-breakpoint
CREATE TABLE `counters` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text,
	`phone` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `drawer_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` integer NOT NULL,
	`reason` text,
	`ref_id` text,
	`user_id` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `drawer_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `drawer_movements_session` ON `drawer_movements` (`session_id`);--> statement-breakpoint
CREATE TABLE `drawer_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`opened_at` text NOT NULL,
	`opened_by` text NOT NULL,
	`float` integer NOT NULL,
	`float_count` text NOT NULL,
	`closed_at` text,
	`closed_by` text,
	`expected` integer,
	`counted` integer,
	`count` text,
	`over_short` integer,
	`z_number` integer,
	`note` text,
	FOREIGN KEY (`opened_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `drawer_sessions_number` ON `drawer_sessions` (`number`);--> statement-breakpoint
CREATE INDEX `drawer_sessions_status` ON `drawer_sessions` (`status`);--> statement-breakpoint
CREATE TABLE `journal` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`device_id` text NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `journal_id` ON `journal` (`id`);--> statement-breakpoint
CREATE TABLE `order_payments` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`amount` integer NOT NULL,
	`method` text NOT NULL,
	`explanation` text,
	`reference` text,
	`tendered` integer,
	`change` integer,
	`cash_rounding` integer DEFAULT 0 NOT NULL,
	`clerk_id` text NOT NULL,
	`drawer_session_id` text,
	`at` text NOT NULL,
	`business_date` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clerk_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drawer_session_id`) REFERENCES `drawer_sessions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_payments_order` ON `order_payments` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`customer_id` text,
	`description` text NOT NULL,
	`total` integer NOT NULL,
	`currency` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number` ON `orders` (`number`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`seq` integer,
	`topic` text NOT NULL,
	`payload` text,
	`created_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`seq`) REFERENCES `journal`(`seq`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`sent_at`,`id`);--> statement-breakpoint
CREATE TABLE `period_closings` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`period` text NOT NULL,
	`period_grand_total` integer NOT NULL,
	`perpetual_grand_total` integer NOT NULL,
	`report` text NOT NULL,
	`closed_at` text NOT NULL,
	`closed_by` text NOT NULL,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `period_closings_period` ON `period_closings` (`kind`,`period`);--> statement-breakpoint
CREATE TABLE `print_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text NOT NULL,
	`kind` text NOT NULL,
	`ref_id` text,
	`payload` text NOT NULL,
	`kick_drawer` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text,
	`printed_at` text
);
--> statement-breakpoint
CREATE INDEX `print_jobs_status` ON `print_jobs` (`status`,`created_at`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`sku` text NOT NULL,
	`barcode` text,
	`name` text NOT NULL,
	`manufacturer` text,
	`model` text,
	`description` text,
	`category_id` text,
	`price` integer NOT NULL,
	`tax_category` text DEFAULT 'standard' NOT NULL,
	`rental_hour` integer,
	`rental_day` integer,
	`rental_week` integer,
	`rental_month` integer,
	`deposit` integer,
	`on_website` integer DEFAULT true NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_sku` ON `products` (`sku`);--> statement-breakpoint
CREATE INDEX `products_barcode` ON `products` (`barcode`);--> statement-breakpoint
CREATE INDEX `products_category` ON `products` (`category_id`);--> statement-breakpoint
CREATE TABLE `refunds` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`channel` text NOT NULL,
	`status` text NOT NULL,
	`amount` integer NOT NULL,
	`drawer_session_id` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	`business_date` text NOT NULL,
	`completed_at` text,
	`reference` text,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drawer_session_id`) REFERENCES `drawer_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_sale` ON `refunds` (`sale_id`);--> statement-breakpoint
CREATE INDEX `refunds_date` ON `refunds` (`business_date`);--> statement-breakpoint
CREATE TABLE `sale_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`position` integer NOT NULL,
	`product_id` text NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`list_price` integer NOT NULL,
	`discount_kind` text,
	`discount_value` integer,
	`discount` integer DEFAULT 0 NOT NULL,
	`amount` integer NOT NULL,
	`tax_category` text NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sale_lines_sale` ON `sale_lines` (`sale_id`,`position`);--> statement-breakpoint
CREATE TABLE `sale_taxes` (
	`sale_id` text NOT NULL,
	`code` text NOT NULL,
	`rate_ppm` integer NOT NULL,
	`base` integer NOT NULL,
	`tax` integer NOT NULL,
	`business_date` text NOT NULL,
	PRIMARY KEY(`sale_id`, `code`),
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sale_taxes_date` ON `sale_taxes` (`business_date`);--> statement-breakpoint
CREATE TABLE `sales` (
	`id` text PRIMARY KEY NOT NULL,
	`receipt_number` integer,
	`status` text NOT NULL,
	`currency` text NOT NULL,
	`customer_id` text,
	`clerk_id` text NOT NULL,
	`drawer_session_id` text,
	`opened_at` text NOT NULL,
	`completed_at` text,
	`business_date` text,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`tax_total` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`cash_rounding` integer DEFAULT 0 NOT NULL,
	`paid` integer DEFAULT 0 NOT NULL,
	`cancel_reason` text,
	`cancel_message` text,
	`cancelled_at` text,
	`cancelled_by` text,
	`refunded_amount` integer DEFAULT 0 NOT NULL,
	`refunded_at` text,
	`completion_seq` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`clerk_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`drawer_session_id`) REFERENCES `drawer_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sales_receipt` ON `sales` (`receipt_number`);--> statement-breakpoint
CREATE INDEX `sales_business_date` ON `sales` (`business_date`,`status`);--> statement-breakpoint
CREATE INDEX `sales_status` ON `sales` (`status`);--> statement-breakpoint
CREATE INDEX `sales_session` ON `sales` (`drawer_session_id`);--> statement-breakpoint
CREATE INDEX `sales_customer` ON `sales` (`customer_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tenders` (
	`id` text PRIMARY KEY NOT NULL,
	`sale_id` text NOT NULL,
	`method` text NOT NULL,
	`amount` integer NOT NULL,
	`tendered` integer,
	`change` integer,
	`reference` text,
	`business_date` text NOT NULL,
	FOREIGN KEY (`sale_id`) REFERENCES `sales`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `tenders_sale` ON `tenders` (`sale_id`);--> statement-breakpoint
CREATE INDEX `tenders_date` ON `tenders` (`business_date`,`method`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`pin_hash` text NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `z_reports` (
	`number` integer PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`report` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `drawer_sessions`(`id`) ON UPDATE no action ON DELETE no action
);

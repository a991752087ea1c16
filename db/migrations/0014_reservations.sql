CREATE TABLE `reservation_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`position` integer NOT NULL,
	`product_id` text NOT NULL,
	`unit_id` text,
	`name` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax_category` text NOT NULL,
	`deposit` integer NOT NULL,
	`blocks` text NOT NULL,
	`start_at` text NOT NULL,
	`end_at` text NOT NULL,
	`holds` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reservation_lines_order` ON `reservation_lines` (`order_id`,`position`);--> statement-breakpoint
CREATE INDEX `reservation_lines_availability` ON `reservation_lines` (`product_id`,`holds`,`start_at`,`end_at`,`quantity`);--> statement-breakpoint
CREATE INDEX `reservation_lines_unit` ON `reservation_lines` (`unit_id`);--> statement-breakpoint
CREATE TABLE `reservation_units` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`line_id` text NOT NULL,
	`unit_id` text NOT NULL,
	`out_at` text NOT NULL,
	`returned_at` text,
	`condition` text,
	`to_maintenance` integer DEFAULT false NOT NULL,
	`late_fee` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_id`) REFERENCES `reservation_lines`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `reservation_units_order` ON `reservation_units` (`order_id`);--> statement-breakpoint
CREATE INDEX `reservation_units_unit` ON `reservation_units` (`unit_id`);--> statement-breakpoint
ALTER TABLE `orders` ADD `kind` text DEFAULT 'order' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `status` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `pickup_at` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `return_at` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `subtotal` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `tax_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `late_fees` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `deposit` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `deposit_held` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `conflict_note` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `conflict_at` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `updated_at` text;--> statement-breakpoint
CREATE INDEX `orders_kind_pickup` ON `orders` (`kind`,`pickup_at`);--> statement-breakpoint
CREATE INDEX `orders_customer` ON `orders` (`customer_id`);
ALTER TABLE `customers` ADD `address` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `postal_code` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `city` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `notes` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `updated_at` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `deleted_at` text;--> statement-breakpoint
CREATE INDEX `customers_deleted_name` ON `customers` (`deleted_at`,`name`);
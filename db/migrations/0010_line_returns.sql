CREATE TABLE `refund_lines` (
	`refund_id` text NOT NULL,
	`sale_line_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`amount` integer NOT NULL,
	PRIMARY KEY(`refund_id`, `sale_line_id`),
	FOREIGN KEY (`refund_id`) REFERENCES `refunds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sale_line_id`) REFERENCES `sale_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_lines_line` ON `refund_lines` (`sale_line_id`);--> statement-breakpoint
CREATE TABLE `refund_taxes` (
	`refund_id` text NOT NULL,
	`code` text NOT NULL,
	`rate_ppm` integer NOT NULL,
	`base` integer NOT NULL,
	`tax` integer NOT NULL,
	`business_date` text NOT NULL,
	PRIMARY KEY(`refund_id`, `code`),
	FOREIGN KEY (`refund_id`) REFERENCES `refunds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `refund_taxes_date` ON `refund_taxes` (`business_date`);--> statement-breakpoint
DROP INDEX `refunds_sale`;--> statement-breakpoint
ALTER TABLE `refunds` ADD `kind` text DEFAULT 'sale' NOT NULL;--> statement-breakpoint
CREATE INDEX `refunds_sale` ON `refunds` (`sale_id`);--> statement-breakpoint
-- refunds made before returns of lines existed refunded whole sales: their contra entries are the sale's taxes
INSERT INTO `refund_taxes` (`refund_id`, `code`, `rate_ppm`, `base`, `tax`, `business_date`)
SELECT r.`id`, t.`code`, t.`rate_ppm`, t.`base`, t.`tax`, r.`business_date` FROM `refunds` r JOIN `sale_taxes` t ON t.`sale_id` = r.`sale_id`;
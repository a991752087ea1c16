DROP INDEX `sales_business_date`;--> statement-breakpoint
CREATE INDEX `sales_business_date_paid` ON `sales` (`business_date`,`status`,`paid`);--> statement-breakpoint
CREATE INDEX `sale_taxes_code_date` ON `sale_taxes` (`code`,`rate_ppm`,`business_date`,`base`,`tax`);--> statement-breakpoint
CREATE INDEX `tenders_method_date` ON `tenders` (`method`,`business_date`,`amount`);
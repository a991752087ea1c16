CREATE TABLE `feed_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`cursor` integer NOT NULL,
	`page_hash` text NOT NULL,
	`applied_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `master_history` (
	`change_seq` integer NOT NULL,
	`n` integer NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`lost` text NOT NULL,
	`lost_origin` text NOT NULL,
	`won` text NOT NULL,
	`won_origin` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`change_seq`, `n`)
);
--> statement-breakpoint
CREATE INDEX `master_history_record` ON `master_history` (`entity`,`entity_id`);
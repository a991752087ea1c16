CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`head_office` text NOT NULL,
	`store_id` text NOT NULL,
	`enrolled_at` text NOT NULL,
	`enrol_seq` integer NOT NULL,
	`stale_hours` integer DEFAULT 48 NOT NULL,
	`acked_seq` integer DEFAULT 0 NOT NULL,
	`acked_hash` text NOT NULL,
	`acked_at` text,
	`last_attempt_at` text,
	`last_contact_at` text,
	`offline_since` text,
	`last_error` text,
	`stopped_reason` text,
	`stopped_at` text,
	`stopped_detail` text
);

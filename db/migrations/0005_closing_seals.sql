CREATE TABLE `closing_seals` (
	`ref` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`entry_seq` integer NOT NULL,
	`covers_seq` integer NOT NULL,
	`covers_hash` text NOT NULL,
	`signed` text NOT NULL,
	`signature` text NOT NULL,
	`public_key` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`at` text NOT NULL
);
--> statement-breakpoint
-- A seal is as final as the closing it seals.
CREATE TRIGGER `closing_seals_no_update` BEFORE UPDATE ON `closing_seals`
BEGIN
  SELECT RAISE(ABORT, 'closing_seals are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER `closing_seals_no_delete` BEFORE DELETE ON `closing_seals`
BEGIN
  SELECT RAISE(ABORT, 'closing_seals are immutable');
END;

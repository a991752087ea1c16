CREATE TABLE `unit_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`unit_id` text NOT NULL,
	`at` text NOT NULL,
	`actor_id` text NOT NULL,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`note` text,
	`ref_id` text,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `unit_movements_unit` ON `unit_movements` (`unit_id`,`at`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`asset_id` text NOT NULL,
	`serial` text,
	`status` text NOT NULL,
	`condition` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_asset_id` ON `units` (`asset_id`);--> statement-breakpoint
CREATE INDEX `units_product` ON `units` (`product_id`,`status`);--> statement-breakpoint
ALTER TABLE `products` ADD `rental_4h` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `rental_weekend` integer;--> statement-breakpoint
ALTER TABLE `products` ADD `photo` text;
--> statement-breakpoint
-- The catalogue search also reads the description (a manager describes what the name does not
-- say: "for concrete", "24 V"). FTS5 columns cannot be added, so the index is made again, with
-- the same tokenizer (unicode61 folds case in Latin and Cyrillic; remove_diacritics 2 lets
-- "equipement" find "Équipement") and the same prefix indexes.
DROP TRIGGER `products_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `products_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `products_fts_au`;
--> statement-breakpoint
DROP TABLE `products_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `products_fts` USING fts5(
  name, sku, barcode, manufacturer, model, description,
  content='products', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_ai` AFTER INSERT ON `products` BEGIN
  INSERT INTO products_fts(rowid, name, sku, barcode, manufacturer, model, description)
  VALUES (new.rowid, new.name, new.sku, new.barcode, new.manufacturer, new.model, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ad` AFTER DELETE ON `products` BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, sku, barcode, manufacturer, model, description)
  VALUES ('delete', old.rowid, old.name, old.sku, old.barcode, old.manufacturer, old.model, old.description);
END;
--> statement-breakpoint
-- Only a change to an indexed column touches the index: archiving, a price or a photo does not.
CREATE TRIGGER `products_fts_au` AFTER UPDATE OF name, sku, barcode, manufacturer, model, description ON `products` BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, sku, barcode, manufacturer, model, description)
  VALUES ('delete', old.rowid, old.name, old.sku, old.barcode, old.manufacturer, old.model, old.description);
  INSERT INTO products_fts(rowid, name, sku, barcode, manufacturer, model, description)
  VALUES (new.rowid, new.name, new.sku, new.barcode, new.manufacturer, new.model, new.description);
END;
--> statement-breakpoint
INSERT INTO products_fts(products_fts) VALUES ('rebuild');

-- Full-text search over the catalogue for search-as-you-type at the counter.
-- External-content FTS5 table kept in step with `products` by triggers; prefix indexes
-- make 2- and 3-letter prefixes fast. remove_diacritics lets "eclairage" find "Éclairage".
CREATE VIRTUAL TABLE `products_fts` USING fts5(
  name, sku, barcode, manufacturer, model,
  content='products', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER `products_fts_ai` AFTER INSERT ON `products` BEGIN
  INSERT INTO products_fts(rowid, name, sku, barcode, manufacturer, model)
  VALUES (new.rowid, new.name, new.sku, new.barcode, new.manufacturer, new.model);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_ad` AFTER DELETE ON `products` BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, sku, barcode, manufacturer, model)
  VALUES ('delete', old.rowid, old.name, old.sku, old.barcode, old.manufacturer, old.model);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_au` AFTER UPDATE ON `products` BEGIN
  INSERT INTO products_fts(products_fts, rowid, name, sku, barcode, manufacturer, model)
  VALUES ('delete', old.rowid, old.name, old.sku, old.barcode, old.manufacturer, old.model);
  INSERT INTO products_fts(rowid, name, sku, barcode, manufacturer, model)
  VALUES (new.rowid, new.name, new.sku, new.barcode, new.manufacturer, new.model);
END;
--> statement-breakpoint
-- Data-changing: index the products that already exist.
INSERT INTO products_fts(products_fts) VALUES ('rebuild');

-- The catalogue's vocabulary as a real table, for the search to expand a typed prefix longer
-- than the prefix indexes (2 and 3 letters) into the whole tokens it stands for. 0012 read it
-- through an fts5vocab 'row' table, which counts each token's documents as it goes: reading the
-- one token 'equipement' (a word a third of a big catalogue shares) took ~1.5 ms, most of a
-- keystroke's budget. A B-tree of terms answers the same range in microseconds.
--
-- The terms must be a superset of the index's tokens (a token missing here is an item the search
-- cannot find; a stale one expands into a term that matches nothing). So they are not guessed
-- in JavaScript: each indexed write tokenizes the row's text with FTS5 itself, in a one-row
-- contentless scratch index with the same tokenizer, and keeps its vocabulary. Deletes leave their
-- terms (harmless). Any connection that writes products keeps this table right: it is SQL only.
CREATE TABLE `products_fts_terms` (`term` text PRIMARY KEY NOT NULL) WITHOUT ROWID;
--> statement-breakpoint
CREATE VIRTUAL TABLE `products_terms_scratch` USING fts5(
  t, content='', tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `products_terms_scratch_vocab` USING fts5vocab(`products_terms_scratch`, 'row');
--> statement-breakpoint
CREATE TRIGGER `products_terms_ai` AFTER INSERT ON `products` BEGIN
  INSERT INTO products_terms_scratch(rowid, t)
  VALUES (1, concat_ws(' ', new.name, new.sku, new.barcode, new.manufacturer, new.model, new.description));
  INSERT OR IGNORE INTO products_fts_terms(term) SELECT term FROM products_terms_scratch_vocab;
  INSERT INTO products_terms_scratch(products_terms_scratch) VALUES ('delete-all');
END;
--> statement-breakpoint
CREATE TRIGGER `products_terms_au` AFTER UPDATE OF name, sku, barcode, manufacturer, model, description ON `products` BEGIN
  INSERT INTO products_terms_scratch(rowid, t)
  VALUES (1, concat_ws(' ', new.name, new.sku, new.barcode, new.manufacturer, new.model, new.description));
  INSERT OR IGNORE INTO products_fts_terms(term) SELECT term FROM products_terms_scratch_vocab;
  INSERT INTO products_terms_scratch(products_terms_scratch) VALUES ('delete-all');
END;
--> statement-breakpoint
INSERT INTO `products_fts_terms` (`term`) SELECT `term` FROM `products_fts_vocab`;
--> statement-breakpoint
DROP TABLE `products_fts_vocab`;

-- The catalogue index's vocabulary (one row per distinct token), for the search to expand a
-- typed prefix longer than the prefix indexes (2 and 3 letters) into the few whole tokens it
-- stands for: FTS5 reads a whole token's entries lazily and stops at the LIMIT, whereas a long
-- prefix query first merges every matching entry in memory (tens of milliseconds for a token
-- that 40,000 items share). Read-only: it holds no rows of its own.
CREATE VIRTUAL TABLE `products_fts_vocab` USING fts5vocab(`products_fts`, 'row');

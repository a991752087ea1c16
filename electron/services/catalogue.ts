import { all, one } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Category, Product } from '../../shared/api/types.ts';
import type { Env, ReadEnv } from './context.ts';

const PRODUCT_COLS = `p.id, p.sku, p.barcode, p.name, p.manufacturer, p.model, p.category_id, c.name AS category_name,
  p.price, p.tax_category, p.rental_day, p.deposit`;

interface ProductRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  manufacturer: string | null;
  model: string | null;
  category_id: string | null;
  category_name: string | null;
  price: number;
  tax_category: string;
  rental_day: number | null;
  deposit: number | null;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  barcode: r.barcode,
  name: r.name,
  manufacturer: r.manufacturer,
  model: r.model,
  categoryId: r.category_id,
  categoryName: r.category_name,
  price: r.price,
  taxCategory: r.tax_category,
  rentalDay: r.rental_day,
  deposit: r.deposit,
});

/** A sold product by id (null when unknown or retired): quick keys and recalled tickets. */
export function productById(env: Env | ReadEnv, productId: string): Product | null {
  const r = one<ProductRow>(
    env.sqlite,
    `SELECT ${PRODUCT_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
     WHERE p.id = ? AND p.active = 1`,
    productId,
  );
  return r ? toProduct(r) : null;
}

/** FTS5 query from what the clerk typed: every word is a prefix ("perc bos" → perc* bos*). */
export function ftsQuery(q: string): { match: string; longest: number } | null {
  const words = q
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  if (words.length === 0) return null;
  return {
    match: words.map((w) => `"${w.replace(/"/g, '')}"*`).join(' '),
    longest: Math.max(...words.map((w) => [...w].length)),
  };
}

export const catalogueQueries = {
  'catalogue.search'(env: ReadEnv, input: OpParsed<'catalogue.search'>): Product[] {
    const fts = ftsQuery(input.q);
    const cat = input.categoryId ?? null;
    if (!fts) {
      return all<ProductRow>(
        env.sqlite,
        `SELECT ${PRODUCT_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
         WHERE p.active = 1 AND (? IS NULL OR p.category_id = ? OR c.parent_id = ?) ORDER BY p.name LIMIT ?`,
        cat,
        cat,
        cat,
        input.limit,
      ).map(toProduct);
    }
    // Ranking every match of a one- or two-letter prefix (thousands of rows in a large
    // catalogue) costs 10–20 ms per keypress; those broad prefixes take the first matches
    // and sort them by name instead. From three letters on, matches are ranked (bm25).
    const broad = fts.longest < 3;
    const rows = all<ProductRow>(
      env.sqlite,
      `SELECT ${PRODUCT_COLS} FROM products_fts f JOIN products p ON p.rowid = f.rowid
       LEFT JOIN categories c ON c.id = p.category_id
       WHERE products_fts MATCH ? AND p.active = 1 AND (? IS NULL OR p.category_id = ? OR c.parent_id = ?)
       ${broad ? '' : 'ORDER BY f.rank'} LIMIT ?`,
      fts.match,
      cat,
      cat,
      cat,
      input.limit,
    );
    if (broad) rows.sort((a, b) => a.name.localeCompare(b.name, env.store.locale));
    return rows.map(toProduct);
  },
  'catalogue.byBarcode'(env: ReadEnv, input: OpParsed<'catalogue.byBarcode'>): Product | null {
    const r = one<ProductRow>(
      env.sqlite,
      `SELECT ${PRODUCT_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
       WHERE (p.barcode = ? OR p.sku = ?) AND p.active = 1 LIMIT 1`,
      input.code,
      input.code,
    );
    return r ? toProduct(r) : null;
  },
  'catalogue.categories'(env: ReadEnv): Category[] {
    return all<{ id: string; name: string; parent_id: string | null }>(
      env.sqlite,
      'SELECT id, name, parent_id FROM categories ORDER BY name',
    ).map((c) => ({ id: c.id, name: c.name, parentId: c.parent_id }));
  },
};

import { all, one } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Category, Product, ProductDetail } from '../../shared/api/types.ts';
import { listDetails, productDetail } from './catalogue-admin.ts';
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

/**
 * One collator per locale for the process: String.localeCompare(b, locale) looks the locale's
 * collation up on every call, and the first lookup loads ICU's data for it (milliseconds — the
 * clerk's first keystroke of the day paid it).
 */
const collators = new Map<string, Intl.Collator>();
function collatorFor(locale: string): Intl.Collator {
  let c = collators.get(locale);
  if (!c) {
    c = new Intl.Collator(locale);
    collators.set(locale, c);
  }
  return c;
}

/** Load the store's collation before the first keystroke needs it (the till runtime calls it at start). */
export function warmCollation(locale: string): void {
  collatorFor(locale).compare('a', 'b');
}

/** the most matches a search reads before it orders them (see searchRows) */
export const RANK_WINDOW = 64;

/** the FTS5 match of the item's name alone (every word in the name) */
export const nameOnly = (match: string): string => `{name} : (${match})`;

/**
 * The FTS5 matches of a search, best first, within a keystroke's budget on a big catalogue.
 * FTS5's bm25 rank is not used: to score a row it counts every row holding each term, which for
 * a word a third of 100,000 items share ('equipement') costs milliseconds per keystroke, however
 * few rows are read. Instead a search reads at most RANK_WINDOW items whose NAME holds every
 * word, in the index's order (FTS5 stops at the LIMIT), and, when those do not fill the page,
 * as many items matching anywhere (manufacturer, model, codes, description). It orders them:
 * name matches first, then names that begin with the first word typed, then shorter names (the
 * closer to what was typed), then the store's alphabetical order. When more than RANK_WINDOW
 * items match, the clerk sees the best of the first ones and types a letter more.
 * One- and two-letter prefixes read the first `limit` matches, sorted by name.
 */
function searchRows(
  env: ReadEnv,
  fts: { match: string; longest: number; words: string[] },
  cat: string | null,
  limit: number,
): ProductRow[] {
  const match = expandMatch(env, fts);
  const read = (text: string, n: number) =>
    all<ProductRow>(
      env.sqlite,
      `SELECT ${PRODUCT_COLS} FROM products_fts f JOIN products p ON p.rowid = f.rowid
       LEFT JOIN categories c ON c.id = p.category_id
       WHERE products_fts MATCH ? AND p.active = 1 AND (? IS NULL OR p.category_id = ? OR c.parent_id = ?)
       LIMIT ?`,
      text,
      cat,
      cat,
      cat,
      n,
    );
  const collator = collatorFor(env.store.locale);
  const byName = (a: ProductRow, b: ProductRow) => collator.compare(a.name, b.name);
  if (fts.longest < 3) return read(match, limit).sort(byName);
  const named = read(nameOnly(match), RANK_WINDOW);
  const inName = new Set(named.map((r) => r.id));
  const rows =
    named.length >= limit ? named : [...named, ...read(match, RANK_WINDOW).filter((r) => !inName.has(r.id))];
  const first = foldLatin(fts.words[0]!);
  const score = (r: ProductRow) => (inName.has(r.id) ? 0 : 2) + (foldLatin(r.name).startsWith(first) ? 0 : 1);
  const scored = rows.map((r) => ({ r, s: score(r) }));
  scored.sort((a, b) => a.s - b.s || a.r.name.length - b.r.name.length || byName(a.r, b.r));
  return scored.slice(0, limit).map((x) => x.r);
}

/** FTS5 query from what the clerk typed: every word is a prefix ("perc bos" → perc* bos*). */
export function ftsQuery(q: string): { match: string; longest: number; words: string[] } | null {
  let words = q
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .map((w) => w.replace(/"/g, ''))
    .filter(Boolean)
    .slice(0, 8);
  // a one-letter word beside others is a word being typed: no prefix index has one letter, and
  // "b*" merges the entries of every b-token (50 ms in 100,000 items); the next letter counts
  if (words.some((w) => [...w].length > 1)) words = words.filter((w) => [...w].length > 1);
  if (words.length === 0) return null;
  return {
    match: words.map((w) => `"${w}"*`).join(' '),
    longest: Math.max(...words.map((w) => [...w].length)),
    words,
  };
}

/** the prefix lengths products_fts has an index for (migration 0002: prefix='2 3') */
const INDEXED_PREFIX = 3;
/** a long prefix standing for more whole tokens than this stays a prefix query */
const MAX_EXPANSION = 8;

/**
 * Latin letters folded as the tokenizer folds them (lower case, accents off: unicode61
 * remove_diacritics 2); other scripts only lower-cased. Folding less than the tokenizer is safe
 * (no token found: the prefix query is kept); folding more would find the wrong tokens.
 */
function foldLatin(w: string): string {
  return w
    .toLowerCase()
    .normalize('NFD')
    .replace(/([a-z])[\u0300-\u036f]+/g, '$1')
    .normalize('NFC');
}

/**
 * The MATCH text of a search, with every prefix longer than the prefix indexes expanded into the
 * whole tokens it stands for ("equipem" → "equipement" OR "equipements"), read from the index's
 * vocabulary (products_fts_terms, migration 0016). FTS5 reads whole tokens lazily and stops at
 * the LIMIT; a long prefix query would first merge all its entries in memory.
 */
export function expandMatch(env: ReadEnv | Env, fts: { match: string; words: string[] }): string {
  return (
    fts.words
      .map((w) => {
        if ([...w].length <= INDEXED_PREFIX) return `"${w}"*`;
        const lo = foldLatin(w);
        const last = lo.codePointAt(lo.length - 1)!;
        const hi =
          lo.slice(0, lo.length - String.fromCodePoint(last).length) + String.fromCodePoint(last + 1);
        const terms = all<{ term: string }>(
          env.sqlite,
          'SELECT term FROM products_fts_terms WHERE term >= ? AND term < ? LIMIT ?',
          lo,
          hi,
          MAX_EXPANSION + 1,
        ).map((r) => r.term);
        if (terms.length === 0 || terms.length > MAX_EXPANSION) return `"${w}"*`;
        return terms.length === 1 ? `"${terms[0]}"` : `(${terms.map((t) => `"${t}"`).join(' OR ')})`;
      })
      // explicit AND: FTS5's implicit AND joins phrases only, not a parenthesised OR
      .join(' AND ')
  );
}

/**
 * The item a scanned or typed code names exactly: its barcode, its SKU, or the asset ID of one of
 * its units (a clerk scans the label on a machine). Null when the text is not one code.
 */
function exactCode(env: ReadEnv, q: string, activeOnly: boolean): ProductRow | null {
  const code = q.trim();
  if (!code || code.length > 64 || /\s/.test(code)) return null;
  return (
    one<ProductRow>(
      env.sqlite,
      `SELECT ${PRODUCT_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id
       WHERE (p.barcode = ? OR p.sku = ?) AND (? = 0 OR p.active = 1)
       UNION ALL
       SELECT ${PRODUCT_COLS} FROM units u JOIN products p ON p.id = u.product_id
       LEFT JOIN categories c ON c.id = p.category_id WHERE u.asset_id = ? AND (? = 0 OR p.active = 1)
       LIMIT 1`,
      code,
      code,
      activeOnly ? 1 : 0,
      code,
      activeOnly ? 1 : 0,
    ) ?? null
  );
}

export const catalogueQueries = {
  'catalogue.search'(env: ReadEnv, input: OpParsed<'catalogue.search'>): Product[] {
    const fts = ftsQuery(input.q);
    const cat = input.categoryId ?? null;
    const exact = exactCode(env, input.q, true);
    if (exact && (cat === null || exact.category_id === cat)) {
      // a code names one item: that item, then what the words find (a barcode's digits are a prefix of others)
      const rest = fts ? searchRows(env, fts, cat, input.limit + 1).filter((r) => r.id !== exact.id) : [];
      return [exact, ...rest].slice(0, input.limit).map(toProduct);
    }
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
    return searchRows(env, fts, cat, input.limit).map(toProduct);
  },
  'catalogue.list'(env: ReadEnv, input: OpParsed<'catalogue.list'>): ProductDetail[] {
    const fts = ftsQuery(input.q);
    const cat = input.categoryId ?? null;
    const where = [
      `p.active = ${input.archived ? 0 : 1}`,
      '(? IS NULL OR p.category_id = ? OR c.parent_id = ?)',
    ];
    const params: unknown[] = [cat, cat, cat];
    if (fts) {
      const exact = exactCode(env, input.q, false);
      where.push(
        `(p.rowid IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)${exact ? ' OR p.id = ?' : ''})`,
      );
      params.push(expandMatch(env, fts));
      if (exact) params.push(exact.id);
    }
    return listDetails(env.sqlite, where.join(' AND '), params, `ORDER BY p.name LIMIT ${input.limit}`);
  },
  'product.get'(env: ReadEnv, input: OpParsed<'product.get'>): ProductDetail | null {
    return productDetail(env.sqlite, input.productId);
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

import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { OpParsed } from '../../shared/api/contract.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { CommandError } from '../../shared/errors.ts';
import type { MasterHistoryRow } from '../../shared/sync/feed.ts';
import {
  type CategoryFields,
  type CustomerFields,
  type FeedPage,
  type FeedRecord,
  feedPage,
  type ProductFields,
} from '../../shared/sync/feed.ts';
import type { CommandContext, ReadEnv } from './context.ts';

/**
 * Applying a page of head office's change feed (shared/sync/feed.ts) as ONE command: one
 * transaction (the dispatcher's), one `feed.applied` journal entry with the store, the cursor
 * range and the SHA-256 of the page's canonical JSON, and the rows — products, categories,
 * customers, and the history of edits that lost at head office.
 *
 * Idempotent by cursor: a page whose range ends at or before the till's cursor (a replay, an
 * answer that arrived twice) changes nothing; a page that does not start at the cursor, a page
 * of another store, or one that does not parse is a typed error (HEAD_OFFICE, details.reason
 * FEED_CURSOR / FEED_WRONG_STORE / FEED_INVALID) and nothing is written. Rows are written as
 * head office holds them (full records): no product.* or customer.* entries — the feed.applied
 * entry and its hash are the record of what changed, and head office does not read them back as
 * edits.
 */

export type FeedErrorReason =
  | 'FEED_INVALID'
  | 'FEED_WRONG_STORE'
  | 'FEED_CURSOR'
  | 'FEED_NOT_ENROLLED'
  | 'FEED_SKU_TAKEN';

const feedError = (reason: FeedErrorReason, message: string, details: Record<string, unknown> = {}) =>
  new CommandError('HEAD_OFFICE', message, { details: { reason, ...details } });

export interface ParsedFeedPage {
  page: FeedPage;
  sha256: string;
}

/** Parse an answer of head office as a feed page and hash it (no transaction open: pure). */
export function parseFeedPage(raw: unknown): ParsedFeedPage {
  const r = feedPage.safeParse(raw);
  if (!r.success)
    throw feedError('FEED_INVALID', 'head office sent a feed page that does not parse', {
      fields: r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return { page: r.data, sha256: createHash('sha256').update(canonicalJson(raw)).digest('hex') };
}

export interface FeedApplied {
  applied: boolean;
  from: number;
  to: number;
  records: number;
  cursor: number;
}

/** The till's cursor in head office's feed (0 before the first page). */
export function feedCursor(sqlite: Pick<Database.Database, 'prepare'>): number {
  const r = sqlite.prepare('SELECT cursor FROM feed_state WHERE id = 1').get() as
    | { cursor: number }
    | undefined;
  return r?.cursor ?? 0;
}

const PRODUCT_COLS: Record<Exclude<keyof ProductFields, 'rates'>, string> = {
  sku: 'sku',
  barcode: 'barcode',
  name: 'name',
  manufacturer: 'manufacturer',
  model: 'model',
  description: 'description',
  categoryId: 'category_id',
  price: 'price',
  taxCategory: 'tax_category',
  deposit: 'deposit',
  onWebsite: 'on_website',
  active: 'active',
};
const RATE_COLS = {
  fourHours: 'rental_4h',
  day: 'rental_day',
  weekend: 'rental_weekend',
  week: 'rental_week',
  month: 'rental_month',
} as const;
const CUSTOMER_COLS: Record<keyof CustomerFields, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  notes: 'notes',
};

/** prepared statements per connection, by their text */
const cache = new WeakMap<object, Map<string, Database.Statement>>();
function stmt(sqlite: Database.Database, text: string): Database.Statement {
  let m = cache.get(sqlite);
  if (!m) {
    m = new Map();
    cache.set(sqlite, m);
  }
  let s = m.get(text);
  if (!s) {
    s = sqlite.prepare(text);
    m.set(text, s);
  }
  return s;
}

const sqlValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

function columnsOf(
  cols: Record<string, string>,
  fields: Record<string, unknown>,
  sets: string[],
  params: unknown[],
) {
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    if (k === 'rates') {
      for (const [rk, col] of Object.entries(RATE_COLS)) {
        sets.push(col);
        params.push((v as Record<string, unknown>)[rk] ?? null);
      }
      continue;
    }
    const col = cols[k];
    if (!col) continue; // the schema admits no other key; the columns come from the maps, never the page
    sets.push(col);
    params.push(sqlValue(v));
  }
}

function exists(
  sqlite: Database.Database,
  table: 'products' | 'categories' | 'customers',
  id: string,
): boolean {
  return stmt(sqlite, `SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
}

function applyCategory(ctx: CommandContext, r: Extract<FeedRecord, { entity: 'category' }>): void {
  const db = ctx.sqlite;
  const f: CategoryFields = { ...r.fields };
  if (f.parentId && !exists(db, 'categories', f.parentId)) f.parentId = null;
  if (r.deleted) {
    stmt(
      db,
      `DELETE FROM categories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM products WHERE category_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM categories WHERE parent_id = ?1)`,
    ).run(r.id);
    return;
  }
  if (exists(db, 'categories', r.id)) {
    const sets: string[] = [];
    const params: unknown[] = [];
    columnsOf({ name: 'name', parentId: 'parent_id' }, f, sets, params);
    if (sets.length)
      stmt(db, `UPDATE categories SET ${sets.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
        ...params,
        r.id,
      );
  } else if (f.name) {
    stmt(db, 'INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)').run(
      r.id,
      f.name,
      f.parentId ?? null,
    );
  }
}

function applyProduct(ctx: CommandContext, r: Extract<FeedRecord, { entity: 'product' }>): void {
  const db = ctx.sqlite;
  const f: ProductFields = { ...r.fields };
  if (r.deleted) f.active = false; // sales and units still name it: archived, never removed
  if (f.categoryId && !exists(db, 'categories', f.categoryId)) f.categoryId = null;
  if (f.sku !== undefined) {
    // two tills that made items with one SKU offline: the till's SKUs are unique, head office's
    // records are not — refused by name (the page is not applied) until a manager renames one
    const other = stmt(db, 'SELECT id, name FROM products WHERE sku = ? AND id != ?').get(f.sku, r.id) as
      | { id: string; name: string }
      | undefined;
    if (other)
      throw feedError(
        'FEED_SKU_TAKEN',
        `head office's item ${r.id} has the SKU ${f.sku} of this till's ${other.name}`,
        {
          productId: r.id,
          sku: f.sku,
          takenBy: other.id,
        },
      );
  }
  const sets: string[] = [];
  const params: unknown[] = [];
  columnsOf(PRODUCT_COLS, f, sets, params);
  if (exists(db, 'products', r.id)) {
    if (!sets.length) return;
    stmt(
      db,
      `UPDATE products SET ${sets.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
    ).run(...params, ctx.atIso, r.id);
    return;
  }
  // a product this till never had: only a complete record can be one
  if (f.sku === undefined || f.name === undefined || f.price === undefined || f.taxCategory === undefined)
    return;
  stmt(
    db,
    `INSERT INTO products (id, ${sets.join(', ')}, updated_at) VALUES (?, ${sets.map(() => '?').join(', ')}, ?)`,
  ).run(r.id, ...params, ctx.atIso);
}

function applyCustomer(ctx: CommandContext, r: Extract<FeedRecord, { entity: 'customer' }>): void {
  const db = ctx.sqlite;
  if (r.deleted) {
    stmt(
      db,
      `UPDATE customers SET name = '', email = NULL, phone = NULL, address = NULL, postal_code = NULL,
         city = NULL, notes = NULL, updated_at = ?1, deleted_at = ?1 WHERE id = ?2 AND deleted_at IS NULL`,
    ).run(ctx.atIso, r.id);
    return;
  }
  const sets: string[] = [];
  const params: unknown[] = [];
  columnsOf(CUSTOMER_COLS, r.fields, sets, params);
  if (exists(db, 'customers', r.id)) {
    if (!sets.length) return;
    stmt(
      db,
      `UPDATE customers SET ${sets.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
    ).run(...params, ctx.atIso, r.id);
  } else if (r.fields.name) {
    stmt(
      db,
      `INSERT INTO customers (id, ${sets.join(', ')}, created_at, updated_at) VALUES (?, ${sets.map(() => '?').join(', ')}, ?, ?)`,
    ).run(r.id, ...params, ctx.atIso, ctx.atIso);
  }
}

/**
 * Where a page stands against the till: `noop` when it ends at or before the till's cursor (a
 * replay, or an empty page: nothing to apply, no command runs), `apply` when it starts at the
 * cursor; a typed error for another store's page or one that does not start at the cursor.
 * Reads only: called before the command (so a no-op writes nothing) and again inside it.
 */
export function checkFeedPage(
  sqlite: Pick<Database.Database, 'prepare'>,
  page: FeedPage,
): { action: 'noop' | 'apply'; cursor: number } {
  const sync = sqlite.prepare('SELECT store_id FROM sync_state WHERE id = 1').get() as
    | { store_id: string }
    | undefined;
  if (!sync) throw feedError('FEED_NOT_ENROLLED', 'this till is not enrolled with head office');
  if (page.storeId !== sync.store_id)
    throw feedError(
      'FEED_WRONG_STORE',
      `the feed page is store ${page.storeId}'s, this till is ${sync.store_id}'s`,
      {
        storeId: page.storeId,
        tillStoreId: sync.store_id,
      },
    );
  const state = sqlite.prepare('SELECT store_id, cursor FROM feed_state WHERE id = 1').get() as
    | { store_id: string; cursor: number }
    | undefined;
  // a till moved to another store starts that store's feed from the beginning
  const cursor = state && state.store_id === sync.store_id ? state.cursor : 0;
  if (page.to <= cursor) return { action: 'noop', cursor };
  if (page.from !== cursor)
    throw feedError('FEED_CURSOR', `the feed page starts at ${page.from}, this till stands at ${cursor}`, {
      from: page.from,
      cursor,
    });
  return { action: 'apply', cursor };
}

/**
 * The command's body (inside its transaction), for a page checkFeedPage said to apply; it checks
 * again under the write lock (a page applied meanwhile is FEED_CURSOR, nothing written).
 */
export function applyFeedPage(ctx: CommandContext, parsed: ParsedFeedPage): FeedApplied {
  const { page, sha256 } = parsed;
  const db = ctx.sqlite;
  const { action, cursor } = checkFeedPage(db, page);
  if (action === 'noop')
    throw feedError(
      'FEED_CURSOR',
      `the feed page ends at ${page.to}, this till already stands at ${cursor}`,
      {
        from: page.from,
        cursor,
      },
    );

  const order = { category: 0, product: 1, customer: 2 } as const;
  const records = [...page.records].sort((a, b) => order[a.entity] - order[b.entity] || a.seq - b.seq);
  for (const r of records) {
    if (r.entity === 'category') applyCategory(ctx, r);
    else if (r.entity === 'product') applyProduct(ctx, r);
    else applyCustomer(ctx, r);
  }
  const hist = stmt(
    db,
    `INSERT OR IGNORE INTO master_history (change_seq, n, entity, entity_id, field, lost, lost_origin, won, won_origin, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const h of page.history)
    hist.run(h.seq, h.n, h.entity, h.id, h.field, h.lost, h.lostOrigin, h.won, h.wonOrigin, h.at);
  db.prepare(
    `INSERT INTO feed_state (id, store_id, cursor, page_hash, applied_at) VALUES (1, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET store_id = excluded.store_id, cursor = excluded.cursor,
       page_hash = excluded.page_hash, applied_at = excluded.applied_at`,
  ).run(page.storeId, page.to, sha256, ctx.atIso);
  ctx.record('feed.applied', {
    storeId: page.storeId,
    from: page.from,
    to: page.to,
    records: page.records.length,
    history: page.history.length,
    sha256,
  });
  return { applied: true, from: page.from, to: page.to, records: page.records.length, cursor: page.to };
}

const decode = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export const feedQueries = {
  'masterData.history'(env: ReadEnv, input: OpParsed<'masterData.history'>): MasterHistoryRow[] {
    const rows = env.sqlite
      .prepare(
        `SELECT change_seq, field, lost, lost_origin, won, won_origin, at FROM master_history
         WHERE entity = ? AND entity_id = ? ORDER BY change_seq DESC, n DESC LIMIT 500`,
      )
      .all(input.entity, input.id) as {
      change_seq: number;
      field: string;
      lost: string;
      lost_origin: string;
      won: string;
      won_origin: string;
      at: string;
    }[];
    return rows.map((r) => ({
      seq: r.change_seq,
      field: r.field,
      lost: decode(r.lost),
      lostOrigin: r.lost_origin,
      won: decode(r.won),
      wonOrigin: r.won_origin,
      at: r.at,
    }));
  },
};

import type Database from 'better-sqlite3';
import { type AnyDB, all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Category, ProductDetail, RentalRates } from '../../shared/api/types.ts';
import { CommandError, type FieldIssue, issue, notFound, validationError } from '../../shared/errors.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import type { CommandContext, Env } from './context.ts';

/**
 * Catalogue management (manager): categories as a tree, products and equipment. Every change is
 * one command with one journal entry that carries the new values, so head office can rebuild the
 * store's catalogue from the journal alone (the photo files travel apart, named by their hash).
 */

export type ProductRecord = Entry<'product.created'>['product'];
type Changes = Entry<'product.updated'>['changes'];

const RATE_COLS = {
  fourHours: 'rental_4h',
  day: 'rental_day',
  weekend: 'rental_weekend',
  week: 'rental_week',
  month: 'rental_month',
} as const satisfies Record<keyof RentalRates, string>;

const DETAIL_COLS = `p.id, p.sku, p.barcode, p.name, p.manufacturer, p.model, p.description, p.category_id,
  c.name AS category_name, p.price, p.tax_category, p.rental_4h, p.rental_day, p.rental_weekend, p.rental_week,
  p.rental_month, p.deposit, p.on_website, p.active, p.photo, p.updated_at,
  (SELECT count(*) FROM units u WHERE u.product_id = p.id AND u.status != 'retired') AS units_total,
  (SELECT count(*) FROM units u WHERE u.product_id = p.id AND u.status = 'available') AS units_available`;

export interface DetailRow {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  manufacturer: string | null;
  model: string | null;
  description: string | null;
  category_id: string | null;
  category_name: string | null;
  price: number;
  tax_category: string;
  rental_4h: number | null;
  rental_day: number | null;
  rental_weekend: number | null;
  rental_week: number | null;
  rental_month: number | null;
  deposit: number | null;
  on_website: number;
  active: number;
  photo: string | null;
  updated_at: string;
  units_total: number;
  units_available: number;
}

export const toDetail = (r: DetailRow): ProductDetail => ({
  id: r.id,
  sku: r.sku,
  barcode: r.barcode,
  name: r.name,
  manufacturer: r.manufacturer,
  model: r.model,
  description: r.description,
  categoryId: r.category_id,
  categoryName: r.category_name,
  price: r.price,
  taxCategory: r.tax_category,
  rentalDay: r.rental_day,
  deposit: r.deposit,
  rates: {
    fourHours: r.rental_4h,
    day: r.rental_day,
    weekend: r.rental_weekend,
    week: r.rental_week,
    month: r.rental_month,
  },
  onWebsite: r.on_website === 1,
  active: r.active === 1,
  photo: r.photo,
  units: { total: r.units_total, available: r.units_available },
  updatedAt: r.updated_at,
});

export function productDetail(sqlite: AnyDB, productId: string): ProductDetail | null {
  const r = one<DetailRow>(
    sqlite,
    `SELECT ${DETAIL_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?`,
    productId,
  );
  return r ? toDetail(r) : null;
}

export function listDetails(sqlite: AnyDB, where: string, params: unknown[], tail: string): ProductDetail[] {
  return all<DetailRow>(
    sqlite,
    `SELECT ${DETAIL_COLS} FROM products p LEFT JOIN categories c ON c.id = p.category_id WHERE ${where} ${tail}`,
    ...params,
  ).map(toDetail);
}

export function recordOf(p: ProductDetail): ProductRecord {
  return {
    sku: p.sku,
    barcode: p.barcode,
    name: p.name,
    manufacturer: p.manufacturer,
    model: p.model,
    description: p.description,
    categoryId: p.categoryId,
    price: p.price,
    taxCategory: p.taxCategory,
    rates: { ...p.rates },
    deposit: p.deposit,
    onWebsite: p.onWebsite,
  };
}

/** '' (a cleared field) is stored as null: one empty value, not two */
const blank = (v: string | null | undefined): string | null => (v == null || v === '' ? null : v);

const NO_RATES: RentalRates = { fourHours: null, day: null, weekend: null, week: null, month: null };

/** The whole record of a new item from what the manager typed (defaults filled). */
export function newRecord(
  input: OpParsed<'product.create'>,
  sku: string,
  defaults: { taxCategory: string },
): ProductRecord {
  return {
    sku,
    barcode: blank(input.barcode),
    name: input.name,
    manufacturer: blank(input.manufacturer),
    model: blank(input.model),
    description: blank(input.description),
    categoryId: input.categoryId ?? null,
    price: input.price,
    taxCategory: input.taxCategory ?? defaults.taxCategory,
    rates: { ...NO_RATES, ...input.rates },
    deposit: input.deposit ?? null,
    onWebsite: input.onWebsite ?? true,
  };
}

/** Only the fields that differ from the current record (an update that changes nothing journals `{}`). */
export function diffRecord(current: ProductRecord, input: OpParsed<'product.update'>['changes']): Changes {
  const next: ProductRecord = {
    ...current,
    ...(input.sku !== undefined && { sku: input.sku }),
    ...(input.barcode !== undefined && { barcode: blank(input.barcode) }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.manufacturer !== undefined && { manufacturer: blank(input.manufacturer) }),
    ...(input.model !== undefined && { model: blank(input.model) }),
    ...(input.description !== undefined && { description: blank(input.description) }),
    ...(input.categoryId !== undefined && { categoryId: input.categoryId }),
    ...(input.price !== undefined && { price: input.price }),
    ...(input.taxCategory !== undefined && { taxCategory: input.taxCategory }),
    ...(input.rates !== undefined && { rates: { ...current.rates, ...input.rates } }),
    ...(input.deposit !== undefined && { deposit: input.deposit }),
    ...(input.onWebsite !== undefined && { onWebsite: input.onWebsite }),
  };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(next) as (keyof ProductRecord)[]) {
    if (JSON.stringify(next[k]) !== JSON.stringify(current[k])) out[k] = next[k];
  }
  return out as Changes;
}

/**
 * The checks a record must pass against the ledger: its category exists, its tax category is one of
 * the store's jurisdiction, its SKU and barcode are nobody else's (a scanner must find one item).
 * `prefix` names the fields inside a larger input (`changes.`, `rows.4.`).
 */
export function checkRecord(
  env: Env,
  rec: Partial<ProductRecord>,
  selfId: string | null,
  prefix = '',
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (rec.categoryId != null && !one(env.sqlite, 'SELECT 1 FROM categories WHERE id = ?', rec.categoryId)) {
    issues.push(issue(`${prefix}categoryId`, 'notFound', 'unknown category', { what: 'category' }));
  }
  if (rec.taxCategory !== undefined && !Object.hasOwn(env.jurisdiction.categories, rec.taxCategory)) {
    const allowed = Object.keys(env.jurisdiction.categories);
    issues.push(
      issue(`${prefix}taxCategory`, 'unknownTax', `unknown tax category (${allowed.join(', ')})`, {
        allowed,
      }),
    );
  }
  if (rec.sku !== undefined) {
    const other = one<{ name: string }>(
      env.sqlite,
      'SELECT name FROM products WHERE sku = ? AND id IS NOT ?',
      rec.sku,
      selfId,
    );
    if (other)
      issues.push(
        issue(`${prefix}sku`, 'alreadyUsed', `already used by ${other.name}`, { name: other.name }),
      );
  }
  if (rec.barcode != null) {
    const other = one<{ name: string }>(
      env.sqlite,
      'SELECT name FROM products WHERE (barcode = ? OR sku = ?) AND id IS NOT ?',
      rec.barcode,
      rec.barcode,
      selfId,
    );
    if (other)
      issues.push(
        issue(`${prefix}barcode`, 'alreadyUsed', `already used by ${other.name}`, { name: other.name }),
      );
  }
  return issues;
}

/** A new SKU when the manager gives none: P-00001, the next free number. */
export function nextSku(sqlite: Database.Database, taken: ReadonlySet<string> = new Set()): string {
  let n = (one<{ n: number }>(sqlite, 'SELECT count(*) AS n FROM products')?.n ?? 0) + 1;
  for (;;) {
    const sku = `P-${String(n).padStart(5, '0')}`;
    if (!taken.has(sku) && !one(sqlite, 'SELECT 1 FROM products WHERE sku = ?', sku)) return sku;
    n++;
  }
}

export function insertProduct(ctx: CommandContext, id: string, r: ProductRecord): void {
  run(
    ctx.sqlite,
    `INSERT INTO products (id, sku, barcode, name, manufacturer, model, description, category_id, price,
       tax_category, rental_4h, rental_day, rental_weekend, rental_week, rental_month, deposit, on_website,
       active, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    id,
    r.sku,
    r.barcode,
    r.name,
    r.manufacturer,
    r.model,
    r.description,
    r.categoryId,
    r.price,
    r.taxCategory,
    r.rates.fourHours,
    r.rates.day,
    r.rates.weekend,
    r.rates.week,
    r.rates.month,
    r.deposit,
    r.onWebsite ? 1 : 0,
    ctx.atIso,
  );
}

const FIELD_COLS: Record<Exclude<keyof ProductRecord, 'rates'>, string> = {
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
};

export function applyChanges(ctx: CommandContext, id: string, changes: Changes): void {
  const sets: string[] = [];
  const params: unknown[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (k === 'rates') {
      for (const [rk, col] of Object.entries(RATE_COLS)) {
        sets.push(`${col} = ?`);
        params.push((v as RentalRates)[rk as keyof RentalRates]);
      }
    } else {
      sets.push(`${FIELD_COLS[k as keyof typeof FIELD_COLS]} = ?`);
      params.push(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
  }
  sets.push('updated_at = ?');
  params.push(ctx.atIso);
  // the column names come from FIELD_COLS and RATE_COLS, never from the input
  ctx.sqlite.prepare(`UPDATE products SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
}

function mustProduct(env: Env, productId: string): ProductDetail {
  const p = productDetail(env.sqlite, productId);
  if (!p) throw notFound('productId', productId, 'product');
  return p;
}

/**
 * What still names a product: every table with a product_id column (units, sale lines, the
 * reservations' lines once they exist…), counted. Found from the schema, so a table added later
 * is covered without a change here.
 */
export function productReferences(sqlite: Database.Database, productId: string): Record<string, number> {
  const tables = all<{ name: string }>(
    sqlite,
    `SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name != 'products'
       AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name = 'product_id') ORDER BY m.name`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const n = (
      sqlite
        .prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}" WHERE product_id = ?`)
        .get(productId) as {
        n: number;
      }
    ).n;
    if (n > 0) out[name] = n;
  }
  return out;
}

// --- categories ---

function mustCategory(env: Env, categoryId: string, path = 'categoryId'): Category {
  const c = one<{ id: string; name: string; parent_id: string | null }>(
    env.sqlite,
    'SELECT id, name, parent_id FROM categories WHERE id = ?',
    categoryId,
  );
  if (!c) throw validationError([issue(path, 'notFound', 'unknown category', { what: 'category' })]);
  return { id: c.id, name: c.name, parentId: c.parent_id };
}

/** Same name under the same parent: two "Perceuses" side by side would be one too many. */
function checkSibling(env: Env, name: string, parentId: string | null, selfId: string | null): void {
  const other = one(
    env.sqlite,
    'SELECT 1 FROM categories WHERE lower(name) = lower(?) AND parent_id IS ? AND id IS NOT ?',
    name,
    parentId,
    selfId,
  );
  if (other)
    throw validationError([issue('name', 'categoryName', 'a category of that name is already there')]);
}

export function insertCategory(ctx: CommandContext, id: string, name: string, parentId: string | null): void {
  run(ctx.sqlite, 'INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)', id, name, parentId);
}

export const catalogueAdminHandlers = {
  'category.create'(ctx: CommandContext, input: OpParsed<'category.create'>): Category {
    const parentId = input.parentId ?? null;
    if (parentId) mustCategory(ctx.env, parentId, 'parentId');
    checkSibling(ctx.env, input.name, parentId, null);
    const id = ctx.newId();
    insertCategory(ctx, id, input.name, parentId);
    ctx.record('category.created', { categoryId: id, name: input.name, parentId });
    return { id, name: input.name, parentId };
  },
  'category.update'(ctx: CommandContext, input: OpParsed<'category.update'>): Category {
    const cur = mustCategory(ctx.env, input.categoryId);
    const name = input.name ?? cur.name;
    const parentId = input.parentId === undefined ? cur.parentId : input.parentId;
    if (parentId) {
      mustCategory(ctx.env, parentId, 'parentId');
      // a category cannot move under itself or one of its own subcategories
      for (let at: string | null = parentId; at; ) {
        if (at === cur.id)
          throw validationError([issue('parentId', 'categoryCycle', 'inside the category itself')]);
        at =
          one<{ parent_id: string | null }>(ctx.sqlite, 'SELECT parent_id FROM categories WHERE id = ?', at)
            ?.parent_id ?? null;
      }
    }
    checkSibling(ctx.env, name, parentId, cur.id);
    run(ctx.sqlite, 'UPDATE categories SET name = ?, parent_id = ? WHERE id = ?', name, parentId, cur.id);
    ctx.record('category.updated', { categoryId: cur.id, name, parentId });
    return { id: cur.id, name, parentId };
  },
  'category.delete'(ctx: CommandContext, input: OpParsed<'category.delete'>): { categoryId: string } {
    const cur = mustCategory(ctx.env, input.categoryId);
    const children = one<{ n: number }>(
      ctx.sqlite,
      'SELECT count(*) AS n FROM categories WHERE parent_id = ?',
      cur.id,
    )!.n;
    const products = one<{ n: number }>(
      ctx.sqlite,
      'SELECT count(*) AS n FROM products WHERE category_id = ?',
      cur.id,
    )!.n;
    if (children > 0 || products > 0) {
      throw new CommandError(
        'CONFLICT',
        `${cur.name} is not empty: ${children} subcategories, ${products} items`,
        {
          details: { reason: 'categoryNotEmpty', subcategories: children, products },
        },
      );
    }
    run(ctx.sqlite, 'DELETE FROM categories WHERE id = ?', cur.id);
    ctx.record('category.deleted', { categoryId: cur.id });
    return { categoryId: cur.id };
  },

  // --- products ---
  'product.create'(ctx: CommandContext, input: OpParsed<'product.create'>): ProductDetail {
    const rec = newRecord(input, input.sku ?? nextSku(ctx.sqlite), { taxCategory: 'standard' });
    const issues = checkRecord(ctx.env, rec, null);
    if (issues.length) throw validationError(issues);
    const id = ctx.newId();
    insertProduct(ctx, id, rec);
    ctx.record('product.created', { productId: id, product: rec });
    return productDetail(ctx.sqlite, id)!;
  },
  'product.update'(ctx: CommandContext, input: OpParsed<'product.update'>): ProductDetail {
    const cur = mustProduct(ctx.env, input.productId);
    const changes = diffRecord(recordOf(cur), input.changes);
    const issues = checkRecord(ctx.env, changes, cur.id, 'changes.');
    if (issues.length) throw validationError(issues);
    if (Object.keys(changes).length) applyChanges(ctx, cur.id, changes);
    ctx.record('product.updated', { productId: cur.id, changes });
    return productDetail(ctx.sqlite, cur.id)!;
  },
  'product.delete'(ctx: CommandContext, input: OpParsed<'product.delete'>): { productId: string } {
    const cur = mustProduct(ctx.env, input.productId);
    const references = productReferences(ctx.sqlite, cur.id);
    if (Object.keys(references).length) {
      const list = Object.entries(references)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ');
      throw new CommandError(
        'CONFLICT',
        `${cur.name} cannot be deleted while ${list} name it: archive it instead`,
        {
          details: { reason: 'productReferenced', references },
        },
      );
    }
    run(ctx.sqlite, 'DELETE FROM products WHERE id = ?', cur.id);
    ctx.record('product.deleted', { productId: cur.id });
    return { productId: cur.id };
  },
  'product.archive'(ctx: CommandContext, input: OpParsed<'product.archive'>): ProductDetail {
    const cur = mustProduct(ctx.env, input.productId);
    if (!cur.active) throw new CommandError('INVALID_STATE', `${cur.name} is already archived`);
    // an archived item leaves the website too: the site must not offer what the store no longer rents
    run(
      ctx.sqlite,
      'UPDATE products SET active = 0, on_website = 0, updated_at = ? WHERE id = ?',
      ctx.atIso,
      cur.id,
    );
    ctx.record('product.archived', { productId: cur.id });
    return productDetail(ctx.sqlite, cur.id)!;
  },
  'product.restore'(ctx: CommandContext, input: OpParsed<'product.restore'>): ProductDetail {
    const cur = mustProduct(ctx.env, input.productId);
    if (cur.active) throw new CommandError('INVALID_STATE', `${cur.name} is not archived`);
    run(ctx.sqlite, 'UPDATE products SET active = 1, updated_at = ? WHERE id = ?', ctx.atIso, cur.id);
    ctx.record('product.restored', { productId: cur.id });
    return productDetail(ctx.sqlite, cur.id)!;
  },
};

export { mustProduct };

import { all } from '../../db/sql.ts';
import { barcode, productFields, sku } from '../../shared/api/contract/catalogue.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { ImportPreview, ImportRowPlan, ProductDetail, RentalRates } from '../../shared/api/types.ts';
import {
  AMOUNT_COLUMNS,
  CATEGORY_SEPARATOR,
  type CsvColumn,
  csvConventionsFor,
  formatAmount,
  parseAmount,
  parseCsv,
  parseFlag,
  toCatalogueCsv,
} from '../../shared/catalogue-csv.ts';
import { CommandError, type FieldIssue, issue } from '../../shared/errors.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import {
  applyChanges,
  diffRecord,
  insertCategory,
  insertProduct,
  listDetails,
  newRecord,
  type ProductRecord,
  recordOf,
} from './catalogue-admin.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';

/**
 * CSV import and export of the catalogue. The import is planned in full — every row parsed and
 * checked against the ledger and against the other rows of the file — before anything is written:
 * the preview shows that plan, and the import command refuses the whole file if one row is bad.
 */

const RATE_OF: Record<(typeof AMOUNT_COLUMNS)[number], keyof RentalRates | 'price' | 'deposit'> = {
  price: 'price',
  rate_4h: 'fourHours',
  rate_day: 'day',
  rate_weekend: 'weekend',
  rate_week: 'week',
  rate_month: 'month',
  deposit: 'deposit',
};

interface CategoryNode {
  id: string;
  name: string;
  parentId: string | null;
  isNew: boolean;
}

/** The category tree by path, to resolve "Outillage > Perceuses" and plan the new ones. */
class CategoryPaths {
  private byKey = new Map<string, CategoryNode>();
  readonly created: CategoryNode[] = [];
  constructor(
    env: Env | ReadEnv,
    private readonly newId: () => string,
  ) {
    for (const c of all<{ id: string; name: string; parent_id: string | null }>(
      env.sqlite,
      'SELECT id, name, parent_id FROM categories',
    )) {
      this.byKey.set(key(c.parent_id, c.name), {
        id: c.id,
        name: c.name,
        parentId: c.parent_id,
        isNew: false,
      });
    }
  }
  resolve(path: string): { id: string; newPaths: string[] } {
    const parts = path
      .split(CATEGORY_SEPARATOR.trim())
      .map((p) => p.trim())
      .filter(Boolean);
    let parent: string | null = null;
    const newPaths: string[] = [];
    parts.forEach((name, i) => {
      let node = this.byKey.get(key(parent, name));
      if (!node) {
        node = { id: this.newId(), name, parentId: parent, isNew: true };
        this.byKey.set(key(parent, name), node);
        this.created.push(node);
        newPaths.push(parts.slice(0, i + 1).join(CATEGORY_SEPARATOR));
      }
      parent = node.id;
    });
    return { id: parent!, newPaths };
  }
  pathOf(id: string | null, names: Map<string, { name: string; parentId: string | null }>): string {
    const out: string[] = [];
    for (let at = id; at; at = names.get(at)?.parentId ?? null) out.unshift(names.get(at)?.name ?? '?');
    return out.join(CATEGORY_SEPARATOR);
  }
}
const key = (parentId: string | null, name: string) => `${parentId ?? ''}\u0000${name.toLowerCase()}`;

interface Planned {
  plan: ImportRowPlan;
  create?: { productId: string; product: ProductRecord };
  update?: { productId: string; changes: Entry<'product.updated'>['changes'] };
}

export interface ImportPlan {
  preview: ImportPreview;
  planned: Planned[];
  categories: CategoryNode[];
}

const zodMessage = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues[0]?.message ?? 'invalid';

/** Every row of the file, planned against the ledger; writes nothing. */
export function planImport(env: Env | ReadEnv, csv: string, newId: () => string): ImportPlan {
  const table = parseCsv(csv);
  const cats = new CategoryPaths(env, newId);
  const has = new Set(table.columns);
  const existing = new Map<string, ProductDetail>();
  for (const p of listDetails(env.sqlite, '1', [], '')) existing.set(p.sku, p);
  const barcodeOwner = new Map<string, string>(); // barcode → sku, across ledger and file
  for (const p of existing.values()) if (p.barcode) barcodeOwner.set(p.barcode, p.sku);
  const skusInFile = new Map<string, number>();
  const newCategories: string[] = [];
  const planned: Planned[] = [];

  for (const { line, cells } of table.rows) {
    const errors: ImportRowPlan['errors'] = [];
    const fail = (column: string, code: string, message: string) => errors.push({ column, code, message });
    if (cells.__error) fail('', 'format', cells.__error);
    const cell = (c: CsvColumn) => (has.has(c) ? cells[c]! : undefined);

    const rowSku = cell('sku') || null;
    if (rowSku !== null) {
      if (!sku.safeParse(rowSku).success) fail('sku', 'format', zodMessage(sku.safeParse(rowSku)));
      const first = skusInFile.get(rowSku);
      if (first !== undefined) fail('sku', 'duplicate', `also on line ${first}`);
      else skusInFile.set(rowSku, line);
    }
    const current = rowSku ? existing.get(rowSku) : undefined;
    const fields: Record<string, unknown> = {};

    const name = cell('name');
    if (name !== undefined) {
      const r = productFields.shape.name.safeParse(name);
      if (r.success) fields.name = r.data;
      else fail('name', name === '' ? 'required' : 'format', zodMessage(r));
    }
    for (const c of ['manufacturer', 'model'] as const) {
      const v = cell(c);
      if (v === undefined) continue;
      if (v.length > 200) fail(c, 'tooLong', 'at most 200 characters');
      else fields[c] = v || null;
    }
    const description = cell('description');
    if (description !== undefined) {
      if (description.length > 2000) fail('description', 'tooLong', 'at most 2000 characters');
      else fields.description = description || null;
    }
    const bc = cell('barcode');
    if (bc !== undefined) {
      if (bc === '') fields.barcode = null;
      else if (!barcode.safeParse(bc).success) fail('barcode', 'format', zodMessage(barcode.safeParse(bc)));
      else {
        const owner = barcodeOwner.get(bc);
        const mine = rowSku ?? `#${line}`;
        if (owner !== undefined && owner !== mine) fail('barcode', 'duplicate', `already used by ${owner}`);
        else {
          barcodeOwner.set(bc, mine);
          fields.barcode = bc;
        }
      }
    }
    const rates: Partial<RentalRates> = {};
    for (const c of AMOUNT_COLUMNS) {
      const v = cell(c);
      if (v === undefined) continue;
      const target = RATE_OF[c];
      if (v === '') {
        if (c === 'price') fail(c, 'required', 'required');
        else if (target === 'deposit') fields.deposit = null;
        else rates[target as keyof RentalRates] = null;
        continue;
      }
      const a = parseAmount(v);
      if (!a.ok) {
        fail(c, a.code, a.code === 'negative' ? 'must not be negative' : 'not an amount (12.50 or 12,50)');
        continue;
      }
      if (target === 'price' || target === 'deposit') fields[target] = a.value;
      else rates[target as keyof RentalRates] = a.value;
    }
    if (Object.keys(rates).length) fields.rates = rates;
    const tax = cell('tax_category');
    if (tax !== undefined && tax !== '') {
      if (!Object.hasOwn(env.jurisdiction.categories, tax)) {
        fail(
          'tax_category',
          'taxCategory',
          `unknown (${Object.keys(env.jurisdiction.categories).join(', ')})`,
        );
      } else fields.taxCategory = tax;
    }
    const web = cell('on_website');
    if (web !== undefined && web !== '') {
      const f = parseFlag(web);
      if (f === null) fail('on_website', 'boolean', 'yes/no or 1/0');
      else fields.onWebsite = f;
    }
    const cat = cell('category');
    if (cat !== undefined && errors.length === 0) {
      if (cat === '') fields.categoryId = null;
      else {
        const r = cats.resolve(cat);
        fields.categoryId = r.id;
        newCategories.push(...r.newPaths);
      }
    }
    if (!current && fields.price === undefined && !errors.some((e) => e.column === 'price')) {
      fail('price', 'required', 'required');
    }

    const plan: ImportRowPlan = {
      line,
      action: 'error',
      sku: rowSku ?? '',
      name: (fields.name as string | undefined) ?? current?.name ?? '',
      productId: current?.id ?? null,
      changed: [],
      errors,
    };
    const p: Planned = { plan };
    if (errors.length === 0) {
      if (current) {
        const changes = diffRecord(recordOf(current), fields as OpParsed<'product.update'>['changes']);
        plan.changed = Object.keys(changes);
        plan.action = plan.changed.length ? 'update' : 'unchanged';
        if (plan.changed.length) p.update = { productId: current.id, changes };
      } else {
        plan.action = 'create';
        p.create = {
          productId: newId(),
          product: {
            ...newRecord(fields as OpParsed<'product.create'>, rowSku ?? '', { taxCategory: 'standard' }),
          },
        };
      }
    }
    planned.push(p);
  }

  // SKUs for the new rows that had none: the next free numbers, none taken by the file itself
  const taken = new Set(skusInFile.keys());
  let n = existing.size + 1;
  for (const p of planned) {
    if (p.create && p.create.product.sku === '') {
      let s: string;
      do s = `P-${String(n++).padStart(5, '0')}`;
      while (taken.has(s) || existing.has(s));
      taken.add(s);
      p.create.product.sku = s;
      p.plan.sku = s;
    }
  }

  // a file whose header is wrong cannot be read row by row: every row carries the file's problem
  if (table.problems.length) {
    for (const p of planned) {
      p.plan.action = 'error';
      p.plan.errors = table.problems.map((x) => ({ column: x.column, code: 'columns', message: x.message }));
      delete p.create;
      delete p.update;
    }
  }
  const rows = planned.map((p) => p.plan);
  const count = (a: ImportRowPlan['action']) => rows.filter((r) => r.action === a).length;
  const preview: ImportPreview = {
    rows,
    newCategories: table.problems.length ? [] : [...new Set(newCategories)],
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      error: count('error'),
    },
  };
  if (table.problems.length && rows.length === 0) {
    preview.rows = [
      {
        line: 1,
        action: 'error',
        sku: '',
        name: '',
        productId: null,
        changed: [],
        errors: table.problems.map((x) => ({ column: x.column, code: 'columns', message: x.message })),
      },
    ];
    preview.counts.error = 1;
  }
  return { preview, planned, categories: table.problems.length ? [] : cats.created };
}

export const catalogueCsvQueries = {
  'catalogue.importPreview'(env: ReadEnv, input: OpParsed<'catalogue.importPreview'>): ImportPreview {
    return planImport(env, input.csv, env.newId).preview;
  },
  'catalogue.export'(env: ReadEnv, input: OpParsed<'catalogue.export'>): string {
    const conv = csvConventionsFor(input.lang);
    const names = new Map(
      all<{ id: string; name: string; parent_id: string | null }>(
        env.sqlite,
        'SELECT id, name, parent_id FROM categories',
      ).map((c) => [c.id, { name: c.name, parentId: c.parent_id }]),
    );
    const paths = new CategoryPaths(env, env.newId);
    const items = listDetails(env.sqlite, input.archived ? '1' : 'p.active = 1', [], 'ORDER BY p.sku');
    return toCatalogueCsv(
      items.map((p) => ({
        sku: p.sku,
        barcode: p.barcode ?? '',
        name: p.name,
        manufacturer: p.manufacturer ?? '',
        model: p.model ?? '',
        description: p.description ?? '',
        category: paths.pathOf(p.categoryId, names),
        price: formatAmount(p.price, conv),
        tax_category: p.taxCategory,
        rate_4h: formatAmount(p.rates.fourHours, conv),
        rate_day: formatAmount(p.rates.day, conv),
        rate_weekend: formatAmount(p.rates.weekend, conv),
        rate_week: formatAmount(p.rates.week, conv),
        rate_month: formatAmount(p.rates.month, conv),
        deposit: formatAmount(p.deposit, conv),
        on_website: p.onWebsite ? '1' : '0',
      })),
      conv,
    );
  },
};

export const catalogueCsvHandlers = {
  'catalogue.import'(ctx: CommandContext, input: OpParsed<'catalogue.import'>): ImportPreview {
    const { preview, planned, categories } = planImport(ctx.env, input.csv, () => ctx.newId());
    if (preview.counts.error > 0) {
      const fields: FieldIssue[] = preview.rows.flatMap((r) =>
        r.errors.map((e) => issue(`rows.${r.line}.${e.column}`, 'importRow', e.message, { rowCode: e.code })),
      );
      throw new CommandError(
        'VALIDATION',
        `${preview.counts.error} rows of the file are wrong: nothing was imported`,
        { fields, details: { reason: 'importRows', rows: preview.rows.filter((r) => r.action === 'error') } },
      );
    }
    if (preview.rows.length === 0) {
      throw new CommandError('VALIDATION', 'the file has no rows', {
        fields: [issue('csv', 'noRows', 'no rows')],
      });
    }
    for (const c of categories) insertCategory(ctx, c.id, c.name, c.parentId);
    const created = planned.flatMap((p) => (p.create ? [p.create] : []));
    const updated = planned.flatMap((p) => (p.update ? [p.update] : []));
    for (const c of created) insertProduct(ctx, c.productId, c.product);
    for (const u of updated) applyChanges(ctx, u.productId, u.changes);
    ctx.record('catalogue.imported', {
      categories: categories.map((c) => ({ categoryId: c.id, name: c.name, parentId: c.parentId })),
      created,
      updated,
    });
    return preview;
  },
};

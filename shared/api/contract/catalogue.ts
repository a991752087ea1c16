import { z } from 'zod';
import { MASTER_ENTITIES, type MasterHistoryRow } from '../../sync/feed.ts';
import { amount, coded, id, longText, shortText, UNIT_STATUSES } from '../schemas.ts';
import type { Category, ImportPreview, Product, ProductDetail, Unit, UnitMovement } from '../types.ts';
import { command, empty, query } from './def.ts';

/** optional text: '' and null both clear it */
const optText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A barcode as scanners read it (EAN/UPC digits, Code 128 letters, dashes, dots). */
export const barcode = z
  .string()
  .trim()
  .regex(coded(/^[0-9A-Za-z.\-/]{1,64}$/, 'codeFormat'), 'letters, digits, . - / (at most 64)');
/** an asset ID printed on a unit's label: what the check-out scanner reads */
export const assetId = z
  .string()
  .trim()
  .regex(coded(/^[0-9A-Za-z.\-/]{1,40}$/, 'codeFormat'), 'letters, digits, . - / (at most 40)');
export const sku = z
  .string()
  .trim()
  .regex(coded(/^[0-9A-Za-z.\-/_]{1,64}$/, 'codeFormat'), 'letters, digits, . - / _ (at most 64)');

const rates = z
  .object({
    fourHours: amount.nullable(),
    day: amount.nullable(),
    weekend: amount.nullable(),
    week: amount.nullable(),
    month: amount.nullable(),
  })
  .partial()
  .strict();

/** The editable fields of a catalogue item (no defaults: product.update sends only what changes). */
export const productFields = z
  .object({
    sku,
    name: shortText,
    barcode: barcode.nullable(),
    manufacturer: optText(200),
    model: optText(200),
    description: longText.nullable(),
    categoryId: id.nullable(),
    price: amount,
    /** a tax category of the store's jurisdiction (standard, reduced, exempt…) */
    taxCategory: z.string().trim().min(1).max(40),
    rates,
    deposit: amount.nullable(),
    onWebsite: z.boolean(),
  })
  .strict();

export const productInput = productFields.partial().extend({ name: shortText, price: amount });
export const productChanges = productFields.partial();

const unitInput = z
  .object({
    assetId,
    serial: optText(100),
    condition: optText(2000),
  })
  .strict();

/** catalogue and units (customers: customers.ts) */
export const catalogueOps = {
  'catalogue.search': query<Product[]>()(
    z
      .object({
        q: z.string().max(100).default(''),
        categoryId: id.optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    'clerk',
  ),
  'catalogue.byBarcode': query<Product | null>()(
    z.object({ code: z.string().trim().min(1).max(64) }).strict(),
    'clerk',
  ),
  'catalogue.categories': query<Category[]>()(empty, 'clerk'),
  // --- catalogue management (manager) ---
  'catalogue.list': query<ProductDetail[]>()(
    z
      .object({
        q: z.string().max(100).default(''),
        categoryId: id.optional(),
        archived: z.boolean().default(false),
        limit: z.number().int().min(1).max(500).default(200),
      })
      .strict(),
    'manager',
  ),
  'product.get': query<ProductDetail | null>()(z.object({ productId: id }).strict(), 'clerk'),
  /** a record's edits that lost at head office (the change feed's history: last received wins per field), newest first */
  'masterData.history': query<MasterHistoryRow[]>()(
    z.object({ entity: z.enum(MASTER_ENTITIES), id: z.string().min(1).max(100) }).strict(),
    'manager',
  ),
  'category.create': command<Category>()(
    z.object({ name: shortText, parentId: id.nullable().optional() }).strict(),
    'manager',
  ),
  'category.update': command<Category>()(
    z.object({ categoryId: id, name: shortText.optional(), parentId: id.nullable().optional() }).strict(),
    'manager',
  ),
  'category.delete': command<{ categoryId: string }>()(z.object({ categoryId: id }).strict(), 'manager'),
  'product.create': command<ProductDetail>()(productInput, 'manager'),
  'product.update': command<ProductDetail>()(
    z.object({ productId: id, changes: productChanges }).strict(),
    'manager',
  ),
  /** refused (CONFLICT, details.references) while units, sales or reservations name it: archive it instead */
  'product.delete': command<{ productId: string }>()(z.object({ productId: id }).strict(), 'manager'),
  'product.archive': command<ProductDetail>()(z.object({ productId: id }).strict(), 'manager'),
  'product.restore': command<ProductDetail>()(z.object({ productId: id }).strict(), 'manager'),
  /** a JPEG/PNG/WebP image (base64, at most 8 MB) or null to remove it; thumbnails made beside the ledger */
  'product.setPhoto': command<ProductDetail>()(
    z
      .object({
        productId: id,
        image: z
          .string()
          .max(11_200_000, 'at most 8 MB')
          .regex(coded(/^[A-Za-z0-9+/]+=*$/, 'notImage'), 'base64')
          .nullable(),
      })
      .strict(),
    'manager',
  ),
  /** the photo as a data: URL (thumb 256 px, full 1024 px), null without one */
  'product.photo': query<string | null>()(
    z.object({ productId: id, size: z.enum(['thumb', 'full']).default('thumb') }).strict(),
    'clerk',
  ),
  /** What catalogue.import would do with this CSV, row by row; writes nothing. */
  'catalogue.importPreview': query<ImportPreview>()(
    z.object({ csv: z.string().max(20_000_000) }).strict(),
    'manager',
  ),
  /** One command for the whole file: any bad row refuses it (VALIDATION, fields rows.N.column), nothing written. */
  'catalogue.import': command<ImportPreview>()(
    z.object({ csv: z.string().max(20_000_000) }).strict(),
    'manager',
  ),
  /** The catalogue as CSV in the spreadsheet conventions of `lang` (fr/bg: ';' and decimal comma). */
  'catalogue.export': query<string>()(
    z
      .object({ lang: z.enum(['fr', 'en', 'bg']).default('fr'), archived: z.boolean().default(false) })
      .strict(),
    'manager',
  ),

  // --- units ---
  'unit.list': query<Unit[]>()(z.object({ productId: id }).strict(), 'clerk'),
  /** exact asset ID (what a scanner reads), archived items included */
  'unit.byAsset': query<Unit | null>()(
    z.object({ assetId: z.string().trim().min(1).max(40) }).strict(),
    'clerk',
  ),
  'unit.history': query<UnitMovement[]>()(z.object({ unitId: id }).strict(), 'clerk'),
  /** one unit, or a batch: `units` listed, or `prefix` + `from` + `count` (LOC-0001…) */
  'unit.create': command<Unit[]>()(
    z.union([
      z.object({ productId: id, units: z.array(unitInput).min(1).max(500) }).strict(),
      z
        .object({
          productId: id,
          prefix: z
            .string()
            .trim()
            .regex(coded(/^[0-9A-Za-z.\-/]{0,30}$/, 'codeFormat'), 'letters, digits, . - /'),
          from: z.number().int().min(0).max(999_999),
          count: z.number().int().min(1).max(500),
          digits: z.number().int().min(1).max(6).default(4),
        })
        .strict(),
    ]),
    'manager',
  ),
  'unit.update': command<Unit>()(
    z.object({ unitId: id, serial: optText(100), condition: optText(2000) }).strict(),
    'manager',
  ),
  /** a manager's status change; check-out and return move units through the reservations */
  'unit.setStatus': command<Unit>()(
    z.object({ unitId: id, status: z.enum(UNIT_STATUSES), note: optText(500) }).strict(),
    'manager',
  ),
  'unit.printLabel': command<{ jobId: string }>()(z.object({ unitId: id }).strict(), 'manager'),
} as const;

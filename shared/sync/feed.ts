import { z } from 'zod';
import { entrySchemas } from '../ledger/entries.ts';

/**
 * The change feed (issue 14): head office's master data of one store — catalogue items with
 * their prices, categories, customers — served by cursor, in pages, to that store's tills.
 *
 *   GET /api/v1/feed?after=<cursor>&limit=<n>   → 200 FeedPage   (the token's store only)
 *
 * The cursor is the store's change sequence at head office: every edit head office stores (a
 * till's pushed journal entry, an edit made at head office) gives the record it touches the
 * store's next number. A page holds the records whose latest change lies in (from, to], each in
 * FULL (its current fields, not a diff), in change order, and the history rows (edits that were
 * overwritten by a later-received one) of the same range. Applying a page is therefore
 * idempotent: a page applied twice, or a page older than the till's cursor, changes nothing.
 *
 * Who owns what: per field, the edit head office RECEIVED last wins (docs/head-office.md).
 */
export const FEED_PATH = '/api/v1/feed';

export const FEED_LIMITS = { defaultRecords: 500, maxRecords: 2000 } as const;

export const MASTER_ENTITIES = ['category', 'product', 'customer'] as const;
export type MasterEntity = (typeof MASTER_ENTITIES)[number];

/** a product's fields as the journal carries them (product.updated's changes), plus `active` */
export const productFields = entrySchemas['product.updated'].shape.changes.extend({
  active: z.boolean().optional(),
});
export type ProductFields = z.infer<typeof productFields>;

const short = z.string().min(1).max(200);
const opt = z.string().max(2000).nullable().optional();
export const categoryFields = z.strictObject({
  name: short.optional(),
  parentId: z.string().min(1).max(100).nullable().optional(),
});
export type CategoryFields = z.infer<typeof categoryFields>;

/** a customer's details: only those entered at head office travel (the journal names fields, never values) */
export const customerFields = z.strictObject({
  name: short.optional(),
  email: opt,
  phone: opt,
  address: opt,
  postalCode: opt,
  city: opt,
  notes: opt,
});
export type CustomerFields = z.infer<typeof customerFields>;

const id = z.string().min(1).max(100);
const cursor = z.number().int().min(0);

const recordBase = { id, seq: z.number().int().min(1), deleted: z.boolean() };
export const feedRecord = z.discriminatedUnion('entity', [
  z.strictObject({ entity: z.literal('category'), ...recordBase, fields: categoryFields }),
  z.strictObject({ entity: z.literal('product'), ...recordBase, fields: productFields }),
  z.strictObject({ entity: z.literal('customer'), ...recordBase, fields: customerFields }),
]);
export type FeedRecord = z.infer<typeof feedRecord>;

/** an edit that lost: the value head office held before a later-received edit replaced it */
export const feedHistory = z.strictObject({
  seq: z.number().int().min(1),
  n: z.number().int().min(0),
  entity: z.enum(MASTER_ENTITIES),
  id,
  field: z.string().min(1).max(64),
  /** JSON text of the value that lost, and of the one that won */
  lost: z.string().max(10_000),
  lostOrigin: z.string().max(200),
  won: z.string().max(10_000),
  wonOrigin: z.string().max(200),
  at: z.string().max(40),
});
export type FeedHistory = z.infer<typeof feedHistory>;

export const feedPage = z
  .strictObject({
    v: z.literal(1),
    storeId: z.string().min(1).max(100),
    from: cursor,
    to: cursor,
    more: z.boolean(),
    records: z.array(feedRecord).max(FEED_LIMITS.maxRecords),
    history: z.array(feedHistory).max(FEED_LIMITS.maxRecords * 20),
  })
  .refine((p) => p.to >= p.from, { message: 'to is before from', path: ['to'] })
  .refine((p) => p.records.every((r) => r.seq > p.from && r.seq <= p.to), {
    message: 'a record outside (from, to]',
    path: ['records'],
  })
  .refine((p) => p.history.every((h) => h.seq > p.from && h.seq <= p.to), {
    message: 'a history row outside (from, to]',
    path: ['history'],
  });
export type FeedPage = z.infer<typeof feedPage>;

export const feedQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(FEED_LIMITS.maxRecords).default(FEED_LIMITS.defaultRecords),
});

/** the till's copy of a history row, as the manager's query answers it (values decoded from JSON) */
export interface MasterHistoryRow {
  /** head office's change number of the edit that won */
  seq: number;
  field: string;
  lost: unknown;
  lostOrigin: string;
  won: unknown;
  wonOrigin: string;
  at: string;
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChainEntry } from '../shared/ledger/chain.ts';
import type { AnyEntry } from '../shared/ledger/entries.ts';
import {
  type CategoryFields,
  type CustomerFields,
  categoryFields,
  customerFields,
  type MasterEntity,
  type ProductFields,
  productFields,
} from '../shared/sync/feed.ts';
import type { HqDb } from './db.ts';
import { SyncError } from './errors.ts';
import { auditLog, masterHistory, masterRecords, masterSeq } from './schema.ts';

/**
 * Head office's master data (issue 14): the catalogue, categories and customers of each store,
 * projected from the catalogue and customer entries tills push (in the push's own transaction)
 * and edited at head office itself (`editMaster`, `npm run hq -- product set …`).
 *
 * Who owns what — per field, the edit head office RECEIVED last wins. Edits are applied in the
 * order head office stores them (a push's entries in journal order; pushes and head-office edits
 * in the order their transactions take the store's master_seq row). When an edit replaces a
 * field whose value came from another origin (another till, or head office), the replaced value
 * is kept in master_history with who made it and what replaced it; the feed sends that history
 * to the tills, so managers on both sides see the edit that lost.
 *
 * Customers: the journal names a customer's changed fields, never their values (personal data
 * stays erasable on the till), so from tills head office learns that a customer exists or was
 * deleted; names and contact details reach the feed only when entered at head office.
 */

type Tx = Parameters<Parameters<HqDb['transaction']>[0]>[0];
type Fields = Record<string, unknown>;

export interface MasterEdit {
  entity: MasterEntity;
  id: string;
  /** fields set by this edit (absent: none) */
  fields: Fields;
  /** true: the record was deleted */
  deleted?: boolean;
  /** `till:<device>#<seq>` or `hq:<actor>` */
  origin: string;
}

const flatProduct = (p: ProductFields): Fields => ({ ...p });

/** The master-data edits a till's pushed entries carry, in journal order. */
export function editsFromEntries(
  deviceId: string,
  fresh: { entry: ChainEntry; payload: AnyEntry }[],
): MasterEdit[] {
  const out: MasterEdit[] = [];
  for (const { entry, payload: e } of fresh) {
    const origin = `till:${deviceId}#${entry.seq}`;
    switch (e.type) {
      case 'category.created':
      case 'category.updated':
        out.push({
          entity: 'category',
          id: e.payload.categoryId,
          fields: { name: e.payload.name, parentId: e.payload.parentId },
          origin,
        });
        break;
      case 'category.deleted':
        out.push({ entity: 'category', id: e.payload.categoryId, fields: {}, deleted: true, origin });
        break;
      case 'product.created':
        out.push({
          entity: 'product',
          id: e.payload.productId,
          fields: { ...flatProduct(e.payload.product), active: true },
          origin,
        });
        break;
      case 'product.updated':
        if (Object.keys(e.payload.changes).length)
          out.push({
            entity: 'product',
            id: e.payload.productId,
            fields: flatProduct(e.payload.changes),
            origin,
          });
        break;
      case 'product.archived':
      case 'product.restored':
        out.push({
          entity: 'product',
          id: e.payload.productId,
          fields: { active: e.type === 'product.restored' },
          origin,
        });
        break;
      case 'product.deleted':
        out.push({ entity: 'product', id: e.payload.productId, fields: {}, deleted: true, origin });
        break;
      case 'catalogue.imported':
        for (const c of e.payload.categories)
          out.push({
            entity: 'category',
            id: c.categoryId,
            fields: { name: c.name, parentId: c.parentId },
            origin,
          });
        for (const c of e.payload.created)
          out.push({
            entity: 'product',
            id: c.productId,
            fields: { ...flatProduct(c.product), active: true },
            origin,
          });
        for (const c of e.payload.updated)
          if (Object.keys(c.changes).length)
            out.push({ entity: 'product', id: c.productId, fields: flatProduct(c.changes), origin });
        break;
      case 'customer.created':
        out.push({ entity: 'customer', id: e.payload.customerId, fields: {}, origin });
        break;
      case 'customer.deleted':
        for (const id of e.payload.customerIds)
          out.push({ entity: 'customer', id, fields: {}, deleted: true, origin });
        break;
      default:
        break;
    }
  }
  return out;
}

/** where an origin comes from: the till (device) or head office, without the entry's seq */
const source = (origin: string) => origin.replace(/#\d+$/, '');

const key = (entity: string, id: string) => `${entity}\u0000${id}`;

/**
 * Apply edits in order inside the caller's transaction: lock the store's sequence row, give each
 * edited record the next change number, keep the values that lost. Two transactions editing one
 * store's master data wait for each other on that row (any number of head-office instances).
 */
export async function applyMasterEdits(
  tx: Tx,
  storeId: string,
  edits: MasterEdit[],
  nowIso: string,
): Promise<{ fromSeq: number; toSeq: number }> {
  if (!edits.length) return { fromSeq: 0, toSeq: 0 };
  await tx.insert(masterSeq).values({ storeId, lastSeq: 0 }).onConflictDoNothing();
  const [row] = await tx
    .select({ lastSeq: masterSeq.lastSeq })
    .from(masterSeq)
    .where(eq(masterSeq.storeId, storeId))
    .for('update');
  const fromSeq = Number(row!.lastSeq);
  let seq = fromSeq;

  const held = new Map<
    string,
    { fields: Fields; origins: Record<string, string>; deleted: boolean; seq: number }
  >();
  const byEntity = new Map<string, Set<string>>();
  for (const e of edits) {
    let s = byEntity.get(e.entity);
    if (!s) {
      s = new Set();
      byEntity.set(e.entity, s);
    }
    s.add(e.id);
  }
  for (const [entity, ids] of byEntity) {
    const list = [...ids];
    for (let i = 0; i < list.length; i += 1000) {
      const rows = await tx
        .select()
        .from(masterRecords)
        .where(
          and(
            eq(masterRecords.storeId, storeId),
            eq(masterRecords.entity, entity),
            inArray(masterRecords.entityId, list.slice(i, i + 1000)),
          ),
        );
      for (const r of rows)
        held.set(key(r.entity, r.entityId), {
          fields: JSON.parse(r.fields) as Fields,
          origins: JSON.parse(r.origins) as Record<string, string>,
          deleted: r.deleted === 1,
          seq: Number(r.changeSeq),
        });
    }
  }

  const history: (typeof masterHistory.$inferInsert)[] = [];
  const touched = new Map<string, { entity: string; id: string }>();
  for (const e of edits) {
    const k = key(e.entity, e.id);
    let rec = held.get(k);
    if (!rec) {
      rec = { fields: {}, origins: {}, deleted: false, seq: 0 };
      held.set(k, rec);
    }
    seq += 1;
    let n = 0;
    for (const [field, value] of Object.entries(e.fields)) {
      if (value === undefined) continue;
      const before = rec.origins[field];
      const old = rec.fields[field];
      if (
        before !== undefined &&
        source(before) !== source(e.origin) &&
        JSON.stringify(old) !== JSON.stringify(value)
      )
        history.push({
          storeId,
          changeSeq: seq,
          n: n++,
          entity: e.entity,
          entityId: e.id,
          field,
          lost: JSON.stringify(old),
          lostOrigin: before,
          won: JSON.stringify(value),
          wonOrigin: e.origin,
          at: nowIso,
        });
      rec.fields[field] = value;
      rec.origins[field] = e.origin;
    }
    if (e.deleted) rec.deleted = true;
    rec.seq = seq;
    touched.set(k, { entity: e.entity, id: e.id });
  }

  const rows = [...touched].map(([k, t]) => {
    const r = held.get(k)!;
    return {
      storeId,
      entity: t.entity,
      entityId: t.id,
      fields: JSON.stringify(r.fields),
      origins: JSON.stringify(r.origins),
      deleted: r.deleted ? 1 : 0,
      changeSeq: r.seq,
      updatedAt: nowIso,
    };
  });
  // change_seq is unique per store: every touched row's new number is above fromSeq, every
  // untouched row's is at or below it, and no two touched rows share one
  for (let i = 0; i < rows.length; i += 1000)
    await tx
      .insert(masterRecords)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: [masterRecords.storeId, masterRecords.entity, masterRecords.entityId],
        set: {
          fields: sql`excluded.fields`,
          origins: sql`excluded.origins`,
          deleted: sql`excluded.deleted`,
          changeSeq: sql`excluded.change_seq`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  for (let i = 0; i < history.length; i += 1000)
    await tx.insert(masterHistory).values(history.slice(i, i + 1000));
  await tx.update(masterSeq).set({ lastSeq: seq }).where(eq(masterSeq.storeId, storeId));
  return { fromSeq, toSeq: seq };
}

const SCHEMAS = { category: categoryFields, product: productFields, customer: customerFields } as const;

/**
 * An edit made at head office (the CLI's `product set`, `category set`, `customer set`): checked
 * with the feed's own schemas, applied like a till's, recorded in the audit log.
 */
export async function editMaster(
  db: HqDb,
  actor: string,
  storeId: string,
  edit: { entity: MasterEntity; id: string; fields: Fields; deleted?: boolean },
  now = new Date(),
): Promise<{ seq: number }> {
  const r = SCHEMAS[edit.entity].safeParse(edit.fields);
  if (!r.success)
    throw new SyncError('VALIDATION', `invalid ${edit.entity} fields`, {
      fields: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const nowIso = now.toISOString();
  return db.transaction(async (tx) => {
    const [store] = await tx
      .execute(sql`SELECT 1 FROM stores WHERE store_id = ${storeId}`)
      .then((x) => (x as unknown as { rows: unknown[] }).rows);
    if (!store) throw new SyncError('NOT_FOUND', `no store ${storeId}`);
    const fields = r.data as Fields;
    const { toSeq } = await applyMasterEdits(
      tx,
      storeId,
      [{ entity: edit.entity, id: edit.id, fields, deleted: edit.deleted ?? false, origin: `hq:${actor}` }],
      nowIso,
    );
    await tx.insert(auditLog).values({
      storeId,
      at: nowIso,
      actor,
      action: `${edit.entity}.edit`,
      details: JSON.stringify({
        id: edit.id,
        fields: Object.keys(fields),
        deleted: edit.deleted ?? false,
        seq: toSeq,
      }),
    });
    return { seq: toSeq };
  });
}

export type { CategoryFields, CustomerFields, ProductFields };

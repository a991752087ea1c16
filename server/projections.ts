import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { ChainEntry } from '../shared/ledger/chain.ts';
import { SyncError } from './errors.ts';
import type { closings, drawerSessions, payments, refunds, sales, zReports } from './schema.ts';

/**
 * What head office reads out of the journal entries it stores: sales, payments, refunds, drawer
 * sessions, Z reports and closings per store and till. The schemas below name only the fields a
 * projection reads (the full entry vocabulary is the ledger's); an entry of a projected type
 * whose fields are missing or mistyped is ENTRY_INVALID and the whole batch is refused.
 */

const int = z.number().int();
const money = int;
const id = z.string().min(1);

const seal = z.object({
  coversSeq: int.min(0),
  coversHash: z.string(),
  keyFingerprint: z.string().optional(),
  signature: z.string().min(1),
});

export const PROJECTED = {
  'sale.completed': z.object({
    saleId: id,
    receiptNumber: int,
    businessDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    currency: z.string().length(3),
    subtotal: money,
    taxTotal: money,
    total: money,
    tenders: z.array(z.object({ method: z.string().min(1), amount: money })),
  }),
  'sale.cancelled': z.object({ saleId: id }),
  'sale.refunded': z.object({ saleId: id, channel: z.string(), amount: money }),
  'sale.refundRequested': z.object({ saleId: id, channel: z.string(), amount: money }),
  'sale.refundCompleted': z.object({ saleId: id }),
  'order.paymentRecorded': z.object({ orderId: id, amount: money, method: z.string().min(1) }),
  'drawer.opened': z.object({ sessionId: id, number: int, float: money }),
  'drawer.closed': z.object({
    sessionId: id,
    zNumber: int,
    expected: money,
    counted: money,
    overShort: money,
    salesTotal: money,
    refundsTotal: money,
    seal: seal.optional(),
  }),
  'period.closed': z.object({
    closingId: id,
    kind: z.enum(['day', 'month', 'year']),
    period: z.string().min(1),
    salesTotal: money,
    refundsTotal: money,
    periodGrandTotal: money,
    perpetualGrandTotal: money,
    seal: seal.optional(),
  }),
} as const;

type Projected = typeof PROJECTED;
type ProjectedPayload<T extends keyof Projected> = z.infer<Projected[T]>;

/**
 * An entry's payload must be the canonical JSON text of an object (that is what the till hashed;
 * anything else was not written by a till) and, for projected types, match its schema.
 * Throws ENTRY_INVALID naming the seq and the fields.
 */
export function parsePayload(e: ChainEntry): unknown {
  let value: unknown;
  try {
    value = JSON.parse(e.payload);
  } catch {
    throw new SyncError('ENTRY_INVALID', `entry ${e.seq}: payload is not JSON`, {
      seq: e.seq,
      type: e.type,
      fields: [{ path: 'payload', message: 'not JSON' }],
    });
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    canonicalJson(value) !== e.payload
  )
    throw new SyncError('ENTRY_INVALID', `entry ${e.seq}: payload is not a canonical JSON object`, {
      seq: e.seq,
      type: e.type,
      fields: [{ path: 'payload', message: 'not canonical JSON of an object' }],
    });
  const schema = (PROJECTED as Record<string, z.ZodType>)[e.type];
  if (!schema) return value;
  const r = schema.safeParse(value);
  if (!r.success)
    throw new SyncError('ENTRY_INVALID', `entry ${e.seq} (${e.type}) does not parse`, {
      seq: e.seq,
      type: e.type,
      fields: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  return r.data;
}

export interface ProjectionRows {
  sales: (typeof sales.$inferInsert)[];
  payments: (typeof payments.$inferInsert)[];
  refunds: (typeof refunds.$inferInsert)[];
  drawerOpened: (typeof drawerSessions.$inferInsert)[];
  zReports: (typeof zReports.$inferInsert)[];
  closings: (typeof closings.$inferInsert)[];
  /** sale status changes, in journal order (applied after the inserts) */
  saleStatus: { saleId: string; status: string }[];
  /** drawer sessions closed (applied after the inserts) */
  drawerClosed: {
    sessionId: string;
    closedAt: string;
    expected: number;
    counted: number;
    overShort: number;
    zNumber: number;
  }[];
}

/**
 * Verify a closing's seal (integrity: Ed25519 over the canonical JSON of what it closes) under
 * the till's registered key. The signed text is rebuilt from the entry itself, so a figure
 * changed in the payload breaks the signature as surely as a forged one.
 */
function checkSeal(
  e: ChainEntry,
  key: KeyObject,
  s: z.infer<typeof seal>,
  kind: string,
  ref: string,
  figures: Record<string, number>,
): void {
  const refuse = (why: string) => {
    throw new SyncError('SIGNATURE_INVALID', `entry ${e.seq}: the closing's seal ${why}`, {
      seq: e.seq,
      type: e.type,
    });
  };
  if (s.coversSeq !== e.seq - 1 || s.coversHash !== (e.seq === 1 ? '' : e.prev_hash))
    refuse('does not cover the entry before it');
  const signed = canonicalJson({
    v: 1,
    deviceId: e.device_id,
    kind,
    ref,
    entrySeq: e.seq,
    coversSeq: s.coversSeq,
    coversHash: s.coversHash,
    figures,
  });
  let ok = false;
  try {
    ok = verify(null, Buffer.from(signed, 'utf8'), key, Buffer.from(s.signature, 'base64'));
  } catch {
    ok = false;
  }
  if (!ok) refuse("signature does not hold under the till's registered key");
}

export function keyOf(publicKeyPem: string): KeyObject {
  return createPublicKey(publicKeyPem);
}

/** Rows of every projection for a batch of new entries (already parsed, in seq order). */
export function project(
  storeId: string,
  deviceId: string,
  batch: { entry: ChainEntry; payload: unknown }[],
  key: KeyObject,
): ProjectionRows {
  const out: ProjectionRows = {
    sales: [],
    payments: [],
    refunds: [],
    drawerOpened: [],
    zReports: [],
    closings: [],
    saleStatus: [],
    drawerClosed: [],
  };
  const base = { storeId, deviceId };
  for (const { entry: e, payload } of batch) {
    switch (e.type) {
      case 'sale.completed': {
        const p = payload as ProjectedPayload<'sale.completed'>;
        out.sales.push({
          ...base,
          saleId: p.saleId,
          receiptNumber: p.receiptNumber,
          businessDate: p.businessDate,
          currency: p.currency,
          subtotal: p.subtotal,
          taxTotal: p.taxTotal,
          total: p.total,
          status: 'completed',
          seq: e.seq,
          at: e.at,
        });
        p.tenders.forEach((t, n) => {
          out.payments.push({
            ...base,
            seq: e.seq,
            n,
            kind: 'sale',
            refId: p.saleId,
            method: t.method,
            amount: t.amount,
            at: e.at,
          });
        });
        break;
      }
      case 'order.paymentRecorded': {
        const p = payload as ProjectedPayload<'order.paymentRecorded'>;
        out.payments.push({
          ...base,
          seq: e.seq,
          n: 0,
          kind: 'order',
          refId: p.orderId,
          method: p.method,
          amount: p.amount,
          at: e.at,
        });
        break;
      }
      case 'sale.cancelled': {
        const p = payload as ProjectedPayload<'sale.cancelled'>;
        out.saleStatus.push({ saleId: p.saleId, status: 'cancelled' });
        break;
      }
      case 'sale.refunded':
      case 'sale.refundRequested': {
        const p = payload as ProjectedPayload<'sale.refunded'>;
        out.refunds.push({
          ...base,
          seq: e.seq,
          saleId: p.saleId,
          channel: p.channel,
          amount: p.amount,
          at: e.at,
        });
        out.saleStatus.push({
          saleId: p.saleId,
          status: e.type === 'sale.refunded' ? 'refunded' : 'refund_pending',
        });
        break;
      }
      case 'sale.refundCompleted': {
        const p = payload as ProjectedPayload<'sale.refundCompleted'>;
        out.saleStatus.push({ saleId: p.saleId, status: 'refunded' });
        break;
      }
      case 'drawer.opened': {
        const p = payload as ProjectedPayload<'drawer.opened'>;
        out.drawerOpened.push({
          ...base,
          sessionId: p.sessionId,
          number: p.number,
          float: p.float,
          openedAt: e.at,
        });
        break;
      }
      case 'drawer.closed': {
        const p = payload as ProjectedPayload<'drawer.closed'>;
        if (p.seal)
          checkSeal(e, key, p.seal, 'z', `z:${p.zNumber}`, {
            number: p.zNumber,
            salesTotal: p.salesTotal,
            refundsTotal: p.refundsTotal,
            expectedCash: p.expected,
            countedCash: p.counted,
          });
        out.zReports.push({
          ...base,
          zNumber: p.zNumber,
          sessionId: p.sessionId,
          seq: e.seq,
          at: e.at,
          expected: p.expected,
          counted: p.counted,
          overShort: p.overShort,
          salesTotal: p.salesTotal,
          refundsTotal: p.refundsTotal,
          seal: p.seal ? 'verified' : null,
        });
        out.drawerClosed.push({
          sessionId: p.sessionId,
          closedAt: e.at,
          expected: p.expected,
          counted: p.counted,
          overShort: p.overShort,
          zNumber: p.zNumber,
        });
        break;
      }
      case 'period.closed': {
        const p = payload as ProjectedPayload<'period.closed'>;
        if (p.seal)
          checkSeal(e, key, p.seal, p.kind, `${p.kind}:${p.period}`, {
            salesTotal: p.salesTotal,
            refundsTotal: p.refundsTotal,
            periodGrandTotal: p.periodGrandTotal,
            perpetualGrandTotal: p.perpetualGrandTotal,
          });
        out.closings.push({
          ...base,
          closingId: p.closingId,
          kind: p.kind,
          period: p.period,
          seq: e.seq,
          at: e.at,
          salesTotal: p.salesTotal,
          refundsTotal: p.refundsTotal,
          periodGrandTotal: p.periodGrandTotal,
          perpetualGrandTotal: p.perpetualGrandTotal,
          seal: p.seal ? 'verified' : null,
        });
        break;
      }
    }
  }
  return out;
}

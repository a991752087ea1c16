import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { ChainEntry } from '../shared/ledger/chain.ts';
import { type AnyEntry, type Entry, type EntryIssue, parseEntry } from '../shared/ledger/entries.ts';
import { SyncError } from './errors.ts';
import type { closings, drawerSessions, payments, refunds, sales, zReports } from './schema.ts';

/**
 * What head office reads out of the journal entries it stores: sales, payments, refunds, drawer
 * sessions, Z reports and closings per store and till. EVERY entry is parsed with the ledger's
 * own schemas (shared/ledger/entries.ts, the ones the till writes with): an entry of any type
 * whose fields are missing, mistyped or unknown, or whose type the ledger does not know, is
 * ENTRY_INVALID and the whole batch is refused — head office never stores what no till could
 * have written.
 */

type Seal = NonNullable<Entry<'drawer.closed'>['seal']>;

const invalid = (e: ChainEntry, message: string, fields: EntryIssue[]) =>
  new SyncError('ENTRY_INVALID', message, {
    seq: e.seq,
    type: e.type,
    fields: fields.map((f) => ({ path: f.path, message: f.message })),
  });

/**
 * Whether `text` is the canonical JSON of `value` (which JSON.parse made from it): the same
 * verdict as `canonicalJson(value) === text`, cheaper for the common case. JSON.stringify (native)
 * writes keys in the order JSON.parse met them, strings and numbers as canonicalJson does; so
 * when it gives back the text itself AND every object's keys are already in ascending order, the
 * canonical text is that same text. Anything else (integer-like keys, which V8 enumerates first;
 * a text that is not canonical) gets the full canonicalJson comparison.
 */
export function isCanonicalText(value: object, text: string): boolean {
  if (JSON.stringify(value) === text && keysAscending(value)) return true;
  return canonicalJson(value) === text;
}

function keysAscending(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!keysAscending(v[i])) return false;
    return true;
  }
  let prev: string | null = null;
  for (const k in v) {
    // strictly ascending in UTF-16 code units: the order of canonicalJson's sort()
    if (prev !== null && !(prev < k)) return false;
    prev = k;
    if (!keysAscending((v as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * An entry's payload must be the canonical JSON text of an object (that is what the till hashed;
 * anything else was not written by a till) and match its type's schema.
 * Throws ENTRY_INVALID naming the seq, the type and the fields.
 */
export function parsePayload(e: ChainEntry): AnyEntry {
  let value: unknown;
  try {
    value = JSON.parse(e.payload);
  } catch {
    throw invalid(e, `entry ${e.seq}: payload is not JSON`, [{ path: 'payload', message: 'not JSON' }]);
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !isCanonicalText(value, e.payload)
  )
    throw invalid(e, `entry ${e.seq}: payload is not a canonical JSON object`, [
      { path: 'payload', message: 'not canonical JSON of an object' },
    ]);
  const r = parseEntry(e.type, value);
  if (r.ok) return r;
  if (r.code === 'UNKNOWN_ENTRY_TYPE')
    throw invalid(e, `entry ${e.seq}: the ledger has no entry type ${e.type}`, [
      { path: 'type', message: `unknown entry type ${e.type}` },
    ]);
  throw invalid(
    e,
    `entry ${e.seq} (${e.type}) does not parse: ${r.issues.map((i) => i.path || '(payload)').join(', ')}`,
    r.issues,
  );
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
  s: Seal,
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

/**
 * Rows of every projection for a batch of new entries (already parsed, in seq order). `keyOf`
 * gives the till's registered public key: asked for only when a batch holds a sealed closing
 * (reading a PEM costs more than projecting a small batch of sales).
 */
export function project(
  storeId: string,
  deviceId: string,
  batch: { entry: ChainEntry; payload: AnyEntry }[],
  keyOf: () => KeyObject,
): ProjectionRows {
  let key: KeyObject | null = null;
  const sealKey = () => {
    key ??= keyOf();
    return key;
  };
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
  for (const { entry: e, payload: parsed } of batch) {
    switch (parsed.type) {
      case 'sale.completed': {
        const p = parsed.payload;
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
        const p = parsed.payload;
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
        const p = parsed.payload;
        out.saleStatus.push({ saleId: p.saleId, status: 'cancelled' });
        break;
      }
      case 'sale.refunded':
      case 'sale.refundRequested': {
        const p = parsed.payload;
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
          status: parsed.type === 'sale.refunded' ? 'refunded' : 'refund_pending',
        });
        break;
      }
      case 'sale.refundCompleted': {
        const p = parsed.payload;
        out.saleStatus.push({ saleId: p.saleId, status: 'refunded' });
        break;
      }
      case 'drawer.opened': {
        const p = parsed.payload;
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
        const p = parsed.payload;
        if (p.seal)
          checkSeal(e, sealKey(), p.seal, 'z', `z:${p.zNumber}`, {
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
        const p = parsed.payload;
        if (p.seal)
          checkSeal(e, sealKey(), p.seal, p.kind, `${p.kind}:${p.period}`, {
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

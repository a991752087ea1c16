import { z } from 'zod';
import type { DrawerMovement, DrawerReport, Order, PeriodClosing, Sale } from '../api/types.ts';
import {
  closingSeal,
  count,
  currency,
  denominationCount,
  isoTime,
  minor,
  minorAmount,
  text,
  ulid,
} from './wire.ts';

/**
 * Print jobs: what the print worker prints, one zod schema per kind, each with a version (the
 * ledger's wire format, like the journal's entries: a job's payload is stored in print_jobs).
 *
 * A job REFERENCES what it prints — the sale, the refund, the Z, the closing, the drawer
 * movement, the order payment — and is laid out from the ledger when it prints (see
 * electron/services/print-documents.ts). The frozen copy of what was committed is the journal
 * entry and the rows rebuilt from it, which never change once written (a completed sale's lines,
 * taxes and tenders; a stored Z; a closing): a receipt printed late, or reprinted after the sale
 * was cancelled or refunded, shows what was committed. A job keeps only what exists nowhere else:
 * the change handed back (a 1–2 ¢ cash rest records no cash tender), a DUPLICATA's numbers, and
 * an X report, which is a moment's snapshot that is never stored.
 *
 * Keeping the copy out of the job is what lets done jobs be pruned after a retention period
 * (electron/hardware/worker.ts): a year of receipts no longer doubles the ledger.
 *
 * Versioning: as for journal entries (shared/ledger/entries.ts): version 1 payloads carry no
 * version field; a change that is not additive-and-optional becomes version 2 with `"v": 2`.
 * Jobs written before version 1 (the whole document inline) were rewritten to version 1 by
 * migration 0011_print_job_refs.
 */

const taxTotal = z.strictObject({ code: text, ratePpm: z.number().int().min(0), base: minor, tax: minor });
const tenderTotal = z.strictObject({ method: text, count, amount: minor });

/** An X report as it was computed when it was asked for (the same shape as a stored Z). */
const drawerReport = z.strictObject({
  kind: z.enum(['X', 'Z']),
  number: z.number().int().min(1).nullable(),
  sessionId: ulid,
  sessionNumber: z.number().int().min(1),
  currency,
  openedAt: isoTime,
  closedAt: isoTime.nullable(),
  generatedAt: isoTime,
  openedBy: text,
  closedBy: text.nullable(),
  float: minor,
  salesCount: count,
  salesTotal: minor,
  refundsCount: count,
  refundsTotal: minor,
  net: minor,
  taxes: z.array(taxTotal),
  salesTaxes: z.array(taxTotal).optional(),
  refundTaxes: z.array(taxTotal).optional(),
  tenders: z.array(tenderTotal),
  cashSales: minor,
  cashRefunds: minor,
  orderPaymentsCash: minor,
  depositsIn: minor.optional(),
  depositsOut: minor.optional(),
  payIns: minor,
  payOuts: minor,
  noSales: count,
  expectedCash: minor,
  countedCash: minor.nullable(),
  overShort: minor.nullable(),
  count: denominationCount.nullable(),
  byHour: z.array(z.strictObject({ hour: z.number().int().min(0).max(23), amount: minor })),
  seal: closingSeal.optional(),
});

interface Def<S extends z.ZodType> {
  version: 1;
  schema: S;
  description: string;
  /** the id the job is filed under (print_jobs.ref_id): what a reprint or the queue screen looks up */
  ref: (payload: never) => string | null;
}
const v1 = <S extends z.ZodType>(description: string, schema: S, ref: (p: z.infer<S>) => string | null) => ({
  version: 1 as const,
  schema,
  description,
  ref,
});

export const printJobDefs = {
  sale_receipt: v1(
    "a sale's receipt, or a numbered DUPLICATA of it",
    z.strictObject({
      saleId: ulid,
      /** the change handed back, as the sale computed it (not always a cash tender's change) */
      changeDue: minorAmount,
      duplicate: z
        .strictObject({ number: z.number().int().min(1), copy: z.number().int().min(1) })
        .optional(),
    }),
    (p) => p.saleId,
  ),
  refund_receipt: v1(
    "a refund's receipt: cash paid back, or a card refund requested from head office",
    z.strictObject({ saleId: ulid, refundId: ulid }),
    (p) => p.saleId,
  ),
  cancel_slip: v1('a cancelled sale (reason, message)', z.strictObject({ saleId: ulid }), (p) => p.saleId),
  payment_slip: v1(
    'money received on an order, with its balance after this payment',
    z.strictObject({ orderId: ulid, paymentId: ulid }),
    (p) => p.paymentId,
  ),
  drawer_slip: v1('a pay-in or pay-out', z.strictObject({ movementId: ulid }), (p) => p.movementId),
  drawer_kick: v1(
    'the drawer opened, with nothing on paper (float, no-sale)',
    z.discriminatedUnion('reason', [
      z.strictObject({ reason: z.literal('open'), sessionId: ulid }),
      z.strictObject({ reason: z.literal('no_sale'), movementId: ulid }),
    ]),
    (p) => (p.reason === 'open' ? p.sessionId : p.movementId),
  ),
  x_report: v1(
    'an X report (mid-shift): the snapshot itself, which is stored nowhere else',
    z.strictObject({ report: drawerReport }),
    (p) => p.report.sessionId,
  ),
  z_report: v1(
    'a Z report, laid out from the stored Z',
    z.strictObject({ zNumber: z.number().int().min(1) }),
    (p) => String(p.zNumber),
  ),
  period_closing: v1(
    'a day, month or year closing, laid out from the stored closing',
    z.strictObject({ closingId: ulid }),
    (p) => p.closingId,
  ),
  reservation_pickup: v1(
    'a rental contract: the units that left on a reservation, laid out from the reservation as of the job',
    z.strictObject({ reservationId: ulid }),
    (p) => p.reservationId,
  ),
  reservation_return: v1(
    'a return receipt: the units back with their condition, laid out from the reservation as of the job',
    z.strictObject({ reservationId: ulid }),
    (p) => p.reservationId,
  ),
  test_page: v1("the printer's test page (the job's own time is printed)", z.strictObject({}), () => null),
  asset_label: v1(
    "a unit's asset label: what is printed on it, frozen when it was queued (a label is small)",
    z.strictObject({ unitId: ulid, assetId: text, productName: text, sku: text, serial: text.nullable() }),
    (p) => p.unitId,
  ),
} as const satisfies Record<string, Def<z.ZodType>>;

export type PrintJobKind = keyof typeof printJobDefs;
export const PRINT_JOB_KINDS = Object.keys(printJobDefs) as [PrintJobKind, ...PrintJobKind[]];

/** The payload of a print job of kind K, as ctx.print writes it. */
export type PrintJob<K extends PrintJobKind> = z.infer<(typeof printJobDefs)[K]['schema']>;

export function isPrintJobKind(kind: string): kind is PrintJobKind {
  return Object.hasOwn(printJobDefs, kind);
}

export function printJobRef<K extends PrintJobKind>(kind: K, payload: PrintJob<K>): string | null {
  return (printJobDefs[kind].ref as (p: PrintJob<K>) => string | null)(payload);
}

/** A stored job's payload, parsed with its kind's schema: a job that does not parse is not printed. */
export function parsePrintJob<K extends PrintJobKind>(kind: K, payload: string): PrintJob<K> {
  return printJobDefs[kind].schema.parse(JSON.parse(payload)) as PrintJob<K>;
}

/**
 * A reservation's equipment leaving (pickup) or coming back (return): the units by asset ID and
 * serial number, the rental period, the deposit, and a line for the customer's signature
 * (resolved from the reservation's rows as of the job: electron/services/reservations.ts).
 */
export interface ReservationSlip {
  reservationId: string;
  number: string;
  customerName: string;
  from: string; // ISO
  to: string; // ISO, due back
  returnedAt?: string | null;
  units: { name: string; assetId: string; serial: string | null; condition?: string | null }[];
  deposit?: number | null;
  notes?: string | null;
}

/** A unit's asset label: what is printed on it, frozen when it was queued. */
export type AssetLabelJob = PrintJob<'asset_label'>;

/**
 * What a layout prints, per paper kind: the document a job is resolved to at print time (the
 * print worker's layouts take nothing else).
 */
export interface PrintDocuments {
  sale_receipt: { sale: Sale; changeDue: number; duplicate?: { number: number; copy: number } | undefined };
  refund_receipt: { sale: Sale; amount: number; pending?: boolean };
  cancel_slip: { sale: Sale };
  payment_slip: { order: Order; paymentId: string; change: number | null };
  drawer_slip: { movement: DrawerMovement };
  drawer_kick: { reason: 'open' | 'no_sale' };
  x_report: { report: DrawerReport };
  z_report: { report: DrawerReport };
  period_closing: { closing: PeriodClosing };
  test_page: { at?: string };
  asset_label: AssetLabelJob;
  reservation_pickup: ReservationSlip;
  reservation_return: ReservationSlip;
}
export type PaperKind = keyof PrintDocuments;

/** A document with its kind: `switch (d.kind)` narrows it. */
export type PrintDocument = { [K in PaperKind]: { kind: K } & PrintDocuments[K] }[PaperKind];

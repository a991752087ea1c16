import type { ClosingSeal, Sale } from '../../shared/api/types.ts';
import type {
  AssetLabelJob,
  PaperKind,
  PrintDocument,
  PrintDocuments,
  ReservationSlip,
} from '../../shared/ledger/print-jobs.ts';
import { receiptLine, receiptQr } from '../../shared/ledger/receipt-code.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { type Align, EscPos, printable } from './escpos.ts';
import { type PrinterProfile, startTable } from './profiles.ts';
import { langOf, STRINGS, type Strings } from './strings.ts';

/**
 * Paper layouts for every print job kind. A job renders to ESC/POS bytes (the only output);
 * the virtual printer turns the same bytes back into text for the preview.
 */
export interface RenderContext {
  store: StoreSettings;
  profile: PrinterProfile;
  /** the oldest unsent outbox row's time when it is older than the offline window, else null */
  offlineSince: string | null;
  kickDrawer: boolean;
}

export class RenderError extends Error {}

/** Money and dates are output formatting here (paper), in the store's locale. */
const fmtCache = new Map<string, Fmt>();

/** Intl formatters are costly to build (≈ 0.1 ms each): one set per store locale/currency/zone. */
function fmtFor(store: StoreSettings): Fmt {
  const key = `${store.locale}|${store.currency}|${store.timeZone}`;
  let f = fmtCache.get(key);
  if (!f) {
    f = new Fmt(store);
    fmtCache.set(key, f);
  }
  return f;
}

class Fmt {
  private money: Intl.NumberFormat;
  private qty: Intl.NumberFormat;
  private pct: Intl.NumberFormat;
  private dt: Intl.DateTimeFormat;
  constructor(store: StoreSettings) {
    this.money = new Intl.NumberFormat(store.locale, { style: 'currency', currency: store.currency });
    this.qty = new Intl.NumberFormat(store.locale, { maximumFractionDigits: 3 });
    this.pct = new Intl.NumberFormat(store.locale, { maximumFractionDigits: 4 });
    this.dt = new Intl.DateTimeFormat(store.locale, {
      timeZone: store.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }
  m(minor: number): string {
    // + 0 turns −0 (a refund total of zero, negated for display) into 0: never "-0,00 $"
    return this.money.format(minor / 100 + 0);
  }
  q(thousandths: number): string {
    return this.qty.format(thousandths / 1000);
  }
  rate(ppm: number): string {
    return `${this.pct.format(ppm / 10_000)} %`;
  }
  d(iso: string | null): string {
    return iso ? this.dt.format(new Date(iso)) : '';
  }
}

class Sheet {
  readonly e: EscPos;
  readonly cols: number;
  readonly t: Strings;
  readonly f: Fmt;
  constructor(readonly ctx: RenderContext) {
    this.e = new EscPos(ctx.profile, startTable(ctx.profile, ctx.store.locale));
    this.cols = ctx.profile.columns;
    this.t = STRINGS[langOf(ctx.store.locale)];
    this.f = fmtFor(ctx.store);
  }
  p(s: string): string {
    return printable(s, this.ctx.profile);
  }
  /** Word-wrap printable text to `width` columns. */
  wrap(s: string, width = this.cols): string[] {
    const out: string[] = [];
    let line = '';
    for (const word of this.p(s).split(' ')) {
      let w = word;
      while (w.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(w.slice(0, width));
        w = w.slice(width);
      }
      if (!line) line = w;
      else if (line.length + 1 + w.length <= width) line += ` ${w}`;
      else {
        out.push(line);
        line = w;
      }
    }
    if (line) out.push(line);
    return out;
  }
  text(s: string, align: Align = 'left', opts: { bold?: boolean; big?: boolean } = {}): this {
    const e = this.e;
    e.align(align);
    if (opts.bold) e.bold(true);
    if (opts.big) e.size(2, 2);
    for (const l of this.wrap(s, opts.big ? Math.floor(this.cols / 2) : this.cols)) e.line(l);
    if (opts.big) e.size(1, 1);
    if (opts.bold) e.bold(false);
    if (align !== 'left') e.align('left');
    return this;
  }
  /** Label on the left, amount on the right; wraps the label when both do not fit. */
  row(left: string, right: string, bold = false): this {
    const l = this.p(left);
    const r = this.p(right);
    if (bold) this.e.bold(true);
    if (l.length + 1 + r.length <= this.cols) {
      this.e.line(l + ' '.repeat(this.cols - l.length - r.length) + r);
    } else {
      const lines = this.wrap(l);
      const last = lines.pop() ?? '';
      for (const x of lines) this.e.line(x);
      if (last.length + 1 + r.length <= this.cols) {
        this.e.line(last + ' '.repeat(this.cols - last.length - r.length) + r);
      } else {
        this.e.line(last);
        this.e.line(' '.repeat(Math.max(0, this.cols - r.length)) + r);
      }
    }
    if (bold) this.e.bold(false);
    return this;
  }
  rule(ch = '-'): this {
    this.e.line(ch.repeat(this.cols));
    return this;
  }
  blank(): this {
    this.e.lf();
    return this;
  }
  header(): this {
    const s = this.ctx.store;
    this.text(s.name, 'center', { bold: true, big: true });
    this.text(s.address, 'center');
    for (const n of s.taxNumbers) this.text(n, 'center');
    this.rule();
    return this;
  }
  offlineMark(): this {
    if (!this.ctx.offlineSince) return this;
    this.text(this.t.offline, 'center', { bold: true });
    this.text(`${this.t.offlineSince} ${this.f.d(this.ctx.offlineSince)}`, 'center');
    return this;
  }
  qr(data: string): this {
    if (!this.ctx.profile.qr) return this;
    this.e.align('center');
    this.e.qr(data);
    this.e.lf();
    this.e.align('left');
    return this;
  }
  finish(): Buffer {
    this.e.cut();
    return this.e.bytes();
  }
}

function taxLabel(t: Strings, f: Fmt, code: string, ratePpm: number): string {
  const name = t.taxNames[code] ?? t.taxNames[code.split('-')[0]!] ?? code;
  return `${name} ${f.rate(ratePpm)}`;
}

function saleBody(s: Sheet, sale: Sale): void {
  const { t, f } = s;
  s.row(`${t.receiptNo} ${sale.receiptNumber ?? '-'}`, f.d(sale.completedAt ?? sale.openedAt), true);
  s.row(`${t.till}: ${s.ctx.store.tillName}`, `${t.clerk}: ${sale.clerkName}`);
  if (sale.customerName) s.text(`${t.customer}: ${sale.customerName}`);
  s.rule();
  for (const l of sale.lines) {
    s.text(l.name);
    const detail = l.quantity === 1000 ? `  ${l.sku}` : `  ${f.q(l.quantity)} x ${f.m(l.unitPrice)}`;
    s.row(detail, f.m(l.amount + l.discount));
    if (l.discount) s.row(`  ${t.discount}`, f.m(-l.discount));
  }
  s.rule();
  s.row(t.subtotal, f.m(sale.subtotal));
  for (const x of sale.taxes) s.row(`${taxLabel(t, f, x.code, x.ratePpm)} (${f.m(x.base)})`, f.m(x.tax));
  s.e.size(1, 2);
  s.row(t.total, f.m(sale.total), true);
  s.e.size(1, 1);
  if (sale.cashRounding) {
    s.row(t.rounding, f.m(sale.cashRounding));
    s.row(t.paid, f.m(sale.paid));
  }
  for (const tn of sale.tenders) {
    const label = t.methods[tn.method] ?? tn.method;
    if (tn.method === 'cash' && tn.tendered !== null) {
      s.row(`${label} - ${t.tendered}`, f.m(tn.tendered));
    } else {
      s.row(tn.reference ? `${label} (${tn.reference})` : label, f.m(tn.amount));
    }
  }
}

function chainAndQr(s: Sheet, sale: Sale): void {
  s.rule();
  if (sale.chain) {
    // the customer's copy of the chain: seq and hash prefix printed, device, seq and hash in the QR
    s.text(`${s.t.chain}: ${receiptLine(sale.chain)}`, 'center');
    s.qr(receiptQr(sale.chain, sale.id));
  } else {
    if (sale.journalHash) s.text(`${s.t.chain}: ${sale.journalHash}`, 'center');
    s.qr(sale.id);
  }
}

function saleReceipt(s: Sheet, p: PrintDocuments['sale_receipt']): void {
  const { t, f } = s;
  s.header();
  if (p.duplicate) {
    s.text(t.duplicate, 'center', { bold: true, big: true });
    s.text(`${t.duplicateNo} ${p.duplicate.number} - ${t.copy} ${p.duplicate.copy}`, 'center');
  }
  s.offlineMark();
  saleBody(s, p.sale);
  if (p.changeDue) s.row(t.change, f.m(p.changeDue), true);
  chainAndQr(s, p.sale);
  s.text(t.thanks, 'center');
}

function refundReceipt(s: Sheet, p: PrintDocuments['refund_receipt']): void {
  const { t, f } = s;
  s.header();
  s.text(t.refund, 'center', { bold: true, big: true });
  s.offlineMark();
  s.row(`${t.originalReceipt} ${p.sale.receiptNumber ?? '-'}`, f.d(p.sale.completedAt));
  s.row(t.date, f.d(p.sale.refundedAt ?? p.sale.completedAt));
  if (p.sale.customerName) s.text(`${t.customer}: ${p.sale.customerName}`);
  s.rule();
  for (const l of p.sale.lines) s.row(`${f.q(l.quantity)} x ${l.name}`, f.m(-l.amount));
  for (const x of p.sale.taxes) s.row(taxLabel(t, f, x.code, x.ratePpm), f.m(-x.tax));
  s.rule();
  s.row(t.refunded, f.m(-p.amount), true);
  if (p.pending) s.text(t.refundPending);
  s.blank();
  s.text(`${t.signature}: ______________________`);
  chainAndQr(s, p.sale);
}

function cancelSlip(s: Sheet, p: PrintDocuments['cancel_slip']): void {
  const { t, f } = s;
  s.header();
  s.text(t.cancel, 'center', { bold: true, big: true });
  s.offlineMark();
  s.row(`${t.receiptNo} ${p.sale.receiptNumber ?? '-'}`, f.d(p.sale.completedAt ?? p.sale.openedAt));
  if (p.sale.cancelReason)
    s.text(`${t.reason}: ${t.cancelReasons[p.sale.cancelReason] ?? p.sale.cancelReason}`);
  if (p.sale.cancelMessage) s.text(p.sale.cancelMessage);
  s.rule();
  s.row(t.total, f.m(p.sale.total), true);
  chainAndQr(s, p.sale);
}

function drawerSlip(s: Sheet, p: PrintDocuments['drawer_slip']): void {
  const { t, f } = s;
  const m = p.movement;
  s.header();
  const title = { pay_in: t.payIn, pay_out: t.payOut, deposit_in: t.depositIn, deposit_out: t.depositOut };
  const deposit = m.kind === 'deposit_in' || m.kind === 'deposit_out';
  s.text(title[m.kind as keyof typeof title] ?? t.noSale, 'center', { bold: true, big: true });
  s.offlineMark();
  s.row(t.date, f.d(m.at));
  s.row(t.by, m.userName);
  s.row(`${t.till}`, s.ctx.store.tillName);
  // a deposit's reason is the reservation's number (services/reservations.ts)
  if (m.reason) s.text(deposit ? `${t.reservation} ${m.reason}` : `${t.reason}: ${m.reason}`);
  s.rule();
  s.row(t.amount, f.m(m.amount), true);
  s.blank();
  s.text(`${t.signature}: ______________________`);
  s.qr(m.id);
}

function paymentSlip(s: Sheet, p: PrintDocuments['payment_slip']): void {
  const { t, f } = s;
  const o = p.order;
  const pay = o.payments.find((x) => x.id === p.paymentId);
  s.header();
  s.text(t.paymentSlip, 'center', { bold: true, big: true });
  s.offlineMark();
  s.row(`${t.order} ${o.number}`, f.d(pay?.at ?? null), true);
  if (o.customerName) s.text(`${t.customer}: ${o.customerName}`);
  s.text(o.description);
  s.rule();
  if (pay) {
    s.row(`${t.method}: ${t.methods[pay.method] ?? pay.method}`, f.m(pay.amount), true);
    if (pay.reference) s.text(`${t.reference}: ${pay.reference}`);
    if (pay.explanation) s.text(pay.explanation);
    s.row(t.clerk, pay.clerkName);
  }
  if (p.change) s.row(t.change, f.m(p.change), true);
  s.rule();
  s.row(t.orderTotal, f.m(o.total));
  s.row(t.alreadyPaid, f.m(o.paid));
  s.row(t.balance, f.m(o.balance), true);
  s.qr(p.paymentId);
}

export type { ReservationSlip };

function reservationSlip(s: Sheet, p: ReservationSlip, kind: 'pickup' | 'return'): void {
  const { t, f } = s;
  s.header();
  s.text(kind === 'pickup' ? t.pickupSlip : t.returnSlip, 'center', { bold: true, big: true });
  s.offlineMark();
  s.row(`${t.reservation} ${p.number}`, '', true);
  s.text(`${t.customer}: ${p.customerName}`);
  s.row(t.rentalFrom, f.d(p.from));
  s.row(t.rentalTo, f.d(p.to), kind === 'pickup');
  if (kind === 'return') s.row(t.returnedAt, f.d(p.returnedAt ?? null), true);
  s.rule();
  for (const u of p.units) {
    s.text(u.name, 'left', { bold: true });
    s.row(`  ${t.assetId}`, u.assetId);
    if (u.serial) s.row(`  ${t.serial}`, u.serial);
    if (kind === 'return' && u.condition) s.text(`  ${t.condition}: ${u.condition}`);
  }
  s.rule();
  if (p.deposit) s.row(t.deposit, f.m(p.deposit), true);
  if (p.notes) s.text(p.notes);
  s.text(kind === 'pickup' ? t.pickupTerms : t.returnTerms);
  s.blank();
  s.text(`${t.signature}: ______________________`);
  s.qr(p.reservationId);
}

function report(s: Sheet, p: PrintDocuments['x_report']): void {
  const { t, f } = s;
  const r = p.report;
  s.header();
  s.text(r.kind === 'Z' ? `${t.zReport} ${r.number ?? ''}`.trim() : t.xReport, 'center', {
    bold: true,
    big: true,
  });
  s.offlineMark();
  s.row(`${t.session} ${r.sessionNumber}`, s.ctx.store.tillName);
  s.row(t.opened, `${f.d(r.openedAt)} ${r.openedBy}`);
  if (r.closedAt) s.row(t.closed, `${f.d(r.closedAt)} ${r.closedBy ?? ''}`.trim());
  s.row(t.generated, f.d(r.generatedAt));
  s.rule();
  s.row(`${t.sales} (${r.salesCount})`, f.m(r.salesTotal));
  s.row(`${t.refunds} (${r.refundsCount})`, f.m(-r.refundsTotal));
  s.row(t.net, f.m(r.net), true);
  s.rule();
  s.text(t.taxes, 'left', { bold: true });
  const taxRow = (x: { code: string; ratePpm: number; base: number; tax: number }, sign = 1) =>
    s.row(`${taxLabel(t, f, x.code, x.ratePpm)} (${f.m(sign * x.base)})`, f.m(sign * x.tax));
  if (r.refundTaxes?.length) {
    // the refunds' taxes as contra entries, then the net the store files
    s.text(t.sales);
    for (const x of r.salesTaxes ?? []) taxRow(x);
    s.text(t.refunds);
    for (const x of r.refundTaxes) taxRow(x, -1);
    s.text(t.net);
  }
  for (const x of r.taxes) taxRow(x);
  s.text(t.tenders, 'left', { bold: true });
  for (const x of r.tenders) s.row(`${t.methods[x.method] ?? x.method} (${x.count})`, f.m(x.amount));
  s.rule();
  s.row(t.float, f.m(r.float));
  s.row(t.cashSales, f.m(r.cashSales));
  s.row(t.cashRefunds, f.m(-r.cashRefunds));
  s.row(t.orderPaymentsCash, f.m(r.orderPaymentsCash));
  if (r.depositsIn !== undefined) s.row(t.depositsIn, f.m(r.depositsIn));
  if (r.depositsOut !== undefined) s.row(t.depositsOut, f.m(-r.depositsOut));
  s.row(t.payIns, f.m(r.payIns));
  s.row(t.payOuts, f.m(-r.payOuts));
  s.row(t.noSales, String(r.noSales));
  s.row(t.expected, f.m(r.expectedCash), true);
  if (r.countedCash !== null) {
    s.row(t.counted, f.m(r.countedCash), true);
    s.row(t.overShort, f.m(r.overShort ?? 0), true);
  }
  sealLines(s, r.seal);
}

/**
 * The closing's seal on paper: the journal seq and hash it closes over and the till's key
 * fingerprint, so the ticket in the binder can be compared with the ledger and head office.
 */
function sealLines(s: Sheet, seal: ClosingSeal | undefined): void {
  if (!seal) return;
  s.rule();
  s.text(`${s.t.sealCovers} ${seal.coversSeq}`);
  s.text(`${s.t.chain}: ${seal.coversHash.slice(0, 16)}`);
  s.text(`${s.t.deviceKey}:`);
  s.text(seal.keyFingerprint.replaceAll('-', ' '));
}

/** A period closing (NF525 clôture): the period's figures and the two grand totals. */
function closingReport(s: Sheet, p: PrintDocuments['period_closing']): void {
  const { t, f } = s;
  const c = p.closing;
  s.header();
  s.text(t.closing[c.kind], 'center', { bold: true, big: true });
  s.text(c.period, 'center', { bold: true });
  s.offlineMark();
  s.row(t.closedBy, `${f.d(c.closedAt)} ${c.closedBy}`);
  s.rule();
  s.row(`${t.sales} (${c.salesCount})`, f.m(c.salesTotal));
  s.row(t.refunds, f.m(-c.refundsTotal));
  s.row(t.periodGrandTotal, f.m(c.periodGrandTotal), true);
  s.rule();
  s.text(t.taxes, 'left', { bold: true });
  for (const x of c.taxes) s.row(`${taxLabel(t, f, x.code, x.ratePpm)} (${f.m(x.base)})`, f.m(x.tax));
  s.text(t.tenders, 'left', { bold: true });
  for (const x of c.tenders) s.row(`${t.methods[x.method] ?? x.method} (${x.count})`, f.m(x.amount));
  if (c.orderPayments?.length) {
    s.text(t.orderPayments, 'left', { bold: true });
    for (const x of c.orderPayments) s.row(`${t.methods[x.method] ?? x.method} (${x.count})`, f.m(x.amount));
  }
  s.rule();
  s.row(t.perpetualGrandTotal, f.m(c.perpetualGrandTotal), true);
  sealLines(s, c.seal);
  s.qr(c.id);
}

/** Test page: every table of the profile, each printing the same sample in that table. */
const SAMPLE_LATIN = 'é è ê ç à ù ô î ï ë É È Ç À € œ Œ « »';
const SAMPLE_CYRILLIC = 'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ абвгджщъюя';

function testPage(s: Sheet, p: PrintDocuments['test_page']): void {
  const { t } = s;
  const prof = s.ctx.profile;
  s.header();
  s.text(t.testPage, 'center', { bold: true, big: true });
  s.text(prof.name, 'center');
  s.text(`${prof.paperWidthMm} mm - ${prof.columns} ${t.columns}`, 'center');
  if (p.at) s.text(s.f.d(p.at), 'center');
  s.rule();
  s.text(t.tables, 'left', { bold: true });
  for (const cp of prof.codePages) {
    s.e.line(`ESC t ${cp.number}: ${cp.encoding}`);
    s.e.pinTable(cp.number);
    s.e.line(SAMPLE_LATIN);
    s.e.line(SAMPLE_CYRILLIC);
    s.e.unpinTable();
  }
  s.rule();
  s.row('0123456789'.repeat(5).slice(0, s.cols - 8), 'END');
  s.qr('comptoir-test');
}

export const PAPER_KINDS = [
  'sale_receipt',
  'refund_receipt',
  'cancel_slip',
  'x_report',
  'z_report',
  'period_closing',
  'drawer_slip',
  'payment_slip',
  'reservation_pickup',
  'reservation_return',
  'test_page',
  'asset_label',
] as const satisfies readonly PaperKind[];

/**
 * A unit's asset label: the asset ID big and as a QR code (the check-out scanner reads either),
 * the item and its serial number. No store header: the label is stuck on the machine.
 */
function assetLabel(s: Sheet, p: AssetLabelJob): void {
  s.text(p.productName, 'center', { bold: true });
  s.text(p.sku, 'center');
  s.text(p.assetId, 'center', { bold: true, big: true });
  if (p.serial) s.text(`S/N ${p.serial}`, 'center');
  s.qr(p.assetId);
}

/**
 * ESC/POS bytes of a document (a print job resolved from the ledger, services/print-documents.ts):
 * reset + table, drawer kick first (the clerk makes change while it prints), body, cut.
 */
export function renderDocument(doc: PrintDocument, ctx: RenderContext): Buffer {
  const s = new Sheet(ctx);
  s.e.init();
  if (ctx.kickDrawer || doc.kind === 'drawer_kick') s.e.kick();
  switch (doc.kind) {
    case 'drawer_kick':
      return s.e.bytes();
    case 'sale_receipt':
      saleReceipt(s, doc);
      break;
    case 'refund_receipt':
      refundReceipt(s, doc);
      break;
    case 'cancel_slip':
      cancelSlip(s, doc);
      break;
    case 'x_report':
    case 'z_report':
      report(s, doc);
      break;
    case 'period_closing':
      closingReport(s, doc);
      break;
    case 'drawer_slip':
      drawerSlip(s, doc);
      break;
    case 'payment_slip':
      paymentSlip(s, doc);
      break;
    case 'reservation_pickup':
      reservationSlip(s, doc, 'pickup');
      break;
    case 'reservation_return':
      reservationSlip(s, doc, 'return');
      break;
    case 'test_page':
      testPage(s, doc);
      break;
    case 'asset_label':
      assetLabel(s, doc);
      break;
    default:
      throw new RenderError(`no layout for print job kind ${(doc as { kind: string }).kind}`);
  }
  return s.finish();
}

/** The same, for a kind and its document apart (tests, benchmarks). */
export function renderJob<K extends PaperKind>(kind: K, doc: PrintDocuments[K], ctx: RenderContext): Buffer {
  return renderDocument({ kind, ...doc } as PrintDocument, ctx);
}

import type Database from 'better-sqlite3';
import { canonicalJson } from '../shared/canonical-json.ts';
import type { Entry } from '../shared/ledger/entries.ts';

/**
 * The business tables rebuilt from the journal and compared with what the file holds.
 *
 * The chain proves the journal was not edited; it says nothing of the tables the reports read.
 * `UPDATE sales SET total = 0` (or a tender deleted, a line's quantity changed) with sqlite3
 * left the chain whole while the day's sales report changed. Every such row is a projection
 * of journal entries — `sale.completed` is the frozen copy a sale's rows are written from — so
 * verify rebuilds what each row must say from the entries and names the first that differs:
 * table, key, column, what the journal says and what the table has. A row no entry explains,
 * and a row an entry wrote that is missing, are differences too.
 *
 * Covered: sales (the completed ones column by column; open and voided tickets by existence
 * and status), sale_lines, sale_taxes and tenders of completed sales, refunds, drawer sessions
 * (float, counts, expected, over/short, Z number) and Z reports (session and the figures the
 * closing entry recorded), drawer movements (by id where the entry names one; float, sale,
 * refund, deposit and order-payment cash by session/kind/ref and amount), order payments (their
 * columns, the clerk and time from the entry's actor and at, a cash payment's drawer session =
 * the one open at the time), period closings (kind, period, grand totals, the report's sales and
 * refunds totals, who and when) and approvals (manager, requester, reason, sale, time: each
 * entry whose payload carries an approval explains one row), and the lines of tickets still open or voided
 * (rebuilt from lineAdded/Changed/Removed: product, quantity, unit price, discount). Columns the entries
 * do not carry are not compared: a line's product name, a tax's rate in ppm, a refund's or a
 * payment's business date, an approval's command name, time stamps other than those named.
 */
export interface TableDiff {
  table: string;
  /** the row's key, e.g. the sale id, or `<sale id>/<tax code>` */
  key: string;
  /** the differing column, or `(row)` for a row missing on one side */
  column: string;
  journal: unknown;
  found: unknown;
}

export interface ProjectionReport {
  ok: boolean;
  /** rows compared per table */
  rows: Record<string, number>;
  /** the first difference, in table order (sales, sale_lines, sale_taxes, tenders, refunds, drawer_sessions, z_reports, drawer_movements, order_payments, period_closings, approvals) */
  first: TableDiff | null;
  /** how many differences in all */
  differences: number;
}

type Completed = Entry<'sale.completed'>;

interface ExpectedSale {
  status: string;
  completed: (Completed & { seq: number }) | null;
  refundedAmount: number;
}

interface ExpectedRefund {
  sale_id: string;
  channel: string;
  status: string;
  amount: number;
  kind: string;
  drawer_session_id?: string;
  reference: string | null;
}

interface ExpectedMovement {
  session_id: string | null;
  kind: string;
  amount: number;
  reason: string | null;
}

/** What the journal says the tables must hold. One pass over the entries, in seq order. */
function expected(sqlite: Database.Database) {
  const sales = new Map<string, ExpectedSale>();
  const refunds = new Map<string, ExpectedRefund>();
  const sessions = new Map<string, Record<string, unknown>>();
  const zReports = new Map<number, { sessionId: string; closed: Entry<'drawer.closed'> }>();
  /** pay-ins, pay-outs and no-sales: their entry names the movement's id */
  const movements = new Map<string, ExpectedMovement>();
  /** float, sale, refund and deposit movements: no id in their entry, so keyed by session, kind and sale / reservation */
  const keyed = new Map<string, number[]>();
  const push = (key: string, amount: number) => {
    const list = keyed.get(key);
    if (list) list.push(amount);
    else keyed.set(key, [amount]);
  };
  /** the lines of tickets not completed (open or voided), as sales.ts writes them: added, changed, removed */
  const ticketLines = new Map<string, Record<string, unknown> & { sale_id: string }>();
  /** order payments by payment id, as orders.ts writes them */
  const payments = new Map<string, Record<string, unknown>>();
  /** period closings by closing id */
  const closings = new Map<
    string,
    { row: Record<string, unknown>; salesTotal: number; refundsTotal: number }
  >();
  // pay-ins, pay-outs, no-sales and cash order payments go into the session open at the time (their entry does not name it)
  let openSession: string | null = null;
  const types = [
    'sale.opened',
    'sale.lineAdded',
    'sale.lineChanged',
    'sale.lineRemoved',
    'sale.voided',
    'sale.completed',
    'sale.cancelled',
    'sale.refunded',
    'sale.refundRequested',
    'sale.refundCompleted',
    'sale.linesReturned',
    'drawer.opened',
    'drawer.closed',
    'drawer.paidIn',
    'drawer.paidOut',
    'drawer.noSale',
    'reservation.depositTaken',
    'reservation.depositReturned',
    'order.paymentRecorded',
    'period.closed',
  ];
  const batch = sqlite.prepare(
    `SELECT seq, at, actor, type, payload FROM journal WHERE seq > ? AND type IN (${types.map(() => '?').join(', ')}) ORDER BY seq LIMIT 4096`,
  );
  const saleOf = (id: string): ExpectedSale => {
    let s = sales.get(id);
    if (!s) {
      s = { status: 'open', completed: null, refundedAmount: 0 };
      sales.set(id, s);
    }
    return s;
  };
  let after = 0;
  for (;;) {
    const rows = batch.all(after, ...types) as {
      seq: number;
      at: string;
      actor: string;
      type: string;
      payload: string;
    }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.type === 'drawer.opened') {
        const e = JSON.parse(r.payload) as Entry<'drawer.opened'>;
        sessions.set(e.sessionId, {
          number: e.number,
          status: 'open',
          float: e.float,
          float_count: canonicalJson(e.count),
        });
        push(`${e.sessionId}|float|`, e.float);
        openSession = e.sessionId;
        continue;
      }
      if (r.type === 'drawer.closed') {
        const e = JSON.parse(r.payload) as Entry<'drawer.closed'>;
        const want = sessions.get(e.sessionId) ?? {};
        sessions.set(e.sessionId, {
          ...want,
          status: 'closed',
          expected: e.expected,
          counted: e.counted,
          count: canonicalJson(e.count),
          over_short: e.overShort,
          z_number: e.zNumber,
          note: e.note,
        });
        zReports.set(e.zNumber, { sessionId: e.sessionId, closed: e });
        if (openSession === e.sessionId) openSession = null;
        continue;
      }
      if (r.type === 'drawer.paidIn' || r.type === 'drawer.paidOut' || r.type === 'drawer.noSale') {
        const e = JSON.parse(r.payload) as { movementId: string; amount?: number; reason: string };
        const kind =
          r.type === 'drawer.paidIn' ? 'pay_in' : r.type === 'drawer.paidOut' ? 'pay_out' : 'no_sale';
        const amount = kind === 'pay_in' ? e.amount! : kind === 'pay_out' ? -e.amount! : 0;
        movements.set(e.movementId, { session_id: openSession, kind, amount, reason: e.reason });
        continue;
      }
      if (r.type === 'order.paymentRecorded') {
        const e = JSON.parse(r.payload) as Entry<'order.paymentRecorded'>;
        const session = e.method === 'cash' ? openSession : null;
        payments.set(e.paymentId, {
          order_id: e.orderId,
          amount: e.amount,
          method: e.method,
          explanation: e.explanation,
          reference: e.reference,
          tendered: e.tendered,
          change: e.change,
          cash_rounding: e.cashRounding,
          clerk_id: r.actor,
          drawer_session_id: session,
          at: r.at,
        });
        // orders.ts: the cash collected (the amount and its rounding) goes into the drawer
        if (session) push(`${session}|order_payment|${e.orderId}`, e.amount + e.cashRounding);
        continue;
      }
      if (r.type === 'period.closed') {
        const e = JSON.parse(r.payload) as Entry<'period.closed'>;
        closings.set(e.closingId, {
          row: {
            kind: e.kind,
            period: e.period,
            period_grand_total: e.periodGrandTotal,
            perpetual_grand_total: e.perpetualGrandTotal,
            closed_at: r.at,
            closed_by: r.actor,
          },
          salesTotal: e.salesTotal,
          refundsTotal: e.refundsTotal,
        });
        continue;
      }
      if (r.type === 'reservation.depositTaken' || r.type === 'reservation.depositReturned') {
        const e = JSON.parse(r.payload) as Entry<'reservation.depositTaken'>;
        if (r.type === 'reservation.depositTaken')
          push(`${e.drawerSessionId}|deposit_in|${e.reservationId}`, e.amount);
        else push(`${e.drawerSessionId}|deposit_out|${e.reservationId}`, -e.amount);
        continue;
      }
      if (r.type === 'sale.lineAdded' || r.type === 'sale.lineChanged') {
        const e = JSON.parse(r.payload) as Entry<'sale.lineChanged'> & { productId?: string };
        const was = ticketLines.get(e.lineId);
        const d = e.discount as
          | { kind: 'amount'; amount: number }
          | { kind: 'percent'; basisPoints: number }
          | null;
        ticketLines.set(e.lineId, {
          sale_id: e.saleId,
          product_id: e.productId ?? was?.product_id,
          quantity: e.quantity,
          unit_price: e.unitPrice,
          discount_kind: d?.kind ?? null,
          discount_value: d ? (d.kind === 'amount' ? d.amount : d.basisPoints) : null,
        });
        saleOf(e.saleId);
        continue;
      }
      if (r.type === 'sale.lineRemoved') {
        ticketLines.delete((JSON.parse(r.payload) as Entry<'sale.lineRemoved'>).lineId);
        continue;
      }
      const p = JSON.parse(r.payload) as { saleId: string };
      const s = saleOf(p.saleId);
      switch (r.type) {
        case 'sale.voided':
          s.status = 'voided';
          break;
        case 'sale.completed':
          s.status = 'completed';
          s.completed = { ...(p as Completed), seq: r.seq };
          {
            // sales.ts: the cash tenders' amounts go into the drawer as one 'sale' movement
            let cash = 0;
            for (const t of s.completed.tenders) if (t.method === 'cash') cash += t.amount;
            if (cash > 0) push(`${s.completed.drawerSessionId}|sale|${p.saleId}`, cash);
          }
          break;
        case 'sale.cancelled':
          s.status = 'cancelled';
          break;
        case 'sale.refunded': {
          const e = p as Entry<'sale.refunded'>;
          s.status = 'refunded';
          s.refundedAmount = e.amount;
          push(`${e.drawerSessionId}|refund|${e.saleId}`, -e.amount);
          refunds.set(e.refundId, {
            sale_id: e.saleId,
            channel: 'cash',
            status: 'completed',
            amount: e.amount,
            kind: 'sale',
            drawer_session_id: e.drawerSessionId,
            reference: null,
          });
          break;
        }
        case 'sale.refundRequested': {
          const e = p as Entry<'sale.refundRequested'>;
          s.status = 'refund_pending';
          s.refundedAmount = e.amount;
          refunds.set(e.refundId, {
            sale_id: e.saleId,
            channel: 'card',
            status: 'pending',
            amount: e.amount,
            kind: 'sale',
            reference: null,
          });
          break;
        }
        case 'sale.refundCompleted': {
          const e = p as Entry<'sale.refundCompleted'>;
          s.status = 'refunded';
          for (const x of refunds.values())
            if (x.sale_id === e.saleId && x.status === 'pending') {
              x.status = 'completed';
              x.reference = e.reference;
            }
          break;
        }
        case 'sale.linesReturned': {
          const e = p as Entry<'sale.linesReturned'>;
          s.refundedAmount += e.amount;
          push(`${e.drawerSessionId}|refund|${e.saleId}`, -e.amount);
          refunds.set(e.refundId, {
            sale_id: e.saleId,
            channel: 'cash',
            status: 'completed',
            amount: e.amount,
            kind: 'lines',
            drawer_session_id: e.drawerSessionId,
            reference: null,
          });
          break;
        }
      }
    }
    after = rows[rows.length - 1]!.seq;
  }
  return {
    sales,
    refunds,
    sessions,
    zReports,
    movements,
    keyed,
    payments,
    closings,
    ticketLines,
    approvals: approvalsOf(sqlite),
  };
}

/**
 * The approvals the journal says were given: every entry whose payload carries a non-null
 * `approval` (context.ts requireApproval writes one approvals row per approved command, and the
 * command's one entry carries it), as a multiset keyed by what both sides hold. The cheap text
 * test keeps verify from parsing every payload: canonical JSON writes `"approval":{` exactly.
 */
function approvalsOf(sqlite: Database.Database): Map<string, number> {
  const out = new Map<string, number>();
  const q = sqlite.prepare(
    `SELECT seq, at, actor, payload FROM journal WHERE seq > ? AND instr(payload, '"approval":{') > 0 ORDER BY seq LIMIT 4096`,
  );
  let after = 0;
  for (;;) {
    const rows = q.all(after) as { seq: number; at: string; actor: string; payload: string }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const p = JSON.parse(r.payload) as {
        approval?: { managerId: string; reason: string } | null;
        saleId?: string;
      };
      if (!p.approval) continue;
      const k = approvalKey(r.at, r.actor, p.approval.managerId, p.approval.reason, p.saleId ?? null);
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    after = rows[rows.length - 1]!.seq;
  }
  return out;
}

const approvalKey = (at: string, by: string, manager: string, reason: string, ref: string | null) =>
  canonicalJson({ at, by, manager, reason, ref });

/** Compare `want` with `row` on `want`'s columns; the first column that differs, or null. */
function firstColumn(
  want: Record<string, unknown>,
  row: Record<string, unknown>,
): [string, unknown, unknown] | null {
  for (const [k, v] of Object.entries(want)) {
    if (v === undefined) continue;
    if (row[k] !== v) return [k, v, row[k]];
  }
  return null;
}

export function checkProjections(sqlite: Database.Database): ProjectionReport {
  const { sales, refunds, sessions, zReports, movements, keyed, payments, closings, ticketLines, approvals } =
    expected(sqlite);
  const rows: Record<string, number> = {
    sales: 0,
    sale_lines: 0,
    sale_taxes: 0,
    tenders: 0,
    refunds: 0,
    drawer_sessions: 0,
    z_reports: 0,
    drawer_movements: 0,
    order_payments: 0,
    period_closings: 0,
    approvals: 0,
  };
  let first: TableDiff | null = null;
  let differences = 0;
  const diff = (d: TableDiff) => {
    differences++;
    first ??= d;
  };

  // sales: every row explained by an entry, and every completed sale's columns as journaled
  const seen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM sales ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string }
  >) {
    rows.sales!++;
    seen.add(row.id);
    const s = sales.get(row.id);
    if (!s) {
      diff({ table: 'sales', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    const c = s.completed;
    const want: Record<string, unknown> = { status: s.status };
    if (c) {
      Object.assign(want, {
        receipt_number: c.receiptNumber,
        currency: c.currency,
        customer_id: c.customerId,
        drawer_session_id: c.drawerSessionId,
        business_date: c.businessDate,
        subtotal: c.subtotal,
        tax_total: c.taxTotal,
        total: c.total,
        cash_rounding: c.cashRounding,
        paid: c.paid,
        refunded_amount: s.refundedAmount,
        completion_seq: c.seq,
      });
    }
    const d = firstColumn(want, row);
    if (d) diff({ table: 'sales', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of sales.keys())
    if (!seen.has(id)) diff({ table: 'sales', key: id, column: '(row)', journal: 'a row', found: 'none' });

  const completed = [...sales.entries()].filter(([, s]) => s.completed) as [
    string,
    ExpectedSale & { completed: Completed & { seq: number } },
  ][];

  // sale_lines of completed sales (position, product, quantities and amounts as frozen)
  const wantLines = new Map<string, Record<string, unknown>>();
  for (const [id, s] of completed)
    s.completed.lines.forEach((l, i) => {
      wantLines.set(l.lineId, {
        sale_id: id,
        position: i + 1,
        product_id: l.productId,
        sku: l.sku,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        list_price: l.listPrice,
        discount: l.discount,
        amount: l.amount,
        tax_category: l.taxCategory,
      });
    });
  const completedIds = new Set(completed.map(([id]) => id));
  const linesSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT l.* FROM sale_lines l ORDER BY l.rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string; sale_id: string }
  >) {
    rows.sale_lines!++;
    linesSeen.add(row.id);
    // a completed sale's lines as frozen in sale.completed; an open or voided ticket's as its
    // line entries left them (the prices and amounts they carry; names and amounts are the
    // catalogue's and the pricing's, not in the entries)
    const want = completedIds.has(row.sale_id) ? wantLines.get(row.id) : ticketLines.get(row.id);
    if (!want) {
      diff({ table: 'sale_lines', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    const d = firstColumn(want, row);
    if (d) diff({ table: 'sale_lines', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of wantLines.keys())
    if (!linesSeen.has(id))
      diff({ table: 'sale_lines', key: id, column: '(row)', journal: 'a row', found: 'none' });
  for (const [id, l] of ticketLines)
    if (!linesSeen.has(id) && !completedIds.has(l.sale_id))
      diff({ table: 'sale_lines', key: id, column: '(row)', journal: 'a row', found: 'none' });

  // sale_taxes: one row per sale and tax code, base and tax as journaled
  const wantTaxes = new Map<string, Record<string, unknown>>();
  for (const [id, s] of completed)
    for (const t of s.completed.taxes)
      wantTaxes.set(`${id}/${t.code}`, { base: t.base, tax: t.tax, business_date: s.completed.businessDate });
  const taxesSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM sale_taxes ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { sale_id: string; code: string }
  >) {
    rows.sale_taxes!++;
    const key = `${row.sale_id}/${row.code}`;
    taxesSeen.add(key);
    const want = wantTaxes.get(key);
    if (!want) {
      diff({ table: 'sale_taxes', key, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    const d = firstColumn(want, row);
    if (d) diff({ table: 'sale_taxes', key, column: d[0], journal: d[1], found: d[2] });
  }
  for (const key of wantTaxes.keys())
    if (!taxesSeen.has(key))
      diff({ table: 'sale_taxes', key, column: '(row)', journal: 'a row', found: 'none' });

  // tenders: per sale, in the order they were written, as journaled
  const tendersBySale = new Map<string, (Record<string, unknown> & { id: string })[]>();
  for (const row of sqlite.prepare('SELECT * FROM tenders ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string; sale_id: string }
  >) {
    rows.tenders!++;
    const list = tendersBySale.get(row.sale_id) ?? [];
    list.push(row);
    tendersBySale.set(row.sale_id, list);
  }
  for (const [saleId, list] of tendersBySale) {
    const want = sales.get(saleId)?.completed?.tenders;
    if (!want) {
      diff({ table: 'tenders', key: list[0]!.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    if (list.length !== want.length) {
      diff({
        table: 'tenders',
        key: saleId,
        column: '(rows of the sale)',
        journal: want.length,
        found: list.length,
      });
      continue;
    }
    want.forEach((t, i) => {
      const row = list[i]!;
      const d = firstColumn(
        {
          method: t.method,
          amount: t.amount,
          tendered: t.tendered,
          change: t.change,
          reference: t.reference,
          business_date: sales.get(saleId)!.completed!.businessDate,
        },
        row,
      );
      if (d) diff({ table: 'tenders', key: row.id, column: d[0], journal: d[1], found: d[2] });
    });
  }
  for (const [id, s] of completed)
    if (s.completed.tenders.length > 0 && !tendersBySale.has(id))
      diff({
        table: 'tenders',
        key: id,
        column: '(rows of the sale)',
        journal: s.completed.tenders.length,
        found: 0,
      });

  // refunds
  const refundsSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM refunds ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string }
  >) {
    rows.refunds!++;
    refundsSeen.add(row.id);
    const want = refunds.get(row.id);
    if (!want) {
      diff({ table: 'refunds', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    const d = firstColumn({ ...want }, row);
    if (d) diff({ table: 'refunds', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of refunds.keys())
    if (!refundsSeen.has(id))
      diff({ table: 'refunds', key: id, column: '(row)', journal: 'a row', found: 'none' });

  // drawer sessions: number, float and its count when opened; the count, expected, over/short, Z when closed
  const sessionsSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM drawer_sessions ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string; float_count: string; count: string | null }
  >) {
    rows.drawer_sessions!++;
    sessionsSeen.add(row.id);
    const want = sessions.get(row.id);
    if (!want) {
      diff({ table: 'drawer_sessions', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    // the counts are JSON text: compared as values (key order is not the journal's business)
    const found = {
      ...row,
      float_count: canonicalOf(row.float_count),
      count: row.count === null ? null : canonicalOf(row.count),
    };
    const d = firstColumn(want, found);
    if (d) diff({ table: 'drawer_sessions', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of sessions.keys())
    if (!sessionsSeen.has(id))
      diff({ table: 'drawer_sessions', key: id, column: '(row)', journal: 'a row', found: 'none' });

  // Z reports: one per drawer.closed, for its session, with the figures the entry recorded
  const zSeen = new Set<number>();
  for (const row of sqlite
    .prepare('SELECT number, session_id, report FROM z_reports ORDER BY number')
    .iterate() as Iterable<{
    number: number;
    session_id: string;
    report: string;
  }>) {
    rows.z_reports!++;
    zSeen.add(row.number);
    const key = String(row.number);
    const want = zReports.get(row.number);
    if (!want) {
      diff({ table: 'z_reports', key, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    let report: Record<string, unknown> = {};
    try {
      report = JSON.parse(row.report) as Record<string, unknown>;
    } catch {
      diff({ table: 'z_reports', key, column: 'report', journal: 'a report', found: 'not JSON' });
      continue;
    }
    const c = want.closed;
    const d = firstColumn(
      {
        session_id: want.sessionId,
        'report.expectedCash': c.expected,
        'report.countedCash': c.counted,
        'report.overShort': c.overShort,
        'report.salesTotal': c.salesTotal,
        'report.refundsTotal': c.refundsTotal,
      },
      {
        session_id: row.session_id,
        'report.expectedCash': report.expectedCash,
        'report.countedCash': report.countedCash,
        'report.overShort': report.overShort,
        'report.salesTotal': report.salesTotal,
        'report.refundsTotal': report.refundsTotal,
      },
    );
    if (d) diff({ table: 'z_reports', key, column: d[0], journal: d[1], found: d[2] });
  }
  for (const n of zReports.keys())
    if (!zSeen.has(n))
      diff({ table: 'z_reports', key: String(n), column: '(row)', journal: 'a row', found: 'none' });

  // drawer_movements: pay-ins/outs and no-sales by id; float, sale, refund, deposit and
  // order-payment movements by (session, kind, sale / reservation / order) and amount; and each
  // closed session's total, which must be the expected cash its drawer.closed entry recorded
  const movementsSeen = new Set<string>();
  const sums = new Map<string, number>();
  const byRef = new Set(['float', 'sale', 'refund', 'deposit_in', 'deposit_out', 'order_payment']);
  for (const row of sqlite.prepare('SELECT * FROM drawer_movements ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & {
      id: string;
      session_id: string;
      kind: string;
      amount: number;
      ref_id: string | null;
    }
  >) {
    rows.drawer_movements!++;
    sums.set(row.session_id, (sums.get(row.session_id) ?? 0) + row.amount);
    const stray = () =>
      diff({ table: 'drawer_movements', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
    if (!sessions.has(row.session_id)) {
      stray();
      continue;
    }
    const want = movements.get(row.id);
    if (want) {
      movementsSeen.add(row.id);
      const d = firstColumn({ ...want }, row);
      if (d) diff({ table: 'drawer_movements', key: row.id, column: d[0], journal: d[1], found: d[2] });
    } else if (byRef.has(row.kind)) {
      const list = keyed.get(
        `${row.session_id}|${row.kind}|${row.kind === 'float' ? '' : (row.ref_id ?? '')}`,
      );
      if (!list || list.length === 0) {
        stray();
        continue;
      }
      const at = list.indexOf(row.amount);
      if (at >= 0) list.splice(at, 1);
      else
        diff({
          table: 'drawer_movements',
          key: row.id,
          column: 'amount',
          journal: list.shift(),
          found: row.amount,
        });
    } else stray();
  }
  for (const [id, m] of movements)
    if (!movementsSeen.has(id))
      diff({
        table: 'drawer_movements',
        key: id,
        column: `(row: ${m.kind})`,
        journal: 'a row',
        found: 'none',
      });
  for (const [k, list] of keyed)
    for (const amount of list) {
      const [session, kind, ref] = k.split('|');
      diff({
        table: 'drawer_movements',
        key: `${session}/${kind}${ref ? `/${ref}` : ''}`,
        column: '(row)',
        journal: `a row of ${amount}`,
        found: 'none',
      });
    }
  for (const [id, s] of sessions)
    if (s.status === 'closed' && (sums.get(id) ?? 0) !== s.expected)
      diff({
        table: 'drawer_movements',
        key: id,
        column: 'sum(amount)',
        journal: s.expected,
        found: sums.get(id) ?? 0,
      });

  // order payments: every row explained by its entry, column by column
  const paymentsSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM order_payments ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string }
  >) {
    rows.order_payments!++;
    paymentsSeen.add(row.id);
    const want = payments.get(row.id);
    if (!want) {
      diff({ table: 'order_payments', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    const d = firstColumn(want, row);
    if (d) diff({ table: 'order_payments', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of payments.keys())
    if (!paymentsSeen.has(id))
      diff({ table: 'order_payments', key: id, column: '(row)', journal: 'a row', found: 'none' });

  // period closings: the grand totals, the report's totals, who and when
  const closingsSeen = new Set<string>();
  for (const row of sqlite.prepare('SELECT * FROM period_closings ORDER BY rowid').iterate() as Iterable<
    Record<string, unknown> & { id: string; report: string }
  >) {
    rows.period_closings!++;
    closingsSeen.add(row.id);
    const want = closings.get(row.id);
    if (!want) {
      diff({ table: 'period_closings', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    let report: Record<string, unknown> = {};
    try {
      report = JSON.parse(row.report) as Record<string, unknown>;
    } catch {
      diff({
        table: 'period_closings',
        key: row.id,
        column: 'report',
        journal: 'a report',
        found: 'not JSON',
      });
      continue;
    }
    const d =
      firstColumn(want.row, row) ??
      firstColumn(
        {
          'report.salesTotal': want.salesTotal,
          'report.refundsTotal': want.refundsTotal,
          'report.periodGrandTotal': want.row.period_grand_total,
          'report.perpetualGrandTotal': want.row.perpetual_grand_total,
        },
        {
          'report.salesTotal': report.salesTotal,
          'report.refundsTotal': report.refundsTotal,
          'report.periodGrandTotal': report.periodGrandTotal,
          'report.perpetualGrandTotal': report.perpetualGrandTotal,
        },
      );
    if (d) diff({ table: 'period_closings', key: row.id, column: d[0], journal: d[1], found: d[2] });
  }
  for (const id of closings.keys())
    if (!closingsSeen.has(id))
      diff({ table: 'period_closings', key: id, column: '(row)', journal: 'a row', found: 'none' });

  // approvals: each row is one entry's approval (a multiset: the row id is in no entry)
  for (const row of sqlite
    .prepare('SELECT id, manager_id, requested_by, reason, ref_id, at FROM approvals ORDER BY rowid')
    .iterate() as Iterable<{
    id: string;
    manager_id: string;
    requested_by: string;
    reason: string;
    ref_id: string | null;
    at: string;
  }>) {
    rows.approvals!++;
    const k = approvalKey(row.at, row.requested_by, row.manager_id, row.reason, row.ref_id);
    const n = approvals.get(k) ?? 0;
    if (n === 0) {
      diff({ table: 'approvals', key: row.id, column: '(row)', journal: 'no entry', found: 'a row' });
      continue;
    }
    if (n === 1) approvals.delete(k);
    else approvals.set(k, n - 1);
  }
  for (const [k, n] of approvals) {
    const a = JSON.parse(k) as { at: string; by: string; manager: string; reason: string };
    for (let i = 0; i < n; i++)
      diff({
        table: 'approvals',
        key: `${a.at}/${a.manager}`,
        column: '(row)',
        journal: `an approval by ${a.manager} for ${a.by}: ${a.reason}`,
        found: 'none',
      });
  }

  return { ok: differences === 0, rows, first, differences };
}

function canonicalOf(text: string): string {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return text;
  }
}

/** One line for the CLI: "sales key 01J… column total: the journal says 4709, the table has 0". */
export function describeDiff(d: TableDiff): string {
  const show = (v: unknown) => (v === null ? 'null' : typeof v === 'string' ? v : JSON.stringify(v));
  return `${d.table} key ${d.key} column ${d.column}: the journal says ${show(d.journal)}, the table has ${show(d.found)}`;
}

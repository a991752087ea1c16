import { endOfMonth, format, isValid, parse, subDays } from 'date-fns';
import { all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { PeriodClosing, SalesReportRow } from '../../shared/api/types.ts';
import { localHour } from '../../shared/business-date.ts';
import { CommandError, issue, validationError } from '../../shared/errors.ts';
import { REVENUE_STATUSES } from '../../shared/state/sale.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';
import { sealClosing } from './seals.ts';

/**
 * Periodic closings (NF525 "clôtures"): day, month, year. Each is stored once, immutable,
 * journaled and numbered by its period. Figures come from the ledger by business date:
 *   period grand total   = sales completed in the period − refunds made in the period
 *   perpetual grand total = the same since the till's first sale, up to the period's end
 * Refunds are contra entries on the day they happen: a closed day is never rewritten.
 */
export function periodBounds(kind: 'day' | 'month' | 'year', period: string): { from: string; to: string } {
  if (kind === 'day') return { from: period, to: period };
  if (kind === 'month') {
    const first = parse(`${period}-01`, 'yyyy-MM-dd', new Date(2000, 0, 1));
    return { from: `${period}-01`, to: format(endOfMonth(first), 'yyyy-MM-dd') };
  }
  return { from: `${period}-01-01`, to: `${period}-12-31` };
}

const SOLD = "status NOT IN ('open', 'voided')";

/** A real day, month or year of the calendar (the shape alone lets 2026-02-31 and 2026-13 through). */
export function isCalendarPeriod(kind: 'day' | 'month' | 'year', period: string): boolean {
  const fmt = kind === 'day' ? 'yyyy-MM-dd' : kind === 'month' ? 'yyyy-MM' : 'yyyy';
  const d = parse(period, fmt, new Date(2000, 0, 1));
  return isValid(d) && format(d, fmt) === period;
}

/**
 * Sums per (code, rate) over a date range without GROUP BY's sort: the few distinct keys are
 * found by seeking from one to the next in the covering index sale_taxes_code_date (code,
 * rate_ppm, business_date, base, tax), then each key's range is summed. Only the period's
 * index entries are read. Same rows, order (code, rate_ppm) and sums as
 * `SELECT code, rate_ppm, sum(base), sum(tax) … GROUP BY code, rate_ppm ORDER BY code`.
 */
function taxTotals(db: Env['sqlite'], from: string, to: string) {
  const out: { code: string; rate_ppm: number; base: number; tax: number }[] = [];
  let key = one<{ code: string; rate_ppm: number }>(
    db,
    'SELECT code, rate_ppm FROM sale_taxes ORDER BY code, rate_ppm LIMIT 1',
  );
  while (key) {
    const g = one<{ n: number; base: number; tax: number }>(
      db,
      `SELECT count(*) AS n, sum(base) AS base, sum(tax) AS tax FROM sale_taxes
       WHERE code = ? AND rate_ppm = ? AND business_date BETWEEN ? AND ?`,
      key.code,
      key.rate_ppm,
      from,
      to,
    )!;
    if (g.n > 0) out.push({ code: key.code, rate_ppm: key.rate_ppm, base: g.base, tax: g.tax });
    key = one<{ code: string; rate_ppm: number }>(
      db,
      'SELECT code, rate_ppm FROM sale_taxes WHERE (code, rate_ppm) > (?, ?) ORDER BY code, rate_ppm LIMIT 1',
      key.code,
      key.rate_ppm,
    );
  }
  return out;
}

/** Count and sum per tender method over a date range, the same way (index tenders_method_date). */
function tenderTotals(db: Env['sqlite'], from: string, to: string) {
  const out: { method: string; n: number; amount: number }[] = [];
  let key = one<{ method: string }>(db, 'SELECT method FROM tenders ORDER BY method LIMIT 1');
  while (key) {
    const g = one<{ n: number; amount: number }>(
      db,
      'SELECT count(*) AS n, sum(amount) AS amount FROM tenders WHERE method = ? AND business_date BETWEEN ? AND ?',
      key.method,
      from,
      to,
    )!;
    if (g.n > 0) out.push({ method: key.method, n: g.n, amount: g.amount });
    key = one<{ method: string }>(
      db,
      'SELECT method FROM tenders WHERE method > ? ORDER BY method LIMIT 1',
      key.method,
    );
  }
  return out;
}

/** The sub-periods a period is made of: a year's 12 months, a month's days. */
function subPeriods(kind: 'month' | 'year', period: string): { kind: 'day' | 'month'; periods: string[] } {
  if (kind === 'year') {
    return {
      kind: 'month',
      periods: Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`),
    };
  }
  const last = Number(periodBounds('month', period).to.slice(8));
  return {
    kind: 'day',
    periods: Array.from({ length: last }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`),
  };
}

/**
 * NF525's cumulative closings: when every sub-period is closed (all 12 months of a year, all
 * days of a month) the period is the sum of those closings — O(sub-periods), not O(sales).
 * Rows dated inside a closed past period never change (sales and refunds are booked on the
 * current business day), so this equals computing from the rows; the tests check both agree.
 */
function cumulate(
  env: Env,
  kind: 'month' | 'year',
  period: string,
): Omit<PeriodClosing, 'id' | 'closedAt' | 'closedBy'> | null {
  const sub = subPeriods(kind, period);
  const rows = all<{ period: string; report: string }>(
    env.sqlite,
    'SELECT period, report FROM period_closings WHERE kind = ? AND period BETWEEN ? AND ? ORDER BY period',
    sub.kind,
    sub.periods[0],
    sub.periods[sub.periods.length - 1],
  );
  if (rows.length !== sub.periods.length) return null;
  const parts = rows.map((r) => JSON.parse(r.report) as PeriodClosing);
  const taxes = new Map<string, { code: string; ratePpm: number; base: number; tax: number }>();
  const tenders = new Map<string, { method: string; count: number; amount: number }>();
  const orderPayments = new Map<string, { method: string; count: number; amount: number }>();
  const add = (into: typeof tenders, t: { method: string; count: number; amount: number }) => {
    const acc = into.get(t.method) ?? { method: t.method, count: 0, amount: 0 };
    acc.count += t.count;
    acc.amount += t.amount;
    into.set(t.method, acc);
  };
  for (const p of parts) {
    for (const t of p.taxes) {
      const k = `${t.code}\u0000${t.ratePpm}`;
      const acc = taxes.get(k) ?? { code: t.code, ratePpm: t.ratePpm, base: 0, tax: 0 };
      acc.base += t.base;
      acc.tax += t.tax;
      taxes.set(k, acc);
    }
    for (const t of p.tenders) add(tenders, t);
    for (const t of p.orderPayments ?? []) add(orderPayments, t);
  }
  const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const salesTotal = parts.reduce((a, p) => a + p.salesTotal, 0);
  const refundsTotal = parts.reduce((a, p) => a + p.refundsTotal, 0);
  return {
    kind,
    period,
    currency: env.jurisdiction.currency,
    salesCount: parts.reduce((a, p) => a + p.salesCount, 0),
    salesTotal,
    refundsTotal,
    periodGrandTotal: salesTotal - refundsTotal,
    perpetualGrandTotal: parts[parts.length - 1]!.perpetualGrandTotal,
    taxes: [...taxes.values()].sort((a, b) => byCode(a.code, b.code) || a.ratePpm - b.ratePpm),
    tenders: [...tenders.values()].sort((a, b) => byCode(a.method, b.method)),
    orderPayments: [...orderPayments.values()].sort((a, b) => byCode(a.method, b.method)),
  };
}

/** The larger periods a period belongs to: a day's month and year, a month's year. */
export function enclosing(
  kind: 'day' | 'month' | 'year',
  period: string,
): { kind: 'month' | 'year'; period: string }[] {
  if (kind === 'day')
    return [
      { kind: 'month', period: period.slice(0, 7) },
      { kind: 'year', period: period.slice(0, 4) },
    ];
  if (kind === 'month') return [{ kind: 'year', period: period.slice(0, 4) }];
  return [];
}

/** The period just before: the previous day, month or year. */
function previousPeriod(kind: 'day' | 'month' | 'year', period: string): string {
  if (kind === 'year') return String(Number(period) - 1);
  if (kind === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  return format(subDays(parse(period, 'yyyy-MM-dd', new Date(2000, 0, 1)), 1), 'yyyy-MM-dd');
}

/**
 * Net total (sales − refunds) of everything dated before `from`. When the previous period of
 * the same kind is closed, that is its perpetual grand total (nothing dated in a closed past
 * period changes); otherwise it is summed from the rows.
 */
function perpetualBefore(env: Env, kind: 'day' | 'month' | 'year', period: string, from: string): number {
  const prev = one<{ p: number }>(
    env.sqlite,
    'SELECT perpetual_grand_total AS p FROM period_closings WHERE kind = ? AND period = ?',
    kind,
    previousPeriod(kind, period),
  );
  if (prev) return prev.p;
  const sales = one<{ t: number | null }>(
    env.sqlite,
    `SELECT sum(paid) AS t FROM sales WHERE business_date < ? AND ${SOLD}`,
    from,
  )!;
  const refunds = one<{ t: number | null }>(
    env.sqlite,
    'SELECT sum(amount) AS t FROM refunds WHERE business_date < ?',
    from,
  )!;
  return (sales.t ?? 0) - (refunds.t ?? 0);
}

export function computePeriod(
  env: Env,
  kind: 'day' | 'month' | 'year',
  period: string,
  opts: { fromRows?: boolean } = {},
): Omit<PeriodClosing, 'id' | 'closedAt' | 'closedBy'> {
  if (kind !== 'day' && !opts.fromRows) {
    const c = cumulate(env, kind, period);
    if (c) return c;
  }
  const { from, to } = periodBounds(kind, period);
  const db = env.sqlite;
  // both read the covering index sales_business_date_paid (business_date, status, paid); the
  // perpetual total is what came before the period plus the period, so no row is read twice
  const sales = one<{ n: number; t: number | null }>(
    db,
    `SELECT count(*) AS n, sum(paid) AS t FROM sales WHERE business_date BETWEEN ? AND ? AND ${SOLD}`,
    from,
    to,
  )!;

  const refunds = one<{ t: number | null }>(
    db,
    'SELECT sum(amount) AS t FROM refunds WHERE business_date BETWEEN ? AND ?',
    from,
    to,
  )!;

  const taxes = taxTotals(db, from, to);
  const refundedTaxes = all<{ code: string; rate_ppm: number; base: number; tax: number }>(
    db,
    `SELECT t.code, t.rate_ppm, sum(t.base) AS base, sum(t.tax) AS tax FROM refund_taxes t
     WHERE t.business_date BETWEEN ? AND ? GROUP BY t.code, t.rate_ppm`,
    from,
    to,
  );
  const tenders = tenderTotals(db, from, to);
  const salesTotal = sales.t ?? 0;
  const refundsTotal = refunds.t ?? 0;
  return {
    kind,
    period,
    currency: env.jurisdiction.currency,
    salesCount: sales.n,
    salesTotal,
    refundsTotal,
    periodGrandTotal: salesTotal - refundsTotal,
    perpetualGrandTotal: perpetualBefore(env, kind, period, from) + salesTotal - refundsTotal,
    // contra entries: a code refunded in the period but not sold in it still shows (negative)
    taxes: [
      ...taxes,
      ...refundedTaxes
        .filter((r) => !taxes.some((t) => t.code === r.code && t.rate_ppm === r.rate_ppm))
        .map((r) => ({ code: r.code, rate_ppm: r.rate_ppm, base: 0, tax: 0 })),
    ]
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .map((t) => {
        const r = refundedTaxes.find((x) => x.code === t.code && x.rate_ppm === t.rate_ppm);
        return {
          code: t.code,
          ratePpm: t.rate_ppm,
          base: t.base - (r?.base ?? 0),
          tax: t.tax - (r?.tax ?? 0),
        };
      }),
    tenders: tenders.map((t) => ({ method: t.method, count: t.n, amount: t.amount })),
    orderPayments: all<{ method: string; count: number; amount: number }>(
      db,
      `SELECT method, count(*) AS count, sum(amount + cash_rounding) AS amount FROM order_payments
       WHERE business_date BETWEEN ? AND ? GROUP BY method ORDER BY method`,
      from,
      to,
    ),
  };
}

export const closingHandlers = {
  'period.close'(ctx: CommandContext, input: OpParsed<'period.close'>): PeriodClosing {
    const { kind, period } = input;
    if (!isCalendarPeriod(kind, period)) {
      // the schema checks the shape (YYYY-MM-DD); 2026-02-31 has it and is no day
      throw validationError([
        issue('period', 'notCalendarPeriod', `${period} is not a calendar ${kind}`, { kind }),
      ]);
    }
    const today = ctx.businessDate();
    const { to } = periodBounds(kind, period);
    if (to > today) {
      throw new CommandError('INVALID_STATE', `${kind} ${period} is not over yet (business date ${today})`, {
        details: { reason: 'notOver', kind, period, today },
      });
    }
    if (one(ctx.sqlite, 'SELECT 1 FROM period_closings WHERE kind = ? AND period = ?', kind, period)) {
      throw new CommandError('CONFLICT', `${kind} ${period} is already closed`, {
        details: { reason: 'alreadyClosed', kind, period },
      });
    }
    // a day of a closed month (or year), or a month of a closed year: the larger closing already
    // covers it, and a closing made after it would tell a different story for the same days
    for (const outer of enclosing(kind, period)) {
      if (
        one(
          ctx.sqlite,
          'SELECT 1 FROM period_closings WHERE kind = ? AND period = ?',
          outer.kind,
          outer.period,
        )
      ) {
        throw new CommandError(
          'CONFLICT',
          `${kind} ${period} is inside ${outer.kind} ${outer.period}, already closed`,
          {
            details: { reason: 'insideClosedPeriod', closedKind: outer.kind, closedPeriod: outer.period },
          },
        );
      }
    }
    const figures = computePeriod(ctx.env, kind, period);
    const closing: PeriodClosing = {
      id: ctx.newId(),
      ...figures,
      closedAt: ctx.atIso,
      closedBy: ctx.actor.name,
    };
    const sealed = sealClosing(ctx, kind, `${kind}:${period}`, {
      salesTotal: closing.salesTotal,
      refundsTotal: closing.refundsTotal,
      periodGrandTotal: closing.periodGrandTotal,
      perpetualGrandTotal: closing.perpetualGrandTotal,
    });
    closing.seal = sealed.seal;
    run(
      ctx.sqlite,
      `INSERT INTO period_closings (id, kind, period, period_grand_total, perpetual_grand_total, report, closed_at, closed_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      closing.id,
      kind,
      period,
      closing.periodGrandTotal,
      closing.perpetualGrandTotal,
      JSON.stringify(closing),
      ctx.atIso,
      ctx.actor.id,
    );
    const entry = ctx.record('period.closed', {
      closingId: closing.id,
      kind,
      period,
      salesTotal: closing.salesTotal,
      refundsTotal: closing.refundsTotal,
      periodGrandTotal: closing.periodGrandTotal,
      perpetualGrandTotal: closing.perpetualGrandTotal,
      seal: closing.seal,
    });
    sealed.store(entry.seq);
    if (input.print) ctx.print('period_closing', { closingId: closing.id });
    return closing;
  },
};

/** per sale, what returns of its lines took back: cash handed back and taxes (report.sales takes them off) */
const RETURNED_JOIN = `LEFT JOIN (
  SELECT r.sale_id, sum(r.amount) AS amount,
    sum((SELECT coalesce(sum(t.tax), 0) FROM refund_taxes t WHERE t.refund_id = r.id)) AS tax
  FROM refunds r WHERE r.kind = 'lines' GROUP BY r.sale_id) rr ON rr.sale_id = s.id`;

/**
 * `total` shared in proportion to `weights`, in whole minor units that add up to `total` exactly
 * (largest remainder; ties to the earlier line). All weights zero: the first share takes it all.
 */
export function shareByWeight(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const exact = weights.map((w) => (BigInt(total) * BigInt(w)) as bigint);
  const big = BigInt(sum);
  // floor division for negatives too (a negative total shares negatively)
  const floor = exact.map((x) => {
    const q = x / big;
    return x % big !== 0n && x < 0n !== big < 0n ? q - 1n : q;
  });
  let left = total - floor.reduce((a, x) => a + Number(x), 0);
  const order = exact
    .map((x, i) => ({ i, rem: x - floor[i]! * big }))
    .sort((a, b) => (b.rem > a.rem ? 1 : b.rem < a.rem ? -1 : a.i - b.i));
  const out = floor.map(Number);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]!.i]!++;
  return out;
}

const REVENUE_SQL = `s.status IN (${REVENUE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

export const closingQueries = {
  'period.list'(env: ReadEnv): PeriodClosing[] {
    return all<{ report: string }>(
      env.sqlite,
      'SELECT report FROM period_closings ORDER BY closed_at DESC LIMIT 200',
    ).map((r) => JSON.parse(r.report) as PeriodClosing);
  },

  /**
   * Sales statistics; refunded (and refund-pending) sales are excluded from revenue, and the
   * lines returned from a completed sale are taken off it (their cash, taxes and line amounts).
   */
  'report.sales'(env: ReadEnv, input: OpParsed<'report.sales'>): SalesReportRow[] {
    const db = env.sqlite;
    const range = [input.from, input.to];
    switch (input.groupBy) {
      case 'day':
        return all<SalesReportRow>(
          db,
          `SELECT s.business_date AS key, count(*) AS count, sum(s.paid) - sum(coalesce(rr.amount, 0)) AS amount,
           sum(s.tax_total) - sum(coalesce(rr.tax, 0)) AS tax FROM sales s ${RETURNED_JOIN}
           WHERE s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL} GROUP BY s.business_date ORDER BY s.business_date`,
          ...range,
        );
      case 'clerk':
        return all<SalesReportRow>(
          db,
          `SELECT u.name AS key, count(*) AS count, sum(s.paid) - sum(coalesce(rr.amount, 0)) AS amount,
           sum(s.tax_total) - sum(coalesce(rr.tax, 0)) AS tax FROM sales s ${RETURNED_JOIN}
           JOIN users u ON u.id = s.clerk_id WHERE s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}
           GROUP BY u.name ORDER BY amount DESC`,
          ...range,
        );
      case 'tender':
        // a return's cash went out of the drawer: taken off cash, whatever paid the sale
        return all<SalesReportRow>(
          db,
          `SELECT x.method AS key, sum(x.n) AS count, sum(x.amount) AS amount, 0 AS tax FROM (
             SELECT t.method, 1 AS n, t.amount FROM tenders t
             JOIN sales s ON s.id = t.sale_id WHERE t.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}
             UNION ALL
             SELECT r.channel AS method, 0 AS n, -r.amount AS amount FROM refunds r JOIN sales s ON s.id = r.sale_id
             WHERE r.kind = 'lines' AND s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}
           ) x GROUP BY x.method ORDER BY amount DESC`,
          ...range,
          ...range,
        );
      case 'taxRate':
        return all<SalesReportRow>(
          db,
          `SELECT x.code AS key, sum(x.n) AS count, sum(x.base) AS amount, sum(x.tax) AS tax FROM (
             SELECT t.code, 1 AS n, t.base, t.tax FROM sale_taxes t
             JOIN sales s ON s.id = t.sale_id WHERE t.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}
             UNION ALL
             SELECT t.code, 0 AS n, -t.base, -t.tax FROM refund_taxes t JOIN refunds r ON r.id = t.refund_id
             JOIN sales s ON s.id = r.sale_id WHERE r.kind = 'lines' AND s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}
           ) x GROUP BY x.code ORDER BY x.code`,
          ...range,
          ...range,
        );
      case 'category': {
        // The same net as every other chart: each sale's amount kept (paid: taxes and cash rounding
        // included) is shared among its lines in proportion to their amounts, to the cent
        // (largest remainder), and so is its tax. Before, line amounts (before taxes in Québec)
        // made this chart disagree with the tender and hour charts. Returns come off first: the
        // sale's kept amount and tax less what its returns took back, shared by the lines' amounts
        // less what was returned of each. A line of a product without a category, or of a product
        // since deleted, goes under the key ''.
        const lines = all<{
          sale_id: string;
          paid: number;
          tax_total: number;
          amount: number;
          category: string;
        }>(
          db,
          `SELECT s.id AS sale_id, s.paid - coalesce(rr.amount, 0) AS paid, s.tax_total - coalesce(rr.tax, 0) AS tax_total,
           l.amount - coalesce((SELECT sum(rl.amount) FROM refund_lines rl WHERE rl.sale_line_id = l.id), 0) AS amount,
           coalesce(c.name, '') AS category FROM sale_lines l
           JOIN sales s ON s.id = l.sale_id ${RETURNED_JOIN} LEFT JOIN products p ON p.id = l.product_id
           LEFT JOIN categories c ON c.id = p.category_id
           WHERE s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL} ORDER BY s.id, l.position`,
          ...range,
        );
        const by = new Map<string, SalesReportRow>();
        for (let i = 0; i < lines.length; ) {
          let j = i;
          while (j < lines.length && lines[j]!.sale_id === lines[i]!.sale_id) j++;
          const sale = lines.slice(i, j);
          const weights = sale.map((l) => l.amount);
          const paid = shareByWeight(sale[0]!.paid, weights);
          const tax = shareByWeight(sale[0]!.tax_total, weights);
          sale.forEach((l, k) => {
            const row = by.get(l.category) ?? { key: l.category, count: 0, amount: 0, tax: 0 };
            row.count++;
            row.amount += paid[k]!;
            row.tax += tax[k]!;
            by.set(l.category, row);
          });
          i = j;
        }
        return [...by.values()].sort((a, b) => b.amount - a.amount || (a.key < b.key ? -1 : 1));
      }
      case 'hour': {
        const rows = all<{ completed_at: string; paid: number; tax_total: number }>(
          db,
          `SELECT s.completed_at, s.paid - coalesce(rr.amount, 0) AS paid, s.tax_total - coalesce(rr.tax, 0) AS tax_total
           FROM sales s ${RETURNED_JOIN} WHERE s.business_date BETWEEN ? AND ? AND ${REVENUE_SQL}`,
          ...range,
        );
        const by = new Map<number, SalesReportRow>();
        for (const r of rows) {
          const h = localHour(new Date(r.completed_at), env.store.timeZone);
          const row = by.get(h) ?? { key: String(h).padStart(2, '0'), count: 0, amount: 0, tax: 0 };
          row.count++;
          row.amount += r.paid;
          row.tax += r.tax_total;
          by.set(h, row);
        }
        return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
      }
    }
  },
};

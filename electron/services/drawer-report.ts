import type Database from 'better-sqlite3';
import { all, one } from '../../db/sql.ts';
import type { DrawerReport, TaxTotal } from '../../shared/api/types.ts';
import { localHour } from '../../shared/business-date.ts';
import type { Currency } from '../../shared/money.ts';
import { expectedCash } from './drawer-session.ts';

/**
 * X (any time, not stored) and Z (at close, numbered, stored) reports of a drawer session.
 * Sales are counted in the session that took them; refunds in the session that paid them out.
 */
export function buildDrawerReport(
  sqlite: Database.Database,
  sessionId: string,
  kind: 'X' | 'Z',
  timeZone: string,
  generatedAt: string,
  close?: {
    number: number;
    closedAt: string;
    closedBy: string;
    counted: number;
    count: Record<string, number>;
  },
): DrawerReport {
  const s = one<{
    id: string;
    number: number;
    currency: Currency;
    opened_at: string;
    float: number;
    opened_by_name: string;
  }>(
    sqlite,
    `SELECT d.id, d.number, d.currency, d.opened_at, d.float, u.name AS opened_by_name
     FROM drawer_sessions d JOIN users u ON u.id = d.opened_by WHERE d.id = ?`,
    sessionId,
  )!;
  const sales = one<{ n: number; total: number | null }>(
    sqlite,
    "SELECT count(*) AS n, sum(paid) AS total FROM sales WHERE drawer_session_id = ? AND status NOT IN ('open', 'voided')",
    sessionId,
  )!;
  const refunds = one<{ n: number; total: number | null }>(
    sqlite,
    'SELECT count(*) AS n, sum(amount) AS total FROM refunds WHERE drawer_session_id = ?',
    sessionId,
  )!;
  // Taxes per rate: those of the sales taken in the session, less the contra entries of the
  // refunds made in it (a refunded sale's taxes, or a return's lines', on the day the money went back). The net is what
  // the store files, the same figure the day closing and report.sales give for the same period.
  const salesTaxes = all<{ code: string; rate_ppm: number; base: number; tax: number }>(
    sqlite,
    `SELECT t.code, t.rate_ppm, sum(t.base) AS base, sum(t.tax) AS tax FROM sale_taxes t JOIN sales s ON s.id = t.sale_id
     WHERE s.drawer_session_id = ? AND s.status NOT IN ('open', 'voided') GROUP BY t.code, t.rate_ppm ORDER BY t.code`,
    sessionId,
  ).map((t): TaxTotal => ({ code: t.code, ratePpm: t.rate_ppm, base: t.base, tax: t.tax }));
  const refundTaxes = all<{ code: string; rate_ppm: number; base: number; tax: number }>(
    sqlite,
    `SELECT t.code, t.rate_ppm, sum(t.base) AS base, sum(t.tax) AS tax FROM refunds r JOIN refund_taxes t ON t.refund_id = r.id
     WHERE r.drawer_session_id = ? GROUP BY t.code, t.rate_ppm ORDER BY t.code`,
    sessionId,
  ).map((t): TaxTotal => ({ code: t.code, ratePpm: t.rate_ppm, base: t.base, tax: t.tax }));
  const tenders = all<{ method: string; n: number; amount: number }>(
    sqlite,
    `SELECT t.method, count(*) AS n, sum(t.amount) AS amount FROM tenders t JOIN sales s ON s.id = t.sale_id
     WHERE s.drawer_session_id = ? AND s.status NOT IN ('open', 'voided') GROUP BY t.method ORDER BY t.method`,
    sessionId,
  );
  const moves = all<{ kind: string; n: number; amount: number }>(
    sqlite,
    'SELECT kind, count(*) AS n, sum(amount) AS amount FROM drawer_movements WHERE session_id = ? GROUP BY kind',
    sessionId,
  );
  const mv = (k: string) => moves.find((m) => m.kind === k);
  const byHourMap = new Map<number, number>();
  // Every UTC offset is a whole number of quarter hours, so the local hour is constant within a
  // UTC quarter hour: compute it once per quarter (the time-zone conversion is the slow part).
  const hourOfQuarter = new Map<number, number>();
  for (const r of all<{ completed_at: string; paid: number }>(
    sqlite,
    "SELECT completed_at, paid FROM sales WHERE drawer_session_id = ? AND status NOT IN ('open', 'voided')",
    sessionId,
  )) {
    const at = new Date(r.completed_at);
    const quarter = Math.floor(at.getTime() / 900_000);
    let h = hourOfQuarter.get(quarter);
    if (h === undefined) {
      h = localHour(at, timeZone);
      hourOfQuarter.set(quarter, h);
    }
    byHourMap.set(h, (byHourMap.get(h) ?? 0) + r.paid);
  }
  const expected = expectedCash(sqlite, sessionId);
  const salesTotal = sales.total ?? 0;
  const refundsTotal = refunds.total ?? 0;
  return {
    kind,
    number: close?.number ?? null,
    sessionId,
    sessionNumber: s.number,
    currency: s.currency,
    openedAt: s.opened_at,
    closedAt: close?.closedAt ?? null,
    generatedAt,
    openedBy: s.opened_by_name,
    closedBy: close?.closedBy ?? null,
    float: s.float,
    salesCount: sales.n,
    salesTotal,
    refundsCount: refunds.n,
    refundsTotal,
    net: salesTotal - refundsTotal,
    taxes: netTaxes(salesTaxes, refundTaxes),
    salesTaxes,
    refundTaxes,
    tenders: tenders.map((t) => ({ method: t.method, count: t.n, amount: t.amount })),
    cashSales: mv('sale')?.amount ?? 0,
    cashRefunds: 0 - (mv('refund')?.amount ?? 0),
    orderPaymentsCash: mv('order_payment')?.amount ?? 0,
    depositsIn: mv('deposit_in')?.amount ?? 0,
    depositsOut: 0 - (mv('deposit_out')?.amount ?? 0),
    payIns: mv('pay_in')?.amount ?? 0,
    payOuts: 0 - (mv('pay_out')?.amount ?? 0),
    noSales: mv('no_sale')?.n ?? 0,
    expectedCash: expected,
    countedCash: close?.counted ?? null,
    overShort: close ? close.counted - expected : null,
    count: close?.count ?? null,
    byHour: [...byHourMap.entries()].sort((a, b) => a[0] - b[0]).map(([hour, amount]) => ({ hour, amount })),
  };
}

/**
 * Sales taxes less refund taxes, per (code, rate): a rate only refunded in the session (its sale
 * was taken in an earlier one) still shows, negative.
 */
export function netTaxes(sales: readonly TaxTotal[], refunds: readonly TaxTotal[]): TaxTotal[] {
  const by = new Map<string, TaxTotal>();
  const key = (t: TaxTotal) => `${t.code}\u0000${t.ratePpm}`;
  for (const t of sales) by.set(key(t), { ...t });
  for (const r of refunds) {
    const acc = by.get(key(r)) ?? { code: r.code, ratePpm: r.ratePpm, base: 0, tax: 0 };
    acc.base -= r.base;
    acc.tax -= r.tax;
    by.set(key(r), acc);
  }
  return [...by.values()].sort((a, b) =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : a.ratePpm - b.ratePpm,
  );
}

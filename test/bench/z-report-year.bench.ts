import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { createApp } from '../../electron/app/index.ts';
import { computePeriod } from '../../electron/services/closings.ts';
import { buildDrawerReport } from '../../electron/services/drawer-report.ts';
import { AFTER_YEAR, YEAR, YEAR_PINS, yearLedger } from './gen/year-ledger.ts';
import { type Bench, log, percentile, r3, time, timeCpu } from './lib.ts';

/**
 * Reports over a year of history (the generated 200k-sale ledger, cached under test/artifacts/):
 *   - `period.close` for the year through app.call (validation, role check, computePeriod,
 *     the closing row, its journal entry) — run inside a transaction that is rolled back, so
 *     the cached ledger is never changed and every run closes the same year;
 *   - computePeriod('year') alone;
 *   - the Z report (buildDrawerReport, as drawer.close builds it) of the busiest session.
 * Each is timed RUNS times after one untimed warm-up; the headline value is the p50 of
 * period.close. `first_*` are the very first (cold statement cache) calls.
 *
 * `baseline` is the floor: the same year's totals (sales count and sum, refunds, taxes per code
 * and rate, refunded taxes, tenders and order payments per method) computed by plain GROUP BY
 * aggregates written here, over the same rows, with no app code. `ratio` = computePeriod from
 * the rows / baseline (the app's arithmetic and query plan against the floor); `close_ratio` =
 * period.close / baseline. `bytes_per_sale` = the ledger file's size / sales, with the share of
 * the journal, print_jobs and sales tables (dbstat) beside it.
 */
const YEAR_FROM = `${YEAR}-01-01`;
const YEAR_TO = `${YEAR}-12-31`;

/** The year's totals by hand: no app code, one aggregate per figure. */
function sqlFloor(sqlite: Database.Database) {
  const q = {
    sales: sqlite.prepare(
      "SELECT count(*) AS n, sum(paid) AS t FROM sales WHERE business_date BETWEEN ? AND ? AND status NOT IN ('open', 'voided')",
    ),
    refunds: sqlite.prepare('SELECT sum(amount) AS t FROM refunds WHERE business_date BETWEEN ? AND ?'),
    taxes: sqlite.prepare(
      'SELECT code, rate_ppm, sum(base) AS base, sum(tax) AS tax FROM sale_taxes WHERE business_date BETWEEN ? AND ? GROUP BY code, rate_ppm',
    ),
    refundedTaxes: sqlite.prepare(
      `SELECT t.code, t.rate_ppm, sum(t.base) AS base, sum(t.tax) AS tax FROM refunds r JOIN sale_taxes t ON t.sale_id = r.sale_id
       WHERE r.business_date BETWEEN ? AND ? GROUP BY t.code, t.rate_ppm`,
    ),
    tenders: sqlite.prepare(
      'SELECT method, count(*) AS n, sum(amount) AS amount FROM tenders WHERE business_date BETWEEN ? AND ? GROUP BY method',
    ),
    orders: sqlite.prepare(
      'SELECT method, count(*) AS n, sum(amount + cash_rounding) AS amount FROM order_payments WHERE business_date BETWEEN ? AND ? GROUP BY method',
    ),
  };
  return () => {
    const sales = q.sales.get(YEAR_FROM, YEAR_TO) as { n: number; t: number };
    const refunds = q.refunds.get(YEAR_FROM, YEAR_TO) as { t: number | null };
    return {
      salesCount: sales.n,
      salesTotal: sales.t,
      refundsTotal: refunds.t ?? 0,
      taxes: q.taxes.all(YEAR_FROM, YEAR_TO),
      refundedTaxes: q.refundedTaxes.all(YEAR_FROM, YEAR_TO),
      tenders: q.tenders.all(YEAR_FROM, YEAR_TO),
      orders: q.orders.all(YEAR_FROM, YEAR_TO),
    };
  };
}

/** bytes of each table and index in the file (SQLite's dbstat) */
function tableBytes(sqlite: Database.Database): Record<string, number> {
  const rows = sqlite
    .prepare('SELECT name, sum(pgsize) AS b FROM dbstat GROUP BY name ORDER BY b DESC')
    .all() as {
    name: string;
    b: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.name, r.b]));
}
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SALES = Number(process.env.BENCH_YEAR_SALES ?? 200_000);

const bench: Bench = {
  name: 'z-report-year',
  description: `period.close (year) and the busiest session's Z report over ${SALES} sales, p50 of ${RUNS}`,
  run() {
    const file = yearLedger(SALES);
    const app = createApp({ file, now: () => AFTER_YEAR });
    const sqlite = app.env.sqlite;
    try {
      const manager = sqlite
        .prepare("SELECT id FROM users WHERE role = 'manager' ORDER BY id LIMIT 1")
        .get() as { id: string };
      const inRollback = <T>(fn: () => T): T => {
        sqlite.exec('BEGIN');
        try {
          return fn();
        } finally {
          sqlite.exec('ROLLBACK');
        }
      };
      // the login's journal entry is rolled back too; the session lives in memory
      const token = inRollback(
        () => app.call('auth.login', { userId: manager.id, pin: YEAR_PINS.manager }).token,
      );

      const closeYear = () =>
        inRollback(() => timeCpu(() => app.call('period.close', { kind: 'year', period: YEAR }, token)));
      // the NF525 year end: December is closed (from its rows), then the year is the sum of its
      // 12 month closings (cumulative); the generated history has January–November closed
      const yearEnd = () =>
        inRollback(() =>
          timeCpu(() => {
            app.call('period.close', { kind: 'month', period: `${YEAR}-12` }, token);
            return app.call('period.close', { kind: 'year', period: YEAR }, token);
          }),
        );
      const first: Record<string, number> = {};
      const { ms: firstClose, out: closing } = closeYear();
      first.close = firstClose;

      const busiest = sqlite
        .prepare(
          `SELECT drawer_session_id AS id, count(*) AS n FROM sales WHERE status NOT IN ('open', 'voided')
           GROUP BY drawer_session_id ORDER BY n DESC LIMIT 1`,
        )
        .get() as { id: string; n: number };
      const z = sqlite
        .prepare('SELECT number, report FROM z_reports WHERE session_id = ?')
        .get(busiest.id) as { number: number; report: string };
      const stored = JSON.parse(z.report) as {
        closedAt: string;
        closedBy: string;
        countedCash: number;
        count: Record<string, number>;
      };
      const zReport = () =>
        buildDrawerReport(sqlite, busiest.id, 'Z', app.env.store.timeZone, stored.closedAt, {
          number: z.number,
          closedAt: stored.closedAt,
          closedBy: stored.closedBy,
          counted: stored.countedCash,
          count: stored.count,
        });
      const zr = time(zReport);
      first.z = zr.ms;
      // the report rebuilt now is the one stored at close: same figures
      if (JSON.stringify(zr.out) !== z.report)
        throw new Error('rebuilt Z report differs from the stored one');
      const compute = () => computePeriod(app.env, 'year', YEAR);
      // the same year computed from the rows (as when its months are not all closed)
      const computeRows = () => computePeriod(app.env, 'year', YEAR, { fromRows: true });
      first.compute = time(compute).ms;
      const floor = sqlFloor(sqlite);
      const fl = floor();
      const rowsClosing = computeRows();
      if (fl.salesCount !== rowsClosing.salesCount || fl.salesTotal !== rowsClosing.salesTotal)
        throw new Error('the SQL floor and computePeriod disagree on the year');
      if (fl.refundsTotal !== rowsClosing.refundsTotal) throw new Error('the SQL floor disagrees on refunds');
      if (closing.salesCount !== SALES)
        throw new Error(`year has ${closing.salesCount} sales, expected ${SALES}`);

      const closeRuns: number[] = [];
      const closeCpu: number[] = [];
      const computeRuns: number[] = [];
      const computeRowsRuns: number[] = [];
      const yearEndRuns: number[] = [];
      const zRuns: number[] = [];
      const zCpu: number[] = [];
      const floorRuns: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        floorRuns.push(time(floor).ms);
        const c = closeYear();
        closeRuns.push(c.ms);
        closeCpu.push(c.cpuMs);
        computeRuns.push(time(compute).ms);
        computeRowsRuns.push(time(computeRows).ms);
        const ye = yearEnd();
        if (
          JSON.stringify(ye.out.taxes) !== JSON.stringify(closing.taxes) ||
          ye.out.salesTotal !== closing.salesTotal
        )
          throw new Error('year end (cumulative) differs from the year computed from the rows');
        yearEndRuns.push(ye.ms);
        const zm = timeCpu(zReport);
        zRuns.push(zm.ms);
        zCpu.push(zm.cpuMs);
      }
      log(`period.close runs (ms): ${closeRuns.map((x) => x.toFixed(1)).join(' ')}`);
      log(`Z report runs (ms): ${zRuns.map((x) => x.toFixed(1)).join(' ')}`);
      const p50 = percentile(closeRuns, 50);
      const zP50 = percentile(zRuns, 50);
      const baseline = percentile(floorRuns, 50);
      const fromRowsP50 = percentile(computeRowsRuns, 50);
      const bytes = statSync(file).size;
      const tables = tableBytes(sqlite);
      const share = (name: string) => r3((tables[name] ?? 0) / bytes);
      return {
        value: r3(p50),
        unit: 'ms',
        p50: r3(p50),
        baseline: r3(baseline),
        ratio: r3(fromRowsP50 / baseline),
        close_ratio: r3(p50 / baseline),
        bytes_per_sale: Math.round(bytes / closing.salesCount),
        share_journal: share('journal'),
        share_print_jobs: share('print_jobs'),
        share_sales: share('sales'),
        p99: r3(percentile(closeRuns, 99)),
        n: RUNS,
        cpu_p50: r3(percentile(closeCpu, 50)),
        compute_p50: r3(percentile(computeRuns, 50)),
        compute_from_rows_p50: r3(percentile(computeRowsRuns, 50)),
        year_end_p50: r3(percentile(yearEndRuns, 50)),
        z_report_cpu_p50: r3(percentile(zCpu, 50)),
        z_report_p50: r3(zP50),
        z_report_max: r3(Math.max(...zRuns)),
        first_close: r3(first.close),
        first_compute: r3(first.compute),
        first_z_report: r3(first.z),
        sales: closing.salesCount,
        busiest_session_sales: busiest.n,
        target: 'period.close p50 <= 100 ms, Z report p50 <= 100 ms, ratio <= 1.5, bytes_per_sale <= 2048',
        pass:
          p50 <= 100 && zP50 <= 100 && fromRowsP50 / baseline <= 1.5 && bytes / closing.salesCount <= 2048,
      };
    } finally {
      app.close();
    }
  },
};
export default bench;

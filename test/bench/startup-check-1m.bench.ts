import { checkIntegrity } from '../../db/integrity.ts';
import { verifyChain } from '../../db/journal.ts';
import { openLedgerReadonly } from '../../db/open.ts';
import type { OpInput } from '../../shared/api/contract.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { journalLedger } from './gen/journal-ledger.ts';
import { type Bench, log, nowMs, percentile, r3 } from './lib.ts';

/**
 * The start-up check (db/integrity.ts: PRAGMA quick_check over every page, then the whole chain,
 * in a worker thread) over the 1M-entry journal ledger, from the worker's start to its verdict.
 * `baseline` = verifyChain alone in this thread on the same file in the same run (what
 * `ledger.verify` costs): `ratio` = the check / the chain alone, i.e. what quick_check and the
 * worker add. It runs in the background, so the figure that matters to a clerk is the other
 * one: `sale_p99_during` = a cash sale's p99 through app.call while the check runs, beside
 * `sale_p99_idle` = the same sales with nothing else running (another ledger, same process).
 */
const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000);

const bench: Bench = {
  name: 'startup-check-1m',
  description: `start-up check (quick_check + whole chain, worker thread) over ${ENTRIES} journal entries; sale p99 while it runs`,
  async run() {
    const file = journalLedger(ENTRIES);
    const fx = makeFixture();
    try {
      const [p1, p2] = fx.products;
      fx.app.call('drawer.open', { float: { '2000': 5, '500': 4 } }, fx.clerk);
      const input: OpInput<'sale.checkout'> = {
        lines: [
          { productId: p1!.id, quantity: 1000 },
          { productId: p2!.id, quantity: 2000 },
        ],
        tenders: [{ method: 'cash', tendered: 5000 }],
      };
      const sale = () => {
        const t = nowMs();
        fx.app.call('sale.checkout', input, fx.clerk);
        return nowMs() - t;
      };
      for (let i = 0; i < 200; i++) sale();
      const idle: number[] = [];
      for (let i = 0; i < 300; i++) idle.push(sale());

      const db = openLedgerReadonly(file);
      const t0 = nowMs();
      const chain = verifyChain(db);
      const chainMs = nowMs() - t0;
      db.close();
      if (!chain.ok || chain.entries !== ENTRIES) throw new Error(`verifyChain: ${JSON.stringify(chain)}`);
      log(`verifyChain in this thread: ${chainMs.toFixed(0)} ms`);

      const t1 = nowMs();
      const run = checkIntegrity(file);
      let finished = false;
      const during: number[] = [];
      const done = run.done.then((r) => {
        finished = true;
        return r;
      });
      // sell while it checks, yielding between sales so the worker's messages are handled
      while (!finished) {
        during.push(sale());
        await new Promise((r) => setImmediate(r));
      }
      const r = await done;
      const checkMs = nowMs() - t1;
      if (r.pages[0] !== 'ok' || !r.chain?.ok || r.chain.entries !== ENTRIES)
        throw new Error(`start-up check: ${JSON.stringify(r)}`);
      log(`start-up check: ${checkMs.toFixed(0)} ms, ${during.length} sales meanwhile`);
      return {
        value: r3(checkMs / 1000),
        unit: 's',
        baseline: r3(chainMs / 1000),
        ratio: r3(checkMs / chainMs),
        entries: ENTRIES,
        sales_during: during.length,
        sale_p50_during: r3(percentile(during, 50)),
        sale_p99_during: r3(percentile(during, 99)),
        sale_p50_idle: r3(percentile(idle, 50)),
        sale_p99_idle: r3(percentile(idle, 99)),
        sale_unit: 'ms',
        target: 'in the background: sale p99 during the check <= 2 x idle',
        pass: percentile(during, 99) <= 2 * percentile(idle, 99),
      };
    } finally {
      fx.cleanup();
    }
  },
};
export default bench;

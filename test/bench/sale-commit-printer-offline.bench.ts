import { startPrintWorker } from '../../electron/app/printing.ts';
import type { OpInput } from '../../shared/api/contract.ts';
import { FakePrinter } from '../helpers/fake-printer.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { type Bench, log, percentile, r3, time } from './lib.ts';

/**
 * The sale commit (app.call('sale.checkout'), cash, drawer kick) as the ledger benchmark sees
 * it (NO print worker: jobs only accumulate as rows) vs the same with the print worker running
 * and the printer OFFLINE (nothing listens on the port: each attempt is refused, the job waits
 * with backoff). For information, a third till prints every receipt to an ONLINE fake printer
 * before its next sale. Three ledgers, alternating blocks, the event loop turns between sales
 * so the workers run. Target (issue 5): offline p50 within 5 % of the ledger-benchmark p50.
 */
const ITER = Number(process.env.BENCH_ITER ?? 600);
const WARMUP = 60;
const BLOCK = 30;

type Mode = 'none' | 'offline' | 'online';

async function till(mode: Mode) {
  const online = mode === 'online';
  const f = makeFixture();
  const printer = await new FakePrinter().start();
  f.app.call(
    'printer.configure',
    { transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, profileId: 'epson-tm-t20iii' },
    f.manager,
  );
  if (!online) await printer.goOffline();
  const worker = mode === 'none' ? null : startPrintWorker(f.app, { statusMs: 1000 });
  f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
  return { f, printer, worker, online, mode };
}

function input(f: Fixture): OpInput<'sale.checkout'> {
  const [p1, p2] = f.products;
  return {
    lines: [
      { productId: p1!.id, quantity: 1000 },
      { productId: p2!.id, quantity: 2000 },
    ],
    tenders: [{ method: 'cash', tendered: 5000 }],
  };
}

const bench: Bench = {
  name: 'sale-commit-printer-offline',
  description: `sale.checkout p50: no print worker vs worker + printer offline (vs online), ${ITER} sales each`,
  async run() {
    const none = await till('none');
    const off = await till('offline');
    const on = await till('online');
    try {
      const samples = new Map<Mode, number[]>([
        ['none', []],
        ['offline', []],
        ['online', []],
      ]);
      const sale = async (t: Awaited<ReturnType<typeof till>>, keep: boolean) => {
        const before = t.printer.documents().length;
        t.f.clock.advance(1000);
        const inp = input(t.f);
        const m = time(() => t.f.app.call('sale.checkout', inp, t.f.clerk));
        if (keep) samples.get(t.mode)!.push(m.ms);
        if (t.online) await t.printer.waitFor(() => t.printer.documents().length > before, 10_000);
        else await new Promise((r) => setTimeout(r, 1)); // let the worker try (and fail)
      };
      for (let i = 0; i < WARMUP; i++) {
        await sale(none, false);
        await sale(off, false);
        await sale(on, false);
      }
      let done = 0;
      while (done < ITER) {
        const n = Math.min(BLOCK, ITER - done);
        // rotate the order of the three tills from block to block (no position bias)
        const order = [none, off, on];
        const k = (done / BLOCK) % 3;
        for (const t of [...order.slice(k), ...order.slice(0, k)]) {
          for (let i = 0; i < n; i++) await sale(t, true);
        }
        done += n;
        if (done % 150 === 0) log(`${done}/${ITER}`);
      }
      const pending = (
        off.f.app.env.sqlite
          .prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'pending'")
          .get() as {
          n: number;
        }
      ).n;
      if (pending < ITER) throw new Error(`offline till: expected ≥ ${ITER} pending jobs, found ${pending}`);
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      const a = samples.get('none')!;
      const b = samples.get('offline')!;
      const c = samples.get('online')!;
      const baseP50 = percentile(a, 50);
      const offP50 = percentile(b, 50);
      const diff = (offP50 - baseP50) / baseP50;
      return {
        value: r3(diff * 100),
        unit: '%',
        baseline: r3(baseP50),
        offline_p50: r3(offP50),
        online_p50: r3(percentile(c, 50)),
        baseline_p99: r3(percentile(a, 99)),
        offline_p99: r3(percentile(b, 99)),
        online_p99: r3(percentile(c, 99)),
        baseline_mean: r3(mean(a)),
        offline_mean: r3(mean(b)),
        online_mean: r3(mean(c)),
        online_vs_baseline_pct: r3(((percentile(c, 50) - baseP50) / baseP50) * 100),
        offline_pending_jobs: pending,
        n: ITER,
        target: '|offline p50 − no-worker p50| / no-worker p50 < 5 %',
        pass: Math.abs(diff) < 0.05,
      };
    } finally {
      for (const t of [none, off, on]) {
        await t.worker?.stop();
        await t.printer.stop();
        t.f.cleanup();
      }
    }
  },
};
export default bench;

import { startPrintWorker } from '../../electron/app/printing.ts';
import type { OpInput } from '../../shared/api/contract.ts';
import { FakePrinter } from '../helpers/fake-printer.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { type Bench, log, percentile, r3, time } from './lib.ts';

/**
 * The sale commit (app.call('sale.checkout'), cash, drawer kick) with the print worker running
 * against a printer that is ONLINE (fake printer on loopback; each receipt is printed before
 * the next sale) vs OFFLINE (nothing listens on the port: every attempt is refused and the job
 * waits with backoff). Two ledgers, alternating blocks, the event loop turns between sales so
 * the workers run. Target: the offline p50 within 5 % of the online p50.
 */
const ITER = Number(process.env.BENCH_ITER ?? 600);
const WARMUP = 60;
const BLOCK = 30;

async function till(online: boolean) {
  const f = makeFixture();
  const printer = await new FakePrinter().start();
  f.app.call(
    'printer.configure',
    { transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, profileId: 'epson-tm-t20iii' },
    f.manager,
  );
  if (!online) await printer.goOffline();
  const worker = startPrintWorker(f.app, { statusMs: 1000 });
  f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
  return { f, printer, worker, online };
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
  description: `sale.checkout p50 with the printer offline vs online (print worker running), ${ITER} sales each`,
  async run() {
    const on = await till(true);
    const off = await till(false);
    try {
      const samples = new Map<boolean, number[]>([
        [true, []],
        [false, []],
      ]);
      const sale = async (t: Awaited<ReturnType<typeof till>>, keep: boolean) => {
        const before = t.printer.documents().length;
        t.f.clock.advance(1000);
        const inp = input(t.f);
        const m = time(() => t.f.app.call('sale.checkout', inp, t.f.clerk));
        if (keep) samples.get(t.online)!.push(m.ms);
        if (t.online) await t.printer.waitFor(() => t.printer.documents().length > before, 10_000);
        else await new Promise((r) => setTimeout(r, 1)); // let the worker try (and fail)
      };
      for (let i = 0; i < WARMUP; i++) {
        await sale(on, false);
        await sale(off, false);
      }
      let done = 0;
      while (done < ITER) {
        const n = Math.min(BLOCK, ITER - done);
        for (let i = 0; i < n; i++) await sale(on, true);
        for (let i = 0; i < n; i++) await sale(off, true);
        done += n;
        if (done % 150 === 0) log(`${done}/${ITER}`);
      }
      const pending = (
        off.f.app.env.sqlite.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'pending'").get() as {
          n: number;
        }
      ).n;
      if (pending < ITER) throw new Error(`offline till: expected ≥ ${ITER} pending jobs, found ${pending}`);
      const a = samples.get(true)!;
      const b = samples.get(false)!;
      const onP50 = percentile(a, 50);
      const offP50 = percentile(b, 50);
      const diff = (offP50 - onP50) / onP50;
      return {
        value: r3(diff * 100),
        unit: '%',
        online_p50: r3(onP50),
        offline_p50: r3(offP50),
        online_p99: r3(percentile(a, 99)),
        offline_p99: r3(percentile(b, 99)),
        online_mean: r3(a.reduce((x, y) => x + y, 0) / a.length),
        offline_mean: r3(b.reduce((x, y) => x + y, 0) / b.length),
        offline_pending_jobs: pending,
        n: ITER,
        target: '|offline p50 − online p50| / online p50 < 5 %',
        pass: Math.abs(diff) < 0.05,
      };
    } finally {
      for (const t of [on, off]) {
        await t.worker.stop();
        await t.printer.stop();
        t.f.cleanup();
      }
    }
  },
};
export default bench;

import { performance } from 'node:perf_hooks';
import { startPrintWorker } from '../../electron/app/printing.ts';
import type { OpInput } from '../../shared/api/contract.ts';
import { FakePrinter } from '../helpers/fake-printer.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { type Bench, log, percentile, r3 } from './lib.ts';

/**
 * Sale commit → last byte of its receipt at the fake ESC/POS printer on 127.0.0.1, through
 * the real path: commit → ledger event → print worker → render → TCP connect → DLE EOT
 * pre-check → job bytes → post-job status (the ack) → job marked done. Target: ≤ 50 ms.
 * `value` is measured from the moment app.call returns (the commit); `from_call_*` includes
 * the commit itself.
 */
const ITER = Number(process.env.BENCH_ITER ?? 300);
const WARMUP = 30;

const bench: Bench = {
  name: 'print-latency',
  description: `cash sale commit → last receipt byte at a fake TCP printer on loopback, ${ITER} sales`,
  async run() {
    const f = makeFixture();
    const printer = await new FakePrinter().start();
    f.app.call(
      'printer.configure',
      { transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, profileId: 'epson-tm-t20iii' },
      f.manager,
    );
    const worker = startPrintWorker(f.app, { statusMs: 60_000 });
    try {
      f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
      await printer.waitFor(() => printer.documents().length === 1);
      const [p1, p2] = f.products;
      const input: OpInput<'sale.checkout'> = {
        lines: [
          { productId: p1!.id, quantity: 1000 },
          { productId: p2!.id, quantity: 2000 },
        ],
        tenders: [{ method: 'cash', tendered: 5000 }],
      };
      const fromCommit: number[] = [];
      const fromCall: number[] = [];
      for (let i = 0; i < WARMUP + ITER; i++) {
        const before = printer.documents().length;
        f.clock.advance(1000);
        const t0 = performance.now();
        f.app.call('sale.checkout', input, f.clerk);
        const t1 = performance.now();
        await printer.waitFor(() => printer.documents().length === before + 1, 10_000);
        if (i >= WARMUP) {
          fromCommit.push(printer.lastByteAt - t1);
          fromCall.push(printer.lastByteAt - t0);
        }
        if (i % 100 === 0) log(`${i}/${WARMUP + ITER}`);
      }
      const doneCount = () =>
        (
          f.app.env.sqlite.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'done'").get() as {
            n: number;
          }
        ).n;
      // the last job is marked done just after its last byte arrived
      for (let k = 0; k < 200 && doneCount() < WARMUP + ITER + 1; k++)
        await new Promise((r) => setTimeout(r, 10));
      const done = doneCount();
      if (done !== WARMUP + ITER + 1)
        throw new Error(`expected ${WARMUP + ITER + 1} printed jobs, found ${done}`);
      const p50 = percentile(fromCommit, 50);
      const p99 = percentile(fromCommit, 99);
      return {
        value: r3(p50),
        unit: 'ms',
        p50: r3(p50),
        p99: r3(p99),
        max: r3(Math.max(...fromCommit)),
        from_call_p50: r3(percentile(fromCall, 50)),
        from_call_p99: r3(percentile(fromCall, 99)),
        n: ITER,
        target: 'p50 <= 50 ms (commit → last byte, loopback)',
        pass: p50 <= 50,
      };
    } finally {
      await worker.stop();
      await printer.stop();
      f.cleanup();
    }
  },
};
export default bench;

import { openLedger } from '../../db/open.ts';
import { journalLedger } from './gen/journal-ledger.ts';
import { type Bench, log, percentile, r3, timeCpu } from './lib.ts';

/**
 * openLedger on the 1M-entry ledger: pragmas (WAL, synchronous=FULL…), the migration check
 * (nothing pending: the cached file is keyed by the migrations), verifyTail. Median of RUNS
 * opens in ms (each open is closed before the next); the first open is reported on its own.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000);

const bench: Bench = {
  name: 'open-1m',
  description: `openLedger (pragmas + migrate check + verifyTail) on a ${ENTRIES}-entry ledger, median of ${RUNS}`,
  run() {
    const file = journalLedger(ENTRIES);
    const runs: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const { ms, cpuMs, out } = timeCpu(() => openLedger(file));
      const last = (out.sqlite.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number }).m;
      out.close();
      if (last !== ENTRIES) throw new Error(`expected ${ENTRIES} entries, found ${last}`);
      runs.push(ms);
      cpu.push(cpuMs);
      log(`open-1m run ${i + 1}: ${ms.toFixed(1)} ms (cpu ${cpuMs.toFixed(1)} ms)`);
    }
    const p50 = percentile(runs, 50);
    return {
      value: r3(p50),
      unit: 'ms',
      p50: r3(p50),
      max: r3(Math.max(...runs)),
      first: r3(runs[0]!),
      cpu_p50: r3(percentile(cpu, 50)),
      n: RUNS,
      entries: ENTRIES,
      target: '<= 1000 ms',
      pass: p50 <= 1000,
    };
  },
};
export default bench;

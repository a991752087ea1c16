import { verifyChain } from '../../db/journal.ts';
import { openLedgerReadonly } from '../../db/open.ts';
import { verifyFileParallel } from '../../db/verify-parallel.ts';
import { journalLedger } from './gen/journal-ledger.ts';
import { type Bench, log, percentile, r3, timeCpu } from './lib.ts';

/**
 * Chain verification over a 1M-entry journal (the generated ledger, cached under
 * test/artifacts/): reads every row, recomputes every SHA-256 link. `value` is what
 * `npm run ledger -- verify` does (verifyFileParallel: one slice per core); `single_p50` is
 * verifyChain in one thread (what the app's ledger.verify query does). Medians of RUNS runs,
 * in seconds; the first run is also reported (it may read the file from disk, not cache).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000);

const bench: Bench = {
  name: 'verify-1m',
  description: `ledger verify (all cores) and verifyChain (one thread) over ${ENTRIES} journal entries, median of ${RUNS} runs (s)`,
  async run() {
    const file = journalLedger(ENTRIES);
    const check = (out: { ok: boolean; entries: number }) => {
      if (!out.ok || out.entries !== ENTRIES) throw new Error(`verify failed: ${JSON.stringify(out)}`);
    };
    const parallel: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      check(await verifyFileParallel(file));
      parallel.push((performance.now() - t) / 1000);
      log(`verify-1m parallel run ${i + 1}: ${parallel[i]!.toFixed(3)} s`);
    }
    const single: number[] = [];
    const cpu: number[] = [];
    const sqlite = openLedgerReadonly(file);
    try {
      for (let i = 0; i < RUNS; i++) {
        const { ms, cpuMs, out } = timeCpu(() => verifyChain(sqlite));
        check(out);
        single.push(ms / 1000);
        cpu.push(cpuMs / 1000);
        log(
          `verify-1m single run ${i + 1}: ${(ms / 1000).toFixed(3)} s (cpu ${(cpuMs / 1000).toFixed(3)} s)`,
        );
      }
    } finally {
      sqlite.close();
    }
    const p50 = percentile(parallel, 50);
    return {
      value: r3(p50),
      unit: 's',
      p50: r3(p50),
      min: r3(Math.min(...parallel)),
      first: r3(parallel[0]!),
      runs: parallel.map(r3),
      single_p50: r3(percentile(single, 50)),
      single_cpu_p50: r3(percentile(cpu, 50)),
      n: RUNS,
      entries: ENTRIES,
      rate_per_s: Math.round(ENTRIES / p50),
      target: '<= 3 s',
      pass: p50 <= 3,
    };
  },
};
export default bench;

import { verifyChain } from '../../db/journal.ts';
import { openLedgerReadonly } from '../../db/open.ts';
import { journalLedger } from './gen/journal-ledger.ts';
import { type Bench, log, percentile, r3, timeCpu } from './lib.ts';

/**
 * verifyChain over a 1M-entry journal (the generated ledger, cached under test/artifacts/):
 * reads every row, recomputes every SHA-256 link. Median of RUNS runs, in seconds; the
 * first run is also reported on its own (it may read the file from disk rather than cache).
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000);

const bench: Bench = {
  name: 'verify-1m',
  description: `verifyChain over ${ENTRIES} journal entries, median of ${RUNS} runs (wall s; cpu_p50 = CPU s)`,
  run() {
    const file = journalLedger(ENTRIES);
    const sqlite = openLedgerReadonly(file);
    try {
      const runs: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const { ms, cpuMs, out } = timeCpu(() => verifyChain(sqlite));
        if (!out.ok || out.entries !== ENTRIES) {
          throw new Error(`verify failed: ${JSON.stringify(out)}`);
        }
        runs.push(ms / 1000);
        cpu.push(cpuMs / 1000);
        log(`verify-1m run ${i + 1}: ${(ms / 1000).toFixed(3)} s (cpu ${(cpuMs / 1000).toFixed(3)} s)`);
      }
      const p50 = percentile(runs, 50);
      return {
        value: r3(p50),
        unit: 's',
        p50: r3(p50),
        min: r3(Math.min(...runs)),
        first: r3(runs[0]!),
        runs: runs.map(r3),
        cpu_p50: r3(percentile(cpu, 50)),
        n: RUNS,
        entries: ENTRIES,
        rate_per_s: Math.round(ENTRIES / p50),
        target: '<= 3 s',
        pass: p50 <= 3,
      };
    } finally {
      sqlite.close();
    }
  },
};
export default bench;

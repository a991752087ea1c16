import type Database from 'better-sqlite3';
import { entryText, sha256Hex, verifyChain } from '../../db/journal.ts';
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
 *
 * `baseline` is the single-thread floor: the same rows read in the same batches through the same
 * memory map, and the same bytes hashed (prev_hash ‖ entry text), with no parsing, no comparison
 * and no report — written here, no app code. `ratio` = single-thread verifyChain / baseline.
 */
function floor(sqlite: Database.Database): number {
  const batch = sqlite.prepare(
    'SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM journal WHERE seq >= ? ORDER BY seq LIMIT 4096',
  );
  const before = sqlite.pragma('mmap_size', { simple: true }) as number;
  sqlite.pragma(`mmap_size = ${4 * 1024 ** 3}`);
  let next = 1;
  let n = 0;
  let last = '';
  try {
    for (;;) {
      const rows = batch.all(next) as {
        seq: number;
        id: string;
        device_id: string;
        at: string;
        actor: string;
        type: string;
        payload: string;
        prev_hash: string;
      }[];
      if (rows.length === 0) break;
      for (const r of rows) last = sha256Hex(r.prev_hash + entryText(r));
      n += rows.length;
      next = rows[rows.length - 1]!.seq + 1;
    }
  } finally {
    sqlite.pragma(`mmap_size = ${before}`);
  }
  if (last.length !== 64) throw new Error('floor hashed nothing');
  return n;
}
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
    const base: number[] = [];
    const sqlite = openLedgerReadonly(file);
    try {
      for (let i = 0; i < RUNS; i++) {
        const b = timeCpu(() => floor(sqlite));
        if (b.out !== ENTRIES) throw new Error(`floor read ${b.out} rows`);
        base.push(b.ms / 1000);
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
    const singleP50 = percentile(single, 50);
    const baseline = percentile(base, 50);
    return {
      value: r3(p50),
      unit: 's',
      p50: r3(p50),
      min: r3(Math.min(...parallel)),
      first: r3(parallel[0]!),
      runs: parallel.map(r3),
      single_p50: r3(singleP50),
      baseline: r3(baseline),
      ratio: r3(singleP50 / baseline),
      single_cpu_p50: r3(percentile(cpu, 50)),
      n: RUNS,
      entries: ENTRIES,
      rate_per_s: Math.round(ENTRIES / p50),
      target: '<= 3 s, ratio (single thread / floor) <= 1.5',
      pass: p50 <= 3 && singleP50 / baseline <= 1.5,
    };
  },
};
export default bench;

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { GENESIS_HASH, lastSeq, type VerifyReport, verifyChain } from './journal.ts';

/**
 * Verify a ledger file's chain on several cores. Each entry's hash depends only on its own
 * columns and its stored prev_hash, so the chain splits into contiguous slices verified in
 * parallel (each also checks the link into its first entry and that it reaches its last);
 * the first broken slice, in order, gives the answer — the same answer as verifyChain.
 * Entries appended while it runs are not included (it verifies up to the last seq at start).
 * Small journals, or one core, are verified in this thread.
 */
export const PARALLEL_MIN_ENTRIES = 50_000;

export async function verifyFileParallel(
  file: string,
  opts: { threads?: number; minEntries?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<VerifyReport> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let max: number;
  let deviceId: string | undefined;
  try {
    max = lastSeq(db);
    deviceId = (
      db.prepare('SELECT device_id FROM journal ORDER BY seq LIMIT 1').get() as
        | { device_id: string }
        | undefined
    )?.device_id;
    const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), 16));
    if (max === 0 || !deviceId) {
      return { ok: true, entries: 0, firstBrokenSeq: null, reason: null, lastHash: GENESIS_HASH };
    }
    if (threads === 1 || max < (opts.minEntries ?? PARALLEL_MIN_ENTRIES))
      return verifyChain(db, { toSeq: max, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    const size = Math.ceil(max / threads);
    const slices = Array.from({ length: threads }, (_, i) => ({
      fromSeq: i * size + 1,
      toSeq: Math.min(max, (i + 1) * size),
    })).filter((r) => r.fromSeq <= r.toSeq);
    // progress by whole slices: the workers report only when done
    let done = 0;
    const reports = await Promise.all(
      slices.map((r) =>
        runSlice(file, r.fromSeq, r.toSeq, deviceId!).then((rep) => {
          done += r.toSeq - r.fromSeq + 1;
          opts.onProgress?.(done, max);
          return rep;
        }),
      ),
    );
    let entries = 0;
    for (const r of reports) {
      if (!r.ok) return { ...r, entries: entries + r.entries };
      entries += r.entries;
    }
    return {
      ok: true,
      entries,
      firstBrokenSeq: null,
      reason: null,
      lastHash: reports[reports.length - 1]!.lastHash,
    };
  } finally {
    db.close();
  }
}

function runSlice(file: string, fromSeq: number, toSeq: number, deviceId: string): Promise<VerifyReport> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./verify-worker.ts', import.meta.url), {
      workerData: { file, fromSeq, toSeq, deviceId },
    });
    w.once('message', (r: VerifyReport) => resolve(r));
    w.once('error', reject);
    w.once('exit', (code) => {
      if (code !== 0) reject(new Error(`verify worker exited with ${code}`));
    });
  });
}

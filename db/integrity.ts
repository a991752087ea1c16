import { Worker } from 'node:worker_threads';
import type { VerifyReport } from './journal.ts';

/**
 * The whole-file check a till runs at every start (issue 10: "at start the whole chain and
 * PRAGMA quick_check run in a worker, in the background"). openLedger only checks the journal's
 * tail (64 entries, so the till opens at once); this walks every page and every entry.
 */
export interface IntegrityProgress {
  phase: 'pages' | 'chain';
  done: number;
  total: number;
}

export interface IntegrityResult {
  /** quick_check's answer: ['ok'], or the first problems it found */
  pages: string[];
  /** the chain's report; null when the pages already failed (the rows cannot be trusted) */
  chain: VerifyReport | null;
}

export interface IntegrityRun {
  readonly done: Promise<IntegrityResult>;
  /** stop the worker (the till is shutting down); `done` then rejects */
  cancel(): Promise<void>;
}

/**
 * The worker's file: the TypeScript source beside this one when run from source (tsx, vitest);
 * in the Electron bundle, out/db/integrity-worker.cjs (electron/host/build-electron.ts), where
 * import.meta.url is shimmed to <app>/db/migrate.js — unpacked from the asar like db/.
 */
export function integrityWorkerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('./integrity-worker.ts', here)
    : new URL('../out/db/integrity-worker.cjs', here);
}

export function checkIntegrity(file: string, onProgress?: (p: IntegrityProgress) => void): IntegrityRun {
  const w = new Worker(integrityWorkerUrl(), { workerData: { file } });
  const done = new Promise<IntegrityResult>((resolve, reject) => {
    w.on('message', (m: { progress?: IntegrityProgress; result?: IntegrityResult }) => {
      if (m.progress) onProgress?.(m.progress);
      if (m.result) resolve(m.result);
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`integrity worker exited with ${code}`)));
  });
  // a rejection nobody awaits (cancelled at shutdown) must not become an unhandled one
  done.catch(() => undefined);
  return {
    done,
    async cancel() {
      await w.terminate();
    },
  };
}

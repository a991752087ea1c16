import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyChain } from './journal.ts';

/**
 * The start-up check's body (db/integrity.ts), in a worker thread on its own read-only
 * connection so the till sells while it runs: PRAGMA quick_check over every page (a zeroed page,
 * a torn write), then the whole journal chain. Posts {progress} while it works and one
 * {result} at the end; a file SQLite cannot read at all is a result too (`pages`), not a crash.
 */
const { file } = workerData as { file: string };
const post = (m: unknown) => parentPort!.postMessage(m);
let db: Database.Database | null = null;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  post({ progress: { phase: 'pages', done: 0, total: 0 } });
  const pages = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
  if (pages.length !== 1 || pages[0] !== 'ok') {
    post({ result: { pages, chain: null } });
  } else {
    let last = 0;
    const chain = verifyChain(db, {
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last < 200 && done < total) return;
        last = now;
        post({ progress: { phase: 'chain', done, total } });
      },
    });
    post({ result: { pages, chain } });
  }
} catch (e) {
  post({ result: { pages: [`cannot read the file: ${(e as Error).message}`], chain: null } });
} finally {
  db?.close();
}

import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { verifyChain } from './journal.ts';

/** One slice of a parallel chain verification (db/verify-parallel.ts), on its own read-only connection. */
const { file, fromSeq, toSeq, deviceId } = workerData as {
  file: string;
  fromSeq: number;
  toSeq: number;
  deviceId: string;
};
const db = new Database(file, { readonly: true, fileMustExist: true });
try {
  parentPort!.postMessage(verifyChain(db, { fromSeq, toSeq, deviceId }));
} finally {
  db.close();
}

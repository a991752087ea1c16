import { hash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../shared/canonical-json.ts';
import {
  type ChainEntry,
  type ChainReport,
  ChainVerifier,
  entryText,
  GENESIS_HASH,
  type Sha256Hex,
} from '../shared/ledger/chain.ts';

/**
 * The hash-chained journal.
 *   hash = SHA-256( prev_hash ‖ canonical JSON of {actor, at, device_id, id, payload, seq, type} )
 * `payload` is stored as canonical JSON text and spliced verbatim into the hashed text, so
 * verification never re-serialises it: any byte changed in any column breaks the chain.
 */
export { GENESIS_HASH };

/** mmap window used while verifying (SQLite caps it at its compile-time maximum). */
const VERIFY_MMAP_BYTES = 4 * 1024 ** 3;

/** A stored journal row: the shared chain's entry shape. */
export type JournalRow = ChainEntry;

/** node:crypto's one-shot SHA-256 (about twice as fast as a Hash object at an entry's size). */
export const sha256Hex: Sha256Hex = (text) => hash('sha256', text, 'hex');

export { entryText };

export function chainHash(prevHash: string, text: string): string {
  // the shared formula, hashing the text already built by entryText
  return sha256Hex(prevHash + text);
}

export interface AppendInput {
  id: string;
  deviceId: string;
  at: string;
  actor: string;
  type: string;
  payload: unknown;
}

const stmtCache = new WeakMap<Database.Database, { tail: Database.Statement; insert: Database.Statement }>();

function stmts(sqlite: Database.Database) {
  let s = stmtCache.get(sqlite);
  if (!s) {
    s = {
      tail: sqlite.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
      insert: sqlite.prepare(
        'INSERT INTO journal (seq, id, device_id, at, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    stmtCache.set(sqlite, s);
  }
  return s;
}

/** Append one entry. Must run inside the command's transaction (the caller's). */
export function appendEntry(sqlite: Database.Database, e: AppendInput): JournalRow {
  const s = stmts(sqlite);
  const tail = s.tail.get() as { seq: number; hash: string } | undefined;
  const seq = (tail?.seq ?? 0) + 1;
  const prev = tail?.hash ?? GENESIS_HASH;
  const payload = canonicalJson(e.payload);
  const row = { seq, id: e.id, device_id: e.deviceId, at: e.at, actor: e.actor, type: e.type, payload };
  const hash = chainHash(prev, entryText(row));
  s.insert.run(seq, e.id, e.deviceId, e.at, e.actor, e.type, payload, prev, hash);
  return {
    seq,
    id: e.id,
    device_id: e.deviceId,
    at: e.at,
    actor: e.actor,
    type: e.type,
    payload,
    prev_hash: prev,
    hash,
  };
}

export type VerifyReport = ChainReport;

/**
 * Walk the chain from `fromSeq` (default 1) and report the first broken link: a gap or
 * reordering in seq, a prev_hash that is not the previous row's hash, a hash that does not
 * match the row's content.
 */
export function verifyChain(
  sqlite: Database.Database,
  opts: {
    fromSeq?: number;
    toSeq?: number;
    deviceId?: string;
    /** entries checked so far and how many there are (after every batch: a CLI shows it) */
    onProgress?: (done: number, total: number) => void;
  } = {},
): VerifyReport {
  const fromSeq = opts.fromSeq ?? 1;
  const toSeq = opts.toSeq ?? Number.MAX_SAFE_INTEGER;
  let prevHash = GENESIS_HASH;
  if (fromSeq > 1) {
    const before = sqlite.prepare('SELECT hash FROM journal WHERE seq = ?').get(fromSeq - 1) as
      | { hash: string }
      | undefined;
    if (!before) return broken(0, fromSeq - 1, 'missing entry', GENESIS_HASH);
    prevHash = before.hash;
  }
  const v = new ChainVerifier(sha256Hex, { fromSeq, prevHash, deviceId: opts.deviceId });
  // Read in batches of rows (faster than a row-by-row iterator) through a memory map of the
  // file (no copy through read(2)); both matter on a million entries. Rows never change, so
  // batches need no common snapshot; entries appended meanwhile are verified too.
  const batch = sqlite.prepare(
    'SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM journal WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT 4096',
  );
  const onProgress = opts.onProgress;
  const total = onProgress ? Math.max(0, Math.min(toSeq, lastSeq(sqlite)) - fromSeq + 1) : 0;
  const mmapBefore = sqlite.pragma('mmap_size', { simple: true }) as number;
  sqlite.pragma(`mmap_size = ${VERIFY_MMAP_BYTES}`);
  try {
    for (;;) {
      const rows = batch.all(v.nextSeq, toSeq) as ChainEntry[];
      if (rows.length === 0) break;
      for (const row of rows) if (!v.push(row)) return v.report();
      onProgress?.(Math.min(total, v.nextSeq - fromSeq), total);
    }
  } finally {
    sqlite.pragma(`mmap_size = ${mmapBefore}`);
  }
  // a bounded range must end where it was asked to (a missing last row is a gap too)
  const expected = v.nextSeq;
  if (opts.toSeq !== undefined && expected !== toSeq + 1) {
    const next = sqlite.prepare('SELECT min(seq) AS s FROM journal WHERE seq > ?').get(expected) as {
      s: number | null;
    };
    const found = next.s === null ? '' : ` (found ${next.s})`;
    v.fail(expected, `seq ${expected} missing${found}`);
  }
  return v.report();
}

function broken(entries: number, seq: number, reason: string, lastHash: string): VerifyReport {
  return { ok: false, entries, firstBrokenSeq: seq, reason, lastHash };
}

function hasFirstEntry(sqlite: Database.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM journal WHERE seq = 1').get() !== undefined;
}

/** The journal's last seq (0 when empty): the primary key's end, read without a scan. */
export function lastSeq(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number | null }).m ?? 0;
}

/** Tail check at open: the last `n` entries chain onto each other (cheap, O(n)). */
export function verifyTail(sqlite: Database.Database, n = 64): VerifyReport {
  const max = lastSeq(sqlite);
  if (max === 0) return { ok: true, entries: 0, firstBrokenSeq: null, reason: null, lastHash: GENESIS_HASH };
  const count = (sqlite.prepare('SELECT count(*) AS c FROM journal').get() as { c: number }).c;
  if (count !== max) {
    // a row is missing somewhere: find the first gap (a full scan of the integer key, still cheap)
    const gap = sqlite
      .prepare(
        'SELECT j.seq + 1 AS s FROM journal j WHERE NOT EXISTS (SELECT 1 FROM journal k WHERE k.seq = j.seq + 1) ORDER BY j.seq LIMIT 1',
      )
      .get() as { s: number } | undefined;
    const first = hasFirstEntry(sqlite) ? (gap?.s ?? null) : 1;
    return {
      ok: false,
      entries: count,
      firstBrokenSeq: first,
      reason: `seq gap: ${count} entries but last seq ${max}`,
      lastHash: '',
    };
  }
  return verifyChain(sqlite, { fromSeq: Math.max(1, max - n + 1) });
}

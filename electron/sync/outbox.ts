import type Database from 'better-sqlite3';
import type { ChainEntry } from '../../shared/ledger/chain.ts';
import type { SyncStopReason } from '../../shared/statuses.ts';

/**
 * What the sync worker reads and writes in the till's ledger, through db/ only: the
 * enrolment row, the journal entries above what head office acknowledged, and the
 * acknowledgements themselves. None of this runs inside a command's transaction, and nothing
 * here writes the journal: acknowledgements and reachability are the worker's own bookkeeping
 * (journaling them would make entries to push about pushing).
 */
export type StopReason = SyncStopReason;

export interface SyncRow {
  headOffice: string;
  storeId: string;
  enrolledAt: string;
  enrolSeq: number;
  staleHours: number;
  ackedSeq: number;
  ackedHash: string;
  ackedAt: string | null;
  lastAttemptAt: string | null;
  lastContactAt: string | null;
  offlineSince: string | null;
  lastError: string | null;
  stoppedReason: StopReason | null;
  stoppedAt: string | null;
  stoppedDetail: string | null;
}

const COLUMNS = `head_office AS headOffice, store_id AS storeId, enrolled_at AS enrolledAt,
  enrol_seq AS enrolSeq, stale_hours AS staleHours, acked_seq AS ackedSeq, acked_hash AS ackedHash,
  acked_at AS ackedAt, last_attempt_at AS lastAttemptAt, last_contact_at AS lastContactAt,
  offline_since AS offlineSince, last_error AS lastError, stopped_reason AS stoppedReason,
  stopped_at AS stoppedAt, stopped_detail AS stoppedDetail`;

// Statements prepared once per connection: the worker and the status bar run these for every
// batch and every status (a catch-up of 100k entries measured ~0.8 s in better-sqlite3's prepare).
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(sqlite: Database.Database, text: string): Database.Statement {
  let m = statements.get(sqlite);
  if (!m) {
    m = new Map();
    statements.set(sqlite, m);
  }
  let s = m.get(text);
  if (!s) {
    s = sqlite.prepare(text);
    m.set(text, s);
  }
  return s;
}

/** The enrolment row, or null on a till that was never enrolled (a standalone store). */
export function readSyncRow(sqlite: Database.Database): SyncRow | null {
  return (
    (stmt(sqlite, `SELECT ${COLUMNS} FROM sync_state WHERE id = 1`).get() as SyncRow | undefined) ?? null
  );
}

/** The till's last journal seq (db/journal.ts lastSeq, with its statement kept). */
export function headSeq(sqlite: Database.Database): number {
  return (stmt(sqlite, 'SELECT max(seq) AS m FROM journal').get() as { m: number | null }).m ?? 0;
}

/** Entries waiting for head office: above the acknowledged seq. */
export function pendingCount(sqlite: Database.Database, row: SyncRow | null): number {
  if (!row) return 0;
  return Math.max(0, headSeq(sqlite) - row.ackedSeq);
}

const batchCache = new WeakMap<Database.Database, Database.Statement>();

/**
 * The next `limit` journal entries after `afterSeq`, in seq order, as they travel; with
 * `maxBytes`, no more than fit in that many bytes of JSON (at least one entry: a single entry
 * larger than the server's body limit gets its 413 and the worker's answer to it).
 */
export function readEntries(
  sqlite: Database.Database,
  afterSeq: number,
  limit: number,
  maxBytes = Number.POSITIVE_INFINITY,
): ChainEntry[] {
  let stmt = batchCache.get(sqlite);
  if (!stmt) {
    stmt = sqlite.prepare(
      'SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM journal WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    batchCache.set(sqlite, stmt);
  }
  const rows = stmt.all(afterSeq, limit) as ChainEntry[];
  if (maxBytes === Number.POSITIVE_INFINITY) return rows;
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const e = rows[i]!;
    // the JSON of an entry: its texts (payload escaped: quotes and backslashes double) and ~120 bytes of keys
    bytes += 120 + e.payload.length * 1.1 + e.id.length + e.device_id.length + e.at.length;
    bytes += e.actor.length + e.type.length + e.prev_hash.length + e.hash.length;
    if (bytes > maxBytes && i > 0) return rows.slice(0, i);
  }
  return rows;
}

/** The hash of the till's own entry at `seq` (null when the till has no such entry). */
export function hashAt(sqlite: Database.Database, seq: number): string | null {
  const r = stmt(sqlite, 'SELECT hash FROM journal WHERE seq = ?').get(seq) as { hash: string } | undefined;
  return r?.hash ?? null;
}

/**
 * Head office holds everything up to `seq` (whose hash is `hash`): record it, and mark the
 * outbox rows that carried those entries as sent. One small transaction, durable before the
 * next batch is read (so a kill -9 right after never makes the till forget an acknowledgement
 * it was given — and resending what was acknowledged but not yet recorded is a no-op there).
 * Acknowledgements only move forward.
 */
export function recordAck(sqlite: Database.Database, seq: number, hash: string, at: string): boolean {
  return sqlite
    .transaction(() => {
      const r = stmt(
        sqlite,
        `UPDATE sync_state SET acked_seq = ?, acked_hash = ?, acked_at = ?, last_contact_at = ?,
           offline_since = NULL, last_error = NULL WHERE id = 1 AND acked_seq < ?`,
      ).run(seq, hash, at, at, seq);
      if (r.changes === 0) return false;
      // Only the unsent rows before the first journal row still waiting: journal rows are written
      // with their entry in its transaction (one writer), so their ids rise with their seqs. Without
      // that bound every ack walked all the unsent rows (a 100k catch-up: ~2.5 s of the till's CPU).
      stmt(
        sqlite,
        `UPDATE outbox SET sent_at = ? WHERE sent_at IS NULL AND topic = 'journal' AND seq <= ?
           AND id < coalesce((SELECT id FROM outbox WHERE sent_at IS NULL AND topic = 'journal' AND seq > ?
                              ORDER BY sent_at, id LIMIT 1), 9223372036854775807)`,
      ).run(at, seq, seq);
      return true;
    })
    .immediate();
}

/** Head office answered (whatever it said): the till is reachable. */
export function recordContact(sqlite: Database.Database, at: string): void {
  stmt(
    sqlite,
    'UPDATE sync_state SET last_attempt_at = ?, last_contact_at = ?, offline_since = NULL, last_error = NULL WHERE id = 1',
  ).run(at, at);
}

/** An attempt failed without an answer: offline since the first such failure. */
export function recordFailure(sqlite: Database.Database, at: string, code: string): void {
  stmt(
    sqlite,
    'UPDATE sync_state SET last_attempt_at = ?, offline_since = coalesce(offline_since, ?), last_error = ? WHERE id = 1',
  ).run(at, at, code);
}

/** Head office refused the chain (fork, rewritten ledger) or the token: stop pushing until re-enrolled. */
export function recordStop(sqlite: Database.Database, reason: StopReason, at: string, detail: unknown): void {
  sqlite
    .prepare(
      `UPDATE sync_state SET stopped_reason = ?, stopped_at = ?, stopped_detail = ?, last_attempt_at = ?,
         last_contact_at = ?, offline_since = NULL, last_error = ? WHERE id = 1`,
    )
    .run(reason, at, JSON.stringify(detail ?? null), at, at, reason);
}

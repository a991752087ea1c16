import { run } from '../../db/sql.ts';
import { GENESIS_HASH } from '../../shared/ledger/chain.ts';
import type { CommandContext } from './context.ts';

/**
 * The enrolment command's writes, after head office gave the till its token: the journal entry
 * (the fact of enrolment, head office's URL, the store id — never the token) and the sync row
 * the background push works from. A new enrolment (another head office, a refused till let back
 * in) starts the acknowledgements again from nothing: head office says what it holds at the
 * first push.
 */
export function recordEnrolment(
  ctx: CommandContext,
  e: { headOffice: string; storeId: string; staleHours: number },
): void {
  const entry = ctx.record('sync.enrolled', {
    headOffice: e.headOffice,
    storeId: e.storeId,
    deviceId: ctx.env.deviceId,
    tillName: ctx.store.tillName,
    staleHours: e.staleHours,
  });
  run(
    ctx.sqlite,
    `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, stale_hours, acked_seq, acked_hash, last_contact_at)
     VALUES (1, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT(id) DO UPDATE SET head_office = excluded.head_office, store_id = excluded.store_id,
       enrolled_at = excluded.enrolled_at, enrol_seq = excluded.enrol_seq, stale_hours = excluded.stale_hours,
       acked_seq = 0, acked_hash = excluded.acked_hash, acked_at = NULL, last_attempt_at = NULL,
       last_contact_at = excluded.last_contact_at, offline_since = NULL, last_error = NULL, stopped_reason = NULL,
       stopped_at = NULL, stopped_detail = NULL`,
    e.headOffice,
    e.storeId,
    ctx.atIso,
    entry.seq,
    e.staleHours,
    GENESIS_HASH,
    ctx.atIso, // head office just answered
  );
}

import type Database from 'better-sqlite3';
import { one, run } from '../../db/sql.ts';
import { CommandError } from '../../shared/errors.ts';
import type { DrawerMovementKind } from '../../shared/statuses.ts';
import type { CommandContext } from './context.ts';

export interface OpenSessionRow {
  id: string;
  number: number;
  opened_at: string;
  opened_by: string;
  float: number;
  currency: string;
}

export function currentSession(sqlite: Database.Database): OpenSessionRow | undefined {
  return one<OpenSessionRow>(
    sqlite,
    "SELECT id, number, opened_at, opened_by, float, currency FROM drawer_sessions WHERE status = 'open' LIMIT 1",
  );
}

export function requireOpenDrawer(sqlite: Database.Database): OpenSessionRow {
  const s = currentSession(sqlite);
  if (!s)
    throw new CommandError(
      'DRAWER_CLOSED',
      'the cash drawer is not open: open it with a counted float first',
    );
  return s;
}

/** deposit_in / deposit_out: a rental deposit taken in cash, and handed back */
export type MovementKind = DrawerMovementKind;

/** Record cash going into (+) or out of (−) the drawer. */
export function moveCash(
  ctx: CommandContext,
  sessionId: string,
  kind: MovementKind,
  amount: number,
  reason: string | null,
  refId: string | null,
): string {
  const id = ctx.newId();
  run(
    ctx.sqlite,
    'INSERT INTO drawer_movements (id, session_id, kind, amount, reason, ref_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    id,
    sessionId,
    kind,
    amount,
    reason,
    refId,
    ctx.actor.id,
    ctx.atIso,
  );
  return id;
}

export function expectedCash(sqlite: Database.Database, sessionId: string): number {
  return (
    one<{ t: number | null }>(
      sqlite,
      'SELECT sum(amount) AS t FROM drawer_movements WHERE session_id = ?',
      sessionId,
    )?.t ?? 0
  );
}

export function assertDayOpen(ctx: CommandContext, date: string): void {
  if (one(ctx.sqlite, "SELECT 1 FROM period_closings WHERE kind = 'day' AND period = ?", date)) {
    throw new CommandError('INVALID_STATE', `business day ${date} is already closed`, { details: { date } });
  }
}

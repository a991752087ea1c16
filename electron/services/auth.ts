import { all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { SessionInfo, UserTile } from '../../shared/api/types.ts';
import { CommandError, issue, notFound } from '../../shared/errors.ts';
import { type Role, roleAtLeast } from '../../shared/roles.ts';
import {
  type Actor,
  type Caller,
  type CommandContext,
  type Env,
  journalEntry,
  type ReadEnv,
  stampWrite,
  type VerifiedApproval,
} from './context.ts';
import { verifyPin } from './pin.ts';

export { SESSION_MS, Sessions } from './sessions.ts';

/**
 * PIN login, lockout and manager approvals.
 * 5 wrong PINs in a row lock the user for 5 minutes (even a right PIN is refused then).
 * Sessions live in the main process only, keyed by the SHA-256 of a random bearer token
 * (256 bits: a fast hash is enough for a token; scrypt is for the low-entropy PINs).
 */
export const MAX_ATTEMPTS = 5;
export const LOCK_MS = 5 * 60_000;

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

export function userTiles(env: Pick<ReadEnv, 'sqlite'>): UserTile[] {
  // clerks first, then managers, then administrators: the login screen starts on the first
  // tile, the one most likely at the counter (it started on the administrator, 'admin' < 'clerk')
  return all<UserTile>(
    env.sqlite,
    `SELECT id, name, role FROM users WHERE active = 1
     ORDER BY CASE role WHEN 'clerk' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, name`,
  );
}

export type PinCheck = { ok: true; user: Actor } | { ok: false; error: CommandError };

/**
 * Wrong PINs on this till, all users together, that refuse any PIN for a while: five wrong PINs
 * lock one user, but someone walking the tiles could otherwise try five on each.
 */
export const TILL_MAX_FAILURES = 10;
export const TILL_WINDOW_MS = 5 * 60_000;

/**
 * How long a user stays locked, in elapsed (monotonic) milliseconds; 0 when not locked.
 * In this process the lockout is timed on the elapsed clock (env.lockouts), so setting the wall
 * clock back or forward neither lengthens nor lifts it. A lockout written before a restart is
 * read from the stored wall-clock end, trusted for at most LOCK_MS.
 */
export function lockRemaining(
  env: Pick<Env, 'elapsed' | 'lockouts' | 'now'>,
  userId: string,
  lockedUntil: string | null,
): number {
  const e = env.elapsed();
  let end = env.lockouts.get(userId);
  if (end === undefined) {
    const stored = lockedUntil ? Date.parse(lockedUntil) - env.now().getTime() : 0;
    if (stored <= 0) return 0;
    end = e + Math.min(stored, LOCK_MS);
    env.lockouts.set(userId, end);
  }
  return Math.max(0, end - e);
}

/** Milliseconds before this till takes a PIN again (0: now), after too many wrong ones. */
function tillRetryAfter(env: Env): number {
  const e = env.elapsed();
  const recent = env.pinFailures.filter((t) => e - t < TILL_WINDOW_MS);
  env.pinFailures.splice(0, env.pinFailures.length, ...recent);
  if (recent.length < TILL_MAX_FAILURES) return 0;
  return Math.max(1, Math.ceil(recent[recent.length - TILL_MAX_FAILURES]! + TILL_WINDOW_MS - e));
}

/**
 * Check a user's PIN, updating the failure counter in its own transaction with a journal
 * entry (an audit trail of failed logins and approvals is worth the rows).
 */
export function checkPin(env: Env, userId: string, pin: string, field: string): PinCheck {
  const u = one<UserRow>(env.sqlite, 'SELECT * FROM users WHERE id = ?', userId);
  if (!u?.active) {
    return {
      ok: false,
      // an id that names no (active) user, like every unknown id: NOT_FOUND naming the field
      error: notFound(field.replace(/pin$/, 'userId'), userId, 'user'),
    };
  }
  const retryAfterMs = tillRetryAfter(env);
  if (retryAfterMs > 0) {
    return {
      ok: false,
      error: new CommandError('RATE_LIMITED', 'too many wrong PINs on this till: wait before trying again', {
        details: { retryAfterMs },
      }),
    };
  }
  const remaining = lockRemaining(env, u.id, u.locked_until);
  if (remaining > 0) {
    return {
      ok: false,
      error: new CommandError('LOCKED', `${u.name} is locked after too many wrong PINs`, {
        details: { until: new Date(env.now().getTime() + remaining).toISOString(), remainingMs: remaining },
      }),
    };
  }
  const actor: Actor = { id: u.id, name: u.name, role: u.role };
  if (verifyPin(pin, u.pin_hash)) {
    if (u.failed_attempts > 0 || u.locked_until) {
      run(env.sqlite, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', u.id);
    }
    env.lockouts.delete(u.id);
    return { ok: true, user: actor };
  }
  env.pinFailures.push(env.elapsed());
  const attempts = u.failed_attempts + 1;
  const lock = attempts >= MAX_ATTEMPTS;
  const stamp = stampWrite(env);
  // the stored end is for display and for a restart; the lockout itself runs on env.lockouts
  const lockedUntil = lock ? new Date(env.now().getTime() + LOCK_MS).toISOString() : null;
  env.sqlite
    .transaction(() => {
      run(
        env.sqlite,
        'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?',
        lock ? 0 : attempts,
        lockedUntil,
        u.id,
      );
      stamp.write(u.id);
      journalEntry(env, stamp.at.toISOString(), u.id, 'auth.pinRejected', {
        userId: u.id,
        attempts,
        lockedUntil,
      });
    })
    .immediate();
  stamp.committed();
  if (lock) {
    env.lockouts.set(u.id, env.elapsed() + LOCK_MS);
    // whoever is at the till with the user's session does not keep it while their PIN is guessed
    env.sessions.endUser(u.id);
  }
  return lock
    ? {
        ok: false,
        error: new CommandError('LOCKED', `${u.name} is locked for 5 minutes`, {
          details: { until: lockedUntil, remainingMs: LOCK_MS },
        }),
      }
    : {
        ok: false,
        error: new CommandError('FORBIDDEN', 'wrong PIN', {
          fields: [issue(field, 'wrongPin', 'wrong PIN', { attemptsLeft: MAX_ATTEMPTS - attempts })],
          details: { attemptsLeft: MAX_ATTEMPTS - attempts },
        }),
      };
}

/** Verify a manager approval attached to a command, before its transaction starts. */
export function verifyApproval(env: Env, a: Approval): VerifiedApproval {
  const r = checkPin(env, a.managerId, a.pin, 'approval.pin');
  if (!r.ok) throw r.error;
  if (!roleAtLeast(r.user.role, 'manager')) {
    throw new CommandError('FORBIDDEN', `${r.user.name} is not a manager`, {
      fields: [issue('approval.managerId', 'notManager', 'not a manager')],
    });
  }
  return { manager: r.user, reason: a.reason };
}

/**
 * Login and logout are ordinary commands: one transaction, one journal entry; the session
 * opens (or ends) after commit.
 */
export const authHandlers = {
  'auth.login'(ctx: CommandContext, _input: OpParsed<'auth.login'>): SessionInfo {
    // the actor is the user whose PIN loginActor checked before the transaction
    ctx.record('auth.login', { userId: ctx.actor.id });
    const session = ctx.env.sessions.mint(ctx.actor);
    ctx.afterCommit(session.open);
    return session.info;
  },

  'auth.logout'(ctx: CommandContext, _input: OpParsed<'auth.logout'>): { ok: true } {
    ctx.record('auth.logout', { userId: ctx.actor.id });
    const token = ctx.token;
    ctx.afterCommit(() => ctx.env.sessions.drop(token ?? undefined));
    return { ok: true };
  },
};

/**
 * Who acts in a command of the login screen (no session yet): the user whose PIN is right.
 * Runs before the transaction, because a wrong PIN's failure count must stay written.
 */
export function loginActor(env: Env, input: OpParsed<'auth.login'>): Actor {
  const r = checkPin(env, input.userId, input.pin, 'pin');
  if (!r.ok) throw r.error;
  return r.user;
}

export const authQueries = {
  'auth.session': (env: ReadEnv, _input: OpParsed<'auth.session'>, caller: Caller) =>
    env.sessions.info(caller.token ?? undefined),
  'users.tiles': (env: ReadEnv) => userTiles(env),
};

import { all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { SessionInfo, UserTile } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { type Role, roleAtLeast } from '../../shared/roles.ts';
import {
  type Actor,
  type Caller,
  type CommandContext,
  type Env,
  journalEntry,
  type ReadEnv,
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
  return all<UserTile>(env.sqlite, 'SELECT id, name, role FROM users WHERE active = 1 ORDER BY role, name');
}

export type PinCheck = { ok: true; user: Actor } | { ok: false; error: CommandError };

/**
 * Check a user's PIN, updating the failure counter in its own transaction with a journal
 * entry (an audit trail of failed logins and approvals is worth the rows).
 */
export function checkPin(env: Env, userId: string, pin: string, field: string): PinCheck {
  const u = one<UserRow>(env.sqlite, 'SELECT * FROM users WHERE id = ?', userId);
  const now = env.now();
  if (!u?.active) {
    return {
      ok: false,
      error: new CommandError('VALIDATION', 'unknown user', {
        fields: [{ path: field.replace(/pin$/, 'userId'), message: 'unknown user' }],
      }),
    };
  }
  if (u.locked_until && Date.parse(u.locked_until) > now.getTime()) {
    return {
      ok: false,
      error: new CommandError('LOCKED', `${u.name} is locked after too many wrong PINs`, {
        details: { until: u.locked_until },
      }),
    };
  }
  const actor: Actor = { id: u.id, name: u.name, role: u.role };
  if (verifyPin(pin, u.pin_hash)) {
    if (u.failed_attempts > 0 || u.locked_until) {
      run(env.sqlite, 'UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?', u.id);
    }
    return { ok: true, user: actor };
  }
  const attempts = u.failed_attempts + 1;
  const lock = attempts >= MAX_ATTEMPTS;
  const lockedUntil = lock ? new Date(now.getTime() + LOCK_MS).toISOString() : null;
  env.sqlite
    .transaction(() => {
      run(
        env.sqlite,
        'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?',
        lock ? 0 : attempts,
        lockedUntil,
        u.id,
      );
      journalEntry(env, now.toISOString(), u.id, 'auth.pinRejected', { userId: u.id, attempts, lockedUntil });
    })
    .immediate();
  return lock
    ? {
        ok: false,
        error: new CommandError('LOCKED', `${u.name} is locked for 5 minutes`, {
          details: { until: lockedUntil },
        }),
      }
    : {
        ok: false,
        error: new CommandError('FORBIDDEN', 'wrong PIN', {
          fields: [{ path: field, message: 'wrong PIN' }],
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
      fields: [{ path: 'approval.managerId', message: 'not a manager' }],
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
    const session = ctx.env.sessions.mint(ctx.actor, ctx.at.getTime());
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
    env.sessions.info(caller.token ?? undefined, env.now().getTime()),
  'users.tiles': (env: ReadEnv) => userTiles(env),
};

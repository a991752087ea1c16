import { hash, randomBytes } from 'node:crypto';
import { all, one, run } from '../../db/sql.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { SessionInfo, UserTile } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { type Role, roleAtLeast } from '../../shared/roles.ts';
import { type Actor, type Env, journalEntry, type VerifiedApproval } from './context.ts';
import { verifyPin } from './pin.ts';

/**
 * PIN login, lockout and manager approvals.
 * 5 wrong PINs in a row lock the user for 5 minutes (even a right PIN is refused then).
 * Sessions live in the main process only, keyed by the SHA-256 of a random bearer token
 * (256 bits: a fast hash is enough for a token; scrypt is for the low-entropy PINs).
 */
export const MAX_ATTEMPTS = 5;
export const LOCK_MS = 5 * 60_000;
export const SESSION_MS = 12 * 3_600_000;

interface UserRow {
  id: string;
  name: string;
  role: Role;
  pin_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  active: number;
}

interface Session {
  user: Actor;
  expiresAt: number;
}

// one-shot hash: every call looks its token up (a Hash object costs about 3× more)
const tokenKey = (token: string) => hash('sha256', token, 'hex');

export class Sessions {
  private map = new Map<string, Session>();

  create(user: Actor, now: number): SessionInfo {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    this.map.set(tokenKey(token), { user, expiresAt });
    return {
      token,
      user: { id: user.id, name: user.name, role: user.role },
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  get(token: string | undefined, now: number): Actor | null {
    if (!token) return null;
    const k = tokenKey(token);
    const s = this.map.get(k);
    if (!s) return null;
    if (s.expiresAt <= now) {
      this.map.delete(k);
      return null;
    }
    return s.user;
  }

  info(token: string | undefined, now: number): SessionInfo | null {
    const user = this.get(token, now);
    if (!user || !token) return null;
    const s = this.map.get(tokenKey(token))!;
    return { token, user: { ...user }, expiresAt: new Date(s.expiresAt).toISOString() };
  }

  drop(token: string | undefined): void {
    if (token) this.map.delete(tokenKey(token));
  }

  /**
   * A user was changed by the staff screen: their open sessions carry the new name and role,
   * or end when the user was deactivated (a fired clerk's session does not outlive the change).
   */
  updateUser(user: Actor, active: boolean): void {
    for (const [k, s] of this.map) {
      if (s.user.id !== user.id) continue;
      if (active) s.user = { ...user };
      else this.map.delete(k);
    }
  }
}

export function userTiles(env: Env): UserTile[] {
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
  env.sqlite.transaction(() => {
    run(
      env.sqlite,
      'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?',
      lock ? 0 : attempts,
      lockedUntil,
      u.id,
    );
    journalEntry(env, now.toISOString(), u.id, 'auth.pinRejected', { userId: u.id, attempts, lockedUntil });
  })();
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

import { hash, randomBytes } from 'node:crypto';
import type { SessionInfo } from '../../shared/api/types.ts';
import type { Actor } from './context.ts';

/**
 * Sessions live in the main process only, keyed by the SHA-256 of a random bearer token
 * (256 bits: a fast hash is enough for a token; scrypt is for the low-entropy PINs).
 */
export const SESSION_MS = 12 * 3_600_000;

interface Session {
  user: Actor;
  expiresAt: number;
}

// one-shot hash: every call looks its token up (a Hash object costs about 3× more)
const tokenKey = (token: string) => hash('sha256', token, 'hex');

export class Sessions {
  private map = new Map<string, Session>();

  create(user: Actor, now: number): SessionInfo {
    const s = this.mint(user, now);
    s.open();
    return s.info;
  }

  /**
   * A session that exists once `open()` is called: a command mints it inside its transaction
   * and opens it after commit (ctx.afterCommit), so a login that rolls back logs nobody in.
   */
  mint(user: Actor, now: number): { info: SessionInfo; open(): void } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + SESSION_MS;
    return {
      info: {
        token,
        user: { id: user.id, name: user.name, role: user.role },
        expiresAt: new Date(expiresAt).toISOString(),
      },
      open: () => {
        this.map.set(tokenKey(token), { user, expiresAt });
      },
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

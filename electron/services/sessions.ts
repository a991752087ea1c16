import { hash, randomBytes } from 'node:crypto';
import type { SessionInfo } from '../../shared/api/types.ts';
import type { Actor } from './context.ts';

/**
 * Sessions live in the main process only, keyed by the SHA-256 of a random bearer token
 * (256 bits: a fast hash is enough for a token; scrypt is for the low-entropy PINs).
 * A session's lifetime is measured in elapsed (monotonic) time: setting the wall clock back or
 * forward neither extends nor ends it. The wall-clock expiry is only for display.
 */
export const SESSION_MS = 12 * 3_600_000;

interface Session {
  user: Actor;
  /** on the elapsed clock */
  endsAt: number;
  /** for display */
  expiresAt: string;
}

// one-shot hash: every call looks its token up (a Hash object costs about 3× more)
const tokenKey = (token: string) => hash('sha256', token, 'hex');

export class Sessions {
  private map = new Map<string, Session>();

  constructor(
    /** monotonic milliseconds (performance.now in production) */
    private readonly elapsed: () => number,
    private readonly wall: () => Date,
  ) {}

  create(user: Actor): SessionInfo {
    const s = this.mint(user);
    s.open();
    return s.info;
  }

  /**
   * A session that exists once `open()` is called: a command mints it inside its transaction
   * and opens it after commit (ctx.afterCommit), so a login that rolls back logs nobody in.
   */
  mint(user: Actor): { info: SessionInfo; open(): void } {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.wall().getTime() + SESSION_MS).toISOString();
    return {
      info: { token, user: { id: user.id, name: user.name, role: user.role }, expiresAt },
      open: () => {
        this.map.set(tokenKey(token), { user, endsAt: this.elapsed() + SESSION_MS, expiresAt });
      },
    };
  }

  private session(token: string | undefined): Session | null {
    if (!token) return null;
    const k = tokenKey(token);
    const s = this.map.get(k);
    if (!s) return null;
    if (s.endsAt <= this.elapsed()) {
      this.map.delete(k);
      return null;
    }
    return s;
  }

  get(token: string | undefined): Actor | null {
    return this.session(token)?.user ?? null;
  }

  info(token: string | undefined): SessionInfo | null {
    const s = this.session(token);
    if (!s || !token) return null;
    return { token, user: { ...s.user }, expiresAt: s.expiresAt };
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

  /**
   * End every open session of a user — their PIN changed or they were locked out, so whoever
   * knew the old PIN (or is guessing it) loses the till — except `keep`, the session that made
   * the change (a user changing their own PIN stays logged in). Returns how many ended.
   */
  endUser(userId: string, keep?: string | null): number {
    const kept = keep ? tokenKey(keep) : null;
    let n = 0;
    for (const [k, s] of this.map) {
      if (s.user.id === userId && k !== kept) {
        this.map.delete(k);
        n++;
      }
    }
    return n;
  }
}

import { and, eq, gt, isNull } from 'drizzle-orm';
import { audit } from '../admin.ts';
import type { HqDb } from '../db.ts';
import { hqSessions, hqUsers } from '../schema.ts';
import { checkPassword, hashPassword, newSessionToken, sha256Hex } from '../secrets.ts';

/**
 * Head-office users of the page (created by `npm run hq -- user add`): a password checked with
 * scrypt, then a random session token in an HttpOnly, SameSite=Strict cookie scoped to /hq; only
 * its SHA-256 is stored (hq_sessions), like device tokens. Sign-ins, failed ones included, are
 * written to the audit log.
 */
export const SESSION_COOKIE = 'hq_session';
export const SESSION_HOURS = 12;

export interface PageUser {
  username: string;
  /** store ids, comma-separated, or '*' */
  stores: string;
}

// checked when the username is unknown, so a wrong name costs the same time as a wrong password
let dummyHash: Promise<string> | null = null;

export async function signIn(
  db: HqDb,
  username: string,
  password: string,
  now: Date,
): Promise<{ token: string; user: PageUser } | null> {
  const [u] = await db.select().from(hqUsers).where(eq(hqUsers.username, username));
  dummyHash ??= hashPassword('not a password of anyone');
  const ok = await checkPassword(password, u?.passwordHash ?? (await dummyHash));
  if (!u || !ok || u.disabledAt) {
    await audit(db, '*', `page:${username.slice(0, 64)}`, 'page.signIn.refused', {
      reason: !u ? 'unknown user' : u.disabledAt ? 'disabled' : 'wrong password',
    });
    return null;
  }
  const token = newSessionToken();
  await db.transaction(async (tx) => {
    await tx.insert(hqSessions).values({
      tokenHash: sha256Hex(token),
      username: u.username,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString(),
    });
    await audit(tx, '*', `page:${u.username}`, 'page.signIn', {});
  });
  return { token, user: { username: u.username, stores: u.stores } };
}

/** The user of a session cookie still valid (and not disabled since), or null. */
export async function sessionUser(db: HqDb, token: string | undefined, now: Date): Promise<PageUser | null> {
  if (!token || token.length > 200) return null;
  const [row] = await db
    .select({ username: hqUsers.username, stores: hqUsers.stores })
    .from(hqSessions)
    .innerJoin(hqUsers, eq(hqUsers.username, hqSessions.username))
    .where(
      and(
        eq(hqSessions.tokenHash, sha256Hex(token)),
        gt(hqSessions.expiresAt, now.toISOString()),
        isNull(hqUsers.disabledAt),
      ),
    );
  return row ?? null;
}

export async function signOut(db: HqDb, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.delete(hqSessions).where(eq(hqSessions.tokenHash, sha256Hex(token)));
}

/** `name=value` pairs of a Cookie header. */
export function readCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a malformed cookie is no cookie
    }
  }
  return out;
}

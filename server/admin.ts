import { and, eq } from 'drizzle-orm';
import type { HqDb } from './db.ts';
import { SyncError } from './errors.ts';
import { auditLog, devices, enrolCodes, hqUsers, stores } from './schema.ts';
import { hashPassword, newEnrolCode, parseEnrolCode, sha256Hex } from './secrets.ts';

/**
 * Head-office administration (the `npm run hq` CLI and the tests): stores, users of the page,
 * enrolment codes. Every action writes an audit row in the same transaction.
 */

export const STORE_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;
const USERNAME = /^[a-zA-Z0-9._@-]{1,64}$/;

export async function audit(
  db: HqDb,
  storeId: string,
  actor: string,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({ storeId, actor, action, details: JSON.stringify(details) });
}

export interface NewStore {
  storeId: string;
  name: string;
  currency: string;
  timeZone: string;
}

export async function createStore(db: HqDb, actor: string, s: NewStore): Promise<void> {
  if (!STORE_ID.test(s.storeId))
    throw new SyncError('VALIDATION', 'store id: lowercase letters, digits and dashes, up to 32', {
      fields: [{ path: 'storeId', message: 'invalid' }],
    });
  if (!/^[A-Z]{3}$/.test(s.currency))
    throw new SyncError('VALIDATION', 'currency: an ISO 4217 code', {
      fields: [{ path: 'currency', message: 'invalid' }],
    });
  if (!Intl.supportedValuesOf('timeZone').includes(s.timeZone))
    throw new SyncError('VALIDATION', 'time zone: an IANA name', {
      fields: [{ path: 'timeZone', message: 'invalid' }],
    });
  await db.transaction(async (tx) => {
    const got = await tx.insert(stores).values(s).onConflictDoNothing().returning({ id: stores.storeId });
    if (got.length === 0) throw new SyncError('VALIDATION', `store ${s.storeId} already exists`);
    await audit(tx, s.storeId, actor, 'store.create', { ...s });
  });
}

export async function addUser(
  db: HqDb,
  actor: string,
  u: { username: string; password: string; stores: string[] | '*' },
): Promise<void> {
  if (!USERNAME.test(u.username)) throw new SyncError('VALIDATION', 'username: letters, digits, . _ @ -');
  if (u.password.length < 10) throw new SyncError('VALIDATION', 'password: at least 10 characters');
  const list = u.stores === '*' ? '*' : u.stores.join(',');
  if (u.stores !== '*') {
    for (const s of u.stores) {
      const [row] = await db.select({ id: stores.storeId }).from(stores).where(eq(stores.storeId, s));
      if (!row) throw new SyncError('NOT_FOUND', `no store ${s}`);
    }
  }
  const passwordHash = await hashPassword(u.password);
  await db.transaction(async (tx) => {
    const got = await tx
      .insert(hqUsers)
      .values({ username: u.username, passwordHash, stores: list })
      .onConflictDoNothing()
      .returning({ u: hqUsers.username });
    if (got.length === 0) throw new SyncError('VALIDATION', `user ${u.username} already exists`);
    await audit(tx, '*', actor, 'user.add', { username: u.username, stores: list });
  });
}

/** A one-time code; only its hash is kept. Valid `ttlMinutes` (default 24 h). */
export async function createEnrolCode(
  db: HqDb,
  actor: string,
  storeId: string,
  opts: { ttlMinutes?: number; now?: Date } = {},
): Promise<{ code: string; expiresAt: string }> {
  const [store] = await db.select({ id: stores.storeId }).from(stores).where(eq(stores.storeId, storeId));
  if (!store) throw new SyncError('NOT_FOUND', `no store ${storeId}`);
  const code = newEnrolCode(storeId);
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (opts.ttlMinutes ?? 24 * 60) * 60_000).toISOString();
  await db.transaction(async (tx) => {
    await tx.insert(enrolCodes).values({
      storeId,
      codeHash: enrolCodeHash(code),
      expiresAt,
      createdBy: actor,
    });
    await audit(tx, storeId, actor, 'code.create', { expiresAt });
  });
  return { code, expiresAt };
}

export function enrolCodeHash(code: string): string {
  const p = parseEnrolCode(code);
  return sha256Hex(p ? `${p.storeId}-${p.secret}` : code);
}

export async function revokeDevice(
  db: HqDb,
  actor: string,
  storeId: string,
  deviceId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const got = await tx
      .update(devices)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, deviceId)))
      .returning({ d: devices.deviceId });
    if (got.length === 0) throw new SyncError('NOT_FOUND', `no device ${deviceId} in ${storeId}`);
    await audit(tx, storeId, actor, 'device.revoke', { deviceId });
  });
}

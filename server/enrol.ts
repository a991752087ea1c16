import { createPublicKey } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { GENESIS_HASH } from '../shared/ledger/chain.ts';
import type { EnrolRequest, EnrolResponse } from '../shared/sync/protocol.ts';
import { audit, enrolCodeHash } from './admin.ts';
import type { HqDb } from './db.ts';
import { SyncError } from './errors.ts';
import { devices, enrolCodes } from './schema.ts';
import { newDeviceToken, parseEnrolCode, sha256Hex, tokenStore } from './secrets.ts';

/**
 * A till trades a one-time code for a device token. The code names its store, so every query
 * here is single-store. The code row is locked (FOR UPDATE) so that two tills racing with one
 * code cannot both win; the token is returned once and only its hash is stored.
 */
export async function enrol(db: HqDb, req: EnrolRequest, now = new Date()): Promise<EnrolResponse> {
  const parsed = parseEnrolCode(req.code);
  if (!parsed) throw new SyncError('ENROL_CODE_INVALID', 'this is not an enrolment code');
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey(req.publicKeyPem);
  } catch {
    throw new SyncError('VALIDATION', 'publicKeyPem is not a public key', {
      fields: [{ path: 'publicKeyPem', message: 'not a PEM public key' }],
    });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new SyncError('VALIDATION', 'publicKeyPem must be an Ed25519 key', {
      fields: [{ path: 'publicKeyPem', message: `a ${key.asymmetricKeyType} key` }],
    });
  const storeId = parsed.storeId;
  const codeHash = enrolCodeHash(req.code);
  return db.transaction(async (tx) => {
    const [code] = await tx
      .select()
      .from(enrolCodes)
      .where(and(eq(enrolCodes.storeId, storeId), eq(enrolCodes.codeHash, codeHash)))
      .for('update');
    if (!code) throw new SyncError('ENROL_CODE_INVALID', 'unknown enrolment code');
    if (code.usedAt) throw new SyncError('ENROL_CODE_USED', 'this enrolment code was already used');
    if (Date.parse(code.expiresAt) <= now.getTime())
      throw new SyncError('ENROL_CODE_EXPIRED', 'this enrolment code has expired', {
        expiresAt: code.expiresAt,
      });
    const token = newDeviceToken(storeId);
    const [existing] = await tx
      .select({ revokedAt: devices.revokedAt })
      .from(devices)
      .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, req.deviceId)))
      .for('update');
    if (existing && !existing.revokedAt)
      throw new SyncError('DEVICE_CONFLICT', `device ${req.deviceId} is already enrolled in this store`);
    const row = {
      storeId,
      deviceId: req.deviceId,
      tillName: req.tillName,
      tokenHash: sha256Hex(token),
      publicKeyPem: req.publicKeyPem,
      ackSeq: 0,
      ackHash: GENESIS_HASH,
      enrolledAt: now.toISOString(),
    };
    if (existing) {
      // a revoked till enrolled again (new key, new token); its journal continues where head office stands
      const { ackSeq: _a, ackHash: _h, ...rest } = row;
      await tx
        .update(devices)
        .set({ ...rest, revokedAt: null })
        .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, req.deviceId)));
    } else await tx.insert(devices).values(row);
    await tx
      .update(enrolCodes)
      .set({ usedAt: now.toISOString(), usedBy: req.deviceId })
      .where(and(eq(enrolCodes.storeId, storeId), eq(enrolCodes.codeHash, codeHash)));
    await audit(tx, storeId, `device:${req.deviceId}`, 'device.enrol', {
      deviceId: req.deviceId,
      tillName: req.tillName,
    });
    return { token, storeId, deviceId: req.deviceId };
  });
}

export interface DeviceAuth {
  storeId: string;
  deviceId: string;
}

/** `Authorization: Bearer <token>` → the device, or UNAUTHENTICATED. */
export async function authenticate(db: HqDb, header: string | undefined): Promise<DeviceAuth> {
  const m = header ? /^Bearer ([A-Za-z0-9._-]{20,200})$/.exec(header) : null;
  if (!m) throw new SyncError('UNAUTHENTICATED', 'a device token is required');
  const token = m[1]!;
  const storeId = tokenStore(token);
  if (!storeId) throw new SyncError('UNAUTHENTICATED', 'unknown device token');
  const [d] = await db
    .select({ deviceId: devices.deviceId, revokedAt: devices.revokedAt })
    .from(devices)
    .where(and(eq(devices.storeId, storeId), eq(devices.tokenHash, sha256Hex(token))));
  if (!d || d.revokedAt) throw new SyncError('UNAUTHENTICATED', 'unknown device token');
  return { storeId, deviceId: d.deviceId };
}

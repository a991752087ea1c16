import { and, between, eq, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type ChainEntry, ChainVerifier, GENESIS_HASH } from '../shared/ledger/chain.ts';
import type { AnyEntry } from '../shared/ledger/entries.ts';
import { type PushRequest, type PushResponse, SYNC_LIMITS } from '../shared/sync/protocol.ts';
import { insertRowsSql } from './bulk.ts';
import type { HqDb } from './db.ts';
import type { DeviceAuth } from './enrol.ts';
import { SyncError } from './errors.ts';
import { applyMasterEdits, editsFromEntries } from './master-data.ts';
import { keyOf, type ProjectionRows, parsePayload, project } from './projections.ts';
import {
  alerts,
  closings,
  devices,
  drawerSessions,
  entries,
  payments,
  refunds,
  sales,
  zReports,
} from './schema.ts';
import { sha256Hex } from './secrets.ts';

/**
 * One push: check everything that needs no database first (the batch is a chain, every entry
 * parses), then in ONE transaction, with the device's row locked (two requests of one till at
 * once wait for each other, on any number of server instances): compare with what head office
 * holds, store the new entries and their projections, move the acknowledgement.
 * A refusal (fork, rewritten ledger) stores none of the batch, but records the alert and marks
 * the device in the same transaction.
 */

type Tx = Parameters<Parameters<HqDb['transaction']>[0]>[0];

/** Rows into a table in one statement (server/bulk.ts says why not drizzle's insert builder). */
async function insertRows<T extends PgTable>(tx: Tx, table: T, rows: T['$inferInsert'][]): Promise<void> {
  if (rows.length) await tx.execute(insertRowsSql(table, rows));
}

function checkBatch(auth: DeviceAuth, req: PushRequest): { entry: ChainEntry; payload: AnyEntry }[] {
  if (req.deviceId !== auth.deviceId)
    throw new SyncError('FORBIDDEN', "this token is not the batch's device", { deviceId: req.deviceId });
  if (req.entries.length > SYNC_LIMITS.maxEntries)
    throw new SyncError('BATCH_TOO_LARGE', `at most ${SYNC_LIMITS.maxEntries} entries per batch`, {
      maxEntries: SYNC_LIMITS.maxEntries,
      entries: req.entries.length,
    });
  const first = req.entries[0];
  if (!first) return [];
  const v = new ChainVerifier(sha256Hex, {
    fromSeq: first.seq,
    prevHash: first.prev_hash,
    deviceId: auth.deviceId,
  });
  for (const e of req.entries) {
    if (!v.push(e)) {
      const r = v.report();
      throw new SyncError('CHAIN_BROKEN', `the batch breaks at seq ${r.firstBrokenSeq}: ${r.reason}`, {
        seq: r.firstBrokenSeq,
        reason: r.reason,
      });
    }
  }
  const last = req.entries[req.entries.length - 1]!;
  if (req.head.seq < last.seq || (req.head.seq === last.seq && req.head.hash !== last.hash))
    throw new SyncError('VALIDATION', 'head is behind the last entry of the batch', {
      fields: [{ path: 'head', message: 'not the journal head of these entries' }],
    });
  return req.entries.map((entry) => ({ entry, payload: parsePayload(entry) }));
}

interface Refusal {
  error: SyncError;
  seq: number;
}

export async function push(
  db: HqDb,
  auth: DeviceAuth,
  req: PushRequest,
  now = new Date(),
): Promise<PushResponse> {
  const batch = checkBatch(auth, req);
  const { storeId, deviceId } = auth;
  const nowIso = now.toISOString();
  const refusal = await db.transaction(async (tx): Promise<Refusal | PushResponse> => {
    const [dev] = await tx
      .select()
      .from(devices)
      .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, deviceId)))
      .for('update');
    if (!dev || dev.revokedAt) throw new SyncError('UNAUTHENTICATED', 'unknown device token');
    const ackSeq = dev.ackSeq;
    const ackHash = dev.ackHash;
    const ack = { ackSeq, ackHash };
    const rewritten = (seq: number, reason: string): Refusal => ({
      seq,
      error: new SyncError('LEDGER_REWRITTEN', `the till's journal ${reason}`, {
        ...ack,
        tillSeq: req.head.seq,
        seq,
        reason,
      }),
    });

    if (dev.refused) {
      const error = new SyncError(
        dev.refused === 'FORK' ? 'FORK' : 'LEDGER_REWRITTEN',
        "head office refused this till's journal; a manager must look at the alert",
        {
          ...ack,
          tillSeq: req.head.seq,
          seq: ackSeq + 1,
          reason: 'refused earlier',
          heldHash: ackHash,
          sentHash: ackHash,
        },
      );
      return { error, seq: -1 };
    }
    if (req.head.seq < ackSeq)
      return rewritten(
        req.head.seq + 1,
        `is shorter (${req.head.seq}) than what head office acknowledged (${ackSeq})`,
      );
    if (req.head.seq === ackSeq && req.head.hash !== ackHash)
      return rewritten(ackSeq, `differs at seq ${ackSeq} from what head office acknowledged`);

    const first = batch[0]?.entry;
    const old = batch.filter((b) => b.entry.seq <= ackSeq);
    if (first && old.length > 0) {
      // entries head office already holds: equal (a resend) or a fork / rewrite
      const lo = Math.max(1, first.seq - 1);
      const held = new Map(
        (
          await tx
            .select({ seq: entries.seq, hash: entries.hash })
            .from(entries)
            .where(
              and(
                eq(entries.storeId, storeId),
                eq(entries.deviceId, deviceId),
                between(entries.seq, lo, ackSeq),
              ),
            )
        ).map((r) => [r.seq, r.hash]),
      );
      const heldAt = (s: number) => (s === 0 ? GENESIS_HASH : held.get(s));
      for (const { entry: e } of old) {
        const h = heldAt(e.seq);
        if (h === e.hash) continue;
        if (e.seq === first.seq && e.prev_hash !== heldAt(e.seq - 1))
          return rewritten(e.seq - 1, `differs below seq ${e.seq} from what head office acknowledged`);
        return {
          seq: e.seq,
          error: new SyncError('FORK', `seq ${e.seq} has another hash than the one head office holds`, {
            seq: e.seq,
            heldHash: h ?? GENESIS_HASH,
            sentHash: e.hash,
            ...ack,
          }),
        };
      }
    }
    const fresh = batch.filter((b) => b.entry.seq > ackSeq);
    const firstNew = fresh[0]?.entry;
    if (firstNew && firstNew.seq > ackSeq + 1)
      throw new SyncError('GAP', `entries ${ackSeq + 1}…${firstNew.seq - 1} are missing`, {
        resendFrom: ackSeq + 1,
        ...ack,
      });
    if (firstNew && firstNew.prev_hash !== ackHash)
      return rewritten(ackSeq, `differs at seq ${ackSeq} from what head office acknowledged`);

    const newAck = fresh.length ? fresh[fresh.length - 1]!.entry : null;
    const newAckSeq = newAck?.seq ?? ackSeq;
    const newAckHash = newAck?.hash ?? ackHash;
    if (fresh.length) {
      const rows = project(storeId, deviceId, fresh, () => keyOf(dev.publicKeyPem));
      await insertRows(
        tx,
        entries,
        fresh.map(({ entry: e }) => ({
          storeId,
          deviceId,
          seq: e.seq,
          id: e.id,
          at: e.at,
          actor: e.actor,
          type: e.type,
          payload: e.payload,
          prevHash: e.prev_hash,
          hash: e.hash,
          receivedAt: nowIso,
        })),
      );
      await storeProjections(tx, storeId, deviceId, rows);
      await applyMasterEdits(tx, storeId, editsFromEntries(deviceId, fresh), nowIso);
    }
    await tx
      .update(devices)
      .set({
        ackSeq: newAckSeq,
        ackHash: newAckHash,
        tillHeadSeq: req.head.seq,
        pending: Math.max(0, req.pending - (newAckSeq - ackSeq)),
        lastSeenAt: nowIso,
        ...(fresh.length ? { lastStoredAt: nowIso } : {}),
      })
      .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, deviceId)));
    return { ackSeq: newAckSeq, ackHash: newAckHash, stored: fresh.length };
  });
  if ('ackSeq' in refusal) return refusal;
  if (refusal.seq >= 0) await raiseAlert(db, storeId, deviceId, refusal, req, nowIso);
  throw refusal.error;
}

/** Record the alert and refuse the device's journal from now on (its own transaction: nothing of the batch). */
async function raiseAlert(
  db: HqDb,
  storeId: string,
  deviceId: string,
  r: Refusal,
  req: PushRequest,
  nowIso: string,
): Promise<void> {
  const kind = r.error.code;
  await db.transaction(async (tx) => {
    await tx
      .insert(alerts)
      .values({
        storeId,
        deviceId,
        kind,
        seq: r.seq,
        details: JSON.stringify({ ...r.error.details, message: r.error.message }),
        firstAt: nowIso,
        lastAt: nowIso,
      })
      .onConflictDoUpdate({
        target: [alerts.storeId, alerts.deviceId, alerts.kind, alerts.seq],
        set: { lastAt: nowIso, count: sql`${alerts.count} + 1` },
      });
    await tx
      .update(devices)
      .set({ refused: kind, lastSeenAt: nowIso, tillHeadSeq: req.head.seq, pending: req.pending })
      .where(and(eq(devices.storeId, storeId), eq(devices.deviceId, deviceId)));
  });
}

async function storeProjections(tx: Tx, storeId: string, deviceId: string, r: ProjectionRows): Promise<void> {
  await insertRows(tx, sales, r.sales);
  await insertRows(tx, payments, r.payments);
  await insertRows(tx, refunds, r.refunds);
  await insertRows(tx, drawerSessions, r.drawerOpened);
  await insertRows(tx, zReports, r.zReports);
  await insertRows(tx, closings, r.closings);
  // status changes: grouped by final status (the last change of a sale in the batch wins)
  const finalStatus = new Map<string, string>();
  for (const s of r.saleStatus) finalStatus.set(s.saleId, s.status);
  const byStatus = new Map<string, string[]>();
  for (const [saleId, status] of finalStatus) byStatus.set(status, [...(byStatus.get(status) ?? []), saleId]);
  for (const [status, ids] of byStatus)
    await tx
      .update(sales)
      .set({ status })
      .where(and(eq(sales.storeId, storeId), eq(sales.deviceId, deviceId), inArray(sales.saleId, ids)));
  for (const d of r.drawerClosed) {
    const { sessionId, ...set } = d;
    // a session opened before the till enrolled has no row yet: the close still records it
    await tx
      .insert(drawerSessions)
      .values({ storeId, deviceId, sessionId, ...set })
      .onConflictDoUpdate({
        target: [drawerSessions.storeId, drawerSessions.deviceId, drawerSessions.sessionId],
        set,
      });
  }
}

/** What head office acknowledged for this device. */
export async function status(db: HqDb, auth: DeviceAuth, now = new Date()) {
  const [d] = await db
    .select({ ackSeq: devices.ackSeq, ackHash: devices.ackHash, refused: devices.refused })
    .from(devices)
    .where(and(eq(devices.storeId, auth.storeId), eq(devices.deviceId, auth.deviceId)));
  if (!d) throw new SyncError('UNAUTHENTICATED', 'unknown device token');
  return {
    storeId: auth.storeId,
    deviceId: auth.deviceId,
    ackSeq: d.ackSeq,
    ackHash: d.ackHash,
    serverTime: now.toISOString(),
    refused: (d.refused as 'FORK' | 'LEDGER_REWRITTEN' | null) ?? null,
  };
}

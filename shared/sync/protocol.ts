import { z } from 'zod';
import type { ChainEntry } from '../ledger/chain.ts';

/**
 * The wire protocol between a till and head office (version 1). JSON over HTTP; every request
 * after enrolment carries `Authorization: Bearer <token>`. Kept small on purpose: the till side
 * (electron/sync) and the server (server/) both parse with these schemas.
 *
 *   POST /api/v1/enrol   EnrolRequest  → 200 EnrolResponse
 *   POST /api/v1/push    PushRequest   → 200 PushResponse        (entries stored, or nothing new)
 *                                       → 409 GAP               details: GapDetails (resend from there)
 *                                       → 409 FORK              details: ForkDetails
 *                                       → 409 LEDGER_REWRITTEN  details: RewrittenDetails
 *   GET  /api/v1/status                → 200 StatusResponse     (what head office acknowledged)
 *
 * Every non-2xx answer has the body `SyncErrorBody` with one of SYNC_ERROR_CODES.
 *
 * Push semantics (idempotent by (device, seq)):
 * - Entries must be consecutive seqs of the device's chain, each linking to the one before.
 * - Entries at or below the acknowledged seq that equal what head office holds are skipped
 *   (a resent batch is a no-op and answers 200 with the same ack).
 * - First new entry's seq > ackSeq + 1 → GAP with `resendFrom = ackSeq + 1`.
 * - An entry at or below ackSeq with another hash whose prev_hash is head office's hash at
 *   seq − 1 (a branch from a common point: a restored backup that kept selling, a cloned till)
 *   → FORK. Alerted at head office.
 * - The till's journal is shorter than what head office acknowledged (`head.seq < ackSeq`),
 *   `head` at ackSeq with another hash, or an entry that does not link to what head office holds
 *   below it (the first new entry's prev_hash ≠ ackHash; an old entry whose prev_hash differs)
 *   → LEDGER_REWRITTEN. Alerted at head office; the till shows managers why.
 * - A push with no entries is a heartbeat: it reports `head` and `pending`, and gets the ack.
 * - The answer acknowledges the highest contiguous seq head office holds; the till may mark
 *   everything up to ackSeq as sent.
 */

export const SYNC_PROTOCOL_VERSION = 1;

export const SYNC_PATHS = {
  enrol: '/api/v1/enrol',
  push: '/api/v1/push',
  status: '/api/v1/status',
} as const;

/** Limits of one push batch; a larger one gets 413 BATCH_TOO_LARGE and nothing is stored. */
export const SYNC_LIMITS = {
  /** entries per batch */
  maxEntries: 2000,
  /** bytes of the JSON request body */
  maxBodyBytes: 4 * 1024 * 1024,
  /**
   * what a till sends per batch at most: a catch-up's cost is per batch (a transaction, the
   * device row, an HTTP exchange) as much as per entry — a 10k-entry push measured 2.6 s at 500
   * and 1.9 s at 2,000 per batch on PGlite — so a till sends full batches, bounded by bytes too
   */
  recommendedEntries: 2000,
  /** …and at most this many bytes of entries per batch (half the body limit: room for big entries) */
  recommendedBytes: 2 * 1024 * 1024,
} as const;

export const SYNC_ERROR_CODES = [
  'VALIDATION', // 400: the body does not match the schema; details.fields lists the paths
  'UNAUTHENTICATED', // 401: no token, unknown token, revoked device
  'FORBIDDEN', // 403: the token's device is not the body's deviceId (or another store's)
  'NOT_FOUND', // 404
  'BATCH_TOO_LARGE', // 413: more than SYNC_LIMITS.maxEntries or maxBodyBytes
  'ENTRY_INVALID', // 422: an entry's payload does not parse for its type; details {seq, type, fields}
  'CHAIN_BROKEN', // 422: the batch is not a chain (seq gap inside it, bad prev_hash, bad hash, other device_id); details {seq, reason}
  'SIGNATURE_INVALID', // 422: a signed closing's signature does not hold under the registered key; details {seq}
  'GAP', // 409: entries are missing before the batch; details GapDetails
  'FORK', // 409: same seq, another hash; details ForkDetails
  'LEDGER_REWRITTEN', // 409: the till's journal is shorter than or differs below the ack; details RewrittenDetails
  'ENROL_CODE_INVALID', // 400: unknown enrolment code
  'ENROL_CODE_EXPIRED', // 400: the code's time is over
  'ENROL_CODE_USED', // 400: the code was already traded for a token
  'DEVICE_CONFLICT', // 409: this deviceId is enrolled in another store
  'RATE_LIMITED', // 429: too many attempts; details {retryAfterSeconds}
  'INTERNAL', // 500
] as const;
export type SyncErrorCode = (typeof SYNC_ERROR_CODES)[number];

export const syncErrorBody = z.object({
  code: z.enum(SYNC_ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type SyncErrorBody = z.infer<typeof syncErrorBody>;

const HEX64 = /^[0-9a-f]{64}$/;
const hash = z.string().regex(HEX64, 'a 64-character lowercase hex SHA-256');
const deviceId = z.string().min(1).max(100);
const seq = z.number().int().min(1);

// ---- enrolment ----

export const enrolRequest = z.object({
  /** one-time code printed by `npm run hq -- code` */
  code: z.string().min(4).max(64),
  /** the till's device id (the journal's device_id) */
  deviceId,
  tillName: z.string().min(1).max(100),
  /** the till's Ed25519 public key that signs its closings (PEM, SPKI) */
  publicKeyPem: z.string().min(40).max(2000).startsWith('-----BEGIN PUBLIC KEY-----'),
});
export type EnrolRequest = z.infer<typeof enrolRequest>;

export const enrolResponse = z.object({
  /** bearer token of this device; shown once, stored hashed at head office */
  token: z.string().min(20),
  storeId: z.string(),
  deviceId,
});
export type EnrolResponse = z.infer<typeof enrolResponse>;

// ---- push ----

/** shared/ledger/chain.ts's ChainEntry on the wire */
export const chainEntry = z.object({
  seq,
  id: z.string().min(1).max(100),
  device_id: deviceId,
  at: z.string().min(1).max(40),
  actor: z.string().max(100),
  type: z.string().min(1).max(64),
  payload: z.string(),
  prev_hash: hash,
  hash,
}) satisfies z.ZodType<ChainEntry>;

export const tillHead = z.object({
  /** the till's last journal seq (0 for an empty journal) */
  seq: z.number().int().min(0),
  /** its hash (GENESIS_HASH for an empty journal) */
  hash,
});
export type TillHead = z.infer<typeof tillHead>;

export const pushRequest = z.object({
  deviceId,
  /** the till's journal head when it built the batch; checked against the ack (rewritten ledger) */
  head: tillHead,
  /** entries the till has not had acknowledged yet (shown at head office) */
  pending: z.number().int().min(0),
  entries: z.array(chainEntry),
});
export type PushRequest = z.infer<typeof pushRequest>;

export const pushResponse = z.object({
  /** highest contiguous seq head office holds for this device (0: none) */
  ackSeq: z.number().int().min(0),
  /** its hash (GENESIS_HASH when ackSeq is 0) */
  ackHash: hash,
  /** entries of this batch newly stored (0 for a resent batch or a heartbeat) */
  stored: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof pushResponse>;

export const gapDetails = z.object({
  resendFrom: seq,
  ackSeq: z.number().int().min(0),
  ackHash: hash,
});
export type GapDetails = z.infer<typeof gapDetails>;

export const forkDetails = z.object({
  seq,
  /** hash head office holds at seq */
  heldHash: hash,
  /** hash the till sent */
  sentHash: hash,
  ackSeq: z.number().int().min(0),
  ackHash: hash,
});
export type ForkDetails = z.infer<typeof forkDetails>;

export const rewrittenDetails = z.object({
  /** what head office acknowledged */
  ackSeq: z.number().int().min(0),
  ackHash: hash,
  /** the till's head as it reported it */
  tillSeq: z.number().int().min(0),
  /** first seq where the till's journal is known to differ (or tillSeq + 1 when shorter) */
  seq,
  reason: z.string(),
});
export type RewrittenDetails = z.infer<typeof rewrittenDetails>;

// ---- status ----

export const statusResponse = z.object({
  storeId: z.string(),
  deviceId,
  ackSeq: z.number().int().min(0),
  ackHash: hash,
  /** head office's clock (ISO 8601), to show a till whose clock drifts */
  serverTime: z.string(),
  /** set when head office refused this till's journal: FORK or LEDGER_REWRITTEN */
  refused: z.enum(['FORK', 'LEDGER_REWRITTEN']).nullable(),
});
export type StatusResponse = z.infer<typeof statusResponse>;

/** HTTP status of each error code (both sides agree on it). */
export const SYNC_HTTP_STATUS: Record<SyncErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BATCH_TOO_LARGE: 413,
  ENTRY_INVALID: 422,
  CHAIN_BROKEN: 422,
  SIGNATURE_INVALID: 422,
  GAP: 409,
  FORK: 409,
  LEDGER_REWRITTEN: 409,
  ENROL_CODE_INVALID: 400,
  ENROL_CODE_EXPIRED: 400,
  ENROL_CODE_USED: 400,
  DEVICE_CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

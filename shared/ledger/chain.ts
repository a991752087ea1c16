/**
 * The one chain implementation, shared by the till (db/journal.ts), head office (server/) and any
 * auditor's script that reads an exported archive.
 *
 *   hash = SHA-256( prev_hash ‖ canonical JSON of {actor, at, device_id, id, payload, seq, type} )
 *
 * shared/ stays free of Node: the SHA-256 function is injected (node:crypto on the till and at
 * head office, WebCrypto or any library elsewhere). `payload` travels as its canonical JSON text and
 * is spliced verbatim into the hashed text, so verification never re-serialises it: any byte changed
 * in any field breaks the chain.
 */

/** prev_hash of the first entry of every till's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** hex SHA-256 of a UTF-8 string */
export type Sha256Hex = (text: string) => string;

/** A journal entry as stored and as sent to head office. `payload` is canonical JSON text. */
export interface ChainEntry {
  seq: number;
  id: string;
  device_id: string;
  at: string;
  actor: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

export type EntryContent = Omit<ChainEntry, 'hash' | 'prev_hash'>;

/** The hashed text of an entry: canonicalJson({...}) with the payload text spliced in. */
export function entryText(r: EntryContent): string {
  // keys in sorted order, values JSON-encoded: identical to canonicalJson({...}) with payload parsed
  return `{"actor":${JSON.stringify(r.actor)},"at":${JSON.stringify(r.at)},"device_id":${JSON.stringify(r.device_id)},"id":${JSON.stringify(r.id)},"payload":${r.payload},"seq":${r.seq},"type":${JSON.stringify(r.type)}}`;
}

export interface ChainReport {
  ok: boolean;
  /** entries that verified before the first broken one (all of them when ok) */
  entries: number;
  firstBrokenSeq: number | null;
  reason: string | null;
  /** hash of the last entry that verified (the start hash when none did) */
  lastHash: string;
}

export interface ChainStart {
  /** seq expected next (default 1) */
  fromSeq?: number;
  /** hash of the entry before fromSeq (default GENESIS_HASH) */
  prevHash?: string;
  /** every entry must carry this device id (default: the first entry's) */
  deviceId?: string;
}

/**
 * An incremental verifier: feed entries in seq order with `push`; it returns false at the first
 * broken link (a gap or reordering in seq, a prev_hash that is not the previous entry's hash, a
 * device id that changes, a hash that does not match the content) and keeps the report.
 * Works over any source: SQLite batches on the till, a push batch at head office, a JSONL archive.
 */
export class ChainVerifier {
  private expected: number;
  private prevHash: string;
  private deviceId: string | null;
  private n = 0;
  private failure: { seq: number; reason: string } | null = null;

  private readonly sha256Hex: Sha256Hex;

  // no parameter properties: worker threads load this file with Node's type stripping
  constructor(sha256Hex: Sha256Hex, start: ChainStart = {}) {
    this.sha256Hex = sha256Hex;
    this.expected = start.fromSeq ?? 1;
    this.prevHash = start.prevHash ?? GENESIS_HASH;
    this.deviceId = start.deviceId ?? null;
  }

  /** seq the next entry must have */
  get nextSeq(): number {
    return this.expected;
  }

  push(e: ChainEntry): boolean {
    if (this.failure) return false;
    if (e.seq !== this.expected)
      return this.fail(this.expected, `seq ${this.expected} missing (found ${e.seq})`);
    if (e.prev_hash !== this.prevHash) return this.fail(e.seq, 'prev_hash does not match the previous entry');
    this.deviceId ??= e.device_id;
    if (e.device_id !== this.deviceId) return this.fail(e.seq, 'device_id differs from the chain');
    if (this.sha256Hex(e.prev_hash + entryText(e)) !== e.hash)
      return this.fail(e.seq, 'hash does not match the entry');
    this.prevHash = e.hash;
    this.expected++;
    this.n++;
    return true;
  }

  /** Record a break found by the caller (e.g. a range that ended early). */
  fail(seq: number, reason: string): false {
    this.failure ??= { seq, reason };
    return false;
  }

  report(): ChainReport {
    return {
      ok: this.failure === null,
      entries: this.n,
      firstBrokenSeq: this.failure?.seq ?? null,
      reason: this.failure?.reason ?? null,
      lastHash: this.prevHash,
    };
  }
}

/** Hash of an entry given its predecessor's hash. */
export function chainHash(sha256Hex: Sha256Hex, prevHash: string, e: EntryContent): string {
  return sha256Hex(prevHash + entryText(e));
}

/** Verify any iterable of entries in seq order. */
export function verifyEntries(
  sha256Hex: Sha256Hex,
  entries: Iterable<ChainEntry>,
  start: ChainStart = {},
): ChainReport {
  const v = new ChainVerifier(sha256Hex, start);
  for (const e of entries) if (!v.push(e)) break;
  return v.report();
}

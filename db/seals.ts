import { createHash, createPublicKey, verify } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../shared/canonical-json.ts';

/**
 * Closing seals: each Z report and period closing records the journal seq and hash it closes
 * over and signs them (with the figures it reports) with the till's Ed25519 key, which lives
 * outside the ledger. Anyone can recompute the chain's public formula after editing an entry;
 * nobody without the key can produce the seals that the recomputed hashes would need.
 *
 *   signed text = canonical JSON of { v, deviceId, kind, ref, entrySeq, coversSeq, coversHash, figures }
 */
export type SealKind = 'z' | 'day' | 'month' | 'year';

export interface SealContent {
  v: 1;
  deviceId: string;
  kind: SealKind;
  ref: string;
  /** the seq of the journal entry that records the closing */
  entrySeq: number;
  /** the last entry the closing covers (entrySeq − 1) and its hash */
  coversSeq: number;
  coversHash: string;
  /** the closing's reported figures (integer minor units) */
  figures: Record<string, number>;
}

export function sealText(c: SealContent): string {
  return canonicalJson(c);
}

/** SHA-256 of the DER SubjectPublicKeyInfo, 16 bytes, `abcd-ef01-…` (8 groups of 4 hex). */
export function fingerprintOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  const hex = createHash('sha256').update(der).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join('-');
}

/** Check an Ed25519 signature (false for a wrong key, wrong data or malformed input). */
export function verifySignature(
  publicKeyPem: string,
  data: string | Uint8Array,
  signatureB64: string,
): boolean {
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}

export interface SealRow {
  ref: string;
  kind: SealKind;
  entry_seq: number;
  covers_seq: number;
  covers_hash: string;
  signed: string;
  signature: string;
  public_key: string;
  key_fingerprint: string;
  at: string;
}

export interface SealProblem {
  ref: string;
  seq: number;
  reason: string;
}

export interface SealReport {
  ok: boolean;
  seals: number;
  /** the newest sealed seq (0 when there is none): what head office and paper can confirm */
  lastSealedSeq: number;
  /** every key fingerprint that signed a seal, oldest first */
  fingerprints: string[];
  problems: SealProblem[];
}

function hasSealTable(sqlite: Database.Database): boolean {
  return (
    sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'closing_seals'").get() !==
    undefined
  );
}

/**
 * Check every seal against the journal: the signature holds under the recorded key, the signed
 * text says what the columns say, the journal still has the covered entry with that hash, and the
 * closing's own entry is still at entrySeq. With `expectFingerprint` (from a closing ticket or head
 * office), a seal signed by any other key is a problem too. Whether the chain itself holds is
 * verifyChain's job; this reports what a re-chained or shortened journal cannot hide.
 */
export function verifySeals(
  sqlite: Database.Database,
  opts: { expectFingerprint?: string; deviceId?: string } = {},
): SealReport {
  const report: SealReport = { ok: true, seals: 0, lastSealedSeq: 0, fingerprints: [], problems: [] };
  if (!hasSealTable(sqlite)) return report;
  const rows = sqlite.prepare('SELECT * FROM closing_seals ORDER BY entry_seq').all() as SealRow[];
  const entryAt = sqlite.prepare('SELECT hash, type, payload FROM journal WHERE seq = ?');
  const last = (sqlite.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number | null }).m ?? 0;
  const fail = (r: SealRow, reason: string) => report.problems.push({ ref: r.ref, seq: r.entry_seq, reason });
  for (const r of rows) {
    report.seals++;
    report.lastSealedSeq = Math.max(report.lastSealedSeq, r.entry_seq);
    if (!report.fingerprints.includes(r.key_fingerprint)) report.fingerprints.push(r.key_fingerprint);
    if (!verifySignature(r.public_key, r.signed, r.signature)) {
      fail(r, 'signature does not match the sealed text');
      continue;
    }
    let fp: string;
    try {
      fp = fingerprintOf(r.public_key);
    } catch {
      fail(r, 'public key unreadable');
      continue;
    }
    if (fp !== r.key_fingerprint)
      fail(r, `key fingerprint column ${r.key_fingerprint} is not the key's (${fp})`);
    if (opts.expectFingerprint && fp !== opts.expectFingerprint)
      fail(r, `signed by key ${fp}, not the till's registered key ${opts.expectFingerprint}`);
    let c: SealContent;
    try {
      c = JSON.parse(r.signed) as SealContent;
    } catch {
      fail(r, 'sealed text unreadable');
      continue;
    }
    if (
      c.ref !== r.ref ||
      c.kind !== r.kind ||
      c.entrySeq !== r.entry_seq ||
      c.coversSeq !== r.covers_seq ||
      c.coversHash !== r.covers_hash ||
      c.coversSeq !== c.entrySeq - 1
    ) {
      fail(r, 'seal columns differ from the signed text');
      continue;
    }
    if (opts.deviceId && c.deviceId !== opts.deviceId) fail(r, `sealed for device ${c.deviceId}`);
    if (r.entry_seq > last) {
      fail(
        r,
        `the journal ends at seq ${last} but this closing was recorded at seq ${r.entry_seq}: entries were removed`,
      );
      continue;
    }
    const covered =
      c.coversSeq === 0 ? { hash: '' } : (entryAt.get(c.coversSeq) as { hash: string } | undefined);
    if (!covered) fail(r, `covered entry ${c.coversSeq} is missing from the journal`);
    else if (c.coversSeq > 0 && covered.hash !== c.coversHash)
      fail(
        r,
        `journal hash at seq ${c.coversSeq} is not the sealed one: the journal was rewritten before this closing`,
      );
    const own = entryAt.get(c.entrySeq) as { type: string; payload: string } | undefined;
    if (!own) fail(r, `closing entry ${c.entrySeq} is missing`);
    else {
      let sig: unknown;
      try {
        sig = (JSON.parse(own.payload) as { seal?: { signature?: string } }).seal?.signature;
      } catch {
        sig = undefined;
      }
      if (sig !== r.signature) fail(r, `journal entry ${c.entrySeq} does not carry this seal`);
    }
  }
  report.ok = report.problems.length === 0;
  return report;
}

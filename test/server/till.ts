import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { type ChainEntry, chainHash, entryText, GENESIS_HASH } from '../../shared/ledger/chain.ts';
import type { PushRequest } from '../../shared/sync/protocol.ts';

export const sha256Hex = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID-shaped id derived from a name: the ledger's ids are ULIDs, the tests name things. */
export function ulidOf(name: string): string {
  const h = createHash('sha256').update(name, 'utf8').digest();
  let s = '0';
  for (let i = 0; i < 25; i++) s += CROCKFORD[h[i]! & 31];
  return s;
}

/**
 * A till's journal written the way db/journal.ts writes it (canonical payloads, the shared chain),
 * with payloads that parse with shared/ledger/entries.ts (head office parses every entry with
 * them), ids as ULIDs derived from the names the tests use; closings sealed the way electron/services/seals.ts
 * seals them (Ed25519 over the canonical JSON of what they close).
 */
export class TestTill {
  readonly entries: ChainEntry[] = [];
  readonly publicKeyPem: string;
  private readonly privateKey: KeyObject;
  private receipt = 0;
  private z = 0;
  private clock: number;
  private n = 0;
  private session = ulidOf('no-session');

  constructor(
    readonly deviceId: string,
    start = Date.parse('2026-11-20T14:00:00Z'),
  ) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    this.publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    this.privateKey = privateKey;
    this.clock = start;
  }

  get head(): { seq: number; hash: string } {
    const last = this.entries[this.entries.length - 1];
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /** let time pass on this till's clock (entries are a minute apart otherwise) */
  wait(ms: number): void {
    this.clock += ms;
  }

  append(type: string, payload: Record<string, unknown>): ChainEntry {
    const { seq, hash: prev } = this.head;
    this.clock += 60_000;
    const e = {
      seq: seq + 1,
      id: `01J${this.deviceId}${String(++this.n).padStart(8, '0')}`.slice(0, 40),
      device_id: this.deviceId,
      at: new Date(this.clock).toISOString(),
      actor: 'u-clerk',
      type,
      payload: canonicalJson(payload),
    };
    const full: ChainEntry = { ...e, prev_hash: prev, hash: chainHash(sha256Hex, prev, e) };
    this.entries.push(full);
    return full;
  }

  sale(total: number, opts: { method?: string; businessDate?: string } = {}): ChainEntry {
    const saleId = this.saleId(this.receipt + 1);
    return this.append('sale.completed', {
      saleId,
      receiptNumber: ++this.receipt,
      businessDate: opts.businessDate ?? new Date(this.clock).toISOString().slice(0, 10),
      drawerSessionId: this.session,
      customerId: null,
      currency: 'CAD',
      lines: [
        {
          lineId: ulidOf(`${saleId}:line`),
          productId: ulidOf('product-1'),
          sku: 'SKU1',
          quantity: 1000,
          unitPrice: total,
          listPrice: total,
          discount: 0,
          amount: total,
          taxCategory: 'standard',
        },
      ],
      taxes: [],
      subtotal: total,
      taxTotal: 0,
      total,
      cashRounding: 0,
      paid: total,
      tenders: [
        { method: opts.method ?? 'card', amount: total, tendered: null, change: null, reference: null },
      ],
      approval: null,
    });
  }

  /** the sale id of receipt n of this till */
  saleId(receipt: number): string {
    return ulidOf(`${this.deviceId}:sale:${receipt}`);
  }

  sales(n: number, total = 1000): void {
    for (let i = 0; i < n; i++) this.sale(total + i);
  }

  openDrawer(session: string): ChainEntry {
    this.session = ulidOf(`${this.deviceId}:${session}`);
    return this.append('drawer.opened', { sessionId: this.session, number: 1, float: 10000, count: {} });
  }

  /** A sealed Z (drawer.closed) as the integrity work writes it. */
  closeDrawer(
    session: string,
    figures: { sales: number; refunds: number },
    tamper?: (p: Record<string, unknown>) => void,
  ): ChainEntry {
    const z = ++this.z;
    const { seq: coversSeq, hash } = this.head;
    const coversHash = coversSeq === 0 ? '' : hash;
    const expected = 10000 + figures.sales - figures.refunds;
    const signed = canonicalJson({
      v: 1,
      deviceId: this.deviceId,
      kind: 'z',
      ref: `z:${z}`,
      entrySeq: coversSeq + 1,
      coversSeq,
      coversHash,
      figures: {
        number: z,
        salesTotal: figures.sales,
        refundsTotal: figures.refunds,
        expectedCash: expected,
        countedCash: expected,
      },
    });
    const signature = sign(null, Buffer.from(signed), this.privateKey).toString('base64');
    const payload: Record<string, unknown> = {
      sessionId: ulidOf(`${this.deviceId}:${session}`),
      zNumber: z,
      expected,
      counted: expected,
      overShort: 0,
      count: {},
      salesTotal: figures.sales,
      refundsTotal: figures.refunds,
      note: null,
      seal: { coversSeq, coversHash, keyFingerprint: 'test', signature },
    };
    tamper?.(payload);
    return this.append('drawer.closed', payload);
  }

  /** A push of entries [from, to] (inclusive seqs; to defaults to the head). */
  batch(from: number, to = this.head.seq): PushRequest {
    return {
      deviceId: this.deviceId,
      head: this.head,
      pending: Math.max(0, this.head.seq - from + 1),
      entries: this.entries.slice(from - 1, to),
    };
  }

  /** Drop entries after `seq` (a deleted tail) — what a rewritten ledger looks like. */
  truncate(seq: number): void {
    this.entries.length = seq;
  }
}

/** Re-chain a modified copy of entries from index i on (what a tamperer with the formula does). */
export function rechain(list: ChainEntry[], from: number): void {
  for (let i = from; i < list.length; i++) {
    const e = list[i]!;
    const prev = i === 0 ? GENESIS_HASH : list[i - 1]!.hash;
    list[i] = { ...e, prev_hash: prev, hash: sha256Hex(prev + entryText(e)) };
  }
}

/**
 * What a receipt carries of the chain, so the customer's paper is an anchor outside the till:
 * the printed line shows the entry's seq and the first 16 hex of its hash; the QR code holds
 *   CPT1:<deviceId>:<seq>:<hash, 64 hex>:<saleId>
 * (the sale id last, so a scanner at the History screen still opens the sale).
 * `npm run ledger -- verify --receipt <seq>:<hash>` checks one against a ledger.
 */
export interface ReceiptChain {
  deviceId: string;
  seq: number;
  /** the full SHA-256 hex of the sale's completion entry */
  hash: string;
}

export const RECEIPT_HASH_CHARS = 16;

export function receiptQr(chain: ReceiptChain, saleId: string): string {
  return `CPT1:${chain.deviceId}:${chain.seq}:${chain.hash}:${saleId}`;
}

export function receiptLine(chain: ReceiptChain): string {
  return `${chain.seq}:${chain.hash.slice(0, RECEIPT_HASH_CHARS)}`;
}

export interface ReceiptClaim {
  deviceId: string | null;
  seq: number;
  /** lower-case hex, at least 16 characters (the printed prefix) up to the full 64 */
  hash: string;
}

/** Read `<seq>:<hash>` (as printed) or a whole QR payload; null when it is neither. */
export function parseReceiptClaim(text: string): ReceiptClaim | null {
  const s = text.trim();
  const qr = /^CPT1:([^:]+):(\d{1,15}):([0-9a-fA-F]{16,64}):[0-9A-Za-z]+$/.exec(s);
  if (qr) return { deviceId: qr[1]!, seq: Number(qr[2]), hash: qr[3]!.toLowerCase() };
  const printed = /^(?:n[°o]\s*)?(\d{1,15})\s*[:·]\s*([0-9a-fA-F]{16,64})$/.exec(s);
  if (printed) return { deviceId: null, seq: Number(printed[1]), hash: printed[2]!.toLowerCase() };
  return null;
}

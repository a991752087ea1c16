import { describe, expect, it } from 'vitest';
import { parseReceiptClaim, receiptLine, receiptQr } from '../../shared/ledger/receipt-code.ts';

const chain = {
  deviceId: 'till-01JDEVICE',
  seq: 4217,
  hash: 'A1b2'.toLowerCase() + 'c3d4e5f6a7b8'.repeat(5),
};

describe('receipt chain code', () => {
  it('prints seq and 16 hex; the QR holds device, seq, full hash and the sale id last', () => {
    expect(receiptLine(chain)).toBe(`4217:${chain.hash.slice(0, 16)}`);
    expect(receiptQr(chain, '01JSALE')).toBe(`CPT1:till-01JDEVICE:4217:${chain.hash}:01JSALE`);
  });
  it('reads back what it printed and what the QR holds, and nothing else', () => {
    expect(parseReceiptClaim(receiptLine(chain))).toEqual({
      deviceId: null,
      seq: 4217,
      hash: chain.hash.slice(0, 16),
    });
    expect(parseReceiptClaim(` n° 4217 · ${chain.hash.slice(0, 16).toUpperCase()} `)).toEqual({
      deviceId: null,
      seq: 4217,
      hash: chain.hash.slice(0, 16),
    });
    expect(parseReceiptClaim(receiptQr(chain, '01JSALE'))).toEqual({
      deviceId: chain.deviceId,
      seq: 4217,
      hash: chain.hash,
    });
    for (const bad of [
      '',
      '4217',
      '4217:abc',
      `x:${chain.hash}`,
      `4217:${chain.hash}zz`,
      'CPT1:till:1:abcd:ID',
    ])
      expect(parseReceiptClaim(bad), bad).toBeNull();
  });
});

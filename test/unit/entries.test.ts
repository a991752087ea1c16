import { describe, expect, it } from 'vitest';
import { ENTRY_TYPES, entrySchemas, parseEntry } from '../../shared/ledger/entries.ts';

const completed = {
  saleId: '01JD0000000000000000000001',
  receiptNumber: 7,
  businessDate: '2026-11-26',
  drawerSessionId: '01JD0000000000000000000002',
  customerId: null,
  currency: 'CAD',
  lines: [
    {
      lineId: '01JD0000000000000000000003',
      productId: '01JD0000000000000000000004',
      sku: 'SKU-1',
      quantity: 1000,
      unitPrice: 1999,
      listPrice: 1999,
      discount: 0,
      amount: 1999,
      taxCategory: 'standard',
    },
  ],
  taxes: [{ code: 'QC-GST', base: 1999, tax: 100 }],
  subtotal: 1999,
  taxTotal: 299,
  total: 2298,
  cashRounding: 2,
  paid: 2300,
  tenders: [{ method: 'cash', amount: 2300, tendered: 5000, change: 2700, reference: null }],
  approval: null,
};

describe('parseEntry', () => {
  it('parses a well-formed entry from its JSON text or its value, typed by its type', () => {
    for (const p of [completed, JSON.stringify(completed)]) {
      const r = parseEntry('sale.completed', p);
      expect(r.ok).toBe(true);
      if (r.ok && r.type === 'sale.completed') expect(r.payload.lines[0]!.sku).toBe('SKU-1');
    }
  });

  it('names an unknown type', () => {
    expect(parseEntry('sale.teleported', {})).toMatchObject({ ok: false, code: 'UNKNOWN_ENTRY_TYPE' });
    // not an own key of the registry either
    expect(parseEntry('toString', {})).toMatchObject({ ok: false, code: 'UNKNOWN_ENTRY_TYPE' });
  });

  it('names the missing, mistyped and unknown fields', () => {
    const { total: _t, ...missing } = completed;
    expect(parseEntry('sale.completed', missing)).toMatchObject({
      ok: false,
      code: 'ENTRY_INVALID',
      type: 'sale.completed',
      issues: [{ path: 'total' }],
    });
    const badLine = { ...completed, lines: [{ ...completed.lines[0], amount: 19.99 }] };
    expect(parseEntry('sale.completed', badLine)).toMatchObject({
      ok: false,
      issues: [{ path: 'lines.0.amount' }],
    });
    expect(parseEntry('auth.login', { userId: '01JD0000000000000000000001', pin: '1234' })).toMatchObject({
      ok: false,
      issues: [{ path: 'pin' }],
    });
    expect(parseEntry('auth.login', '{not json')).toMatchObject({
      ok: false,
      code: 'ENTRY_INVALID',
      issues: [{ path: '' }],
    });
  });

  it('has one schema per type, in a sorted list', () => {
    expect(ENTRY_TYPES).toEqual([...ENTRY_TYPES].sort());
    expect(Object.keys(entrySchemas).sort()).toEqual(ENTRY_TYPES);
  });
});

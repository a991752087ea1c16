import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashRoundingAdjustment, DEFAULT_CASH_ROUNDING, roundCash } from '../../shared/cash-rounding.ts';
import { type Currency, money } from '../../shared/money.ts';

/**
 * Canadian cash rounding (Department of Finance Canada, Budget 2012 "Rounding"):
 * 1–2 ¢ down to 0, 3–4 ¢ up to 5, 6–7 ¢ down to 5, 8–9 ¢ up to 10, 0 and 5 unchanged.
 */
const cad = (n: number) => money(n, 'CAD');

describe('CAD cash rounding to 0.05', () => {
  const table: [total: number, cash: number, source: string][] = [
    [100, 100, 'rule: 1.00 ends in 0, unchanged'],
    [101, 100, 'rule: 1.01 → 1.00 (1 ¢ down)'],
    [102, 100, 'rule: 1.02 → 1.00 (2 ¢ down)'],
    [103, 105, 'rule: 1.03 → 1.05 (3 ¢ up)'],
    [104, 105, 'rule: 1.04 → 1.05 (4 ¢ up)'],
    [105, 105, 'rule: 1.05 ends in 5, unchanged'],
    [106, 105, 'rule: 1.06 → 1.05 (6 ¢ down)'],
    [107, 105, 'rule: 1.07 → 1.05 (7 ¢ down)'],
    [108, 110, 'rule: 1.08 → 1.10 (8 ¢ up)'],
    [109, 110, 'rule: 1.09 → 1.10 (9 ¢ up)'],
    [492, 490, 'Finance Canada example: coffee + sandwich + GST = 4.92, paid 4.90 in cash'],
    [598, 600, 'Office de la protection du consommateur (Québec) example: 5.98 → 6.00'],
    [597, 595, 'Office de la protection du consommateur (Québec) example: 5.97 → 5.95'],
    [77_272, 77_270, 'CRA example (via CTV News): 772.72 → 772.70'],
    [11_498, 11_500, 'Revenu Québec $100 example total 114.98 → 115.00 in cash'],
    [0, 0, 'zero stays zero'],
    [1, 0, '0.01 → 0.00'],
    [2, 0, '0.02 → 0.00'],
    [3, 5, '0.03 → 0.05'],
    [-101, -100, 'refund: −1.01 → −1.00 (rounded towards the nearer 5 ¢ like a sale)'],
    [-102, -100, 'refund: −1.02 → −1.00'],
    [-103, -105, 'refund: −1.03 → −1.05'],
    [-104, -105, 'refund: −1.04 → −1.05'],
    [-106, -105, 'refund: −1.06 → −1.05'],
    [-107, -105, 'refund: −1.07 → −1.05'],
    [-108, -110, 'refund: −1.08 → −1.10'],
    [-109, -110, 'refund: −1.09 → −1.10'],
    [-492, -490, 'refund of the Finance Canada example'],
  ];
  for (const [total, cash, source] of table) {
    it(source, () => {
      expect(roundCash(cad(total))).toEqual(cad(cash));
      expect(cashRoundingAdjustment(cad(total))).toEqual(cad(cash - total));
    });
  }

  it('the default rule for CAD is a 5 ¢ step', () => {
    expect(DEFAULT_CASH_ROUNDING.CAD).toEqual({ step: 5 });
  });

  it('property: the rounded total is a multiple of 5 ¢, at most 2 ¢ away, symmetric around zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (n) => {
        const r = roundCash(cad(n)).amount;
        expect(Math.abs(r % 5)).toBe(0);
        expect(Math.abs(r - n)).toBeLessThanOrEqual(2);
        expect(roundCash(cad(-n)).amount).toBe(-r || 0);
        // nearest: no other multiple of 5 is closer
        expect(Math.abs(r - n)).toBeLessThanOrEqual(Math.min(Math.abs(n - (r - 5)), Math.abs(n - (r + 5))));
      }),
    );
  });
});

describe('EUR: no cash rounding by default (1 ¢ coins circulate)', () => {
  it('the default rule for EUR is a 1 ¢ step (off)', () => {
    expect(DEFAULT_CASH_ROUNDING.EUR).toEqual({ step: 1 });
  });

  for (const n of [0, 1, 2, 3, 4, 6, 7, 8, 9, 1999, -1, -1999]) {
    it(`${n} ¢ stays ${n} ¢`, () => {
      expect(roundCash(money(n, 'EUR'))).toEqual(money(n, 'EUR'));
      expect(cashRoundingAdjustment(money(n, 'EUR')).amount).toBe(0);
    });
  }

  it('a store may configure a 5 ¢ step for EUR (Finnish/Dutch/Belgian/Irish-style rounding)', () => {
    expect(roundCash(money(1997, 'EUR'), { step: 5 })).toEqual(money(1995, 'EUR'));
    expect(roundCash(money(1998, 'EUR'), { step: 5 })).toEqual(money(2000, 'EUR'));
  });

  it('a step of 10 ¢ rounds exact halves up (away from zero)', () => {
    const r = (n: number, c: Currency = 'EUR') => roundCash(money(n, c), { step: 10 }).amount;
    expect(r(104)).toBe(100);
    expect(r(105)).toBe(110);
    expect(r(-105)).toBe(-110);
  });

  it('step 0 means no rounding too', () => {
    expect(roundCash(cad(101), { step: 0 })).toEqual(cad(101));
  });
});

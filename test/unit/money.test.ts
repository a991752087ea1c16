import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  divRound,
  MoneyError,
  money,
  multiplyByQuantity,
  multiplyByRate,
  negate,
  percentOf,
  type RoundingMode,
  subtract,
  sum,
  taxIncludedIn,
  zero,
} from '../../shared/money.ts';

const cad = (n: number) => money(n, 'CAD');
const eur = (n: number) => money(n, 'EUR');

describe('divRound', () => {
  // [numerator, denominator, halfUp, halfEven, down, up] — the quotient is n/d exactly.
  const table: [bigint, bigint, bigint, bigint, bigint, bigint][] = [
    [10n, 5n, 2n, 2n, 2n, 2n], // exact: no rounding in any mode
    [0n, 7n, 0n, 0n, 0n, 0n],
    [7n, 5n, 1n, 1n, 1n, 2n], // 1.4
    [8n, 5n, 2n, 2n, 1n, 2n], // 1.6
    [5n, 2n, 3n, 2n, 2n, 3n], // 2.5 exact half: halfEven → even 2
    [7n, 2n, 4n, 4n, 3n, 4n], // 3.5 exact half: halfEven → even 4
    [1n, 2n, 1n, 0n, 0n, 1n], // 0.5
    [3n, 2n, 2n, 2n, 1n, 2n], // 1.5
    [-7n, 5n, -1n, -1n, -1n, -2n], // −1.4
    [-8n, 5n, -2n, -2n, -1n, -2n], // −1.6
    [-5n, 2n, -3n, -2n, -2n, -3n], // −2.5: halfUp is away from zero, halfEven → −2
    [-7n, 2n, -4n, -4n, -3n, -4n], // −3.5
    [-1n, 2n, -1n, 0n, 0n, -1n], // −0.5
    [5n, -2n, -3n, -2n, -2n, -3n], // negative denominator: same as −5/2
    [-5n, -2n, 3n, 2n, 2n, 3n], // both negative: +2.5
    [9975n, 1000n, 10n, 10n, 9n, 10n], // 9.975
    [4995n, 1000n, 5n, 5n, 4n, 5n], // 4.995
    [
      12345678901234567890n,
      10n,
      1234567890123456789n,
      1234567890123456789n,
      1234567890123456789n,
      1234567890123456789n,
    ],
    [
      12345678901234567895n,
      10n,
      1234567890123456790n,
      1234567890123456790n,
      1234567890123456789n,
      1234567890123456790n,
    ],
  ];
  const modes: RoundingMode[] = ['halfUp', 'halfEven', 'down', 'up'];
  for (const [n, d, ...expected] of table) {
    modes.forEach((mode, i) => {
      it(`${n}/${d} ${mode} = ${expected[i]}`, () => {
        expect(divRound(n, d, mode)).toBe(expected[i]);
      });
    });
  }

  it('refuses division by zero', () => {
    expect(() => divRound(1n, 0n, 'halfUp')).toThrow(MoneyError);
  });

  it('property: every mode lands on floor or ceil, and halfUp is within half a unit', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.boolean(),
        (n, d0, negD) => {
          const d = negD ? -d0 : d0;
          for (const mode of modes) {
            const q = divRound(n, d, mode);
            // |q·d − n| < |d|
            const err = q * d - n;
            expect(err < 0n ? -err : err).toBeLessThan(d0);
          }
          const q = divRound(n, d, 'halfUp');
          const err = q * d - n;
          expect(2n * (err < 0n ? -err : err)).toBeLessThanOrEqual(d0);
          // symmetric: rounding −x is −(rounding x) for the symmetric modes
          for (const mode of modes) expect(divRound(-n, d, mode)).toBe(-divRound(n, d, mode));
        },
      ),
    );
  });
});

describe('Money arithmetic', () => {
  it('adds, subtracts, sums and negates in minor units', () => {
    expect(add(cad(1999), cad(1))).toEqual(cad(2000));
    expect(subtract(cad(500), cad(1999))).toEqual(cad(-1499));
    expect(sum([cad(1), cad(2), cad(3)], 'CAD')).toEqual(cad(6));
    expect(sum([], 'EUR')).toEqual(zero('EUR'));
    expect(negate(eur(250))).toEqual(eur(-250));
  });

  it('refuses mixing currencies', () => {
    expect(() => add(cad(1), eur(1))).toThrow(MoneyError);
    expect(() => add(cad(1), eur(1))).toThrow(/currency mismatch: CAD vs EUR/);
    expect(() => subtract(eur(1), cad(1))).toThrow(/currency mismatch/);
    expect(() => sum([cad(1), eur(1)], 'CAD')).toThrow(MoneyError);
    expect(() => sum([eur(1)], 'CAD')).toThrow(MoneyError);
  });

  it('refuses fractional, non-finite and unsafe amounts', () => {
    expect(() => cad(0.5)).toThrow(MoneyError);
    expect(() => cad(Number.NaN)).toThrow(MoneyError);
    expect(() => cad(Number.POSITIVE_INFINITY)).toThrow(MoneyError);
    expect(() => cad(2 ** 53)).toThrow(MoneyError);
    expect(() => add(cad(Number.MAX_SAFE_INTEGER), cad(1))).toThrow(MoneyError);
  });
});

describe('multiplyByQuantity (thousandths)', () => {
  const table: [unit: number, qtyMilli: number, expected: number, why: string][] = [
    [1999, 1000, 1999, '1 item'],
    [1999, 3000, 5997, '3 items'],
    [1999, 500, 1000, '½ day of 19.99 = 9.995 → 10.00 (half-up)'],
    [1999, 1500, 2999, '1.5 × 19.99 = 29.985 → 29.99'],
    [1000, 1, 1, '0.001 × 10.00 = 0.01'],
    [999, 1, 1, '0.001 × 9.99 = 0.00999 → 0.01'],
    [499, 1, 0, '0.001 × 4.99 = 0.00499 → 0.00'],
    [500, 1, 1, '0.001 × 5.00 = 0.005 → 0.01 (exact half, up)'],
    [349, 1250, 436, '1.25 kg × 3.49 = 4.3625 → 4.36'],
    [-1999, 500, -1000, 'negative unit price rounds away from zero on the half'],
  ];
  for (const [unit, qty, expected, why] of table) {
    it(why, () => {
      expect(multiplyByQuantity(cad(unit), qty)).toEqual(cad(expected));
    });
  }

  it('honours the rounding mode', () => {
    expect(multiplyByQuantity(cad(1999), 500, 'down')).toEqual(cad(999));
    expect(multiplyByQuantity(cad(1999), 500, 'halfEven')).toEqual(cad(1000)); // 999.5 → 1000 (even)
    expect(multiplyByQuantity(cad(1997), 500, 'halfEven')).toEqual(cad(998)); // 998.5 → 998 (even)
    expect(multiplyByQuantity(cad(1001), 1, 'up')).toEqual(cad(2)); // 1.001 → 2
  });

  it('refuses a fractional quantity', () => {
    expect(() => multiplyByQuantity(cad(100), 1.5)).toThrow(MoneyError);
  });
});

describe('rates (ppm) and percentages (basis points)', () => {
  it('multiplyByRate: GST 5 % and QST 9.975 % of $100.00', () => {
    expect(multiplyByRate(cad(10_000), 50_000, 'halfUp')).toEqual(cad(500));
    expect(multiplyByRate(cad(10_000), 99_750, 'halfUp')).toEqual(cad(998)); // 9.975 → 9.98
    expect(multiplyByRate(cad(10_000), 99_750, 'down')).toEqual(cad(997));
    expect(multiplyByRate(cad(10_000), 99_750, 'halfEven')).toEqual(cad(998)); // 997.5 → 998 (even)
  });

  it('taxIncludedIn: TVA 20 % inside 12.00 TTC is 2.00', () => {
    expect(taxIncludedIn(eur(1200), 200_000, 'halfUp')).toEqual(eur(200));
    expect(taxIncludedIn(eur(1055), 55_000, 'halfUp')).toEqual(eur(55));
  });

  const pct: [base: number, bp: number, expected: number, why: string][] = [
    [1999, 1000, 200, '10 % of 19.99 = 1.999 → 2.00'],
    [1999, 1500, 300, '15 % of 19.99 = 2.9985 → 3.00'],
    [1000, 1250, 125, '12.5 % of 10.00 = 1.25 exactly'],
    [10, 2500, 3, '25 % of 0.10 = 0.025 → 0.03 (exact half up)'],
    [10, 10_000, 10, '100 %'],
    [1, 4999, 0, '49.99 % of 0.01 → 0.00'],
    [-1999, 1000, -200, 'negative base: −1.999 → −2.00'],
  ];
  for (const [base, bp, expected, why] of pct) {
    it(`percentOf: ${why}`, () => {
      expect(percentOf(cad(base), bp)).toEqual(cad(expected));
    });
  }

  it('percentOf honours the mode and refuses fractional basis points', () => {
    expect(percentOf(cad(10), 2500, 'down')).toEqual(cad(2));
    expect(percentOf(cad(10), 2500, 'halfEven')).toEqual(cad(2));
    expect(() => percentOf(cad(10), 12.5)).toThrow(MoneyError);
  });
});

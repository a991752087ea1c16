import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TenderInput } from '../../shared/api/schemas.ts';
import type { CashRoundingRule } from '../../shared/cash-rounding.ts';
import { CommandError } from '../../shared/errors.ts';
import { applyTenders, type PricedLineInput, priceCart, priceLine } from '../../shared/pricing.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';

const QC = JURISDICTIONS['CA-QC'];
const CAD5: CashRoundingRule = { step: 5 };
const OFF: CashRoundingRule = { step: 1 };

function fieldsOf(fn: () => unknown): { code: string; paths: string[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CommandError) return { code: e.code, paths: (e.fields ?? []).map((f) => f.path) };
    throw e;
  }
  throw new Error('expected a CommandError');
}

describe('priceLine', () => {
  it('unit × quantity in thousandths, half-up', () => {
    expect(priceLine('CAD', { unitPrice: 1999, quantity: 3000, taxCategory: 'standard' })).toEqual({
      gross: 5997,
      discount: 0,
      amount: 5997,
    });
    // ½ day at 19.99 = 9.995 → 10.00
    expect(priceLine('CAD', { unitPrice: 1999, quantity: 500, taxCategory: 'standard' }).gross).toBe(1000);
  });

  it('a percent discount is taken on the line gross, half-up', () => {
    // 15 % of 59.97 = 8.9955 → 9.00
    expect(
      priceLine('CAD', {
        unitPrice: 1999,
        quantity: 3000,
        discount: { kind: 'percent', basisPoints: 1500 },
        taxCategory: 'standard',
      }),
    ).toEqual({ gross: 5997, discount: 900, amount: 5097 });
  });

  it('an amount discount is capped at the line gross (a line never goes negative)', () => {
    expect(
      priceLine('CAD', {
        unitPrice: 499,
        quantity: 1000,
        discount: { kind: 'amount', amount: 1000 },
        taxCategory: 'standard',
      }),
    ).toEqual({ gross: 499, discount: 499, amount: 0 });
  });
});

describe('priceCart', () => {
  it('Québec cart: 19.99 + 2 × 4.99 − 10 % on the drill → taxes per document', () => {
    const t = priceCart(QC, [
      {
        unitPrice: 1999,
        quantity: 1000,
        discount: { kind: 'percent', basisPoints: 1000 },
        taxCategory: 'standard',
      },
      { unitPrice: 499, quantity: 2000, taxCategory: 'standard' },
      { unitPrice: 2500, quantity: 1000, taxCategory: 'exempt' },
    ]);
    // drill 19.99 − 2.00 = 17.99; bits 9.98; deposit 25.00 exempt; taxable 27.97
    expect(t.lines.map((l) => l.amount)).toEqual([1799, 998, 2500]);
    expect(t.subtotal).toBe(5297);
    // GST 27.97 × 5 % = 1.3985 → 1.40; QST 27.97 × 9.975 % = 2.7900 → 2.79
    expect(Object.fromEntries(t.taxes.map((x) => [x.code, x.tax.amount]))).toEqual({
      'QC-GST': 140,
      'QC-QST': 279,
    });
    expect(t.taxTotal).toBe(419);
    expect(t.total).toBe(5716);
  });

  it('French cart: prices TTC, total = Σ lines', () => {
    const t = priceCart(JURISDICTIONS.FR, [
      { unitPrice: 1200, quantity: 1000, taxCategory: 'standard' },
      { unitPrice: 1055, quantity: 1000, taxCategory: 'reduced' },
    ]);
    expect(t.total).toBe(2255);
    expect(t.taxTotal).toBe(255);
  });

  const lineArb = (cats: string[]) =>
    fc.record({
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 100_000 }),
      discount: fc.option(
        fc.oneof(
          fc.record({ kind: fc.constant('amount' as const), amount: fc.integer({ min: 1, max: 2_000_000 }) }),
          fc.record({
            kind: fc.constant('percent' as const),
            basisPoints: fc.integer({ min: 1, max: 10_000 }),
          }),
        ),
        { nil: undefined },
      ),
      taxCategory: fc.constantFrom(...cats),
    });

  for (const j of Object.values(JURISDICTIONS)) {
    it(`property (${j.id}): lines are non-negative and totals = Σ lines${j.pricesIncludeTax ? '' : ' + Σ taxes'}`, () => {
      fc.assert(
        fc.property(
          fc.array(lineArb(Object.keys(j.categories)), { maxLength: 20 }),
          (ls: PricedLineInput[]) => {
            const t = priceCart(j, ls);
            let sumLines = 0;
            for (const l of t.lines) {
              expect(l.discount).toBeGreaterThanOrEqual(0);
              expect(l.discount).toBeLessThanOrEqual(l.gross);
              expect(l.amount).toBe(l.gross - l.discount);
              sumLines += l.amount;
            }
            const sumTaxes = t.taxes.reduce((s, x) => s + x.tax.amount, 0);
            expect(t.subtotal).toBe(sumLines);
            expect(t.taxTotal).toBe(sumTaxes);
            expect(t.total).toBe(j.pricesIncludeTax ? sumLines : sumLines + sumTaxes);
          },
        ),
      );
    });
  }
});

describe('applyTenders: worked examples', () => {
  it('cash only, CAD: 22.98 due → 23.00 in cash, +0.02 rounding, change 2.00 from 25.00', () => {
    expect(applyTenders('CAD', 2298, [{ method: 'cash', tendered: 2500 }], CAD5)).toEqual({
      tenders: [{ method: 'cash', amount: 2300, tendered: 2500, change: 200, reference: null }],
      cashRounding: 2,
      paid: 2300,
      changeDue: 200,
    });
  });

  it('cash only, CAD: 28.82 → 28.80, −0.02 rounding, exact cash', () => {
    const r = applyTenders('CAD', 2882, [{ method: 'cash', tendered: 2880 }], CAD5);
    expect(r.cashRounding).toBe(-2);
    expect(r.paid).toBe(2880);
    expect(r.changeDue).toBe(0);
  });

  it('card then cash: only the cash part is rounded', () => {
    const r = applyTenders(
      'CAD',
      2298,
      [
        { method: 'card', amount: 1000, reference: 'A1' },
        { method: 'cash', tendered: 2000 },
      ],
      CAD5,
    );
    // cash part 12.98 → 13.00
    expect(r.tenders).toEqual([
      { method: 'card', amount: 1000, tendered: null, change: null, reference: 'A1' },
      { method: 'cash', amount: 1300, tendered: 2000, change: 700, reference: null },
    ]);
    expect(r.cashRounding).toBe(2);
    expect(r.paid).toBe(2300);
  });

  it('card for the exact total: never rounded (Revenu Québec: only cash payments are rounded)', () => {
    const r = applyTenders('CAD', 2298, [{ method: 'card', amount: 2298, reference: 'A1' }], CAD5);
    expect(r).toMatchObject({ cashRounding: 0, paid: 2298, changeDue: 0 });
  });

  it('EUR, rounding off: 19.99 in cash from 20.00 → change 0.01', () => {
    const r = applyTenders('EUR', 1999, [{ method: 'cash', tendered: 2000 }], OFF);
    expect(r).toMatchObject({ cashRounding: 0, paid: 1999, changeDue: 1 });
  });

  it('card 10.00 on a 10.02 total, the rest in cash (CAD): 2 ¢ in cash round to 0, so no cash tender is recorded and the coins go back', () => {
    const r = applyTenders(
      'CAD',
      1002,
      [
        { method: 'card', amount: 1000, reference: 'A1' },
        { method: 'cash', tendered: 5 },
      ],
      CAD5,
    );
    expect(r).toEqual({
      tenders: [{ method: 'card', amount: 1000, tendered: null, change: null, reference: 'A1' }],
      cashRounding: -2,
      paid: 1000,
      changeDue: 5,
    });
    // without a cash tender the card must cover every cent (a short card is a typing slip)
    expect(
      fieldsOf(() => applyTenders('CAD', 1002, [{ method: 'card', amount: 1000, reference: 'A1' }], CAD5)),
    ).toEqual({ code: 'VALIDATION', paths: ['tenders'] });
  });

  it('a zero total with no tenders is paid', () => {
    expect(applyTenders('CAD', 0, [], CAD5)).toMatchObject({ paid: 0, changeDue: 0, cashRounding: 0 });
  });
});

describe('applyTenders: refusals name the tender', () => {
  it('a card above the total', () => {
    expect(
      fieldsOf(() => applyTenders('CAD', 1000, [{ method: 'card', amount: 1001, reference: 'x' }], CAD5)),
    ).toEqual({
      code: 'VALIDATION',
      paths: ['tenders.0.amount'],
    });
  });

  it('non-cash tenders that together exceed the total', () => {
    const tenders: TenderInput[] = [
      { method: 'card', amount: 600, reference: 'x' },
      { method: 'cheque', amount: 500, reference: 'y' },
    ];
    expect(fieldsOf(() => applyTenders('CAD', 1000, tenders, CAD5)).paths).toEqual(['tenders.1.amount']);
  });

  it('two cash tenders', () => {
    const tenders: TenderInput[] = [
      { method: 'cash', tendered: 500 },
      { method: 'card', amount: 100, reference: 'x' },
      { method: 'cash', tendered: 500 },
    ];
    expect(fieldsOf(() => applyTenders('CAD', 1000, tenders, CAD5)).paths).toEqual(['tenders.2']);
  });

  it('non-cash tenders that do not cover the total, with no cash', () => {
    expect(
      fieldsOf(() => applyTenders('CAD', 1000, [{ method: 'card', amount: 999, reference: 'x' }], CAD5))
        .paths,
    ).toEqual(['tenders']);
  });

  it('cash below the rounded due (22.98 → 23.00 due; 22.99 handed over is not enough)', () => {
    expect(
      fieldsOf(() => applyTenders('CAD', 2298, [{ method: 'cash', tendered: 2299 }], CAD5)).paths,
    ).toEqual(['tenders.0.tendered']);
  });

  it('cash when the card already covers everything', () => {
    const tenders: TenderInput[] = [
      { method: 'card', amount: 1000, reference: 'x' },
      { method: 'cash', tendered: 500 },
    ];
    expect(fieldsOf(() => applyTenders('CAD', 1000, tenders, CAD5)).paths).toEqual(['tenders.1']);
  });
});

describe('applyTenders: properties', () => {
  const NON_CASH = ['card', 'cheque', 'transfer', 'store_credit', 'gift_card'] as const;

  function checkInvariants(
    total: number,
    tenders: readonly TenderInput[],
    rule: CashRoundingRule,
    r: ReturnType<typeof applyTenders>,
  ) {
    expect(r.paid).toBe(total + r.cashRounding);
    expect(Math.abs(r.cashRounding)).toBeLessThanOrEqual(Math.floor(rule.step / 2));
    expect(r.changeDue).toBeGreaterThanOrEqual(0);
    const nonCash = r.tenders.filter((t) => t.method !== 'cash').reduce((s, t) => s + t.amount, 0);
    expect(nonCash).toBeLessThanOrEqual(total);
    expect(r.tenders.reduce((s, t) => s + t.amount, 0)).toBe(r.paid);
    const cash = r.tenders.find((t) => t.method === 'cash');
    const input = tenders.find((t) => t.method === 'cash');
    if (cash && input?.method === 'cash') {
      expect(cash.tendered).toBe(input.tendered);
      expect(cash.change).toBe(input.tendered - cash.amount);
      expect(r.changeDue).toBe(cash.change);
      if (rule.step > 1) expect(cash.amount % rule.step).toBe(0);
    } else {
      // no cash kept: either no cash tender, or its rest rounded to nothing and all of it went back
      const remaining = total - nonCash;
      expect(r.cashRounding).toBe(0 - remaining);
      expect(remaining).toBeLessThanOrEqual(Math.floor(rule.step / 2));
      expect(r.changeDue).toBe(input?.method === 'cash' ? input.tendered : 0);
      if (input === undefined) expect(remaining).toBe(0);
    }
  }

  it('valid tenders (non-cash ≤ total, cash covers the rest): paid = total + rounding, |rounding| ≤ 2 ¢, change ≥ 0', () => {
    const arb = fc
      .record({
        total: fc.integer({ min: 1, max: 100_000_000 }),
        cad: fc.boolean(),
        parts: fc.array(
          fc.record({ method: fc.constantFrom(...NON_CASH), share: fc.integer({ min: 1, max: 1000 }) }),
          { maxLength: 4 },
        ),
        cashExtra: fc.integer({ min: 0, max: 10_000 }),
        cashPos: fc.nat(),
      })
      .map(({ total, cad, parts, cashExtra, cashPos }) => {
        // split at most (total − 1) into non-cash tenders so a cash part remains, or all of it with no cash
        const rule = cad ? CAD5 : OFF;
        const withCash = parts.length === 0 || cashPos % 3 !== 0;
        const budget = withCash ? total - 1 : total;
        const shares = parts.reduce((s, p) => s + p.share, 0);
        const tenders: TenderInput[] = [];
        let used = 0;
        parts.forEach((p, i) => {
          const amount =
            i === parts.length - 1 && !withCash
              ? budget - used
              : Math.floor((budget * p.share) / (shares + 1));
          if (amount > 0) tenders.push({ method: p.method, amount, reference: `ref-${i}` });
          used += Math.max(amount, 0);
        });
        if (withCash) {
          const remaining = total - used;
          const due = rule.step > 1 ? Math.round(remaining / 5) * 5 : remaining; // independent of roundCash
          tenders.splice(cashPos % (tenders.length + 1), 0, {
            method: 'cash',
            tendered: Math.max(due, 5) + cashExtra,
          });
        }
        return { total, rule, tenders };
      });
    fc.assert(
      fc.property(arb, ({ total, rule, tenders }) => {
        const r = applyTenders(rule === CAD5 ? 'CAD' : 'EUR', total, tenders, rule);
        checkInvariants(total, tenders, rule, r);
      }),
    );
  });

  it('random tenders: either the invariants hold or a VALIDATION error names a tenders.* field', () => {
    const tenderArb: fc.Arbitrary<TenderInput> = fc.oneof(
      fc.record({ method: fc.constant('cash' as const), tendered: fc.integer({ min: 1, max: 200_000 }) }),
      fc.record({
        method: fc.constantFrom(...NON_CASH),
        amount: fc.integer({ min: 1, max: 200_000 }),
        reference: fc.constant('ref'),
      }),
    );
    let ok = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150_000 }),
        fc.array(tenderArb, { maxLength: 4 }),
        fc.boolean(),
        (total, tenders, cad) => {
          const rule = cad ? CAD5 : OFF;
          let r: ReturnType<typeof applyTenders>;
          try {
            r = applyTenders(cad ? 'CAD' : 'EUR', total, tenders, rule);
          } catch (e) {
            expect(e).toBeInstanceOf(CommandError);
            const err = e as CommandError;
            expect(err.code).toBe('VALIDATION');
            expect(err.fields?.length).toBeGreaterThan(0);
            for (const f of err.fields ?? [])
              expect(f.path).toMatch(/^tenders(\.\d+(\.(amount|tendered))?)?$/);
            return;
          }
          ok++;
          checkInvariants(total, tenders, rule, r);
        },
      ),
      { numRuns: 500 },
    );
    // the generator must reach the success path too, or the invariants above were never checked
    expect(ok).toBeGreaterThan(10);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, RATE_SCALE } from '../../shared/money.ts';
import {
  computeTaxes,
  JURISDICTIONS,
  type Jurisdiction,
  type TaxableLine,
  type TaxResult,
  UnknownTaxCategoryError,
} from '../../shared/tax.ts';

/**
 * Worked tax tables. Every row names where its figure comes from: an official example, a real
 * receipt, or the rule itself worked by hand (the arithmetic is in the comment so a reviewer can
 * redo it). The engine rounds per document per rate, half-up (shared/tax.ts); rows marked
 * "per line" show what rounding each line separately would have given instead.
 */

const QC = JURISDICTIONS['CA-QC'];
const FR = JURISDICTIONS.FR;
const BG = JURISDICTIONS.BG;

function lines(j: Jurisdiction, ...ls: [amount: number, category: string][]): TaxableLine[] {
  return ls.map(([amount, taxCategory]) => ({ amount: money(amount, j.currency), taxCategory }));
}

function taxByCode(r: TaxResult): Record<string, { base: number; tax: number }> {
  return Object.fromEntries(r.taxes.map((t) => [t.code, { base: t.base.amount, tax: t.tax.amount }]));
}

/** What rounding each line separately would give: the rule the engine deliberately does not use. */
function perLineTaxes(j: Jurisdiction, ls: TaxableLine[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of ls) {
    for (const t of computeTaxes(j, [l]).taxes) out[t.code] = (out[t.code] ?? 0) + t.tax.amount;
  }
  return out;
}

describe('Québec: GST 5 % + QST 9.975 %, both on the pre-tax amount, per document per rate', () => {
  const table: {
    source: string;
    lines: [number, string][];
    gst: number;
    qst: number;
    total: number;
  }[] = [
    {
      source:
        'Revenu Québec, "Calculating the taxes": taxable good of $100 → GST $5.00, QST $9.98 (9.975), total $114.98',
      lines: [[10_000, 'standard']],
      gst: 500,
      qst: 998,
      total: 11_498,
    },
    {
      source: 'rule: 19.99 × 5 % = 0.9995 → 1.00; 19.99 × 9.975 % = 1.99400 → 1.99',
      lines: [[1999, 'standard']],
      gst: 100,
      qst: 199,
      total: 2298,
    },
    {
      source:
        'rule (Revenu Québec: taxes may be computed on the total of the goods sold): 3 × 0.10 = 0.30; ' +
        'GST 0.015 → 0.02; QST 0.029925 → 0.03 (per line: 0.005 → 0.01 ×3 = 0.03 GST, 0.009975 → 0.01 ×3 = 0.03 QST)',
      lines: [
        [10, 'standard'],
        [10, 'standard'],
        [10, 'standard'],
      ],
      gst: 2,
      qst: 3,
      total: 35,
    },
    {
      source:
        'rule: 19.99 + 4.99 + 0.10 = 25.08; GST 1.254 → 1.25; QST 2.50173 → 2.50 ' +
        '(per line GST would be 1.00 + 0.25 + 0.01 = 1.26)',
      lines: [
        [1999, 'standard'],
        [499, 'standard'],
        [10, 'standard'],
      ],
      gst: 125,
      qst: 250,
      total: 2883,
    },
    {
      source: 'rule: exempt and zero-rated lines carry no tax; only the 19.99 taxable line is taxed',
      lines: [
        [1999, 'standard'],
        [2500, 'exempt'],
        [350, 'zero'],
      ],
      gst: 100,
      qst: 199,
      total: 1999 + 2500 + 350 + 299,
    },
    {
      source: 'rule: 0.09 × 5 % = 0.0045 → 0.00 (below half a cent); 0.09 × 9.975 % = 0.0089775 → 0.01',
      lines: [[9, 'standard']],
      gst: 0,
      qst: 1,
      total: 10,
    },
  ];
  for (const row of table) {
    it(row.source, () => {
      const r = computeTaxes(QC, lines(QC, ...row.lines));
      const t = taxByCode(r);
      const subtotal = row.lines.reduce((s, [a]) => s + a, 0);
      const taxable = row.lines.filter(([, c]) => c === 'standard').reduce((s, [a]) => s + a, 0);
      if (taxable > 0) {
        expect(t['QC-GST']).toEqual({ base: taxable, tax: row.gst });
        expect(t['QC-QST']).toEqual({ base: taxable, tax: row.qst });
      } else {
        expect(r.taxes).toEqual([]);
      }
      expect(r.subtotal.amount).toBe(subtotal);
      expect(r.net.amount).toBe(subtotal);
      expect(r.taxTotal.amount).toBe(row.gst + row.qst);
      expect(r.total.amount).toBe(row.total);
      expect(r.total.currency).toBe('CAD');
    });
  }

  it('per-document and per-line rounding differ on 3 × $0.10 (GST 0.02 vs 0.03)', () => {
    const ls = lines(QC, [10, 'standard'], [10, 'standard'], [10, 'standard']);
    expect(perLineTaxes(QC, ls)).toEqual({ 'QC-GST': 3, 'QC-QST': 3 });
    expect(taxByCode(computeTaxes(QC, ls))['QC-GST']!.tax).toBe(2);
  });

  it('Department of Finance Canada (Budget 2012, rounding) example, GST only: 1.83 + 2.86 + 5 % = 4.92', () => {
    // The federal example applies 5 % GST alone; we build a GST-only jurisdiction from QC's GST rate.
    const gstOnly: Jurisdiction = { ...QC, categories: { gst: [QC.categories.standard![0]!] } };
    const r = computeTaxes(gstOnly, lines(gstOnly, [183, 'gst'], [286, 'gst']));
    // 4.69 × 5 % = 0.2345 → 0.23; total 4.92 (the example then rounds the cash payment to 4.90)
    expect(r.taxTotal.amount).toBe(23);
    expect(r.total.amount).toBe(492);
  });

  it('Canada Revenue Agency example (quoted by CTV News, 2013), HST 12 %: 689.93 → tax 82.79, total 772.72', () => {
    const hst: Jurisdiction = { ...QC, categories: { hst: [{ code: 'HST-12', ratePpm: 120_000 }] } };
    const r = computeTaxes(hst, lines(hst, [68_993, 'hst']));
    expect(r.taxTotal.amount).toBe(8279); // 82.7916 → 82.79
    expect(r.total.amount).toBe(77_272);
  });
});

describe('France: prices TTC, TVA extracted per rate as TTC × r / (1 + r)', () => {
  const table: { source: string; category: string; ttc: number; tva: number }[] = [
    {
      source: 'rule, 20 % (CGI art. 278): 12.00 × 0.2/1.2 = 2.00 → HT 10.00',
      category: 'standard',
      ttc: 1200,
      tva: 200,
    },
    {
      source: 'rule, 5.5 % (CGI art. 278-0 bis): 10.55 × 0.055/1.055 = 0.55 → HT 10.00',
      category: 'reduced',
      ttc: 1055,
      tva: 55,
    },
    {
      source: 'rule, 10 % (CGI art. 279): 5.50 × 0.1/1.1 = 0.50 → HT 5.00',
      category: 'intermediate',
      ttc: 550,
      tva: 50,
    },
    {
      source: 'rule, 2.1 % (CGI art. 281 quater ff.): 10.21 × 0.021/1.021 = 0.21 → HT 10.00',
      category: 'superReduced',
      ttc: 1021,
      tva: 21,
    },
    {
      source: 'rule, 20 %: 9.99 × 0.2/1.2 = 1.665 exactly → 1.67 (exact half goes up) → HT 8.32',
      category: 'standard',
      ttc: 999,
      tva: 167,
    },
    {
      source: 'rule, 5.5 %: 1.99 × 0.055/1.055 = 0.10374 → 0.10 → HT 1.89',
      category: 'reduced',
      ttc: 199,
      tva: 10,
    },
  ];
  for (const row of table) {
    it(row.source, () => {
      const r = computeTaxes(FR, lines(FR, [row.ttc, row.category]));
      expect(r.taxes).toHaveLength(1);
      expect(r.taxes[0]!.tax.amount).toBe(row.tva);
      expect(r.taxes[0]!.base.amount).toBe(row.ttc - row.tva);
      expect(r.total.amount).toBe(row.ttc);
      expect(r.net.amount).toBe(row.ttc - row.tva);
      expect(r.total.currency).toBe('EUR');
    });
  }

  it('mixed-rate receipt, one TVA line per rate (rule): 12.00@20 + 5.50@10 + 10.55@5.5 + 10.21@2.1', () => {
    const r = computeTaxes(
      FR,
      lines(FR, [1200, 'standard'], [550, 'intermediate'], [1055, 'reduced'], [1021, 'superReduced']),
    );
    expect(taxByCode(r)).toEqual({
      'FR-TVA-20': { base: 1000, tax: 200 },
      'FR-TVA-10': { base: 500, tax: 50 },
      'FR-TVA-5.5': { base: 1000, tax: 55 },
      'FR-TVA-2.1': { base: 1000, tax: 21 },
    });
    expect(r.total.amount).toBe(3826);
    expect(r.taxTotal.amount).toBe(326);
    expect(r.net.amount).toBe(3500);
  });

  it('two lines at the same rate share one TVA line; an exempt line adds none', () => {
    const r = computeTaxes(FR, lines(FR, [1200, 'standard'], [600, 'standard'], [300, 'exempt']));
    // (12.00 + 6.00) × 0.2/1.2 = 3.00
    expect(taxByCode(r)).toEqual({ 'FR-TVA-20': { base: 1500, tax: 300 } });
    expect(r.total.amount).toBe(2100);
    expect(r.net.amount).toBe(1800);
  });

  it('per-document vs per-line: 3 × 0.10 TTC at 20 % → 0.05 per document, 0.06 per line', () => {
    // 0.30/6 = 0.05 exactly; per line 0.10/6 = 0.01667 → 0.02, three times
    const ls = lines(FR, [10, 'standard'], [10, 'standard'], [10, 'standard']);
    expect(taxByCode(computeTaxes(FR, ls))['FR-TVA-20']!.tax).toBe(5);
    expect(perLineTaxes(FR, ls)['FR-TVA-20']).toBe(6);
  });

  it('per-document vs per-line: 2 × 1.05 TTC at 5.5 % → 0.11 per document, 0.10 per line', () => {
    // 2.10 × 0.055/1.055 = 0.10948 → 0.11; per line 1.05 × 0.055/1.055 = 0.05474 → 0.05, twice
    const ls = lines(FR, [105, 'reduced'], [105, 'reduced']);
    expect(taxByCode(computeTaxes(FR, ls))['FR-TVA-5.5']!.tax).toBe(11);
    expect(perLineTaxes(FR, ls)['FR-TVA-5.5']).toBe(10);
  });
});

describe('Bulgaria: prices include VAT, 20 % and 9 % (ЗДДС art. 66), extracted per rate', () => {
  const table: { source: string; category: string; gross: number; vat: number }[] = [
    { source: 'rule, 20 %: 1.20 × 0.2/1.2 = 0.20 → base 1.00', category: 'standard', gross: 120, vat: 20 },
    {
      source: 'rule, 20 %: 24.99/6 = 4.165 exactly → 4.17 → base 20.82',
      category: 'standard',
      gross: 2499,
      vat: 417,
    },
    { source: 'rule, 9 %: 10.90 × 0.09/1.09 = 0.90 → base 10.00', category: 'reduced', gross: 1090, vat: 90 },
    {
      source: 'rule, 9 %: 5.00 × 0.09/1.09 = 0.41284 → 0.41 → base 4.59',
      category: 'reduced',
      gross: 500,
      vat: 41,
    },
  ];
  for (const row of table) {
    it(row.source, () => {
      const r = computeTaxes(BG, lines(BG, [row.gross, row.category]));
      expect(r.taxes).toHaveLength(1);
      expect(r.taxes[0]!.tax.amount).toBe(row.vat);
      expect(r.taxes[0]!.base.amount).toBe(row.gross - row.vat);
      expect(r.total.amount).toBe(row.gross);
    });
  }

  it('mixed receipt (rule): 24.99 @20 + 5.00 @9 → VAT 4.17 + 0.41, total 29.99, base 25.41', () => {
    const r = computeTaxes(BG, lines(BG, [2499, 'standard'], [500, 'reduced']));
    expect(taxByCode(r)).toEqual({
      'BG-VAT-20': { base: 2082, tax: 417 },
      'BG-VAT-9': { base: 459, tax: 41 },
    });
    expect(r.total.amount).toBe(2999);
    expect(r.taxTotal.amount).toBe(458);
    expect(r.net.amount).toBe(2541);
  });
});

describe('bad input', () => {
  it('an unknown tax category is refused', () => {
    expect(() => computeTaxes(QC, lines(QC, [100, 'reduced']))).toThrow(UnknownTaxCategoryError);
    expect(() => computeTaxes(FR, lines(FR, [100, 'zero']))).toThrow(/unknown tax category zero in FR/);
  });

  it('a line in another currency is refused', () => {
    expect(() => computeTaxes(QC, [{ amount: money(100, 'EUR'), taxCategory: 'standard' }])).toThrow(
      UnknownTaxCategoryError,
    );
  });

  it('an empty document has no taxes and a zero total', () => {
    const r = computeTaxes(FR, []);
    expect(r.taxes).toEqual([]);
    expect(r.total).toEqual(money(0, 'EUR'));
  });
});

describe('properties', () => {
  const lineArb = (j: Jurisdiction) =>
    fc.record({
      amount: fc.integer({ min: 0, max: 10_000_000 }),
      taxCategory: fc.constantFrom(...Object.keys(j.categories)),
    });

  for (const j of [QC, FR, BG]) {
    it(`${j.id}: totals add up (${j.pricesIncludeTax ? 'total = Σ lines' : 'total = Σ lines + Σ taxes'})`, () => {
      fc.assert(
        fc.property(fc.array(lineArb(j), { maxLength: 30 }), (raw) => {
          const ls = raw.map((l) => ({ amount: money(l.amount, j.currency), taxCategory: l.taxCategory }));
          const r = computeTaxes(j, ls);
          const sumLines = raw.reduce((s, l) => s + l.amount, 0);
          const sumTaxes = r.taxes.reduce((s, t) => s + t.tax.amount, 0);
          expect(r.subtotal.amount).toBe(sumLines);
          expect(r.taxTotal.amount).toBe(sumTaxes);
          expect(r.total.amount).toBe(j.pricesIncludeTax ? sumLines : sumLines + sumTaxes);
          expect(r.net.amount + r.taxTotal.amount).toBe(r.total.amount);
          // one tax line per rate, no duplicates
          expect(new Set(r.taxes.map((t) => t.code)).size).toBe(r.taxes.length);
        }),
      );
    });

    it(`${j.id}: each rate's tax is within ±0.5 ¢ of the exact rational`, () => {
      fc.assert(
        fc.property(fc.array(lineArb(j), { minLength: 1, maxLength: 30 }), (raw) => {
          const ls = raw.map((l) => ({ amount: money(l.amount, j.currency), taxCategory: l.taxCategory }));
          const r = computeTaxes(j, ls);
          for (const t of r.taxes) {
            // the lines that carry this rate
            const taxable = raw
              .filter((l) => j.categories[l.taxCategory]!.some((rate) => rate.code === t.code))
              .reduce((s, l) => s + BigInt(l.amount), 0n);
            const ppm = BigInt(t.ratePpm);
            const scale = BigInt(RATE_SCALE);
            // exact tax = taxable·ppm/scale (exclusive) or taxable·ppm/(scale+ppm) (inclusive)
            const denom = j.pricesIncludeTax ? scale + ppm : scale;
            const err = BigInt(t.tax.amount) * denom - taxable * ppm;
            expect(2n * (err < 0n ? -err : err)).toBeLessThanOrEqual(denom);
            // base + tax = gross for inclusive prices; base = taxable amount for exclusive
            expect(BigInt(t.base.amount + (j.pricesIncludeTax ? t.tax.amount : 0))).toBe(taxable);
          }
        }),
      );
    });
  }
});

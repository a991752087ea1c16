import {
  type Currency,
  type Money,
  money,
  multiplyByRate,
  type RoundingMode,
  taxIncludedIn,
} from './money.ts';

/**
 * Tax engines per jurisdiction.
 *
 * ROUNDING RULE (all jurisdictions): taxes are computed **per document, per rate**:
 * the taxable bases of all lines that share a rate are summed first, then the tax for
 * that rate is computed once and rounded half-up to the cent. This is what Revenu
 * Québec / the CRA describe for invoices (tax computed on the total of taxable supplies)
 * and what French and Bulgarian fiscal receipts show (one VAT line per rate).
 * Rounding per line gives a different figure (see test/unit/tax.test.ts worked examples)
 * and is deliberately not offered.
 *
 * - Québec (CA-QC): prices exclude tax; GST 5 % and QST 9.975 % are both applied to the
 *   pre-tax amount (no tax on tax since 2013).
 * - France (FR): prices include TVA (TTC); rates 20 / 10 / 5.5 / 2.1 %. The TVA of a rate
 *   is extracted from the TTC total of that rate: TVA = TTC × r / (1 + r), HT = TTC − TVA.
 * - Bulgaria (BG): prices include VAT; rates 20 / 9 %, same extraction.
 */
export const JURISDICTION_IDS = ['CA-QC', 'FR', 'BG'] as const;
export type JurisdictionId = (typeof JURISDICTION_IDS)[number];

export interface TaxRate {
  readonly code: string; // stable id, e.g. 'QC-GST'
  readonly ratePpm: number; // parts per million
}

export interface Jurisdiction {
  readonly id: JurisdictionId;
  readonly currency: Currency;
  readonly pricesIncludeTax: boolean;
  /** tax category → the rates that apply to it (Québec 'standard' has two) */
  readonly categories: Readonly<Record<string, readonly TaxRate[]>>;
  readonly rounding: RoundingMode;
}

const GST: TaxRate = { code: 'QC-GST', ratePpm: 50_000 };
const QST: TaxRate = { code: 'QC-QST', ratePpm: 99_750 };

export const JURISDICTIONS: Record<JurisdictionId, Jurisdiction> = {
  'CA-QC': {
    id: 'CA-QC',
    currency: 'CAD',
    pricesIncludeTax: false,
    categories: { standard: [GST, QST], exempt: [], zero: [] },
    rounding: 'halfUp',
  },
  FR: {
    id: 'FR',
    currency: 'EUR',
    pricesIncludeTax: true,
    categories: {
      standard: [{ code: 'FR-TVA-20', ratePpm: 200_000 }],
      intermediate: [{ code: 'FR-TVA-10', ratePpm: 100_000 }],
      reduced: [{ code: 'FR-TVA-5.5', ratePpm: 55_000 }],
      superReduced: [{ code: 'FR-TVA-2.1', ratePpm: 21_000 }],
      exempt: [],
    },
    rounding: 'halfUp',
  },
  BG: {
    id: 'BG',
    currency: 'EUR',
    pricesIncludeTax: true,
    categories: {
      standard: [{ code: 'BG-VAT-20', ratePpm: 200_000 }],
      reduced: [{ code: 'BG-VAT-9', ratePpm: 90_000 }],
      exempt: [],
    },
    rounding: 'halfUp',
  },
};

export interface TaxableLine {
  /** line amount after discounts, in the document currency (net if prices exclude tax, gross if they include it) */
  readonly amount: Money;
  readonly taxCategory: string;
}

export interface TaxLine {
  readonly code: string;
  readonly ratePpm: number;
  /** amount excluding tax on which this rate applies */
  readonly base: Money;
  readonly tax: Money;
}

/** A tax line in plain minor units, as documents (sale, reservation, intervention, invoice) carry it. */
export function plainTax(t: TaxLine): { code: string; ratePpm: number; base: number; tax: number } {
  return { code: t.code, ratePpm: t.ratePpm, base: t.base.amount, tax: t.tax.amount };
}

export interface TaxResult {
  readonly subtotal: Money; // Σ line amounts as entered
  readonly net: Money; // total excluding tax
  readonly taxTotal: Money;
  readonly total: Money; // what the customer owes
  readonly taxes: readonly TaxLine[];
}

export class UnknownTaxCategoryError extends Error {
  override name = 'UnknownTaxCategoryError';
}

export function computeTaxes(jurisdiction: Jurisdiction, lines: readonly TaxableLine[]): TaxResult {
  const currency = jurisdiction.currency;
  // Sum the bases per rate first (per document per rate).
  const bases = new Map<string, { rate: TaxRate; amount: number }>();
  let subtotal = 0;
  for (const line of lines) {
    if (line.amount.currency !== currency) {
      throw new UnknownTaxCategoryError(`line currency ${line.amount.currency} differs from ${currency}`);
    }
    const rates = jurisdiction.categories[line.taxCategory];
    if (!rates)
      throw new UnknownTaxCategoryError(`unknown tax category ${line.taxCategory} in ${jurisdiction.id}`);
    subtotal += line.amount.amount;
    for (const rate of rates) {
      const b = bases.get(rate.code) ?? { rate, amount: 0 };
      b.amount += line.amount.amount;
      bases.set(rate.code, b);
    }
  }
  const taxes: TaxLine[] = [];
  let taxTotal = 0;
  for (const { rate, amount } of [...bases.values()].sort((a, b) =>
    a.rate.code < b.rate.code ? -1 : a.rate.code > b.rate.code ? 1 : 0,
  )) {
    const m = money(amount, currency);
    const tax = jurisdiction.pricesIncludeTax
      ? taxIncludedIn(m, rate.ratePpm, jurisdiction.rounding)
      : multiplyByRate(m, rate.ratePpm, jurisdiction.rounding);
    const base = jurisdiction.pricesIncludeTax ? money(amount - tax.amount, currency) : m;
    taxes.push({ code: rate.code, ratePpm: rate.ratePpm, base, tax });
    taxTotal += tax.amount;
  }
  const total = jurisdiction.pricesIncludeTax ? subtotal : subtotal + taxTotal;
  return {
    subtotal: money(subtotal, currency),
    net: money(total - taxTotal, currency),
    taxTotal: money(taxTotal, currency),
    total: money(total, currency),
    taxes,
  };
}

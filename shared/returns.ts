import type { Sale, SaleTax } from './api/types.ts';
import { type FieldIssue, issue, validationError } from './errors.ts';
import { divRound, money } from './money.ts';
import { computeTaxes, type Jurisdiction } from './tax.ts';

/**
 * What a return of some lines of a completed sale gives back: each line's share of its amount
 * (discount included) and the taxes per rate of the returned lines. The ledger books it; the
 * return dialog previews it with the same function.
 *
 * Taxes are cumulative, so returns never drift from the sale by rounding: the returned lines
 * so far (the earlier returns and this one) are taxed as one document, per rate, as the sale
 * was, and this return's taxes are that less what the earlier returns took back. Once every
 * line is back, the returns' taxes sum to exactly the sale's taxes.
 */
export interface LineReturnRequest {
  lineId: string;
  quantity: number; // thousandths
}

export interface ReturnedLine {
  lineId: string;
  quantity: number;
  amount: number;
}

export interface ReturnPrice {
  lines: ReturnedLine[];
  taxes: SaleTax[];
  /** what the returned lines cost the customer: amounts, plus the taxes where prices exclude them */
  total: number;
}

export function priceReturn(
  j: Jurisdiction,
  sale: Pick<Sale, 'lines' | 'returnedTaxes'>,
  asked: readonly LineReturnRequest[],
): ReturnPrice {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const lines: ReturnedLine[] = [];
  for (const [i, a] of asked.entries()) {
    const line = sale.lines.find((l) => l.id === a.lineId);
    if (!line) {
      issues.push(issue(`lines.${i}.lineId`, 'notFound', 'not a line of this sale', { what: 'line' }));
      continue;
    }
    if (seen.has(a.lineId)) {
      issues.push(issue(`lines.${i}.lineId`, 'listedTwice', 'line given twice'));
      continue;
    }
    seen.add(a.lineId);
    const before = line.returnedQuantity ?? 0;
    const left = line.quantity - before;
    if (a.quantity < 1 || a.quantity > left) {
      issues.push(
        left === 0
          ? issue(`lines.${i}.quantity`, 'alreadyReturned', 'this line was already returned')
          : issue(`lines.${i}.quantity`, 'returnTooMany', `at most ${left / 1000} left to return`, {
              left: left / 1000,
            }),
      );
      continue;
    }
    // the rest of a line gives back the rest of its amount; a part, its share rounded half-up
    const amount =
      a.quantity === left
        ? line.amount - (line.returnedAmount ?? 0)
        : Number(divRound(BigInt(line.amount) * BigInt(a.quantity), BigInt(line.quantity), 'halfUp'));
    lines.push({ lineId: a.lineId, quantity: a.quantity, amount });
  }
  if (issues.length > 0 || lines.length === 0) {
    throw validationError(issues.length ? issues : [issue('lines', 'nothingToReturn', 'nothing to return')]);
  }
  const cumulative = sale.lines
    .map((l) => {
      const now = lines.find((r) => r.lineId === l.id)?.amount ?? 0;
      return { amount: (l.returnedAmount ?? 0) + now, taxCategory: l.taxCategory };
    })
    .filter((l) => l.amount !== 0)
    .map((l) => ({ amount: money(l.amount, j.currency), taxCategory: l.taxCategory }));
  const sofar = computeTaxes(j, cumulative).taxes;
  const earlier = sale.returnedTaxes ?? [];
  const taxes: SaleTax[] = sofar
    .map((t) => {
      const e = earlier.find((x) => x.code === t.code);
      return {
        code: t.code,
        ratePpm: t.ratePpm,
        base: t.base.amount - (e?.base ?? 0),
        tax: t.tax.amount - (e?.tax ?? 0),
      };
    })
    .filter((t) => t.base !== 0 || t.tax !== 0);
  const amounts = lines.reduce((s, l) => s + l.amount, 0);
  const total = j.pricesIncludeTax ? amounts : amounts + taxes.reduce((s, t) => s + t.tax, 0);
  return { lines, taxes, total };
}

import type { Discount, TenderInput, TenderMethod } from './api/schemas.ts';
import { type CashRoundingRule, roundCash } from './cash-rounding.ts';
import { CommandError, issue, validationError } from './errors.ts';
import { type Currency, money, multiplyByQuantity, percentOf } from './money.ts';
import { computeTaxes, type Jurisdiction, type TaxLine } from './tax.ts';

/**
 * Pure pricing of a cart and application of its tenders. The renderer calls it to preview;
 * the main process calls it again on commit and stores *its* result.
 */
export interface PricedLineInput {
  unitPrice: number;
  quantity: number; // thousandths
  discount?: Discount | null | undefined;
  taxCategory: string;
}

export interface PricedLine {
  gross: number; // unit × qty
  discount: number;
  amount: number; // gross − discount
}

export interface CartTotals {
  currency: Currency;
  lines: PricedLine[];
  subtotal: number;
  taxTotal: number;
  total: number;
  taxes: TaxLine[];
}

export function priceLine(currency: Currency, l: PricedLineInput): PricedLine {
  const gross = multiplyByQuantity(money(l.unitPrice, currency), l.quantity, 'halfUp').amount;
  let discount = 0;
  if (l.discount?.kind === 'amount') discount = Math.min(l.discount.amount, gross);
  else if (l.discount?.kind === 'percent')
    discount = percentOf(money(gross, currency), l.discount.basisPoints).amount;
  return { gross, discount, amount: gross - discount };
}

export function priceCart(j: Jurisdiction, lines: readonly PricedLineInput[]): CartTotals {
  const priced = lines.map((l) => priceLine(j.currency, l));
  const t = computeTaxes(
    j,
    priced.map((p, i) => ({ amount: money(p.amount, j.currency), taxCategory: lines[i]!.taxCategory })),
  );
  return {
    currency: j.currency,
    lines: priced,
    subtotal: t.subtotal.amount,
    taxTotal: t.taxTotal.amount,
    total: t.total.amount,
    taxes: [...t.taxes],
  };
}

export interface AppliedTender {
  method: TenderMethod;
  amount: number; // applied to the sale (cash: the rounded cash due)
  tendered: number | null;
  change: number | null;
  reference: string | null;
}

export interface TenderResult {
  tenders: AppliedTender[];
  cashRounding: number; // added to the total by rounding the cash part
  paid: number; // total + cashRounding
  changeDue: number;
}

/**
 * Apply tenders to a total. Non-cash tenders are applied first and may not exceed the
 * total (no change is given on a card). The rest is due in cash, rounded with the store's
 * cash-rounding rule (CAD: to 5 ¢); the cash tendered must cover it; change = tendered − due.
 * A cash rest that rounds to nothing (1–2 ¢ after a card, in CAD) records no cash tender.
 * Errors name the offending tender (`tenders.N.…`).
 */
export function applyTenders(
  currency: Currency,
  total: number,
  tenders: readonly TenderInput[],
  rounding: CashRoundingRule,
): TenderResult {
  const cashIdx = tenders.map((t, i) => (t.method === 'cash' ? i : -1)).filter((i) => i >= 0);
  if (cashIdx.length > 1)
    throw validationError([issue(`tenders.${cashIdx[1]}`, 'oneCash', 'only one cash tender')]);
  let nonCash = 0;
  const applied: AppliedTender[] = [];
  tenders.forEach((t, i) => {
    if (t.method === 'cash') return;
    nonCash += t.amount;
    if (nonCash > total) {
      throw validationError([
        issue(`tenders.${i}.amount`, 'nonCashExceeds', 'non-cash tenders exceed the total'),
      ]);
    }
    applied.push({
      method: t.method,
      amount: t.amount,
      tendered: null,
      change: null,
      reference: t.reference,
    });
  });
  const remaining = total - nonCash;
  const cash = cashIdx.length ? (tenders[cashIdx[0]!] as Extract<TenderInput, { method: 'cash' }>) : null;
  if (!cash) {
    // a card is charged the exact total: a rest without a cash tender is a typing slip
    if (remaining !== 0)
      throw validationError([issue('tenders', 'notCovered', 'tenders do not cover the total')]);
    return { tenders: applied, cashRounding: 0, paid: total, changeDue: 0 };
  }
  if (remaining === 0) {
    throw validationError([issue(`tenders.${cashIdx[0]}`, 'nothingLeft', 'nothing is left to pay in cash')]);
  }
  const due = roundCash(money(remaining, currency), rounding).amount;
  if (due === 0) {
    // the rest is paid in cash, and 1–2 ¢ in cash round to nothing (CAD): no cash is kept, no
    // cash tender is recorded, whatever was handed over goes back
    return {
      tenders: applied,
      cashRounding: 0 - remaining,
      paid: total - remaining,
      changeDue: cash.tendered,
    };
  }
  if (cash.tendered < due) {
    throw validationError([
      issue(`tenders.${cashIdx[0]}.tendered`, 'tenderedShort', `cash tendered is less than ${due} due`, {
        due,
      }),
    ]);
  }
  const change = cash.tendered - due;
  applied.push({ method: 'cash', amount: due, tendered: cash.tendered, change, reference: null });
  return {
    tenders: applied,
    cashRounding: due - remaining,
    paid: total + (due - remaining),
    changeDue: change,
  };
}

export function assertNever(x: never): never {
  throw new CommandError('INTERNAL', `unexpected ${String(x)}`);
}

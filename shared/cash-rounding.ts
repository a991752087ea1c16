import { type Currency, type Money, money } from './money.ts';

/**
 * Cash rounding. Canada withdrew the penny in 2013: cash totals are rounded to the
 * nearest 0.05 — 1–2 ¢ down to 0, 3–4 ¢ up to 5, 6–7 ¢ down to 5, 8–9 ¢ up to 10.
 * Card, cheque and transfer totals are never rounded. France and Bulgaria (EUR) keep
 * 1 ¢ coins, so rounding is off there by default; a store can configure it.
 */
export interface CashRoundingRule {
  /** step in minor units: 5 for CAD; 1 (or 0) means no rounding */
  readonly step: number;
}

export const DEFAULT_CASH_ROUNDING: Record<Currency, CashRoundingRule> = {
  CAD: { step: 5 },
  EUR: { step: 1 },
};

/** Round to the nearest multiple of `step`; exact halves (only possible for even steps) go up. */
export function roundCash(
  total: Money,
  rule: CashRoundingRule = DEFAULT_CASH_ROUNDING[total.currency],
): Money {
  const step = rule.step;
  if (step <= 1) return total;
  const negative = total.amount < 0;
  const abs = Math.abs(total.amount);
  const rem = abs % step;
  const down = abs - rem;
  const rounded = rem * 2 >= step ? down + step : down;
  return money(negative ? -rounded : rounded, total.currency);
}

/** The adjustment that cash rounding adds to a total (may be negative). */
export function cashRoundingAdjustment(total: Money, rule?: CashRoundingRule): Money {
  const r = roundCash(total, rule);
  return money(r.amount - total.amount, total.currency);
}

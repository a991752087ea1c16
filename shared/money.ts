/**
 * Money is an integer count of minor units (cents) with its ISO currency.
 * Never floats: every operation that can produce a fraction of a cent takes a
 * named rounding mode and does the division in BigInt.
 */
export const CURRENCIES = ['CAD', 'EUR'] as const;
export type Currency = (typeof CURRENCIES)[number];

export interface Money {
  readonly amount: number; // integer minor units
  readonly currency: Currency;
}

/** How a fraction of a minor unit is resolved. */
export type RoundingMode =
  | 'halfUp' // .5 away from zero — Revenu Québec / CRA and French/Bulgarian practice
  | 'halfEven' // banker's rounding
  | 'down' // towards zero
  | 'up'; // away from zero

export class MoneyError extends Error {
  override name = 'MoneyError';
}

function assertMinor(n: number, what = 'amount'): void {
  if (!Number.isSafeInteger(n))
    throw new MoneyError(`${what} must be a safe integer of minor units, got ${n}`);
}

export function money(amount: number, currency: Currency): Money {
  assertMinor(amount);
  // normalise −0 (e.g. negate(zero), or rounding −0.01 to 0) so that equal amounts are Object.is-equal
  return { amount: amount === 0 ? 0 : amount, currency };
}

export const zero = (currency: Currency): Money => ({ amount: 0, currency });

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new MoneyError(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function sum(items: readonly Money[], currency: Currency): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

export function negate(a: Money): Money {
  return money(-a.amount, a.currency);
}

/**
 * Integer division of bigints with an explicit rounding mode.
 * The one place in Comptoir where fractions of a cent are resolved.
 */
export function divRound(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator === 0n) throw new MoneyError('division by zero');
  if (denominator < 0n) return divRound(-numerator, -denominator, mode);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = n / denominator;
  const r = n % denominator;
  let out = q;
  if (r !== 0n) {
    const twice = r * 2n;
    switch (mode) {
      case 'down':
        break;
      case 'up':
        out = q + 1n;
        break;
      case 'halfUp':
        if (twice >= denominator) out = q + 1n;
        break;
      case 'halfEven':
        if (twice > denominator || (twice === denominator && q % 2n === 1n)) out = q + 1n;
        break;
    }
  }
  return negative ? -out : out;
}

/**
 * Quantities are integer thousandths (1 = 1000) so that 0.5 day or 1.25 kg stay exact.
 * price × qty/1000, rounded with `mode`.
 */
export const QTY_SCALE = 1000;

export function multiplyByQuantity(unit: Money, qtyMilli: number, mode: RoundingMode = 'halfUp'): Money {
  assertMinor(qtyMilli, 'quantity');
  return money(
    Number(divRound(BigInt(unit.amount) * BigInt(qtyMilli), BigInt(QTY_SCALE), mode)),
    unit.currency,
  );
}

/** Rates are integer parts per million: 5 % = 50_000, 9.975 % = 99_750. */
export const RATE_SCALE = 1_000_000;

export function multiplyByRate(base: Money, ratePpm: number, mode: RoundingMode): Money {
  assertMinor(ratePpm, 'rate');
  return money(
    Number(divRound(BigInt(base.amount) * BigInt(ratePpm), BigInt(RATE_SCALE), mode)),
    base.currency,
  );
}

/** Part of a tax-inclusive amount that is tax: gross × r / (1 + r). */
export function taxIncludedIn(gross: Money, ratePpm: number, mode: RoundingMode): Money {
  assertMinor(ratePpm, 'rate');
  return money(
    Number(divRound(BigInt(gross.amount) * BigInt(ratePpm), BigInt(RATE_SCALE + ratePpm), mode)),
    gross.currency,
  );
}

/** A percentage discount in basis points (10 % = 1000) of an amount, rounded half-up. */
export function percentOf(base: Money, basisPoints: number, mode: RoundingMode = 'halfUp'): Money {
  assertMinor(basisPoints, 'basis points');
  return money(Number(divRound(BigInt(base.amount) * BigInt(basisPoints), 10_000n, mode)), base.currency);
}

/** Minor units per major unit (both our currencies use cents). */
export const MINOR_PER_MAJOR: Record<Currency, number> = { CAD: 100, EUR: 100 };

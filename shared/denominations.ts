import type { Currency } from './money.ts';

/**
 * Denominations in circulation, in minor units, largest first.
 * CAD: no 1 ¢ since 2013; the $1 000 note is no longer legal tender (2021).
 * EUR: the €500 note is no longer issued but remains legal tender, yet tills refuse it in
 * practice; we keep it countable because a drawer count must accept what is there.
 */
export const DENOMINATIONS: Record<Currency, { notes: readonly number[]; coins: readonly number[] }> = {
  CAD: { notes: [10_000, 5_000, 2_000, 1_000, 500], coins: [200, 100, 25, 10, 5] },
  EUR: { notes: [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500], coins: [200, 100, 50, 20, 10, 5, 2, 1] },
};

export function allDenominations(currency: Currency): number[] {
  const d = DENOMINATIONS[currency];
  return [...d.notes, ...d.coins];
}

/** A count maps denomination (minor units, as a string key) to a number of pieces. */
export type DenominationCount = Record<string, number>;

export function isDenomination(currency: Currency, value: number): boolean {
  return allDenominations(currency).includes(value);
}

/** Total of a count in minor units. */
export function countTotal(count: DenominationCount): number {
  let total = 0;
  for (const [denom, pieces] of Object.entries(count)) total += Number(denom) * pieces;
  return total;
}

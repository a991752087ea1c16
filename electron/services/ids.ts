import { randomFillSync } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * A ULID generator for ledger rows: time-ordered, monotonic within a millisecond.
 *
 * Why not the ulid package's default: its PRNG asks `crypto.getRandomValues` for ONE byte per
 * character, 16 calls for the first id of every millisecond — about 20 µs, 5 % of a whole cash
 * sale. This hands it the same operating-system randomness from a pool refilled 4 KiB at a
 * time. A byte / 256 falls uniformly on the 32 ULID characters (256 = 8 × 32), so the ids are
 * exactly as random as before.
 */
export function ulidFactory(): (ms?: number) => string {
  const pool = new Uint8Array(4096);
  let pos = pool.length;
  const prng = (): number => {
    if (pos === pool.length) {
      randomFillSync(pool);
      pos = 0;
    }
    return pool[pos++]! / 256;
  };
  return monotonicFactory(prng);
}

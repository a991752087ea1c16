import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { ulidFactory } from '../../electron/services/ids.ts';

describe('ulidFactory (pooled randomness)', () => {
  it('gives valid, unique ids, ordered within and across milliseconds', () => {
    const next = ulidFactory();
    const ids: string[] = [];
    let t = Date.UTC(2026, 10, 26, 15);
    for (let i = 0; i < 20_000; i++) {
      if (i % 7 === 0) t++; // several ids in the same millisecond, then a new one
      ids.push(next(t));
    }
    expect(ids.every((id) => isValid(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ids.at(-1)!)).toBe(t);
  });

  it('spreads the random part over all 32 characters, and two generators do not repeat each other', () => {
    const a = ulidFactory();
    const b = ulidFactory();
    const counts = new Map<string, number>();
    const n = 5_000; // pool refills many times (16 bytes per fresh-millisecond id)
    for (let i = 0; i < n; i++) {
      const id = a(1_000_000 + i);
      for (const ch of id.slice(10)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      expect(id.slice(10)).not.toBe(b(1_000_000 + i).slice(10));
    }
    expect(counts.size).toBe(32);
    const expected = (n * 16) / 32;
    for (const c of counts.values()) expect(Math.abs(c - expected)).toBeLessThan(expected * 0.15);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.ts';

/** Rebuild every object with its keys inserted in reverse order (arrays keep their order). */
function reorder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reorder);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).reverse()) {
      Object.defineProperty(out, k, {
        value: reorder((v as Record<string, unknown>)[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

describe('canonicalJson: worked examples', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('sorts by UTF-16 code units, not locale (uppercase before lowercase, "é" after "z")', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, a: 4, '10': 5, '9': 6 })).toBe(
      '{"10":5,"9":6,"Z":3,"a":4,"z":2,"é":1}',
    );
  });

  it('drops undefined members; undefined in arrays becomes null (as JSON.stringify does)', () => {
    expect(canonicalJson({ a: undefined, b: null, c: [undefined, 1] })).toBe('{"b":null,"c":[null,1]}');
  });

  it('escapes strings like JSON.stringify', () => {
    expect(canonicalJson({ s: 'Mèches "à" bois\n\u0001' })).toBe(
      JSON.stringify({ s: 'Mèches "à" bois\n\u0001' }),
    );
  });

  it('scalars', () => {
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(true)).toBe('true');
    expect(canonicalJson(-1999)).toBe('-1999');
    expect(canonicalJson(0.5)).toBe('0.5');
    expect(canonicalJson('')).toBe('""');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });

  it('refuses what JSON cannot hold faithfully', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('refuses non-plain objects instead of silently writing {} (a Date, Map, Set, class instance)', () => {
    expect(() => canonicalJson({ at: new Date('2026-11-26T15:00:00Z') })).toThrow(/unsupported object Date/);
    expect(() => canonicalJson(new Map([['a', 1]]))).toThrow(TypeError);
    expect(() => canonicalJson([new Set([1])])).toThrow(TypeError);
    expect(() => canonicalJson(new (class Sale {})())).toThrow(/Sale/);
    // a null-prototype object is plain data
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });
});

describe('canonicalJson: properties', () => {
  it('stable under key reordering', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(reorder(v))).toBe(canonicalJson(v));
      }),
    );
  });

  it('round-trips through JSON.parse, and is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        const parsed = JSON.parse(text);
        // the same value (JSON has no −0, so compare with what the plain serialiser round-trips to)
        expect(parsed).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(parsed)).toBe(text);
      }),
    );
  });

  it('a flat object is its members in code-unit key order, with no whitespace', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (o) => {
        const sorted = Object.keys(o).sort(); // default sort compares UTF-16 code units
        const expected = `{${sorted.map((k) => `${JSON.stringify(k)}:${o[k]}`).join(',')}}`;
        expect(canonicalJson(o)).toBe(expected);
      }),
    );
  });
});

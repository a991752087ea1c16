import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalText } from '../../server/projections.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';

/**
 * Head office's canonical-payload check (server/projections.ts isCanonicalText) takes a fast path
 * through JSON.stringify; its verdict must be canonicalJson's, text by text.
 */
const verdict = (text: string) => isCanonicalText(JSON.parse(text) as object, text);
const truth = (text: string) => canonicalJson(JSON.parse(text)) === text;

describe('isCanonicalText', () => {
  it.each([
    ['{"a":1,"b":2}', true],
    ['{"b":2,"a":1}', false], // keys out of order: JSON.stringify gives the text back, it is not canonical
    ['{"a":{"d":1,"c":2}}', false], // out of order one level down
    ['{"a":[{"y":1,"x":2}]}', false], // inside an array
    ['{"a":[{"x":1,"y":2}],"b":null}', true],
    ['{"a": 1}', false],
    ['{"a":1.0}', false],
    ['{"a":1e2}', false],
    ['{"a":-0}', false],
    ['{"a":"\\u00e9"}', false],
    ['{"a":"é"}', true],
    ['{"10":1,"9":2}', true], // canonical (code-unit order); V8 enumerates integer-like keys first
    ['{"9":2,"10":1}', false],
    ['{"a":1,"a":2}', false],
    ['{}', true],
  ])('%s → %s, as canonicalJson says', (text, want) => {
    expect(truth(text)).toBe(want);
    expect(verdict(text)).toBe(want);
  });

  it('agrees with canonicalJson on random JSON texts (canonical or not)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, canonical) => {
        const value = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : { v };
        const text = canonical ? canonicalJson(value) : JSON.stringify(value);
        expect(verdict(text)).toBe(truth(text));
      }),
      { numRuns: 2000 },
    );
  });
});

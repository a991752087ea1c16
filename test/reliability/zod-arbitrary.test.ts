import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, OP_NAMES } from '../../shared/api/contract.ts';
import { holdsId, validArb } from './zod-arbitrary.ts';

/**
 * The adversarial suites derive their inputs from the contract's schemas. A schema whose valid
 * values the generator cannot make (a zod format it does not model) used to spin validArb's
 * filter for ever; every operation's input must yield valid values, and quickly.
 */
const def = (op: string) =>
  (contract as unknown as Record<string, { input: z.ZodType; kind: 'command' | 'query' }>)[op]!;

describe('zod-arbitrary: valid values for every operation of the contract', () => {
  for (const op of OP_NAMES) {
    it(`${op}: 20 values the schema accepts`, () => {
      const { input: schema, kind } = def(op);
      const values = fc.sample(validArb(schema), { numRuns: 20, seed: 20261203 });
      expect(values).toHaveLength(20);
      for (const v of values) expect(schema.safeParse(v).success).toBe(true);
      // bad-input's unknown-id cases: commands holding an id, every optional id present
      if (kind !== 'command' || !holdsId(schema)) return;
      const forced = fc.sample(validArb(schema, { forceIds: true }), { numRuns: 5, seed: 20261203 });
      for (const v of forced) expect(schema.safeParse(v).success).toBe(true);
    });
  }
});

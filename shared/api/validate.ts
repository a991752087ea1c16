import type { z } from 'zod';
import { validationError } from '../errors.ts';
import { contract, type OpName, type OpParsed } from './contract.ts';

/** Parse an operation's input with its schema; a typed VALIDATION error names every bad field. */
export function parseInput<K extends OpName>(op: K, input: unknown): OpParsed<K> {
  const schema = contract[op].input as z.ZodType;
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data as OpParsed<K>;
  throw validationError(
    r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

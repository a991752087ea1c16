import type { z } from 'zod';
import { type FieldCode, type FieldIssue, issue, validationError } from '../errors.ts';
import { contract, type OpName, type OpParsed } from './contract.ts';
import { formatCode } from './schemas.ts';

/** Parse an operation's input with its schema; a typed VALIDATION error names every bad field. */
export function parseInput<K extends OpName>(op: K, input: unknown): OpParsed<K> {
  const schema = contract[op].input as z.ZodType;
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data as OpParsed<K>;
  throw validationError(fieldIssues(r.error.issues));
}

/**
 * zod's issues as the contract's field issues: zod's code and params (what its locales word in
 * the user's language), a format() regex as its own code, an empty required text as 'required',
 * a refinement's params.code as its code, and one issue per unknown key at the key's own path
 * (zod reports them together at the object's path, '' for the input itself).
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((i): FieldIssue[] => {
    const at = i.path.map(String);
    const path = at.join('.');
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) =>
        issue([...at, k].join('.'), 'unrecognized_keys', `unknown key ${k}`, { keys: [k] }),
      );
    }
    if (i.code === 'invalid_format' && i.format === 'regex') {
      const code = formatCode(i.pattern);
      if (code) return [issue(path, code, i.message)];
    }
    if (i.code === 'too_small' && i.origin === 'string' && Number(i.minimum) === 1) {
      return [issue(path, 'required', i.message)];
    }
    if (i.code === 'custom') {
      const { code, ...rest } = (i.params ?? {}) as { code?: FieldCode } & Record<string, unknown>;
      if (code) return [issue(path, code, i.message, rest)];
      return [issue(path, 'custom', i.message)];
    }
    if (i.code === 'invalid_union') return [issue(path, 'invalid_union', i.message)];
    const {
      code,
      path: _path,
      message,
      input: _input,
      ...params
    } = i as z.core.$ZodIssue & {
      input?: unknown;
    };
    return [issue(path, code as FieldCode, message, Object.keys(params).length ? params : undefined)];
  });
}

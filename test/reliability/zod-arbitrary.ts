import fc from 'fast-check';
import type { z } from 'zod';
import { id as idSchema } from '../../shared/api/schemas.ts';

/**
 * fast-check arbitraries derived from the contract's zod schemas (zod 4 introspection), so the
 * adversarial suites cover a new command without anyone writing a generator for it.
 *   validArb(schema)      → values the schema accepts (checked: every value is safeParse'd)
 *   junkArb               → anything a hostile or buggy transport could send
 *   mutate(value, …)      → a valid value with exactly one place broken
 */

// biome-ignore lint/suspicious/noExplicitAny: zod's internal definition objects are untyped here
type Def = any;
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export interface ValidOptions {
  /** every optional field that (transitively) holds an id is present — for unknown-id tests */
  forceIds?: boolean;
}

/** Does the schema (transitively) contain the contract's `id` building block? */
export function holdsId(s: z.ZodType): boolean {
  if (s === (idSchema as unknown as z.ZodType)) return true;
  const d = defOf(s);
  switch (d.type) {
    case 'object':
      return Object.values(d.shape as Record<string, z.ZodType>).some(holdsId);
    case 'optional':
    case 'nullable':
    case 'default':
      return holdsId(d.innerType);
    case 'array':
      return holdsId(d.element);
    case 'union':
      return (d.options as z.ZodType[]).some(holdsId);
    case 'record':
      return holdsId(d.valueType);
    default:
      return false;
  }
}

function checksOf(d: Def): Def[] {
  return ((d.checks ?? []) as { _zod: { def: Def } }[]).map((c) => c._zod.def);
}

/** instants a till would send: 2000–2100, whole milliseconds, in UTC ('Z') */
const isoInstant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function stringArb(d: Def): fc.Arbitrary<string> {
  if (d.format === 'email') return fc.emailAddress();
  // z.iso.datetime() and the other built-in formats carry their regex on the def, not as a
  // 'regex' check: random text never matches, and validArb's filter would reject for ever
  if (d.format === 'datetime') return isoInstant;
  if (d.format && d.pattern instanceof RegExp) return fc.stringMatching(d.pattern as RegExp);
  const checks = checksOf(d);
  const rx = checks.find((c) => c.check === 'string_format' && c.format === 'regex');
  if (rx) return fc.stringMatching(rx.pattern as RegExp);
  const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
  const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 64;
  return fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 40)), unit: 'grapheme' });
}

function numberArb(d: Def): fc.Arbitrary<number> {
  const checks = checksOf(d);
  const isInt = checks.some((c) => c.check === 'number_format' && /int/.test(c.format));
  const lo = checks.find((c) => c.check === 'greater_than');
  const hi = checks.find((c) => c.check === 'less_than');
  const min = lo ? (lo.inclusive ? lo.value : lo.value + 1) : isInt ? Number.MIN_SAFE_INTEGER : -1e9;
  const max = hi ? (hi.inclusive ? hi.value : hi.value - 1) : isInt ? Number.MAX_SAFE_INTEGER : 1e9;
  if (isInt) return fc.oneof(fc.constantFrom(min, max), fc.integer({ min, max }));
  return fc.double({ min, max, noNaN: true });
}

function rawValidArb(s: z.ZodType, o: ValidOptions): fc.Arbitrary<unknown> {
  const d = defOf(s);
  switch (d.type) {
    case 'string':
      return stringArb(d);
    case 'number':
      return numberArb(d);
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'optional':
      return fc.option(rawValidArb(d.innerType, o), { nil: undefined });
    case 'default':
      return rawValidArb(d.innerType, o);
    case 'nullable':
      return o.forceIds && holdsId(d.innerType)
        ? rawValidArb(d.innerType, o)
        : fc.option(rawValidArb(d.innerType, o), { nil: null });
    case 'array': {
      const checks = checksOf(d);
      const min = checks.find((c) => c.check === 'min_length')?.minimum ?? 0;
      const max = checks.find((c) => c.check === 'max_length')?.maximum ?? 4;
      return fc.array(rawValidArb(d.element, o), {
        minLength: min,
        maxLength: Math.min(max, Math.max(min, 3)),
      });
    }
    case 'union':
      return fc.oneof(...(d.options as z.ZodType[]).map((x) => rawValidArb(x, o)));
    case 'record':
      return fc.dictionary(rawValidArb(d.keyType, o) as fc.Arbitrary<string>, rawValidArb(d.valueType, o), {
        maxKeys: 4,
      });
    case 'object': {
      const shape = d.shape as Record<string, z.ZodType>;
      const arbs: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [k, v] of Object.entries(shape)) {
        const vd = defOf(v);
        const omittable = vd.type === 'optional' || vd.type === 'default';
        if (!omittable || (o.forceIds && holdsId(v))) {
          required.push(k);
          arbs[k] = omittable ? rawValidArb(vd.innerType, o) : rawValidArb(v, o);
        } else {
          arbs[k] = rawValidArb(vd.innerType, o);
        }
      }
      return fc.record(arbs, { requiredKeys: required });
    }
    default:
      throw new Error(`zod-arbitrary: no generator for zod type ${d.type}`);
  }
}

/** Consecutive rejections after which validArb gives up: its generator cannot make valid values. */
const MAX_REJECTS = 1000;

/**
 * Values the schema accepts. fast-check's filter retries without bound, so a generator that
 * cannot satisfy the schema (a zod type or format not modelled above) would spin for ever —
 * synchronously, where no test timeout fires (it once held CI past its 90 minutes). After
 * MAX_REJECTS consecutive misses this throws, naming the schema, instead.
 */
export function validArb(s: z.ZodType, o: ValidOptions = {}): fc.Arbitrary<unknown> {
  let misses = 0;
  return rawValidArb(s, o).filter((v) => {
    if (s.safeParse(v).success) {
      misses = 0;
      return true;
    }
    if (++misses >= MAX_REJECTS) {
      misses = 0;
      throw new Error(
        `zod-arbitrary: ${MAX_REJECTS} generated values in a row fail the schema; its generator cannot satisfy it (${JSON.stringify(s.toJSONSchema?.({ unrepresentable: 'any' }) ?? defOf(s).type).slice(0, 300)})`,
      );
    }
    return false;
  });
}

/** The keys a command's input object may carry (all options of a top-level union). */
export function topLevelKeys(s: z.ZodType): string[] {
  const d = defOf(s);
  if (d.type === 'object') return Object.keys(d.shape);
  if (d.type === 'union') return [...new Set((d.options as z.ZodType[]).flatMap(topLevelKeys))];
  return [];
}

const LONG = 100_000;

/** Hostile scalars: the values that break naive number and string handling. */
export const nastyScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    -1,
    0.5,
    1.5,
    -0.01,
    1e308,
    -1e308,
    2 ** 53,
    2 ** 53 + 2,
    -(2 ** 53),
    10_000_000_001,
    Number.MIN_VALUE,
    true,
    false,
    '',
    ' ',
    '\t\n\r',
    '\u0000',
    '\u0000\u0001\u0007\u001b[2J\u007f',
    '\u202e\u200b\ufeff',
    '💸🧾🔥👨‍👩‍👧',
    '\ud800',
    'x'.repeat(LONG),
    '9'.repeat(LONG),
    '1234',
    '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    '01arz3ndektsv4rrffq69g5fav',
    '01ARZ3NDEKTSV4RRFFQ69G5FA',
    '01ARZ3NDEKTSV4RRFFQ69G5FAVX',
    'ILOU0000000000000000000000',
    "'; DROP TABLE journal; --",
    '__proto__',
    'constructor',
    '2026-13-45',
    '1e3',
    '100',
    '-5',
    'NaN',
    'null',
    '{}',
    '[]',
    10n,
    -(2n ** 64n),
    Symbol('s'),
    () => 1,
    new Date(Number.NaN),
    new Date(0),
    /x/,
    new Map([['a', 1]]),
    new Set([1]),
    new Uint8Array([1, 2, 3]),
    Object.create(null),
    [],
    {},
    [[]],
    [{}],
  ),
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0008', '\u001f', '\u2028', '\ud83d', 'é', '𝕏'),
    maxLength: 20,
  }),
);

/** Anything: nested junk of every shape, hostile scalars at the leaves. */
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyScalar },
  {
    weight: 3,
    arbitrary: fc.anything({
      maxDepth: 3,
      maxKeys: 5,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withBoxedValues: true,
      withSparseArray: true,
      withTypedArray: true,
      values: [nastyScalar],
    }),
  },
  { weight: 1, arbitrary: fc.array(nastyScalar, { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.letrec((tie) => ({
      deep: fc.oneof(
        { depthSize: 'small' },
        nastyScalar,
        fc.dictionary(fc.string(), tie('deep'), { maxKeys: 3 }),
      ),
    })).deep,
  },
);

/** An object with the command's own keys, each holding junk or nothing, plus maybe stray keys. */
export function shapedJunkArb(s: z.ZodType): fc.Arbitrary<unknown> {
  const keys = topLevelKeys(s);
  const stray = fc.constantFrom('extra', '__proto__', 'constructor', 'toString', 'role', 'token', 'seq', '');
  return fc
    .tuple(
      fc.record(Object.fromEntries(keys.map((k) => [k, junkArb])), { requiredKeys: [] }),
      fc.dictionary(stray, junkArb, { maxKeys: 2 }),
    )
    .map(([a, b]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(b))
        Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      for (const [k, v] of Object.entries(a)) out[k] = v;
      return out;
    });
}

export type Mutation =
  | { kind: 'replace'; path: string[]; value: unknown }
  | { kind: 'delete'; path: string[] }
  | { kind: 'extra'; path: string[]; key: string; value: unknown };

/** Every path into a JSON-like value (objects and arrays), the root first. */
export function pathsOf(v: unknown, at: string[] = []): string[][] {
  const out: string[][] = [at];
  if (v && typeof v === 'object') {
    for (const [k, c] of Object.entries(v)) out.push(...pathsOf(c, [...at, k]));
  }
  return out;
}

function cloneDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, cloneDeep(c)]));
  return v;
}

/** Apply one mutation to a copy of `v`. */
export function applyMutation(v: unknown, m: Mutation): unknown {
  if (m.kind === 'replace' && m.path.length === 0) return m.value;
  const root = cloneDeep(v);
  const parentPath = m.kind === 'extra' ? m.path : m.path.slice(0, -1);
  let node = root as Record<string, unknown>;
  for (const k of parentPath) node = node[k] as Record<string, unknown>;
  if (m.kind === 'extra') {
    if (node && typeof node === 'object')
      Object.defineProperty(node, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return root;
  }
  const last = m.path[m.path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else {
    node[last] = m.value;
  }
  return root;
}

/** A valid input for the schema with exactly one place broken (it may, rarely, still be valid). */
export function nearValidArb(s: z.ZodType): fc.Arbitrary<{ input: unknown; mutation: Mutation }> {
  return validArb(s).chain((valid) => {
    const paths = pathsOf(valid);
    return fc
      .tuple(
        fc.constantFrom(...paths),
        fc.constantFrom('replace', 'replace', 'replace', 'delete', 'extra'),
        junkArb,
        fc.constantFrom('extra', 'amount', 'Amount', 'saleid', '__proto__', 'x'.repeat(300)),
      )
      .map(([path, kind, value, key]) => {
        const mutation: Mutation =
          kind === 'replace'
            ? { kind, path, value }
            : kind === 'delete' && path.length > 0
              ? { kind, path }
              : { kind: 'extra', path, key, value };
        return { input: applyMutation(valid, mutation), mutation };
      });
  });
}

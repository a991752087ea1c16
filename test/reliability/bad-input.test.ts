import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type CommandName, contract, OP_NAMES } from '../../shared/api/contract.ts';
import { CommandError } from '../../shared/errors.ts';
import { ADMIN_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';
import { imageHash, stateHash } from '../helpers/state-hash.ts';
import { holdsId, junkArb, type Mutation, nearValidArb, shapedJunkArb, validArb } from './zod-arbitrary.ts';

/**
 * Bad input, for every command of the contract: random and malformed inputs get a typed
 * VALIDATION error naming the offending path, and the ledger stays byte-for-byte the same.
 * COMPTOIR_FUZZ_RUNS raises the number of cases per command (default 200).
 */
const RUNS = Math.max(10, Number(process.env.COMPTOIR_FUZZ_RUNS ?? 200) || 200);
/**
 * A fixed seed by default, so a CI run is reproducible (and a failure replays exactly);
 * COMPTOIR_FUZZ_SEED=random (or another number) explores. fast-check prints the seed and
 * the shrunk input of any failure.
 */
const SEED =
  process.env.COMPTOIR_FUZZ_SEED === 'random'
    ? undefined
    : Number(process.env.COMPTOIR_FUZZ_SEED ?? 20261126);
/** schema-valid inputs with unknown ids: fewer (each one runs a handler) */
const ID_RUNS = Math.max(10, Math.round(RUNS / 10));
/** the full state hash is recomputed every HASH_EVERY cases, and after every command's batch */
const HASH_EVERY = 50;

interface AnyDef {
  input: z.ZodType;
  role: string | null;
  kind: 'command' | 'query';
}
const def = (op: string): AnyDef => (contract as unknown as Record<string, AnyDef>)[op]!;
const COMMANDS = OP_NAMES.filter((op) => def(op).kind === 'command') as CommandName[];

let f: Fixture;
let admin: string;
let before: { state: string; image: string };
const totalChanges = () => (f.app.env.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const snapshot = () => ({ state: stateHash(f.app.env.sqlite), image: imageHash(f.app.env.sqlite) });
const tokenFor = (op: CommandName) => (def(op).role === 'admin' ? admin : f.manager);

beforeAll(() => {
  f = makeFixture();
  admin = f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).token;
  const [p0, p1] = f.products;
  // states exist: an open drawer, a completed cash sale, an open ticket with a line, an order
  f.app.call('drawer.open', { float: { '2000': 5, '500': 4, '100': 10 } }, f.manager);
  f.app.call(
    'sale.checkout',
    { lines: [{ productId: p0!.id, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 5000 }] },
    f.manager,
  );
  const open = f.app.call('sale.open', { customerId: f.customerId }, f.manager);
  f.app.call('sale.addLine', { saleId: open.id, productId: p1!.id, quantity: 2000 }, f.manager);
  f.app.call('order.create', { description: 'Location échafaudage', total: 25_000 }, f.manager);
  before = snapshot();
});

afterAll(() => f?.cleanup());

const segs = (p: string) => (p === '' ? [] : p.split('.'));
const isPrefix = (a: string[], b: string[]) => a.length <= b.length && a.every((s, i) => s === b[i]);

function expectValidation(err: unknown, mutation?: Mutation): void {
  if (!(err instanceof CommandError)) {
    throw new Error(`expected a CommandError, got ${err === undefined ? 'success (no error)' : String(err)}`);
  }
  expect(err.code, err.message).toBe('VALIDATION');
  expect(Array.isArray(err.fields) && err.fields.length > 0, 'fields is a non-empty array').toBe(true);
  for (const fi of err.fields!) {
    expect(typeof fi.path).toBe('string');
    expect(typeof fi.message).toBe('string');
  }
  if (mutation) {
    // one place was broken: a reported path leads to it (or lies under it)
    const m = mutation.path;
    const hit = err.fields!.some((fi) => isPrefix(segs(fi.path), m) || isPrefix(m, segs(fi.path)));
    expect(hit, `fields ${JSON.stringify(err.fields)} do not name ${m.join('.') || '(root)'}`).toBe(true);
  }
}

// fc.assert is synchronous: a generator that spins is not stopped by any test timeout (one held
// CI past its 90 minutes: reservation.create's ISO instants were generated as random text, which
// validArb's filter rejected for ever). zod-arbitrary.test.ts now proves every schema's generator.
describe('bad input: every command rejects malformed input with VALIDATION and writes nothing', () => {
  it('covers every command of the contract', () => {
    expect(COMMANDS.length).toBeGreaterThan(10);
    expect(COMMANDS).toContain('sale.checkout');
  });

  for (const op of COMMANDS) {
    it(`${op}: ${RUNS} random and near-valid malformed inputs`, () => {
      const schema = def(op).input;
      const token = tokenFor(op);
      const arb = fc.oneof(
        {
          weight: 2,
          arbitrary: junkArb.map((input) => ({ input, mutation: undefined as Mutation | undefined })),
        },
        { weight: 3, arbitrary: shapedJunkArb(schema).map((input) => ({ input, mutation: undefined })) },
        { weight: 5, arbitrary: nearValidArb(schema) },
      );
      const changes0 = totalChanges();
      let n = 0;
      fc.assert(
        fc.property(arb, ({ input, mutation }) => {
          // parseInput treats a missing input as {}; inputs the schema accepts are not bad input
          fc.pre(!schema.safeParse(input ?? {}).success);
          let err: unknown;
          try {
            f.app.callUntyped(op, input, token);
          } catch (e) {
            err = e;
          }
          expectValidation(err, mutation);
          // nothing written, not even rolled back: the connection made no change at all
          expect(totalChanges()).toBe(changes0);
          if (++n % HASH_EVERY === 0) expect(snapshot()).toEqual(before);
        }),
        { numRuns: RUNS, maxSkipsPerRun: 100, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
      expect(n).toBeGreaterThanOrEqual(RUNS);
      expect(snapshot()).toEqual(before);
      // the manager's session survived (auth.logout on junk would have dropped it)
      expect(f.app.call('auth.session', {}, f.manager)).not.toBeNull();
    });
  }

  for (const op of COMMANDS.filter((o) => holdsId(def(o).input))) {
    it(`${op}: ${ID_RUNS} schema-valid inputs naming unknown ids get a typed error, nothing written`, () => {
      const schema = def(op).input;
      const token = tokenFor(op);
      fc.assert(
        fc.property(validArb(schema, { forceIds: true }), (input) => {
          let err: unknown;
          try {
            f.app.callUntyped(op, input, token);
          } catch (e) {
            err = e;
          }
          if (!(err instanceof CommandError)) {
            throw new Error(`expected a CommandError, got ${err === undefined ? 'success' : String(err)}`);
          }
          expect(['VALIDATION', 'NOT_FOUND'], `${err.code}: ${err.message}`).toContain(err.code);
          expect(snapshot()).toEqual(before);
        }),
        { numRuns: ID_RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }
});

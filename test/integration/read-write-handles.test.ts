import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, type WritableDB } from '../../db/sql.ts';
import { queryHandlers } from '../../electron/app/handlers.ts';
import type { Env, ReadEnv } from '../../electron/services/context.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, openDrawer } from './support.ts';

/**
 * Queries read, commands write (Signal-Desktop's ReadableDB / WritableDB). By type: a query gets
 * a ReadEnv whose handle the write helpers refuse (the @ts-expect-error lines below are tsc
 * errors without the brands). At run time: the dispatcher runs each query under PRAGMA
 * query_only, so a query that writes through the raw connection is refused by SQLite and
 * changes nothing — here a query handler replaced by one that tries.
 */
let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

type AnyQuery = (env: ReadEnv, input: unknown, caller: unknown) => unknown;
const handlers = queryHandlers as unknown as Record<string, AnyQuery>;

function withQuery(op: string, h: AnyQuery, fn: () => void): void {
  const original = handlers[op]!;
  handlers[op] = h;
  try {
    fn();
  } finally {
    handlers[op] = original;
  }
}

describe('read and write handles', () => {
  it('a query that writes is refused by SQLite (SQLITE_READONLY) and the ledger is unchanged', () => {
    const before = stateHash(f.app.env.sqlite);
    withQuery(
      'store.info',
      (env) =>
        env.sqlite.prepare("INSERT INTO categories (id, name) VALUES ('x', 'written by a query')").run(),
      () => {
        expect(() => f.app.call('store.info', {}, f.clerk)).toThrow(
          expect.objectContaining({ code: 'SQLITE_READONLY' }),
        );
      },
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    expect(count(f, "SELECT count(*) AS n FROM categories WHERE id = 'x'")).toBe(0);
  });

  it('a query that throws leaves the connection writable for the next command', () => {
    withQuery(
      'store.info',
      () => {
        throw new Error('a query failed');
      },
      () => {
        expect(() => f.app.call('store.info', {}, f.clerk)).toThrow('a query failed');
      },
    );
    const journal = count(f, 'SELECT count(*) AS n FROM journal');
    openDrawer(f);
    expect(count(f, 'SELECT count(*) AS n FROM journal')).toBe(journal + 1);
    expect(f.app.call('drawer.current', {}, f.clerk)).not.toBeNull();
  });

  it('by type: the write helpers refuse the read handle, and the two handles are not interchangeable', () => {
    const readEnv = f.app.env as unknown as ReadEnv;
    const typeChecks = () => {
      // @ts-expect-error a query's handle is not the writer connection
      run(readEnv.sqlite, 'DELETE FROM categories');
      // @ts-expect-error nor can it be passed where one is wanted
      const w: WritableDB = readEnv.sqlite;
      // @ts-expect-error a query handler declared over the writable Env does not fit a query's slot
      const q: (env: ReadEnv) => unknown = (env: Env) => env;
      return [w, q];
    };
    expect(typeof typeChecks).toBe('function'); // compiled, never run: tsc is the check
  });
});

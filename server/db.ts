import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

/** The one database type the server code sees, whichever driver sits under it. */
export type HqDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface HqDatabase {
  db: HqDb;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** postgres://… : a real PostgreSQL; otherwise the embedded PGlite */
  databaseUrl?: string | undefined;
  /** PGlite's data folder; omitted: in memory (tests) */
  dataDir?: string | undefined;
  /** connections of the pool on a real PostgreSQL */
  poolSize?: number | undefined;
  /** every SQL statement the server sends (tests: each query must name one store) */
  onQuery?: ((sql: string) => void) | undefined;
}

function queryLogger(opts: OpenOptions) {
  const on = opts.onQuery;
  return on ? { logQuery: (q: string) => on(q) } : false;
}

/** Open head office's database and apply the migrations (idempotent: drizzle records what ran). */
export async function openDatabase(opts: OpenOptions): Promise<HqDatabase> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // a dropped connection in the pool must not crash the process: the next query reconnects
    pool.on('error', () => {});
    const db = drizzleNodePg(pool, { schema, logger: queryLogger(opts) });
    // two instances starting at once: one applies the migrations, the other waits on the lock
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock(728310012)');
      await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query('SELECT pg_advisory_unlock(728310012)').catch(() => {});
      client.release();
    }
    return { db: db as unknown as HqDb, kind: 'postgres', close: () => pool.end() };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir ? new PGlite(opts.dataDir) : new PGlite();
  const db = drizzlePglite(client, { schema, logger: queryLogger(opts) });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as HqDb, kind: 'pglite', close: () => client.close() };
}

/** Rows of a raw SQL query (both drivers answer `{ rows }`). */
export async function query<T>(db: HqDb, q: SQL): Promise<T[]> {
  const r = (await db.execute(q)) as unknown as { rows: T[] };
  return r.rows;
}

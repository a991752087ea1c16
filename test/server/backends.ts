import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The two databases every server test runs on: the embedded PGlite (in memory) and the real
 * PostgreSQL of the machine (127.0.0.1:5432, database `test`), where each test file gets a fresh
 * database of its own (created from `test`'s server, dropped at the end) so runs never collide.
 * COMPTOIR_PG_URL points elsewhere; COMPTOIR_PG=off runs PGlite only (a machine without PostgreSQL).
 */
export const PG_ADMIN_URL = process.env.COMPTOIR_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** options for startServer / openDatabase */
  options(): Promise<{ databaseUrl?: string }>;
  /** drop what options() created */
  cleanup(): Promise<void>;
}

export function freshPostgres(): Backend {
  const made: string[] = [];
  return {
    name: 'postgres',
    async options() {
      const name = `hq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      made.push(name);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString() };
    },
    async cleanup() {
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        for (const name of made.splice(0)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

export function pglite(): Backend {
  return { name: 'pglite', options: async () => ({}), cleanup: async () => {} };
}

export const BACKENDS: Backend[] =
  process.env.COMPTOIR_PG === 'off' ? [pglite()] : [pglite(), freshPostgres()];

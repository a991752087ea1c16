import { sql } from 'drizzle-orm';
import { type HqDb, query } from '../../server/db.ts';

const TABLES = [
  'entries',
  'sales',
  'payments',
  'refunds',
  'drawer_sessions',
  'z_reports',
  'closings',
  'devices',
  'enrol_codes',
  'alerts',
  'audit_log',
  'hq_users',
  'hq_sessions',
];

/** Everything head office holds (rows of every table, in a stable order): compared before and after a refusal. */
export async function snapshot(
  db: HqDb,
  opts: { without?: string[] } = {},
): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of TABLES) {
    if (opts.without?.includes(t)) continue;
    out[t] = await query(db, sql.raw(`SELECT * FROM ${t} ORDER BY 1, 2, 3`));
  }
  return out;
}

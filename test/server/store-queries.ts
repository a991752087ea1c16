/** small tables every node reads: Citus reference tables (docs/head-office.md) */
export const REFERENCE = new Set(['stores', 'hq_users', 'hq_sessions']);

/** What is wrong with one statement, or null: distributed tables must be filtered or inserted by store_id. */
export function storeProblem(statement: string): string | null {
  const s = statement.replace(/\s+/g, ' ').toLowerCase();
  const named = [...s.matchAll(/(?:from|into|update|join) "([a-z_]+)"/g)].map((m) => m[1]!);
  const distributed = named.filter((n) => !REFERENCE.has(n) && !n.startsWith('__drizzle'));
  if (distributed.length === 0) return null;
  if (distributed.length > 1) return `touches ${distributed.join(', ')} in one statement`;
  const t = distributed[0]!;
  if (s.startsWith('insert')) {
    const cols = new RegExp(`^insert into "${t}" \\(([^)]*)\\)`).exec(s)?.[1] ?? '';
    return cols.split(',').some((c) => c.trim() === '"store_id"')
      ? null
      : `inserts into ${t} without store_id`;
  }
  const where = s.slice(s.indexOf(' where ') + 1);
  if (!s.includes(' where ')) return `reads or writes ${t} without a where clause`;
  if (/ or /.test(where)) return `OR in the where clause of ${t}`;
  return new RegExp(`(?:"${t}"\\.)?"store_id" = (?:\\$\\d+|'[^']*')`).test(where)
    ? null
    : `reads or writes ${t} without store_id = <one store>`;
}

import { getTableColumns, type Table } from 'drizzle-orm';

/**
 * The select list of `table` for raw SQL whose rows are the table's `$inferSelect` shape:
 * `s.receipt_number AS receiptNumber, …` — the schema's own property names, so a hand-written
 * query (a hot path keeps its prepared statements) is typed by db/schema.ts instead of by an
 * interface written beside it. `only` picks columns (default: all). Booleans and JSON columns
 * come back as SQLite stores them (0/1, text): use it for tables whose columns are text and integers.
 */
export function selectColumns<T extends Table>(
  table: T,
  alias: string,
  only?: readonly (keyof T['$inferSelect'] & string)[],
): string {
  const cols = getTableColumns(table) as Record<string, { name: string }>;
  const keys = only ?? Object.keys(cols);
  return keys
    .map((k) => {
      const c = cols[k];
      if (!c) throw new Error(`no column ${k}`);
      return c.name === k ? `${alias}.${c.name}` : `${alias}.${c.name} AS ${k}`;
    })
    .join(', ');
}

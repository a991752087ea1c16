import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/**
 * Many rows into one table in ONE statement with ONE parameter: the rows as a JSON array,
 * expanded by PostgreSQL's json_populate_recordset into the table's own row type.
 *
 * Why not `tx.insert(t).values(rows)`: a push stores up to 500 entries and their projections,
 * and drizzle builds such an INSERT parameter by parameter (11 per entry row): measured on a
 * 10k-entry push, its query builder alone took more time than the database (`is`, `sql.js`,
 * `prepareTyping` on top of the CPU profile), and the driver then binds thousands of
 * parameters. One JSON text costs one JSON.stringify here and one parse in PostgreSQL (PGlite
 * and the real one alike), and the statement text is the same for every batch.
 *
 * Keys are the drizzle column keys (`storeId`), as in `$inferInsert`. A column no row sets is
 * left out of the INSERT (its default applies); a column some rows set and others leave out is
 * NULL in those (json_populate_recordset applies no defaults). Column types are the table's: JSON numbers into bigint/integer, ISO strings
 * into timestamptz.
 */
export function insertRowsSql<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): SQL {
  // the columns some row sets; the others keep their defaults
  const cols = (Object.entries(getTableColumns(table)) as [string, { name: string }][]).filter(([key]) =>
    rows.some((r) => (r as Record<string, unknown>)[key] !== undefined),
  );
  const { name, schema } = getTableConfig(table);
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const [key, col] of cols) {
        const v = (r as Record<string, unknown>)[key];
        if (v !== undefined) o[col.name] = v;
      }
      return o;
    }),
  );
  const target = schema ? sql`${sql.identifier(schema)}.${sql.identifier(name)}` : sql.identifier(name);
  const list = sql.join(
    cols.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  );
  // lower case, as drizzle writes its statements (test/server/store-keyed.test.ts reads them)
  return sql`insert into ${target} (${list}) select ${list} from json_populate_recordset(null::${target}, ${json}::json)`;
}

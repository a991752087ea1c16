import Papa from 'papaparse';

/**
 * The catalogue's CSV file, both ways. Column names are fixed identifiers (the same file imports
 * in any UI language); cells follow the spreadsheet conventions of the language that exported it
 * — French and Bulgarian `;` with a decimal comma, English `,` with a point — and an import reads
 * either (papaparse guesses the delimiter; an amount may use `.` or `,`).
 */

export const CSV_COLUMNS = [
  'sku',
  'barcode',
  'name',
  'manufacturer',
  'model',
  'description',
  'category',
  'price',
  'tax_category',
  'rate_4h',
  'rate_day',
  'rate_weekend',
  'rate_week',
  'rate_month',
  'deposit',
  'on_website',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const AMOUNT_COLUMNS = [
  'price',
  'rate_4h',
  'rate_day',
  'rate_weekend',
  'rate_week',
  'rate_month',
  'deposit',
] as const satisfies readonly CsvColumn[];

/** a category path in one cell: "Outillage > Perceuses" */
export const CATEGORY_SEPARATOR = ' > ';

export interface CsvTable {
  columns: string[];
  /** each row's cells by column, with its 1-based line in the file (the header is line 1) */
  rows: { line: number; cells: Record<string, string> }[];
  /** a file-level problem (no header, unknown or repeated column): nothing of it can be imported */
  problems: { column: string; message: string }[];
}

export function parseCsv(text: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const r = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', delimitersToGuess: [';', ',', '\t'] });
  const [header = [], ...data] = r.data;
  const columns = header.map((h) => h.trim().toLowerCase());
  const problems: CsvTable['problems'] = [];
  const known = new Set<string>(CSV_COLUMNS);
  const seen = new Set<string>();
  for (const c of columns) {
    if (!known.has(c)) problems.push({ column: c, message: `unknown column (${CSV_COLUMNS.join(', ')})` });
    else if (seen.has(c)) problems.push({ column: c, message: 'column twice' });
    seen.add(c);
  }
  if (!seen.has('name')) problems.push({ column: 'name', message: 'the name column is missing' });
  if (!seen.has('price')) problems.push({ column: 'price', message: 'the price column is missing' });
  // papaparse's line numbers are lost with skipEmptyLines: count them from the row's position
  // in the data, which is the file's line minus the header when no row spans several lines
  const rows = data.map((cells, i) => ({
    line: i + 2,
    cells: Object.fromEntries(columns.map((c, j) => [c, (cells[j] ?? '').trim()])),
  }));
  for (const e of r.errors) {
    if (e.row !== undefined && e.code !== 'UndetectableDelimiter') {
      const row = rows[e.row - 1];
      if (row) row.cells.__error = e.message;
    }
  }
  return { columns, rows, problems };
}

export type AmountResult = { ok: true; value: number } | { ok: false; code: 'amount' | 'negative' };

/** "19,99", "19.99", "1 234,50", "20" → minor units (2 decimals); '' is not an amount. */
export function parseAmount(cell: string): AmountResult {
  const s = cell.replace(/[\s\u00a0\u202f]/g, '');
  const m = /^(-?)(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, code: 'amount' };
  if (m[1] === '-') return { ok: false, code: 'negative' };
  return { ok: true, value: Number(m[2]) * 100 + Number((m[3] ?? '0').padEnd(2, '0')) };
}

const YES = new Set(['1', 'yes', 'y', 'true', 'oui', 'o', 'да', 'x']);
const NO = new Set(['0', 'no', 'n', 'false', 'non', 'не', '']);

export function parseFlag(cell: string): boolean | null {
  const s = cell.toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return null;
}

export interface CsvConventions {
  delimiter: ';' | ',';
  decimal: ',' | '.';
}

export function csvConventionsFor(lang: string): CsvConventions {
  return lang.startsWith('en') ? { delimiter: ',', decimal: '.' } : { delimiter: ';', decimal: ',' };
}

export function formatAmount(minor: number | null, c: CsvConventions): string {
  if (minor === null) return '';
  const s = `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
  return c.decimal === ',' ? s.replace('.', ',') : s;
}

/** Rows of cells by column → the CSV text (UTF-8 byte-order mark, CRLF, quoted where needed). */
export function toCatalogueCsv(rows: Record<CsvColumn, string>[], c: CsvConventions): string {
  return `\ufeff${Papa.unparse(
    { fields: [...CSV_COLUMNS], data: rows.map((r) => CSV_COLUMNS.map((k) => r[k])) },
    { delimiter: c.delimiter, newline: '\r\n' },
  )}`;
}

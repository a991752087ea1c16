import { addDays, addMonths, addWeeks, format, parseISO, startOfISOWeek, startOfMonth } from 'date-fns';
import Papa from 'papaparse';
import type { SalesReportRow } from '../../shared/api/types.ts';
import { minorToDecimal } from './format.ts';

/**
 * The manager's statistics: sales over a window of days, weeks or months, each bucket beside the
 * same bucket of the window before (the previous period), and the same two windows by clerk,
 * category and tender. The ledger answers per business day (report.sales groupBy day); weeks
 * (ISO, Monday first) and months are sums of days, so every chart adds up to the same totals.
 */
export type Grain = 'day' | 'week' | 'month';
export const GRAINS: readonly Grain[] = ['day', 'week', 'month'];
/** buckets shown per grain: a month of days, a quarter of weeks, a year of months */
export const BUCKETS: Record<Grain, number> = { day: 30, week: 13, month: 12 };

export interface Window {
  from: string;
  to: string;
  /** first day of each bucket, oldest first */
  starts: string[];
}

const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const step = (g: Grain, d: Date, n: number) =>
  g === 'day' ? addDays(d, n) : g === 'week' ? addWeeks(d, n) : addMonths(d, n);
const bucketStart = (g: Grain, d: Date) =>
  g === 'day' ? d : g === 'week' ? startOfISOWeek(d) : startOfMonth(d);

/** The window ending with the bucket that holds business day `today`, and the one before it. */
export function windows(grain: Grain, today: string): { current: Window; previous: Window } {
  const n = BUCKETS[grain];
  const last = bucketStart(grain, parseISO(today));
  const make = (lastStart: Date): Window => {
    const starts = Array.from({ length: n }, (_, i) => iso(step(grain, lastStart, i - n + 1)));
    return { from: starts[0]!, to: iso(addDays(step(grain, lastStart, 1), -1)), starts };
  };
  const current = make(last);
  const previous = make(step(grain, last, -n));
  // the current window stops today: the rest of this week or month has not happened yet
  return { current: { ...current, to: today < current.to ? today : current.to }, previous };
}

/** Which bucket (its first day) a business day falls in. */
export function bucketOf(grain: Grain, day: string): string {
  return iso(bucketStart(grain, parseISO(day)));
}

export interface Point {
  count: number;
  amount: number;
  tax: number;
}
const zero = (): Point => ({ count: 0, amount: 0, tax: 0 });

/** Day rows (key = business date) summed into the window's buckets, oldest first. */
export function bucketise(grain: Grain, w: Window, days: readonly SalesReportRow[]): Point[] {
  const at = new Map(w.starts.map((s, i) => [s, i]));
  const out = w.starts.map(zero);
  for (const r of days) {
    const i = at.get(bucketOf(grain, r.key));
    if (i === undefined) continue;
    const p = out[i]!;
    p.count += r.count;
    p.amount += r.amount;
    p.tax += r.tax;
  }
  return out;
}

/** One row of a chart and of its CSV: the current period's figure beside the previous one's. */
export interface CompareRow {
  /** stable key: bucket start, clerk name, category, tender method */
  key: string;
  label: string;
  current: Point;
  previous: Point;
  /** for time buckets: the first day of the bucket it is compared with */
  previousKey?: string;
}

export function compareBuckets(
  grain: Grain,
  w: { current: Window; previous: Window },
  cur: readonly SalesReportRow[],
  prev: readonly SalesReportRow[],
  label: (start: string) => string,
): CompareRow[] {
  const a = bucketise(grain, w.current, cur);
  const b = bucketise(grain, w.previous, prev);
  return w.current.starts.map((s, i) => ({
    key: s,
    label: label(s),
    current: a[i]!,
    previous: b[i]!,
    previousKey: w.previous.starts[i]!,
  }));
}

/** Rows keyed by clerk, category or tender: every key of either period, biggest current first. */
export function compareKeys(
  cur: readonly SalesReportRow[],
  prev: readonly SalesReportRow[],
  label: (key: string) => string,
): CompareRow[] {
  const by = new Map<string, CompareRow>();
  const get = (k: string) => {
    let r = by.get(k);
    if (!r) {
      r = { key: k, label: label(k), current: zero(), previous: zero() };
      by.set(k, r);
    }
    return r;
  };
  for (const r of cur) Object.assign(get(r.key).current, { count: r.count, amount: r.amount, tax: r.tax });
  for (const r of prev) Object.assign(get(r.key).previous, { count: r.count, amount: r.amount, tax: r.tax });
  return [...by.values()].sort((x, y) => y.current.amount - x.current.amount || x.key.localeCompare(y.key));
}

/**
 * CSV in the conventions of the spreadsheet the store opens it with. French and Bulgarian
 * Excel (France, Québec, Bulgaria) read `;` as the separator and a decimal comma; English
 * uses `,` and a decimal point. Amounts are plain decimals in the currency's units (no symbol,
 * no thousands separator: 1234,56), dates ISO (2026-11-30, which every spreadsheet reads as a
 * date), UTF-8 with a byte-order mark so accents and Cyrillic open right in Excel.
 */
export interface CsvConventions {
  delimiter: ';' | ',';
  decimal: ',' | '.';
}

export function csvConventions(locale: string): CsvConventions {
  return locale.startsWith('en') ? { delimiter: ',', decimal: '.' } : { delimiter: ';', decimal: ',' };
}

export function csvAmount(minor: number, c: CsvConventions): string {
  const s = minorToDecimal(minor);
  return c.decimal === ',' ? s.replace('.', ',') : s;
}

export const BOM = '\ufeff';

/** A table (header + rows of cells) → the CSV text, quoted where needed by papaparse. */
export function toCsv(header: string[], rows: (string | number)[][], c: CsvConventions): string {
  return BOM + Papa.unparse({ fields: header, data: rows }, { delimiter: c.delimiter, newline: '\r\n' });
}

export interface CsvHeadings {
  key: string;
  count: string;
  amount: string;
  tax: string;
  previousKey: string;
  previousCount: string;
  previousAmount: string;
  previousTax: string;
}

/** A comparison report as CSV: one line per bucket or key, current then previous figures. */
export function compareCsv(
  rows: readonly CompareRow[],
  h: CsvHeadings,
  c: CsvConventions,
  withKeys: boolean,
): string {
  const header = [
    h.key,
    h.count,
    h.amount,
    h.tax,
    ...(withKeys ? [h.previousKey] : []),
    h.previousCount,
    h.previousAmount,
    h.previousTax,
  ];
  const data = rows.map((r) => [
    withKeys ? r.key : r.label,
    r.current.count,
    csvAmount(r.current.amount, c),
    csvAmount(r.current.tax, c),
    ...(withKeys ? [r.previousKey ?? ''] : []),
    r.previous.count,
    csvAmount(r.previous.amount, c),
    csvAmount(r.previous.tax, c),
  ]);
  return toCsv(header, data, c);
}

/** Offer `text` as a file download (a blob URL: nothing leaves the till). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Dates typed the way the store's locale writes them (30/11/2026 in France, 30.11.2026 in
 * Bulgaria, 2026-11-30 in Québec). The browser's own <input type="date"> follows the operating
 * system's language, not the till's: a French till on an English Windows showed mm/dd/yyyy.
 */
export type Part = 'day' | 'month' | 'year';
export interface DatePattern {
  order: Part[];
  separator: string;
  /** a literal after the year (Bulgarian "г.") */
  suffix: string;
}

const cache = new Map<string, DatePattern>();

export function datePattern(locale: string, granularity: 'day' | 'month' = 'day'): DatePattern {
  const key = `${locale}|${granularity}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parts = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    ...(granularity === 'day' ? { day: '2-digit' } : {}),
  }).formatToParts(new Date(2026, 10, 30));
  const order = parts
    .filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year')
    .map((p) => p.type as Part);
  const lits = parts.filter((p) => p.type === 'literal');
  const separator = (order.length > 1 ? lits[0]?.value : '-')?.trim() || '-';
  const last = parts.at(-1);
  const suffix = last?.type === 'literal' ? last.value.trim() : '';
  const p = { order, separator, suffix };
  cache.set(key, p);
  return p;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** ISO ("2026-11-30" or "2026-11") → the locale's writing ("30/11/2026"). */
export function formatIsoDate(iso: string, locale: string, granularity: 'day' | 'month' = 'day'): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(iso);
  if (!m) return '';
  const v: Record<Part, string> = { year: m[1]!, month: m[2]!, day: m[3] ?? '' };
  const p = datePattern(locale, granularity);
  const body = p.order.map((k) => v[k]).join(p.separator);
  return p.suffix ? `${body} ${p.suffix}` : body;
}

/**
 * What the manager typed → ISO, or null when it is not a date of the calendar. Any non-digit
 * separates the parts (so 30.11.2026, 30/11/2026 and 30 11 2026 all read), in the locale's order.
 */
export function parseLocalDate(
  text: string,
  locale: string,
  granularity: 'day' | 'month' = 'day',
): string | null {
  const p = datePattern(locale, granularity);
  const digits = text.match(/\d+/g);
  if (!digits || digits.length !== p.order.length) return null;
  const v: Partial<Record<Part, number>> = {};
  for (const [i, k] of p.order.entries()) {
    const d = digits[i]!;
    if ((k === 'year' && d.length !== 4) || (k !== 'year' && d.length > 2)) return null;
    v[k] = Number(d);
  }
  const { year, month } = v as { year: number; month: number };
  if (month < 1 || month > 12) return null;
  if (granularity === 'month') return `${pad(year, 4)}-${pad(month, 2)}`;
  const day = v.day!;
  // the calendar decides: 31/04 and 29/02/2027 are refused
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The pattern spelled for a placeholder with the language's letters ("jj/mm/aaaa"). */
export function patternHint(
  locale: string,
  letters: Record<Part, string>,
  granularity: 'day' | 'month' = 'day',
): string {
  const p = datePattern(locale, granularity);
  const w: Record<Part, number> = { day: 2, month: 2, year: 4 };
  const body = p.order.map((k) => letters[k].repeat(w[k])).join(p.separator);
  return p.suffix ? `${body} ${p.suffix}` : body;
}

import type { Currency } from '../../shared/money.ts';

/** UI language → the Intl locale used for money and dates. */
export type Lang = 'fr' | 'en' | 'bg';
export const LANGS: readonly Lang[] = ['fr', 'en', 'bg'];

export function intlLocale(lang: string, storeLocale: string | undefined): string {
  if (lang === 'bg') return 'bg-BG';
  if (lang === 'en') return storeLocale === 'fr-FR' || storeLocale === 'bg-BG' ? 'en-GB' : 'en-CA';
  if (storeLocale === 'fr-FR') return 'fr-FR';
  return 'fr-CA';
}

/** Minor units → exact decimal string ("-12.05"); Intl formats strings exactly (no float). */
export function minorToDecimal(minor: number): string {
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const units = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${units}.${cents}`;
}

const cache = new Map<string, Intl.NumberFormat>();
const qtyCache = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: Currency, locale: string): string {
  const key = `${locale}|${currency}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    cache.set(key, f);
  }
  // Intl.NumberFormat accepts exact decimal strings (ES2023)
  return f.format(minorToDecimal(minor) as unknown as number);
}

/**
 * An amount to prefill an input with, written as the clerk would type it: "69,98" in French and
 * Bulgarian, "69.98" in English; no currency sign, no thousands separator (parseMoney reads it back).
 */
export function decimalInput(minor: number, locale: string): string {
  const s = minorToDecimal(minor);
  return locale.startsWith('en') ? s : s.replace('.', ',');
}

/** Quantities are thousandths. */
export function formatQty(milli: number, locale: string): string {
  const units = Math.trunc(milli / 1000);
  const frac = Math.abs(milli % 1000);
  const s = frac ? `${units}.${String(frac).padStart(3, '0').replace(/0+$/, '')}` : String(units);
  // one formatter per locale: building an Intl.NumberFormat costs more than formatting with it,
  // and the counter formats every cart line on each render
  let f = qtyCache.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 });
    qtyCache.set(locale, f);
  }
  return f.format(s as unknown as number);
}

/**
 * What the clerk typed → minor units, or null. Accepts "12", "12.5", "12,50", "1 234,56".
 * Integer arithmetic only.
 */
export function parseMoney(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f$€]/g, '').replace(',', '.');
  const m = /^(\d{1,8})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const units = Number(m[1]);
  const cents = Number((m[2] ?? '').padEnd(2, '0'));
  return units * 100 + cents;
}

/** "2" → 2000 thousandths; "1,5" → 1500. */
export function parseQty(text: string): number | null {
  const s = text.trim().replace(',', '.');
  const m = /^(\d{1,6})(?:\.(\d{0,3}))?$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return v > 0 ? v : null;
}

/** Hours and minutes only (e.g. the end of a PIN lockout). */
export function formatTime(iso: string, locale: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

export function formatDateTime(iso: string | null, locale: string, timeZone?: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(new Date(iso));
}

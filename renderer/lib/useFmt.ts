import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../shared/money.ts';
import { useSession } from '../stores/session.ts';
import { formatDateTime, formatMoney, formatQty, formatTime, intlLocale } from './format.ts';

/** Money, quantities and dates formatted for the UI language and the store. */
export function useFmt() {
  const { i18n } = useTranslation();
  const store = useSession((s) => s.store);
  const locale = intlLocale(i18n.language, store?.locale);
  const currency: Currency = store?.currency ?? 'CAD';
  const timeZone = store?.timeZone;
  // the same object while language and store stay: screens memoise on it (the counter's cart
  // is not re-rendered on every keypress in the search box)
  return useMemo(
    () => ({
      locale,
      currency,
      money: (minor: number, cur: Currency = currency) => formatMoney(minor, cur, locale),
      qty: (milli: number) => formatQty(milli, locale),
      dateTime: (iso: string | null) => formatDateTime(iso, locale, timeZone),
      time: (iso: string) => formatTime(iso, locale, timeZone),
    }),
    [locale, currency, timeZone],
  );
}

import type { Currency } from './money.ts';
import type { JurisdictionId } from './tax.ts';

/** A store's settings as the till holds them (synced down from head office later). */
export interface StoreSettings {
  storeId: string;
  name: string;
  address: string;
  taxNumbers: string[];
  tillName: string;
  jurisdiction: JurisdictionId;
  currency: Currency;
  locale: (typeof STORE_LOCALES)[number];
  timeZone: string; // IANA, e.g. America/Toronto
  /** the business day starts at this local hour (a bar closing at 2 a.m. books it on the previous day) */
  closingHour: number;
  /** cash rounding step in minor units (5 for CAD, 1 = off) */
  cashRoundingStep: number;
  /** refunds above this amount (minor units) need a manager's PIN */
  refundApprovalThreshold: number;
}

/**
 * What a jurisdiction implies for a new store: its currency, cash rounding (Canada withdrew
 * the cent in 2013; France and Bulgaria round nothing), language and time zone. Bulgaria
 * has paid in euros since 1 January 2026.
 */
export const JURISDICTION_DEFAULTS: Record<
  JurisdictionId,
  Pick<StoreSettings, 'currency' | 'cashRoundingStep' | 'locale' | 'timeZone'>
> = {
  'CA-QC': { currency: 'CAD', cashRoundingStep: 5, locale: 'fr-CA', timeZone: 'America/Toronto' },
  FR: { currency: 'EUR', cashRoundingStep: 1, locale: 'fr-FR', timeZone: 'Europe/Paris' },
  BG: { currency: 'EUR', cashRoundingStep: 1, locale: 'bg-BG', timeZone: 'Europe/Sofia' },
};

export const STORE_LOCALES = ['fr-CA', 'fr-FR', 'en-CA', 'bg-BG'] as const;

/** store id of a till nobody has set up yet; setup mints a local one (sync may replace it later) */
export const UNSET_STORE_ID = 'store-unset';

/**
 * What a brand-new ledger holds until the setup screen is filled in: the demo's money and
 * time settings (replaced by the jurisdiction's at setup) but no identity. Before, a new
 * ledger took the demo store, so store.info named 'Location Outils Laurentides' and its GST/QST
 * numbers on a till that was not set up.
 */
export function unsetStore(): StoreSettings {
  return { ...DEFAULT_STORE, storeId: UNSET_STORE_ID, name: '', address: '', taxNumbers: [], tillName: '' };
}

export const DEFAULT_STORE: StoreSettings = {
  storeId: 'store-demo',
  name: 'Location Outils Laurentides',
  address: '1200 boul. du Curé-Labelle, Saint-Jérôme QC J7Z 2Z4',
  taxNumbers: ['TPS/GST 123456789 RT0001', 'TVQ/QST 1234567890 TQ0001'],
  tillName: 'Caisse 1',
  jurisdiction: 'CA-QC',
  currency: 'CAD',
  locale: 'fr-CA',
  timeZone: 'America/Toronto',
  closingHour: 4,
  cashRoundingStep: 5,
  refundApprovalThreshold: 10_000,
};

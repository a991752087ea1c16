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
  locale: 'fr-CA' | 'fr-FR' | 'en-CA' | 'bg-BG';
  timeZone: string; // IANA, e.g. America/Toronto
  /** the business day starts at this local hour (a bar closing at 2 a.m. books it on the previous day) */
  closingHour: number;
  /** cash rounding step in minor units (5 for CAD, 1 = off) */
  cashRoundingStep: number;
  /** refunds above this amount (minor units) need a manager's PIN */
  refundApprovalThreshold: number;
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

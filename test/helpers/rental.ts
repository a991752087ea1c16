import { run } from '../../db/sql.ts';
import { ulidFactory } from '../../electron/services/ids.ts';
import type { Fixture } from './fixture.ts';

/** Rentable items with their units, written straight into a fixture's ledger (as the catalogue would). */
export interface RentalItem {
  id: string;
  units: { id: string; assetId: string }[];
}

const ulid = ulidFactory();

export function addRentalItem(
  f: Fixture,
  opts: {
    name: string;
    sku: string;
    units: string[];
    rates?: { fourHours?: number; day?: number; weekend?: number; week?: number; month?: number };
    deposit?: number;
    taxCategory?: string;
  },
): RentalItem {
  const s = f.app.env.sqlite;
  const at = f.clock.now.toISOString();
  const r = opts.rates ?? { fourHours: 2500, day: 4000, weekend: 6000, week: 16_000, month: 45_000 };
  const id = ulid();
  run(
    s,
    `INSERT INTO products (id, sku, name, price, tax_category, rental_4h, rental_day, rental_weekend, rental_week,
      rental_month, deposit, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    id,
    opts.sku,
    opts.name,
    0,
    opts.taxCategory ?? 'standard',
    r.fourHours ?? null,
    r.day ?? null,
    r.weekend ?? null,
    r.week ?? null,
    r.month ?? null,
    opts.deposit ?? null,
    at,
  );
  const units = opts.units.map((assetId) => {
    const uid = ulid();
    run(
      s,
      `INSERT INTO units (id, product_id, asset_id, serial, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'available', ?, ?)`,
      uid,
      id,
      assetId,
      `SN-${assetId}`,
      at,
      at,
    );
    return { id: uid, assetId };
  });
  return { id, units };
}

/** A wall-clock time in Toronto in winter (EST, −05:00), as the counter sends it. */
export const est = (t: string) => `${t}:00-05:00`;

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReservationSummary } from '../../shared/api/types.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { addRentalItem, est, type RentalItem } from '../helpers/rental.ts';
import { expectError } from './support.ts';

let f: Fixture;
let mixer: RentalItem;
beforeEach(() => {
  f = makeFixture(); // Thursday 26 Nov 2026, 10:00 in Toronto
  mixer = addRentalItem(f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01'] });
});
afterEach(() => f.cleanup());

/** quotes hold nothing: as many as we like on the one unit; several share a pickup time */
function quote(day: number, hour: number, customerId = f.customerId) {
  const d = String(day).padStart(2, '0');
  return f.app.call(
    'reservation.create',
    {
      customerId,
      pickupAt: est(`2026-12-${d}T${String(hour).padStart(2, '0')}:00`),
      returnAt: est(`2026-12-${d}T18:00`),
      lines: [{ productId: mixer.id, quantity: 1 }],
    },
    f.clerk,
  );
}

function walk(input: Record<string, unknown>, limit: number): ReservationSummary[] {
  const seen: ReservationSummary[] = [];
  for (;;) {
    const after = seen.at(-1)?.id;
    const page = f.app.call('reservation.list', { ...input, limit, ...(after ? { after } : {}) }, f.clerk);
    seen.push(...page);
    if (page.length < limit) return seen;
  }
}

describe('reservation.list pages and filters', () => {
  it('pages of 7 by cursor give every reservation once, in the list order, even with twin pickups', () => {
    for (let i = 0; i < 40; i++) quote(1 + (i % 10), 8 + (i % 3)); // 30 distinct pickups, 40 rows
    const all = f.app.call('reservation.list', { limit: 2000 }, f.clerk);
    expect(all).toHaveLength(40);
    const paged = walk({}, 7);
    expect(paged.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('a reservation booked while the clerk pages is neither repeated nor skipped', () => {
    for (let i = 0; i < 12; i++) quote(5, 8 + (i % 2));
    const first = f.app.call('reservation.list', { limit: 5 }, f.clerk);
    const late = quote(20, 9); // after the first page: it shows on a later page
    const early = quote(1, 9); // before it: not on the later pages
    const next: ReservationSummary[] = [];
    let after = first.at(-1)!.id;
    for (;;) {
      const page = f.app.call('reservation.list', { limit: 5, after }, f.clerk);
      next.push(...page);
      if (page.length < 5) break;
      after = page.at(-1)!.id;
    }
    const ids = [...first, ...next].map((r) => r.id);
    expect(new Set(ids).size).toBe(13);
    expect(ids).toHaveLength(13);
    expect(ids.at(-1)).toBe(late.id);
    expect(ids).not.toContain(early.id);
  });

  it('filters by customer, and an unknown cursor is NOT_FOUND on after', () => {
    const paul = f.app.call('customer.create', { name: 'Paul Côté' }, f.clerk).id;
    quote(2, 9);
    const p1 = quote(3, 9, paul);
    const p2 = quote(4, 9, paul);
    expect(f.app.call('reservation.list', { customerId: paul }, f.clerk).map((r) => r.id)).toEqual([
      p1.id,
      p2.id,
    ]);
    const err = expectError(
      () => f.app.call('reservation.list', { after: '01J0000000000000000000000Z' }, f.clerk),
      'NOT_FOUND',
    );
    expect(err.fields?.[0]?.path).toBe('after');
  });

  it('a flagged reservation carries head office note and time in the list', () => {
    const r = quote(2, 9);
    f.app.call('reservation.setConflict', { reservationId: r.id, note: 'Caisse 2: BET-01' }, f.manager);
    const [s] = f.app.call('reservation.list', { conflict: true }, f.manager);
    expect(s).toMatchObject({ id: r.id, conflict: true, conflictNote: 'Caisse 2: BET-01' });
    expect(s?.conflictAt).toMatch(/^2026-/);
    f.app.call('reservation.setConflict', { reservationId: r.id, note: null }, f.manager);
    expect(f.app.call('reservation.list', {}, f.clerk)[0]).toMatchObject({
      conflictNote: null,
      conflictAt: null,
    });
  });
});

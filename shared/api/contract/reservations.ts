import { z } from 'zod';
import { RESERVATION_STATUSES } from '../../state/reservation.ts';
import { amount, id, isoDate, positiveAmount } from '../schemas.ts';
import type { AvailabilityCalendar, RentalPriceQuote, Reservation, ReservationSummary } from '../types.ts';

import { command, query } from './def.ts';

/** an instant with its UTC offset, as the renderer sends a wall-clock time in the store's zone */
const instant = z.iso.datetime({ offset: true, message: 'a date and time (ISO 8601)' });
/** rentals count whole items */
const items = z.number().int('whole items').min(1, 'at least 1').max(1000);

/** a line by equipment (how many of the item) or by one specific unit */
export const reservationLine = z.union([
  z.object({ productId: id, quantity: items }).strict(),
  z.object({ unitId: id }).strict(),
]);
export const assetId = z.string().trim().min(1, 'scan or type the asset ID').max(64);
const reservationRef = z.object({ reservationId: id }).strict();

/** reservations (rental orders) at the counter; payments go through order.recordPayment */
export const reservationsOps = {
  'reservation.create': command<Reservation>()(
    z
      .object({
        customerId: id,
        pickupAt: instant,
        returnAt: instant,
        /** a quote holds nothing; a confirmed reservation holds its units */
        status: z.enum(['quote', 'confirmed']).default('quote'),
        lines: z.array(reservationLine).min(1, 'at least one line').max(100),
        /** the deposit asked; default: the items' deposits */
        deposit: amount.optional(),
        notes: z.string().trim().max(1000).optional(),
      })
      .strict(),
    'clerk',
  ),
  'reservation.addLines': command<Reservation>()(
    z
      .object({ reservationId: id, lines: z.array(reservationLine).min(1, 'at least one line').max(100) })
      .strict(),
    'clerk',
  ),
  'reservation.confirm': command<Reservation>()(reservationRef, 'clerk'),
  'reservation.cancel': command<Reservation>()(
    z.object({ reservationId: id, reason: z.string().trim().max(500).optional() }).strict(),
    'clerk',
  ),
  /** one scan at check-out: the unit leaves on this reservation */
  'reservation.checkOut': command<Reservation>()(z.object({ reservationId: id, assetId }).strict(), 'clerk'),
  /** one scan at return: condition notes; a damaged unit goes to maintenance */
  'reservation.returnUnit': command<Reservation>()(
    z
      .object({
        reservationId: id,
        assetId,
        condition: z.string().trim().max(500).optional(),
        toMaintenance: z.boolean().optional(),
      })
      .strict(),
    'clerk',
  ),
  /** the deposit taken in cash, through the drawer */
  'reservation.takeDeposit': command<Reservation>()(
    z.object({ reservationId: id, amount: positiveAmount.optional() }).strict(),
    'clerk',
  ),
  /** the deposit handed back in cash, through the drawer, once the units are back */
  'reservation.returnDeposit': command<Reservation>()(reservationRef, 'clerk'),
  'reservation.close': command<Reservation>()(reservationRef, 'clerk'),
  /**
   * The conflict flag: set when head office found that two tills, offline, booked the same
   * units (its change feed applies it through this command); null clears it.
   */
  'reservation.setConflict': command<Reservation>()(
    z.object({ reservationId: id, note: z.string().trim().min(1).max(500).nullable() }).strict(),
    'manager',
  ),
  /** the time kept free between two rentals of a unit (cleaning, checks) */
  'reservation.setBuffer': command<{ minutes: number }>()(
    z
      .object({
        minutes: z
          .number()
          .int()
          .min(0)
          .max(7 * 24 * 60),
      })
      .strict(),
    'manager',
  ),
  'reservation.get': query<Reservation>()(reservationRef, 'clerk'),
  'reservation.list': query<ReservationSummary[]>()(
    z
      .object({
        q: z.string().max(100).optional(),
        status: z.enum(RESERVATION_STATUSES).optional(),
        /** reservations whose rental period meets [from, to] (dates in the store's zone) */
        from: isoDate.optional(),
        to: isoDate.optional(),
        productId: id.optional(),
        customerId: id.optional(),
        /** only the reservations head office flagged (the manager's conflicts list) */
        conflict: z.boolean().optional(),
        limit: z.number().int().min(1).max(2000).default(200),
        /**
         * The next page: the last reservation of the previous one. The list's order is (pickup,
         * number), so the page starts right after that reservation whatever was booked meanwhile.
         */
        after: id.optional(),
      })
      .strict(),
    'clerk',
  ),
  /** one item's units free per day (store's zone), with the buffer between rentals */
  'reservation.availability': query<AvailabilityCalendar>()(
    z.object({ productId: id, from: isoDate, days: z.number().int().min(1).max(366).default(31) }).strict(),
    'clerk',
  ),
  /** the rate table's price for one item over a period (the counter's preview) */
  'reservation.price': query<RentalPriceQuote>()(
    z.object({ productId: id, pickupAt: instant, returnAt: instant }).strict(),
    'clerk',
  ),
} as const;

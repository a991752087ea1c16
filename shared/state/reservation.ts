import { RESERVATION_STATUSES, type ReservationStatus } from '../statuses.ts';
import type { Machine } from './machine.ts';

/**
 * A reservation's life at the rental counter: a quote, confirmed (the units are held), checked
 * out (the rental contract: units left the store), returned (every unit back), closed (paid,
 * deposit given back); or cancelled before anything left the store. Lines can be added while
 * nothing has left.
 */
export { RESERVATION_STATUSES, type ReservationStatus };

export const RESERVATION_EVENTS = ['addLines', 'confirm', 'checkOut', 'return', 'close', 'cancel'] as const;
export type ReservationEvent = (typeof RESERVATION_EVENTS)[number];

export const RESERVATION_MACHINE: Machine<ReservationStatus, ReservationEvent> = {
  quote: { addLines: 'quote', confirm: 'confirmed', cancel: 'cancelled' },
  confirmed: { addLines: 'confirmed', checkOut: 'checked_out', cancel: 'cancelled' },
  checked_out: { checkOut: 'checked_out', return: 'returned' },
  returned: { close: 'closed' },
  closed: {},
  cancelled: {},
};

/** The statuses whose lines hold units in the availability calendar. */
export const HOLDING_STATUSES: readonly ReservationStatus[] = ['confirmed', 'checked_out'];

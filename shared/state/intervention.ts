import { INTERVENTION_STATUSES, type InterventionStatus } from '../statuses.ts';
import type { Machine } from './machine.ts';

/**
 * An intervention's life (a repair or service job): a quote, an order once the customer
 * accepts it, done when the work is finished, closed once paid in full; or cancelled (before
 * any money was taken). Lines can be added while it is a quote or an order.
 */
export { INTERVENTION_STATUSES, type InterventionStatus };

export const INTERVENTION_EVENTS = ['addLines', 'accept', 'complete', 'close', 'cancel'] as const;
export type InterventionEvent = (typeof INTERVENTION_EVENTS)[number];

export const INTERVENTION_MACHINE: Machine<InterventionStatus, InterventionEvent> = {
  quote: { addLines: 'quote', accept: 'order', cancel: 'cancelled' },
  order: { addLines: 'order', complete: 'done', cancel: 'cancelled' },
  done: { close: 'closed' },
  closed: {},
  cancelled: {},
};

/** the statuses of an intervention still in progress (a customer holding one is not deleted) */
export const OPEN_INTERVENTION_STATUSES: readonly InterventionStatus[] = ['quote', 'order', 'done'];

/** the status a target status is reached by (intervention.setStatus names the target) */
export const EVENT_TO: Readonly<Record<Exclude<InterventionStatus, 'quote'>, InterventionEvent>> = {
  order: 'accept',
  done: 'complete',
  closed: 'close',
  cancelled: 'cancel',
};

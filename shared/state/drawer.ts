import type { Machine } from './machine.ts';

/** A drawer session: opened with a counted float, closed with a blind count (→ Z report). */
export type DrawerStatus = 'none' | 'open' | 'closed';
export type DrawerEvent = 'open' | 'payIn' | 'payOut' | 'noSale' | 'cashMovement' | 'close';

export const DRAWER_MACHINE: Machine<DrawerStatus, DrawerEvent> = {
  none: { open: 'open' },
  open: { payIn: 'open', payOut: 'open', noSale: 'open', cashMovement: 'open', close: 'closed' },
  closed: { open: 'open' },
};

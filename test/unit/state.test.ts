import { describe, expect, it } from 'vitest';
import type { SaleStatus } from '../../shared/api/types.ts';
import { DRAWER_MACHINE, type DrawerEvent, type DrawerStatus } from '../../shared/state/drawer.ts';
import {
  INTERVENTION_MACHINE,
  type InterventionEvent,
  type InterventionStatus,
} from '../../shared/state/intervention.ts';
import { INVOICE_MACHINE, type InvoiceEvent, type InvoiceStatus } from '../../shared/state/invoice.ts';
import { canTransition, type Machine, transition } from '../../shared/state/machine.ts';
import { REVENUE_STATUSES, SALE_MACHINE, type SaleEvent } from '../../shared/state/sale.ts';

/**
 * The machines are data; these tables are the specification written out by hand. Every
 * (state, event) pair not listed must be refused.
 */
const SALE_STATES: SaleStatus[] = ['open', 'completed', 'voided', 'cancelled', 'refund_pending', 'refunded'];
const SALE_EVENTS: SaleEvent[] = [
  'complete',
  'void',
  'cancel',
  'refundCash',
  'refundToCard',
  'refundCompleted',
];
const SALE_ALLOWED: [SaleStatus, SaleEvent, SaleStatus][] = [
  ['open', 'complete', 'completed'],
  ['open', 'void', 'voided'],
  ['completed', 'cancel', 'cancelled'],
  ['cancelled', 'refundCash', 'refunded'],
  ['cancelled', 'refundToCard', 'refund_pending'],
  ['refund_pending', 'refundCompleted', 'refunded'],
];

const DRAWER_STATES: DrawerStatus[] = ['none', 'open', 'closed'];
const DRAWER_EVENTS: DrawerEvent[] = ['open', 'payIn', 'payOut', 'noSale', 'cashMovement', 'close'];
const DRAWER_ALLOWED: [DrawerStatus, DrawerEvent, DrawerStatus][] = [
  ['none', 'open', 'open'],
  ['open', 'payIn', 'open'],
  ['open', 'payOut', 'open'],
  ['open', 'noSale', 'open'],
  ['open', 'cashMovement', 'open'],
  ['open', 'close', 'closed'],
  ['closed', 'open', 'open'],
];

function checkMachine<S extends string, E extends string>(
  name: string,
  m: Machine<S, E>,
  states: S[],
  events: E[],
  allowed: [S, E, S][],
) {
  describe(name, () => {
    it('has exactly the states of the specification', () => {
      expect(Object.keys(m).sort()).toEqual([...states].sort());
    });

    for (const from of states) {
      for (const event of events) {
        const row = allowed.find(([f, e]) => f === from && e === event);
        it(row ? `${from} --${event}--> ${row[2]}` : `${from} refuses ${event}`, () => {
          if (row) {
            expect(transition(m, from, event)).toEqual({ ok: true, to: row[2] });
            expect(canTransition(m, from, event)).toBe(true);
          } else {
            expect(transition(m, from, event)).toEqual({ ok: false, from, event });
            expect(canTransition(m, from, event)).toBe(false);
          }
        });
      }
    }

    it('every transition in the machine is in the specification (nothing extra)', () => {
      const actual: [string, string, string][] = [];
      for (const [from, evs] of Object.entries(m) as [string, Record<string, string>][]) {
        for (const [event, to] of Object.entries(evs)) actual.push([from, event, to]);
      }
      expect(actual.sort()).toEqual([...allowed].map((r) => [...r]).sort());
    });
  });
}

checkMachine('sale machine', SALE_MACHINE, SALE_STATES, SALE_EVENTS, SALE_ALLOWED);
checkMachine('drawer machine', DRAWER_MACHINE, DRAWER_STATES, DRAWER_EVENTS, DRAWER_ALLOWED);

/** an intervention (repair or service job): quote → order → done → closed, or cancelled */
const INTERVENTION_STATES: InterventionStatus[] = ['quote', 'order', 'done', 'closed', 'cancelled'];
const INTERVENTION_EVENTS: InterventionEvent[] = ['addLines', 'accept', 'complete', 'close', 'cancel'];
const INTERVENTION_ALLOWED: [InterventionStatus, InterventionEvent, InterventionStatus][] = [
  ['quote', 'addLines', 'quote'],
  ['quote', 'accept', 'order'],
  ['quote', 'cancel', 'cancelled'],
  ['order', 'addLines', 'order'],
  ['order', 'complete', 'done'],
  ['order', 'cancel', 'cancelled'],
  ['done', 'close', 'closed'],
];
checkMachine(
  'intervention machine',
  INTERVENTION_MACHINE,
  INTERVENTION_STATES,
  INTERVENTION_EVENTS,
  INTERVENTION_ALLOWED,
);

/**
 * an invoice: a draft is edited or issued; an issued one (sent, exported, paid) moves between
 * those by hand or automatically and takes credit notes; refunded is final; nothing returns to draft
 */
const INVOICE_STATES: InvoiceStatus[] = ['draft', 'issued', 'sent', 'exported', 'paid', 'refunded'];
const INVOICE_EVENTS: InvoiceEvent[] = ['edit', 'issue', 'send', 'export', 'pay', 'refund', 'credit'];
const INVOICE_ALLOWED: [InvoiceStatus, InvoiceEvent, InvoiceStatus][] = [
  ['draft', 'edit', 'draft'],
  ['draft', 'issue', 'issued'],
  ['issued', 'send', 'sent'],
  ['issued', 'export', 'exported'],
  ['issued', 'pay', 'paid'],
  ['issued', 'refund', 'refunded'],
  ['issued', 'credit', 'issued'],
  ['sent', 'export', 'exported'],
  ['sent', 'pay', 'paid'],
  ['sent', 'refund', 'refunded'],
  ['sent', 'credit', 'sent'],
  ['exported', 'send', 'sent'],
  ['exported', 'pay', 'paid'],
  ['exported', 'refund', 'refunded'],
  ['exported', 'credit', 'exported'],
  ['paid', 'send', 'sent'],
  ['paid', 'export', 'exported'],
  ['paid', 'refund', 'refunded'],
  ['paid', 'credit', 'paid'],
];
checkMachine('invoice machine', INVOICE_MACHINE, INVOICE_STATES, INVOICE_EVENTS, INVOICE_ALLOWED);

describe('sale rules', () => {
  const refundEvents: SaleEvent[] = ['refundCash', 'refundToCard'];

  it('a refund starts only from a cancelled sale', () => {
    for (const from of SALE_STATES) {
      for (const e of refundEvents) expect(canTransition(SALE_MACHINE, from, e)).toBe(from === 'cancelled');
    }
  });

  it('refunded and voided are terminal; nothing leads back to open or completed except from open', () => {
    for (const e of SALE_EVENTS) {
      expect(canTransition(SALE_MACHINE, 'refunded', e)).toBe(false);
      expect(canTransition(SALE_MACHINE, 'voided', e)).toBe(false);
    }
    for (const [from, , to] of SALE_ALLOWED) {
      if (to === 'open') throw new Error(`${from} leads back to open`);
      if (to === 'completed') expect(from).toBe('open');
    }
  });

  it('every state is reachable from open, and every path ends in a terminal state', () => {
    const seen = new Set<SaleStatus>(['open']);
    const queue: SaleStatus[] = ['open'];
    while (queue.length) {
      const s = queue.shift()!;
      for (const to of Object.values(SALE_MACHINE[s]) as SaleStatus[]) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...SALE_STATES].sort());
    // no cycles: the machine is a DAG, so every path is finite
    const visiting = new Set<string>();
    const dfs = (s: SaleStatus): void => {
      expect(visiting.has(s)).toBe(false);
      visiting.add(s);
      for (const to of Object.values(SALE_MACHINE[s]) as SaleStatus[]) dfs(to);
      visiting.delete(s);
    };
    dfs('open');
  });

  it('revenue counts for completed and cancelled-not-yet-refunded sales only', () => {
    expect([...REVENUE_STATUSES].sort()).toEqual(['cancelled', 'completed']);
  });
});

describe('drawer rules', () => {
  it('cash moves only while the drawer is open', () => {
    for (const e of ['payIn', 'payOut', 'noSale', 'cashMovement', 'close'] as DrawerEvent[]) {
      for (const s of DRAWER_STATES) expect(canTransition(DRAWER_MACHINE, s, e)).toBe(s === 'open');
    }
  });

  it('an open drawer cannot be opened again', () => {
    expect(transition(DRAWER_MACHINE, 'open', 'open').ok).toBe(false);
  });
});

import type { App } from '../../electron/app/index.ts';
import type { Sale } from '../../shared/api/types.ts';

/**
 * Random valid work for a till, shared by the tamper and crash suites: cash and card sales
 * (fast checkout and the ticket flow), cancellations, cash and card refunds, pay-ins,
 * orders and their payments. Every step is a real command through `app.call`.
 */
export interface Till {
  app: App;
  /** a manager's session: approvals (refunds above the threshold) are the actor's own */
  token: string;
  productIds: string[];
}

export interface StepResult {
  op: string;
  /** set when the step committed a sale with a receipt number */
  sale?: { id: string; receiptNumber: number };
}

/** A small deterministic PRNG (mulberry32), so a run can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function lines(t: Till, r: () => number) {
  const n = int(r, 1, 3);
  return Array.from({ length: n }, () => ({
    productId: pick(r, t.productIds),
    quantity: int(r, 1, 3) * 1000,
  }));
}

/** Open the drawer if no session is open (a restarted till finds its drawer still open). */
export function ensureDrawer(t: Till): void {
  if (!t.app.call('drawer.current', {}, t.token)) {
    t.app.call('drawer.open', { float: { '2000': 5, '500': 4, '100': 10, '25': 40 } }, t.token);
  }
}

function saleIds(t: Till, status: Sale['status']): string[] {
  return (
    t.app.env.sqlite
      .prepare('SELECT id FROM sales WHERE status = ? ORDER BY rowid DESC LIMIT 20')
      .all(status) as {
      id: string;
    }[]
  ).map((x) => x.id);
}

function openOrders(t: Till): { id: string; balance: number }[] {
  return t.app.env.sqlite
    .prepare(
      `SELECT o.id, o.total - coalesce((SELECT sum(p.amount) FROM order_payments p WHERE p.order_id = o.id), 0) AS balance
       FROM orders o ORDER BY o.rowid DESC LIMIT 10`,
    )
    .all()
    .filter((o) => (o as { balance: number }).balance > 0) as { id: string; balance: number }[];
}

const done = (op: string, s: Sale): StepResult => ({
  op,
  sale: { id: s.id, receiptNumber: s.receiptNumber! },
});

/** Run one random valid command (or a short ticket flow whose last command completes a sale). */
export function randomStep(t: Till, r: () => number): StepResult {
  const { app, token } = t;
  const x = r();
  if (x < 0.3) {
    const res = app.call(
      'sale.checkout',
      { lines: lines(t, r), tenders: [{ method: 'cash', tendered: 100_000 }] },
      token,
    );
    return done('sale.checkout(cash)', res.sale);
  }
  if (x < 0.42) {
    // card + cash split on the fast path
    const res = app.call(
      'sale.checkout',
      {
        lines: lines(t, r),
        tenders: [
          { method: 'card', amount: int(r, 1, 10), reference: `AUTH${int(r, 1000, 9999)}` },
          { method: 'cash', tendered: 100_000 },
        ],
      },
      token,
    );
    return done('sale.checkout(card+cash)', res.sale);
  }
  if (x < 0.52) {
    // ticket flow, paid by card for the exact total
    let sale = app.call('sale.open', {}, token);
    for (const l of lines(t, r)) sale = app.call('sale.addLine', { saleId: sale.id, ...l }, token);
    const res = app.call(
      'sale.complete',
      {
        saleId: sale.id,
        tenders: [{ method: 'card', amount: sale.total, reference: `AUTH${int(r, 1000, 9999)}` }],
      },
      token,
    );
    return done('sale.complete(card)', res.sale);
  }
  if (x < 0.64) {
    const ids = saleIds(t, 'completed');
    if (ids.length) {
      app.call(
        'sale.cancel',
        { saleId: pick(r, ids), reason: 'customer_request', message: 'Annulé à la demande' },
        token,
      );
      return { op: 'sale.cancel' };
    }
  }
  if (x < 0.74) {
    const ids = saleIds(t, 'cancelled');
    if (ids.length) {
      const saleId = pick(r, ids);
      if (r() < 0.7)
        app.call('sale.refundCash', { saleId, customerConfirmed: true, saleConfirmed: true }, token);
      else app.call('sale.refundToCard', { saleId }, token);
      return { op: 'sale.refund' };
    }
  }
  if (x < 0.75) {
    // end of a shift: blind count, Z report; the next shift opens a new session
    app.call(
      'drawer.close',
      { count: { '2000': int(r, 0, 20), '100': int(r, 0, 50), '25': int(r, 0, 40) } },
      token,
    );
    ensureDrawer(t);
    return { op: 'drawer.close+open' };
  }
  if (x < 0.82) {
    app.call('drawer.payIn', { amount: int(r, 1, 50) * 100, reason: 'Fonds de caisse' }, token);
    return { op: 'drawer.payIn' };
  }
  if (x < 0.9) {
    app.call('order.create', { description: 'Location nacelle', total: int(r, 50, 900) * 100 }, token);
    return { op: 'order.create' };
  }
  const orders = openOrders(t);
  if (orders.length) {
    const o = pick(r, orders);
    const full = r() < 0.5;
    const amount = full ? o.balance : Math.max(5, Math.floor(o.balance / 2 / 5) * 5);
    if (amount <= o.balance) {
      const method = r() < 0.6 ? 'cash' : 'card';
      app.call(
        'order.recordPayment',
        method === 'cash'
          ? { orderId: o.id, amount, method, tendered: amount + 1_000, explanation: 'Acompte' }
          : { orderId: o.id, amount, method, reference: 'AUTH42' },
        token,
      );
      return { op: `order.recordPayment(${method})` };
    }
  }
  app.call('drawer.payIn', { amount: 500, reason: 'Monnaie' }, token);
  return { op: 'drawer.payIn' };
}

import { TZDate } from '@date-fns/tz';
import { addDays, format, getDay, lastDayOfMonth, parseISO, subMonths } from 'date-fns';
import { run } from '../../db/sql.ts';
import type { TenderInput } from '../../shared/api/schemas.ts';
import { businessDate } from '../../shared/business-date.ts';
import { roundCash } from '../../shared/cash-rounding.ts';
import { allDenominations, type DenominationCount } from '../../shared/denominations.ts';
import { money } from '../../shared/money.ts';
import { priceCart } from '../../shared/pricing.ts';
import type { Role } from '../../shared/roles.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';
import { type App, createApp } from '../app/index.ts';
import { addUser } from '../app/setup.ts';
import { hashPin } from '../services/pin.ts';
import { CATEGORIES, COMPANIES, type DemoItem, FIRST_NAMES, ITEMS, LAST_NAMES } from './catalogue.ts';
import { refuseNonEmpty } from './guard.ts';

/**
 * Demo data: a Québec equipment-rental + hardware store with a few months of history.
 *
 * Master data (store settings, users, categories, products) is written directly, as head
 * office would sync it down. Everything else — customers, drawer sessions, sales, refunds,
 * orders and their payments, pay-ins/outs, Z reports, day and month closings — goes THROUGH
 * THE REAL COMMANDS (`app.call`) with a clock that walks through store hours, so the ledger
 * is exactly what a till would have written and its chain verifies.
 *
 * Deterministic for a given `seed` and `now`: the same customers, tickets, amounts, times and
 * totals. Ids (ULIDs), session tokens and PIN salts are random, so hashes differ between runs.
 *
 * At the end the drawer is CLOSED and today's business day is untouched: the demo starts like
 * a real morning (log in as the clerk, count the float, open the drawer, sell).
 */

export { SeedRefusedError } from './guard.ts';

export interface SeedOptions {
  file: string;
  /** months of history before today (default 3) */
  months?: number;
  /** PRNG seed (default 42) */
  seed?: number;
  /** "today" — history ends the business day before (default: the real clock) */
  now?: Date;
  /** replace an existing non-empty ledger (the old file is deleted) */
  force?: boolean;
  store?: StoreSettings;
  /** progress lines (one per month) */
  log?: (line: string) => void;
  /** days of history simulated so far, of how many (the first `npm start` seeds for a while) */
  progress?: (done: number, total: number) => void;
}

export interface DemoUser {
  id: string;
  name: string;
  role: Role;
  pin: string;
}

export interface SeedSummary {
  file: string;
  from: string;
  to: string;
  openDays: number;
  users: DemoUser[];
  categories: number;
  products: number;
  customers: number;
  sales: number;
  cancelled: number;
  refundedCash: number;
  refundPending: number;
  refundedCard: number;
  voided: number;
  orders: number;
  ordersWithBalance: number;
  zReports: number;
  dayClosings: number;
  monthClosings: number;
  journalEntries: number;
  ms: number;
}

export const DEMO_USERS: readonly Omit<DemoUser, 'id'>[] = [
  { name: 'Camille Tremblay', role: 'clerk', pin: '1234' },
  { name: 'Martin Gagnon', role: 'manager', pin: '9876' },
  { name: 'Sophie Lévesque', role: 'admin', pin: '5555' },
];

/** $250.00 float: 5×20 $, 5×10 $, 6×5 $, 15×2 $, 20×1 $, 40×25 ¢, 50×10 ¢, 100×5 ¢ */
export const DEMO_FLOAT: DenominationCount = {
  '2000': 5,
  '1000': 5,
  '500': 6,
  '200': 15,
  '100': 20,
  '25': 40,
  '10': 50,
  '5': 100,
};

/** mulberry32: small, fast, good enough for demo data, and the same everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body12[i]) * (i % 2 === 0 ? 1 : 3);
  return body12 + String((10 - (sum % 10)) % 10);
}

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.');

/** Québec statutory holidays the store is closed on (those that fall in a demo window). */
function isHoliday(date: string): boolean {
  const d = parseISO(date);
  const md = date.slice(5);
  if (['01-01', '06-24', '07-01', '12-25', '12-26'].includes(md)) return true;
  const dow = getDay(d);
  const dom = d.getDate();
  if (md.startsWith('09') && dow === 1 && dom <= 7) return true; // fête du Travail
  if (md.startsWith('10') && dow === 1 && dom >= 8 && dom <= 14) return true; // Action de grâce
  if (md.startsWith('05') && dow === 1 && dom >= 18 && dom <= 24) return true; // Journée nationale des patriotes
  return false;
}

/** Store hours, local: Mon–Fri 7:00–18:00, Sat 8:00–16:00, closed Sundays and holidays. */
function hours(date: string): { open: number; close: number } | null {
  const dow = getDay(parseISO(date));
  if (dow === 0 || isHoliday(date)) return null;
  return dow === 6 ? { open: 8 * 3600, close: 16 * 3600 } : { open: 7 * 3600, close: 18 * 3600 };
}

function localInstant(date: string, secondsOfDay: number, tz: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const h = Math.floor(secondsOfDay / 3600);
  const mi = Math.floor((secondsOfDay % 3600) / 60);
  const s = secondsOfDay % 60;
  return new Date(new TZDate(y, m - 1, d, h, mi, s, tz).getTime());
}

/** Count a cash amount into denominations the way a clerk would (greedy, notes first). */
function countOf(amount: number): DenominationCount {
  const out: DenominationCount = {};
  let left = amount;
  for (const d of allDenominations('CAD')) {
    const n = Math.floor(left / d);
    if (n > 0) {
      out[String(d)] = n;
      left -= n * d;
    }
  }
  if (left !== 0) throw new Error(`cannot count ${amount} in CAD denominations`);
  return out;
}

/** What a customer hands over for `due` cents: exact, or the next note(s) up. */
function cashTendered(rng: Rng, due: number): number {
  if (rng.chance(0.3)) return due;
  const step = rng.pick([500, 1000, 2000, 2000, 5000, 10_000]);
  return Math.ceil((due + 1) / step) * step;
}

interface PastSale {
  id: string;
  paid: number;
  cashOnly: boolean;
  date: string;
}

interface PendingOrder {
  id: string;
  dueDate: string;
}

const CANCEL_MESSAGES: Record<string, string> = {
  defective: 'Article défectueux — nous sommes désolés. Le remboursement a été effectué.',
  wrong_item: 'Mauvais article remis au comptoir; remboursement complet.',
  customer_request: 'Retour à la demande du client, article non utilisé.',
  duplicate: 'Transaction saisie deux fois par erreur.',
  pricing_error: 'Erreur de prix à la caisse; la vente est annulée et reprise.',
};

export function seedDemo(opts: SeedOptions): SeedSummary {
  const t0 = performance.now();
  const months = opts.months ?? 3;
  if (!Number.isInteger(months) || months < 1 || months > 24) throw new RangeError('months must be 1–24');
  const rng = prng(opts.seed ?? 42);
  const store = opts.store ?? DEFAULT_STORE;
  const tz = store.timeZone;
  const now = opts.now ?? new Date();
  const log = opts.log ?? (() => {});

  refuseNonEmpty(opts.file, opts.force ?? false);

  const today = businessDate(now, tz, store.closingHour);
  const from = format(subMonths(parseISO(today), months), 'yyyy-MM-dd');
  const days: string[] = [];
  for (let d = parseISO(from); format(d, 'yyyy-MM-dd') < today; d = addDays(d, 1)) {
    days.push(format(d, 'yyyy-MM-dd'));
  }
  let clock = localInstant(from, 6 * 3600, tz);
  const app = createApp({ file: opts.file, now: () => clock, store });
  const sqlite = app.env.sqlite;
  // Seeding only: thousands of commits in a row need not each wait for the disk. The ledger
  // goes back to synchronous=FULL (the till's setting) before it is handed over, and it is
  // checkpointed and closed at the end, so nothing is lost unless the machine dies mid-seed.
  sqlite.pragma('synchronous = OFF');
  try {
    const master = seedMasterData(app, rng, clock.toISOString());
    const call: App['call'] = (op, input, token) => app.call(op, input, token);
    const expectedOpenDays = days.filter((d) => hours(d)).length;
    const sim = new DaySimulator(app, call, rng, master, tz, expectedOpenDays);
    let month = from.slice(0, 7);
    for (const [i, date] of days.entries()) {
      opts.progress?.(i, days.length);
      if (date.slice(0, 7) !== month) {
        log(`  ${month} done`);
        month = date.slice(0, 7);
      }
      const h = hours(date);
      if (h) {
        sim.runDay(date, h, (t) => {
          clock = t;
        });
      }
      // closings of periods that end today (after the day's own closing)
      const endOfMonth = format(lastDayOfMonth(parseISO(date)), 'yyyy-MM-dd') === date;
      if (endOfMonth) {
        clock = localInstant(date, 21 * 3600, tz);
        sim.closeMonth(date);
      }
    }
    log(`  ${month} done`);
    opts.progress?.(days.length, days.length);
    sqlite.transaction(() => {
      for (const u of master.users)
        run(sqlite, 'UPDATE users SET pin_hash = ? WHERE id = ?', hashPin(u.pin), u.id);
    })();
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const summary = summarise(app, opts.file, from, days.at(-1) ?? from, sim.openDays, master.users);
    return { ...summary, ms: Math.round(performance.now() - t0) };
  } finally {
    app.close();
  }
}

function cheapPinHash(pin: string): string {
  return hashPin(pin, 1024);
}

interface Master {
  users: DemoUser[];
  clerk: DemoUser;
  manager: DemoUser;
  admin: DemoUser;
  products: { id: string; item: DemoItem }[];
  /** counter picks, weighted: consumables and small tools */
  counter: { id: string; item: DemoItem }[];
  rentals: { id: string; item: DemoItem }[];
}

function seedMasterData(app: App, rng: Rng, at: string): Master {
  const s = app.env.sqlite;
  return s.transaction(() => {
    const users = DEMO_USERS.map((u) => ({ ...u, id: addUser(s, { ...u, pinHash: cheapPinHash(u.pin) }) }));
    run(s, 'UPDATE users SET created_at = ?', at);
    // Seeding only: every simulated morning logs the clerk and the manager in with their PIN
    // (a real scrypt check each time). verifyPin reads the cost from the stored hash, so during
    // the seed the hashes use N=1024; seedDemo puts full-strength hashPin() hashes back at the end.
    const catIds = new Map<string, string>();
    for (const c of CATEGORIES) {
      const id = app.env.newId();
      catIds.set(c.key, id);
      run(
        s,
        'INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)',
        id,
        c.name,
        c.parent ? catIds.get(c.parent)! : null,
      );
    }
    const perCat = new Map<string, number>();
    const products = ITEMS.map((item, i) => {
      const id = app.env.newId();
      const prefix = `${item.rentalDay ? 'L' : 'V'}-${item.category.slice(0, 3).toUpperCase()}`;
      const n = (perCat.get(prefix) ?? 0) + 1;
      perCat.set(prefix, n);
      const sku = `${prefix}-${String(n).padStart(3, '0')}`;
      run(
        s,
        `INSERT INTO products (id, sku, barcode, name, manufacturer, model, description, category_id, price, tax_category,
           rental_day, rental_week, rental_month, deposit, on_website, active, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
        id,
        sku,
        ean13(`20${String(1_000_000_000 + i * 7919 + rng.int(0, 7000)).slice(-10)}`),
        item.name,
        item.manufacturer,
        item.model,
        null,
        catIds.get(item.category)!,
        item.price,
        item.taxCategory,
        item.rentalDay ?? null,
        item.rentalWeek ?? null,
        item.rentalMonth ?? null,
        item.deposit ?? null,
        item.category === 'depots' ? 0 : 1,
        at,
      );
      return { id, item };
    });
    const counter: Master['counter'] = [];
    for (const p of products) {
      if (p.item.rentalDay || p.item.category === 'depots') continue;
      for (let k = 0; k < p.item.weight; k++) counter.push(p);
    }
    return {
      users,
      clerk: users[0]!,
      manager: users[1]!,
      admin: users[2]!,
      products,
      counter,
      rentals: products.filter((p) => p.item.rentalDay),
    };
  })();
}

type DayEvent = { at: number; run: () => void };

class DaySimulator {
  openDays = 0;
  private customers: { id: string; company: boolean }[] = [];
  private toCreate: { name: string; email: string; phone: string; company: boolean }[] = [];
  private recent: PastSale[] = [];
  private pendingOrders: PendingOrder[] = [];
  private pendingCardRefunds: string[] = [];
  private clerk = '';
  private manager = '';
  private setClock: (t: Date) => void = () => {};
  private date = '';
  private closedMonths = new Set<string>();

  constructor(
    private app: App,
    private call: App['call'],
    private rng: Rng,
    private m: Master,
    private tz: string,
    private expectedOpenDays: number,
  ) {
    const used = new Set<string>();
    for (const c of COMPANIES) {
      this.toCreate.push({
        name: c,
        email: `comptabilite@${ascii(c)
          .replace(/\.(inc|ltee|enr)?\.?$/, '')
          .replace(/\./g, '')}.example.ca`,
        phone: `450-${rng.int(200, 999)}-${String(rng.int(0, 9999)).padStart(4, '0')}`,
        company: true,
      });
    }
    while (this.toCreate.length < 50) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (used.has(name)) continue;
      used.add(name);
      this.toCreate.push({
        name,
        email: `${ascii(name)}@example.ca`,
        phone: `${rng.pick(['450', '579', '819'])}-${rng.int(200, 999)}-${String(rng.int(0, 9999)).padStart(4, '0')}`,
        company: false,
      });
    }
    // a third are already regulars on day one, the rest arrive over time
    for (let i = this.toCreate.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [this.toCreate[i], this.toCreate[j]] = [this.toCreate[j]!, this.toCreate[i]!];
    }
  }

  private at(seconds: number): void {
    this.setClock(localInstant(this.date, seconds, this.tz));
  }

  runDay(date: string, h: { open: number; close: number }, setClock: (t: Date) => void): void {
    const { rng, call } = this;
    this.date = date;
    this.setClock = setClock;
    this.openDays++;
    this.at(h.open - 20 * 60);
    this.clerk = call('auth.login', { userId: this.m.clerk.id, pin: this.m.clerk.pin }).token;
    this.manager = call('auth.login', { userId: this.m.manager.id, pin: this.m.manager.pin }).token;
    // half the customers are regulars on day one; the others arrive over the period
    if (this.openDays === 1) this.newCustomers(25);
    this.at(h.open - 10 * 60);
    call('drawer.open', { float: DEMO_FLOAT }, this.clerk);

    const events: DayEvent[] = [];
    const span = h.close - h.open - 10 * 60;
    const when = () => h.open + rng.int(0, span);
    const dow = getDay(parseISO(date));
    const month = Number(date.slice(5, 7));
    const season = month >= 5 && month <= 10 ? 1.15 : 0.85;
    const base = dow === 6 ? rng.int(45, 80) : dow === 1 ? rng.int(30, 55) : rng.int(35, 70);
    const nSales = Math.max(30, Math.min(80, Math.round(base * season)));
    for (let i = 0; i < nSales; i++) events.push({ at: when(), run: () => this.sale() });
    if (this.openDays > 1) {
      const late = 25; // customers who arrive after day one, spread evenly over the open days
      const due = Math.ceil((late * (this.openDays - 1)) / Math.max(1, this.expectedOpenDays - 1));
      const arrivals = due - (late - this.toCreate.length);
      if (arrivals > 0) events.push({ at: when(), run: () => this.newCustomers(arrivals) });
    }
    for (let i = rng.int(0, 2); i > 0; i--) events.push({ at: when(), run: () => this.rentalOrder() });
    for (const o of this.pendingOrders.filter((p) => p.dueDate <= date)) {
      events.push({ at: when(), run: () => this.settleOrder(o) });
    }
    if (rng.chance(0.45)) events.push({ at: when(), run: () => this.cancelAndRefund() });
    if (rng.chance(0.15)) events.push({ at: when(), run: () => this.cancelAndRefund() });
    if (rng.chance(0.25)) events.push({ at: when(), run: () => this.payOut() });
    if (rng.chance(0.1)) events.push({ at: when(), run: () => this.payIn() });
    if (rng.chance(0.12)) events.push({ at: when(), run: () => this.voidTicket() });
    if (rng.chance(0.06)) events.push({ at: when(), run: () => this.noSale() });
    if (rng.chance(0.2)) events.push({ at: when(), run: () => call('drawer.printX', {}, this.manager) });
    if (dow === 1 && this.pendingCardRefunds.length) {
      events.push({ at: h.open + 3600, run: () => this.headOfficeRefunds() });
    }
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      this.at(e.at);
      e.run();
    }

    // closing: blind count (usually right, sometimes a little over or short), Z, day closing
    this.at(h.close + 10 * 60);
    const expected = call('report.x', {}, this.manager).expectedCash;
    let counted = expected;
    if (rng.chance(0.3)) counted = Math.max(0, expected + rng.pick([-1, 1]) * 5 * rng.int(1, 40));
    const note =
      counted === expected
        ? undefined
        : rng.pick(['Recompté deux fois', 'Écart noté', 'Vérifié par le gérant']);
    call('drawer.close', note ? { count: countOf(counted), note } : { count: countOf(counted) }, this.clerk);
    this.at(h.close + 20 * 60);
    call('period.close', { kind: 'day', period: date }, this.manager);
    this.at(h.close + 25 * 60);
    call('auth.logout', {}, this.clerk);
    call('auth.logout', {}, this.manager);
    this.recent = this.recent.filter((s) => s.date >= format(addDays(parseISO(date), -14), 'yyyy-MM-dd'));
  }

  /** Month (and year) closing on the month's last calendar day, after hours. */
  closeMonth(date: string): void {
    const period = date.slice(0, 7);
    if (this.closedMonths.has(period)) return;
    const manager = this.call('auth.login', { userId: this.m.manager.id, pin: this.m.manager.pin }).token;
    this.call('period.close', { kind: 'month', period }, manager);
    if (period.endsWith('-12'))
      this.call('period.close', { kind: 'year', period: period.slice(0, 4) }, manager);
    this.call('auth.logout', {}, manager);
    this.closedMonths.add(period);
  }

  private newCustomers(n: number): void {
    for (let i = 0; i < n; i++) {
      const c = this.toCreate.shift();
      if (!c) return;
      const created = this.call(
        'customer.create',
        { name: c.name, email: c.email, phone: c.phone },
        this.clerk,
      );
      this.customers.push({ id: created.id, company: c.company });
    }
  }

  private sale(): void {
    const { rng } = this;
    const nLines = rng.chance(0.45) ? 1 : rng.chance(0.6) ? 2 : rng.int(3, 6);
    const picked = new Map<string, { productId: string; quantity: number; item: DemoItem }>();
    for (let i = 0; i < nLines; i++) {
      const p = rng.pick(this.m.counter);
      const bulk =
        p.item.category === 'fixations' || p.item.category === 'abrasifs' || p.item.category === 'lames';
      const q = bulk && rng.chance(0.3) ? rng.int(2, 6) : p.item.price < 1500 && rng.chance(0.25) ? 2 : 1;
      picked.set(p.id, { productId: p.id, quantity: q * 1000, item: p.item });
    }
    const customer = rng.chance(0.3) && this.customers.length ? rng.pick(this.customers) : null;
    const discount = customer?.company ? ({ kind: 'percent', basisPoints: 1000 } as const) : undefined;
    const lines = [...picked.values()].map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      ...(discount ? { discount } : {}),
    }));
    const totals = priceCart(
      this.app.env.jurisdiction,
      [...picked.values()].map((l) => ({
        unitPrice: l.item.price,
        quantity: l.quantity,
        discount: discount ?? null,
        taxCategory: l.item.taxCategory,
      })),
    );
    const tenders = this.tenders(totals.total, customer?.company ?? false);
    const token = rng.chance(0.85) ? this.clerk : this.manager;
    const r = this.call(
      'sale.checkout',
      { lines, tenders, ...(customer ? { customerId: customer.id } : {}) },
      token,
    );
    this.recent.push({
      id: r.sale.id,
      paid: r.sale.paid,
      cashOnly: tenders.every((t) => t.method === 'cash'),
      date: this.date,
    });
  }

  private tenders(total: number, company: boolean): TenderInput[] {
    const { rng } = this;
    const ref = () => `AUTH ${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    const cashDue = (amount: number) => roundCash(money(amount, 'CAD'), { step: 5 }).amount;
    const r = rng.next();
    if (company && r < 0.3)
      return [{ method: 'cheque', amount: total, reference: `CHQ ${rng.int(1000, 9999)}` }];
    if (r < 0.45 && total > 0) return [{ method: 'cash', tendered: cashTendered(rng, cashDue(total)) }];
    if (r < 0.9 || total < 2000) return [{ method: 'card', amount: total, reference: ref() }];
    // split: part on a card (or a gift card), the rest in cash
    const part = Math.floor(total / 2 / 100) * 100;
    const first: TenderInput = rng.chance(0.7)
      ? { method: 'card', amount: part, reference: ref() }
      : { method: 'gift_card', amount: part, reference: `CARTE-${rng.int(10_000, 99_999)}` };
    return [first, { method: 'cash', tendered: cashTendered(rng, cashDue(total - part)) }];
  }

  /** Rentals are booked as orders: a deposit now, the balance when the equipment comes back. */
  private rentalOrder(): void {
    const { rng } = this;
    const r = rng.pick(this.m.rentals);
    const item = r.item;
    const nDays = rng.pick([1, 1, 2, 3, 4, 7, 7, 14]);
    const rentalCost = nDays >= 7 ? item.rentalWeek! * Math.round(nDays / 7) : item.rentalDay! * nDays;
    const total = priceCart(this.app.env.jurisdiction, [
      { unitPrice: rentalCost, quantity: 1000, taxCategory: 'standard' },
    ]).total;
    const customer = this.customers.length && rng.chance(0.8) ? rng.pick(this.customers) : null;
    const order = this.call(
      'order.create',
      {
        description: `Location — ${item.name} (${item.manufacturer} ${item.model}), ${nDays} jour${nDays > 1 ? 's' : ''}`,
        total,
        ...(customer ? { customerId: customer.id } : {}),
      },
      this.clerk,
    );
    // a partial cash payment must be a multiple of the cash step: deposits are whole $5
    let deposit = Math.max(2000, Math.round((total * 0.4) / 500) * 500);
    if (deposit >= total) deposit = Math.floor((total - 1) / 500) * 500;
    if (deposit > 0) {
      const cash = rng.chance(0.35);
      this.call(
        'order.recordPayment',
        cash
          ? { orderId: order.id, amount: deposit, method: 'cash', explanation: 'Acompte à la réservation' }
          : {
              orderId: order.id,
              amount: deposit,
              method: 'card',
              explanation: 'Acompte à la réservation',
              reference: `AUTH ${String(rng.int(0, 999_999)).padStart(6, '0')}`,
            },
        this.clerk,
      );
    }
    // one rental in ten is left on the customer's account
    if (rng.chance(0.9)) {
      this.pendingOrders.push({
        id: order.id,
        dueDate: format(addDays(parseISO(this.date), nDays), 'yyyy-MM-dd'),
      });
    }
  }

  private settleOrder(o: PendingOrder): void {
    this.pendingOrders = this.pendingOrders.filter((p) => p !== o);
    const order = this.call('order.get', { orderId: o.id }, this.clerk);
    if (order.balance <= 0) return;
    const cash = this.rng.chance(0.4);
    this.call(
      'order.recordPayment',
      cash
        ? {
            orderId: o.id,
            amount: order.balance,
            method: 'cash',
            explanation: 'Solde au retour de l’équipement',
          }
        : {
            orderId: o.id,
            amount: order.balance,
            method: 'card',
            explanation: 'Solde au retour de l’équipement',
            reference: `AUTH ${String(this.rng.int(0, 999_999)).padStart(6, '0')}`,
          },
      this.clerk,
    );
  }

  /** A customer brings something back: cancel the sale, then refund (cash at the till, or to the card). */
  private cancelAndRefund(): void {
    const candidates = this.recent.filter((s) => s.date < this.date || this.rng.chance(0.2));
    if (!candidates.length) return;
    const s = this.rng.pick(candidates);
    this.recent = this.recent.filter((x) => x !== s);
    const reason = this.rng.pick([
      'defective',
      'wrong_item',
      'customer_request',
      'customer_request',
      'duplicate',
      'pricing_error',
    ] as const);
    // above the store's threshold, or cash back for a sale not paid in cash, the manager does it
    // (their login is the approval)
    const big = s.paid > this.app.env.store.refundApprovalThreshold;
    const inCash = s.cashOnly || this.rng.chance(0.25);
    const token = big || (inCash && !s.cashOnly) ? this.manager : this.clerk;
    this.call('sale.cancel', { saleId: s.id, reason, message: CANCEL_MESSAGES[reason] ?? '' }, token);
    if (inCash) {
      this.call('sale.refundCash', { saleId: s.id, customerConfirmed: true, saleConfirmed: true }, token);
    } else {
      this.call('sale.refundToCard', { saleId: s.id }, token);
      this.pendingCardRefunds.push(s.id);
    }
  }

  /** Monday morning: head office (the admin) completes last week's card refunds. */
  private headOfficeRefunds(): void {
    const admin = this.call('auth.login', { userId: this.m.admin.id, pin: this.m.admin.pin }).token;
    for (const id of this.pendingCardRefunds) {
      this.call(
        'sale.completeRefund',
        { saleId: id, reference: `RMB-${this.rng.int(100_000, 999_999)}` },
        admin,
      );
    }
    this.pendingCardRefunds = [];
    this.call('auth.logout', {}, admin);
  }

  private payOut(): void {
    const [reason, lo, hi] = this.rng.pick([
      ['Café et lait pour le comptoir', 8, 25],
      ['Timbres — Postes Canada', 10, 40],
      ['Essence — camion de livraison', 40, 90],
      ['Produits de nettoyage (dépanneur)', 10, 30],
      ['Pourboire livreur', 5, 20],
    ] as const);
    this.call(
      'drawer.payOut',
      { amount: this.rng.int(lo, hi) * 100 + this.rng.int(0, 19) * 5, reason },
      this.manager,
    );
  }

  private payIn(): void {
    const [reason, amount] = this.rng.pick([
      ['Monnaie supplémentaire de la banque', 5000],
      ['Remboursement d’avance par un employé', 2000],
      ['Vente de ferraille', this.rng.int(10, 40) * 100],
    ] as const);
    this.call('drawer.payIn', { amount, reason }, this.clerk);
  }

  private voidTicket(): void {
    const sale = this.call('sale.open', {}, this.clerk);
    this.call(
      'sale.addLine',
      { saleId: sale.id, productId: this.rng.pick(this.m.counter).id, quantity: 1000 },
      this.clerk,
    );
    this.call(
      'sale.void',
      {
        saleId: sale.id,
        approval: {
          managerId: this.m.manager.id,
          pin: this.m.manager.pin,
          reason: 'Client parti sans payer',
        },
      },
      this.clerk,
    );
  }

  private noSale(): void {
    this.call('drawer.noSale', { reason: 'Monnaie pour le voisin (échange de billets)' }, this.manager);
  }
}

function count(app: App, sql: string, ...p: unknown[]): number {
  return (app.env.sqlite.prepare(sql).get(...p) as { n: number }).n;
}

function summarise(app: App, file: string, from: string, to: string, openDays: number, users: DemoUser[]) {
  const orders = app.env.sqlite
    .prepare(
      `SELECT count(*) AS n, sum(CASE WHEN o.total > coalesce(p.paid, 0) THEN 1 ELSE 0 END) AS open FROM orders o
       LEFT JOIN (SELECT order_id, sum(amount) AS paid FROM order_payments GROUP BY order_id) p ON p.order_id = o.id`,
    )
    .get() as { n: number; open: number | null };
  return {
    file,
    from,
    to,
    openDays,
    users,
    categories: count(app, 'SELECT count(*) AS n FROM categories'),
    products: count(app, 'SELECT count(*) AS n FROM products'),
    customers: count(app, 'SELECT count(*) AS n FROM customers'),
    sales: count(app, "SELECT count(*) AS n FROM sales WHERE status NOT IN ('open', 'voided')"),
    cancelled: count(app, 'SELECT count(*) AS n FROM sales WHERE cancelled_at IS NOT NULL'),
    refundedCash: count(app, "SELECT count(*) AS n FROM refunds WHERE channel = 'cash'"),
    refundPending: count(app, "SELECT count(*) AS n FROM refunds WHERE status = 'pending'"),
    refundedCard: count(
      app,
      "SELECT count(*) AS n FROM refunds WHERE channel = 'card' AND status = 'completed'",
    ),
    voided: count(app, "SELECT count(*) AS n FROM sales WHERE status = 'voided'"),
    orders: orders.n,
    ordersWithBalance: orders.open ?? 0,
    zReports: count(app, 'SELECT count(*) AS n FROM z_reports'),
    dayClosings: count(app, "SELECT count(*) AS n FROM period_closings WHERE kind = 'day'"),
    monthClosings: count(app, "SELECT count(*) AS n FROM period_closings WHERE kind = 'month'"),
    journalEntries: count(app, 'SELECT count(*) AS n FROM journal'),
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { run } from '../../db/sql.ts';
import { type App, createApp } from '../../electron/app/index.ts';
import { addUser } from '../../electron/app/setup.ts';
import { hashPin } from '../../electron/services/pin.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';

export interface Fixture {
  app: App;
  dir: string;
  file: string;
  clerkId: string;
  managerId: string;
  adminId: string;
  clerk: string; // session token
  manager: string;
  products: { id: string; price: number; taxCategory: string }[];
  customerId: string;
  /**
   * The till's two clocks, moved by the test: `now` is the wall clock, `elapsed` the monotonic one.
   * advance(ms) and setting `now` forward move both, as time passing does; setting `now` back
   * moves only the wall clock, as someone changing the OS clock does.
   */
  clock: { now: Date; elapsed: number; advance(ms: number): void; setWall(d: Date): void };
  cleanup(): void;
}

export const CLERK_PIN = '1234';
export const MANAGER_PIN = '9876';
export const ADMIN_PIN = '5555';

/**
 * Fixtures log in twice each and there are a thousand of them: a full-cost scrypt hash (~50 ms)
 * per user and per login would be most of the suite's time. verifyPin reads the cost from the
 * stored hash, so the fixture's users get N=1024 hashes, made once per process
 * (test/integration/staff.test.ts and demo-seed.test.ts check what a real user gets).
 */
const cheapHashes = new Map<string, string>();
function cheapHash(pin: string): string {
  let h = cheapHashes.get(pin);
  if (!h) {
    h = hashPin(pin, 1024);
    cheapHashes.set(pin, h);
  }
  return h;
}

/** A fresh ledger with a Québec store, three users, a few products and a customer. */
export function makeFixture(
  opts: { store?: Partial<StoreSettings>; start?: Date; file?: string } = {},
): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-test-'));
  const file = opts.file ?? join(dir, 'ledger.sqlite');
  let wall = opts.start ?? new Date('2026-11-26T15:00:00.000Z');
  const clock = {
    elapsed: 1_000_000,
    get now() {
      return wall;
    },
    set now(d: Date) {
      clock.elapsed += Math.max(0, d.getTime() - wall.getTime());
      wall = d;
    },
    advance(ms: number) {
      clock.now = new Date(wall.getTime() + ms);
    },
    /** someone changes the OS clock: the wall clock jumps, no time passes */
    setWall(d: Date) {
      wall = d;
    },
  };
  const app = createApp({
    file,
    now: () => clock.now,
    elapsed: () => clock.elapsed,
    store: { ...DEFAULT_STORE, ...opts.store },
  });
  const s = app.env.sqlite;
  const ids = s.transaction(() => {
    const clerkId = addUser(s, {
      name: 'Camille Tremblay',
      role: 'clerk',
      pin: CLERK_PIN,
      pinHash: cheapHash(CLERK_PIN),
    });
    const managerId = addUser(s, {
      name: 'Martin Gagnon',
      role: 'manager',
      pin: MANAGER_PIN,
      pinHash: cheapHash(MANAGER_PIN),
    });
    const adminId = addUser(s, {
      name: 'Admin',
      role: 'admin',
      pin: ADMIN_PIN,
      pinHash: cheapHash(ADMIN_PIN),
    });
    const cat = ulid();
    run(s, 'INSERT INTO categories (id, name) VALUES (?, ?)', cat, 'Outillage');
    const products = [
      { price: 1999, taxCategory: 'standard', name: 'Perceuse sans fil' },
      { price: 499, taxCategory: 'standard', name: 'Mèches à bois (jeu)' },
      { price: 10, taxCategory: 'standard', name: 'Vis à bois' },
      { price: 2500, taxCategory: 'exempt', name: 'Dépôt de garantie' },
    ].map((p, i) => {
      const id = ulid();
      run(
        s,
        `INSERT INTO products (id, sku, barcode, name, category_id, price, tax_category, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        id,
        `SKU-${i + 1}`,
        `06000000000${i}`,
        p.name,
        cat,
        p.price,
        p.taxCategory,
        clock.now.toISOString(),
      );
      return { id, price: p.price, taxCategory: p.taxCategory };
    });
    const customerId = ulid();
    run(
      s,
      'INSERT INTO customers (id, name, email, created_at) VALUES (?, ?, ?, ?)',
      customerId,
      'Julie Roy',
      'julie@example.ca',
      clock.now.toISOString(),
    );
    return { clerkId, managerId, adminId, products, customerId };
  })();
  const clerk = app.call('auth.login', { userId: ids.clerkId, pin: CLERK_PIN }).token;
  const manager = app.call('auth.login', { userId: ids.managerId, pin: MANAGER_PIN }).token;
  return {
    app,
    dir,
    file,
    ...ids,
    clerk,
    manager,
    clock,
    cleanup() {
      try {
        app.close();
      } catch {
        // already closed
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../db/sql.ts';
import { type App, createApp } from '../../electron/app/index.ts';
import { ADMIN_PIN, CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, expectError, rows } from './support.ts';

const journal = (app: App, type: string) =>
  (
    app.env.sqlite.prepare('SELECT payload FROM journal WHERE type = ? ORDER BY seq').all(type) as {
      payload: string;
    }[]
  ).map((r) => JSON.parse(r.payload) as Record<string, unknown>);

describe('setup.initialize: the first run of a till', () => {
  let dir: string;
  let file: string;
  let app: App;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-setup-'));
    file = join(dir, 'ledger.sqlite');
    app = createApp({ file, now: () => new Date('2026-11-26T15:00:00Z') });
  });
  afterEach(() => {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const setupFr = () =>
    app.call('setup.initialize', {
      store: {
        name: 'Loc’Outils Lyon 7e',
        address: '12 rue de Gerland, 69007 Lyon',
        taxNumbers: ['SIRET 123 456 789 00012', 'TVA FR12 123456789'],
        tillName: 'Caisse 2',
        jurisdiction: 'FR',
      },
      admin: { name: 'Claire Martin', pin: '246810' },
    });

  it('a till named in Cyrillic numbers its orders with its name ("Каса 1" gave "1-1")', () => {
    const session = app.call('setup.initialize', {
      store: {
        name: 'Наем София',
        address: 'бул. Витоша 1',
        taxNumbers: [],
        tillName: 'Каса 1',
        jurisdiction: 'BG',
      },
      admin: { name: 'Мария Петрова', pin: '246810' },
    });
    const order = app.call('order.create', { description: 'Ремонт', total: 5000 }, session.token);
    expect(order.number).toBe('КАСА1-1');
  });

  it('a new ledger asks for setup; setup names the store, derives money and language from the jurisdiction, and logs the administrator in', () => {
    expect(app.call('store.info', {})).toMatchObject({ needsSetup: true });
    expect(app.call('users.tiles', {})).toEqual([]);

    const session = setupFr();
    expect(session.user).toMatchObject({ name: 'Claire Martin', role: 'admin' });
    expect(app.call('store.info', {})).toMatchObject({
      needsSetup: false,
      name: 'Loc’Outils Lyon 7e',
      tillName: 'Caisse 2',
      jurisdiction: 'FR',
      currency: 'EUR',
      cashRoundingStep: 1,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
      taxNumbers: ['SIRET 123 456 789 00012', 'TVA FR12 123456789'],
    });
    expect(app.call('users.tiles', {})).toEqual([
      { id: session.user.id, name: 'Claire Martin', role: 'admin' },
    ]);
    // the journal names the store's money and the administrator's id, never a person's name
    const [entry] = journal(app, 'store.initialized');
    expect(entry).toMatchObject({ jurisdiction: 'FR', currency: 'EUR', adminId: session.user.id });
    expect(JSON.stringify(entry)).not.toContain('Claire');

    // the till sells in euros with French VAT right away (20 % included in the price)
    const admin = session.token;
    const clerk = app.call('users.create', { name: 'Hugo Petit', role: 'clerk', pin: '1357' }, admin);
    run(
      app.env.sqlite,
      "INSERT INTO products (id, sku, name, price, tax_category, updated_at) VALUES ('01KB000000000000000000000P', 'PERC', 'Perceuse', 12000, 'standard', '2026-11-26T15:00:00Z')",
    );
    app.call('drawer.open', { float: { '2000': 5 } }, admin);
    const hugo = app.call('auth.login', { userId: clerk.id, pin: '1357' }).token;
    const sale = app.call(
      'sale.checkout',
      {
        lines: [{ productId: '01KB000000000000000000000P', quantity: 1000 }],
        tenders: [{ method: 'cash', tendered: 12_003 }],
      },
      hugo,
    ).sale;
    expect(sale).toMatchObject({ currency: 'EUR', total: 12_000, cashRounding: 0, paid: 12_000 });
    expect(sale.taxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: 10_000, tax: 2000 }]);

    // and keeps its store when reopened
    app.close();
    app = createApp({ file });
    expect(app.call('store.info', {})).toMatchObject({
      name: 'Loc’Outils Lyon 7e',
      currency: 'EUR',
      needsSetup: false,
    });
  });

  it('is refused once the till has a user, and changes nothing', () => {
    setupFr();
    const before = stateHash(app.env.sqlite);
    expectError(setupFr, 'INVALID_STATE');
    expect(stateHash(app.env.sqlite)).toBe(before);
  });

  it('bad input names the field and changes nothing', () => {
    const before = stateHash(app.env.sqlite);
    expectError(
      () =>
        app.callUntyped('setup.initialize', {
          store: { name: 'X', jurisdiction: 'US' },
          admin: { name: 'A', pin: '1234' },
        }),
      'VALIDATION',
      'store.jurisdiction',
    );
    expectError(
      () =>
        app.callUntyped('setup.initialize', {
          store: { name: 'X', jurisdiction: 'BG' },
          admin: { name: 'A', pin: '12' },
        }),
      'VALIDATION',
      'admin.pin',
    );
    expect(stateHash(app.env.sqlite)).toBe(before);
    expect(app.call('store.info', {}).needsSetup).toBe(true);
  });
});

describe('staff: managers manage clerks, administrators manage everyone', () => {
  let f: Fixture;
  let admin: string;
  beforeEach(() => {
    f = makeFixture();
    admin = f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).token;
  });
  afterEach(() => f.cleanup());

  it('a manager adds a clerk who can log in; a manager may not add a manager, an administrator may', () => {
    const u = f.app.call('users.create', { name: 'Léa Côté', role: 'clerk', pin: '4321' }, f.manager);
    expect(u).toMatchObject({ name: 'Léa Côté', role: 'clerk', active: true, lockedUntil: null });
    expect(f.app.call('auth.login', { userId: u.id, pin: '4321' }).user.name).toBe('Léa Côté');

    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('users.create', { name: 'Boss', role: 'manager', pin: '4321' }, f.manager),
      'FORBIDDEN',
      'role',
    );
    expectError(() => f.app.call('users.list', {}, f.clerk), 'FORBIDDEN');
    expect(stateHash(f.app.env.sqlite)).toBe(before);

    f.app.call('users.create', { name: 'Nadia Roy', role: 'manager', pin: '8642' }, admin);
    expect(f.app.call('users.list', {}, f.manager).map((x) => [x.name, x.role, x.active])).toEqual([
      ['Admin', 'admin', true],
      ['Martin Gagnon', 'manager', true],
      ['Nadia Roy', 'manager', true],
      ['Camille Tremblay', 'clerk', true],
      ['Léa Côté', 'clerk', true],
    ]);
    // no name, no PIN hash in the journal
    for (const e of journal(f.app, 'user.created')) expect(Object.keys(e).sort()).toEqual(['role', 'userId']);
  });

  it('deactivating a clerk ends their open session and removes their tile; renaming follows into the session', () => {
    f.app.call('users.update', { userId: f.clerkId, name: 'Camille T.' }, f.manager);
    expect(f.app.call('auth.session', {}, f.clerk)?.user.name).toBe('Camille T.');

    const off = f.app.call('users.update', { userId: f.clerkId, active: false }, f.manager);
    expect(off.active).toBe(false);
    expect(f.app.call('auth.session', {}, f.clerk)).toBeNull();
    expectError(() => f.app.call('drawer.current', {}, f.clerk), 'UNAUTHENTICATED');
    expect(f.app.call('users.tiles', {}).map((t) => t.id)).not.toContain(f.clerkId);
    expect(f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).user.role).toBe('manager');
    // an inactive user is unknown to the login screen
    expectError(() => f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }), 'NOT_FOUND', 'userId');
    expect(journal(f.app, 'user.updated')).toEqual([
      { userId: f.clerkId, renamed: true },
      { userId: f.clerkId, active: false },
    ]);
  });

  it('promoting a clerk changes the role of their open session', () => {
    f.app.call('users.update', { userId: f.clerkId, role: 'manager' }, admin);
    expect(f.app.call('auth.session', {}, f.clerk)?.user.role).toBe('manager');
    expect(f.app.call('users.list', {}, f.clerk).length).toBe(3);
  });

  it('refuses what the actor may not do, and changes nothing', () => {
    const before = stateHash(f.app.env.sqlite);
    // a manager may not touch an administrator, nor promote a clerk
    expectError(
      () => f.app.call('users.update', { userId: f.adminId, active: false }, f.manager),
      'FORBIDDEN',
      'userId',
    );
    expectError(
      () => f.app.call('users.update', { userId: f.clerkId, role: 'manager' }, f.manager),
      'FORBIDDEN',
      'role',
    );
    expectError(
      () => f.app.call('users.setPin', { userId: f.adminId, pin: '0000' }, f.manager),
      'FORBIDDEN',
      'userId',
    );
    // nobody deactivates or demotes themselves (so the last administrator stays one)
    expectError(
      () => f.app.call('users.update', { userId: f.adminId, active: false }, admin),
      'INVALID_STATE',
    );
    expectError(
      () => f.app.call('users.update', { userId: f.adminId, role: 'clerk' }, admin),
      'INVALID_STATE',
    );
    expectError(() => f.app.call('users.update', { userId: f.clerkId }, f.manager), 'INVALID_STATE');
    expectError(
      () => f.app.call('users.update', { userId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', active: false }, admin),
      'NOT_FOUND',
    );
    expectError(
      () => f.app.callUntyped('users.create', { name: 'X', role: 'owner', pin: '1234' }, admin),
      'VALIDATION',
      'role',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('a new PIN from a manager replaces the old one and lifts a lockout; a manager changes their own', () => {
    for (let i = 0; i < 5; i++) {
      expectError(
        () => f.app.call('auth.login', { userId: f.clerkId, pin: '0000' }),
        i < 4 ? 'FORBIDDEN' : 'LOCKED',
      );
    }
    expect(
      f.app.call('users.list', {}, f.manager).find((u) => u.id === f.clerkId)?.lockedUntil,
    ).not.toBeNull();
    const u = f.app.call('users.setPin', { userId: f.clerkId, pin: '97531' }, f.manager);
    expect(u.lockedUntil).toBeNull();
    expectError(() => f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }), 'FORBIDDEN');
    expect(f.app.call('auth.login', { userId: f.clerkId, pin: '97531' }).user.id).toBe(f.clerkId);

    f.app.call('users.setPin', { userId: f.managerId, pin: '11223344' }, f.manager);
    expect(f.app.call('auth.session', {}, f.manager)?.user.id).toBe(f.managerId);
    expect(f.app.call('auth.login', { userId: f.managerId, pin: '11223344' }).user.role).toBe('manager');
    expect(journal(f.app, 'user.pinChanged')).toEqual([
      { userId: f.clerkId, by: 'manager' },
      { userId: f.managerId, by: 'self' },
    ]);
    // the stored PIN is a scrypt hash, never the digits
    expect(
      count(
        f,
        "SELECT count(*) AS n FROM users WHERE pin_hash LIKE 'scrypt$%' AND pin_hash NOT LIKE '%97531%'",
      ),
    ).toBe(3);
    expect(rows(f, 'SELECT failed_attempts FROM users WHERE id = ?', f.clerkId)).toEqual([
      { failed_attempts: 0 },
    ]);
  });
});

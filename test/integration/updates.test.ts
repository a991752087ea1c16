import { afterEach, describe, expect, it } from 'vitest';
import {
  installWaitsFor,
  newerVersion,
  startUpdates,
  type UpdaterPort,
  type Updates,
} from '../../electron/app/updates.ts';
import { recordAck } from '../../electron/sync/outbox.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, expectError, HOUR } from './support.ts';

/**
 * The till's update rule under plain Node (electron-updater only runs in a packaged app; here a
 * feed stands in for it, and the ledger, the drawer, the journal and the sync row are real):
 * looked for at start and after each Z; installed only with the drawer closed, head office
 * holding every entry (enrolled tills) and no manager's postponement running.
 */
let f: Fixture;
let u: Updates | null = null;
afterEach(async () => {
  await u?.stop();
  u = null;
  f?.cleanup();
});

/** A feed offering `offered`, and what the till asked of it. */
function feed(offered: string | null, fail = false) {
  const calls: string[] = [];
  const port: UpdaterPort & { offered: string | null; fail: boolean } = {
    offered,
    fail,
    setFeedURL: (url) => calls.push(`feed ${url}`),
    check: async () => {
      calls.push('check');
      if (port.fail) throw new Error('connect ECONNREFUSED 127.0.0.1:4720');
      return port.offered;
    },
    download: async () => {
      calls.push(`download ${port.offered}`);
    },
    install: () => {
      calls.push('install');
    },
  };
  return { port, calls };
}

const FLOAT = { '2000': 5 };
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('when an update may install', () => {
  const now = new Date('2026-12-02T10:00:00Z');
  const base = { enrolled: true, pending: 0, drawerOpen: false, postponedUntil: null, now };
  it('waits for the drawer, for head office and for a postponement, and for nothing else', () => {
    expect(installWaitsFor(base)).toEqual([]);
    expect(installWaitsFor({ ...base, drawerOpen: true })).toEqual(['drawer']);
    expect(installWaitsFor({ ...base, pending: 3 })).toEqual(['outbox']);
    expect(installWaitsFor({ ...base, postponedUntil: '2026-12-02T11:00:00Z' })).toEqual(['postponed']);
    expect(installWaitsFor({ ...base, postponedUntil: '2026-12-02T09:00:00Z' })).toEqual([]);
    expect(
      installWaitsFor({ ...base, pending: 1, drawerOpen: true, postponedUntil: '2026-12-03T00:00:00Z' }),
    ).toEqual(['postponed', 'drawer', 'outbox']);
    // a standalone till has no head office to drain to
    expect(installWaitsFor({ ...base, enrolled: false, pending: 40 })).toEqual([]);
  });

  it('compares versions as numbers, a pre-release before its release', () => {
    expect(newerVersion('1.10.0', '1.9.3')).toBe(true);
    expect(newerVersion('1.9.3', '1.10.0')).toBe(false);
    expect(newerVersion('1.2.0', '1.2.0')).toBe(false);
    expect(newerVersion('1.2.0', '1.2.0-beta.1')).toBe(true);
    expect(newerVersion('1.2.0-beta.2', '1.2.0-beta.1')).toBe(true);
    expect(newerVersion('v2.0.0', '1.99.99')).toBe(true);
  });
});

describe('the updater beside a real ledger', () => {
  it('looks at start, downloads, waits for the Z, installs after it', async () => {
    f = makeFixture();
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    const { port, calls } = feed('0.2.0');
    u = startUpdates(f.app, port, {
      current: '0.1.0',
      feedUrl: 'https://hq.example/updates/',
      now: () => f.clock.now,
    });
    u.start();
    await settle();
    expect(calls).toEqual(['feed https://hq.example/updates/', 'check', 'download 0.2.0']);
    expect(u.status()).toMatchObject({
      current: '0.1.0',
      available: '0.2.0',
      downloaded: true,
      waitingFor: ['drawer'],
    });
    f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    await settle();
    // the Z made it look again (nothing new to download) and install
    expect(calls.slice(3)).toEqual(['feed https://hq.example/updates/', 'check', 'install']);
  });

  it('an enrolled till installs only once head office holds every entry', async () => {
    f = makeFixture();
    const s = f.app.env.sqlite;
    s.prepare(
      `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, acked_hash, last_contact_at)
       VALUES (1, 'http://127.0.0.1:4720', 'qc-1', ?, 1, ?, ?)`,
    ).run(f.clock.now.toISOString(), '0'.repeat(64), f.clock.now.toISOString());
    const { port, calls } = feed('0.2.0');
    // the feed defaults to head office's /updates/
    u = startUpdates(f.app, port, { current: '0.1.0', now: () => f.clock.now });
    u.start();
    await settle();
    expect(calls[0]).toBe('feed http://127.0.0.1:4720/updates/');
    expect(u.status().waitingFor).toEqual(['outbox']);
    expect(calls).not.toContain('install');
    // head office acknowledges everything; the worker says so (a runtime event)
    const tail = s.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      seq: number;
      hash: string;
    };
    recordAck(s, tail.seq, tail.hash, f.clock.now.toISOString());
    f.app.emit({ seq: 0, type: 'sync.status', at: f.clock.now.toISOString() });
    expect(calls.filter((c) => c === 'install')).toHaveLength(1);
  });

  it('a manager postpones it: journaled with the version, no install after the Z until it runs out', async () => {
    f = makeFixture();
    const { port, calls } = feed('0.3.0');
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    u = startUpdates(f.app, port, {
      current: '0.1.0',
      feedUrl: 'https://hq.example/u/',
      now: () => f.clock.now,
    });
    u.start();
    await settle();
    const r = f.app.call('update.postpone', { version: '0.3.0', hours: 24 }, f.manager);
    expect(r.postponedUntil).toBe(new Date(f.clock.now.getTime() + 24 * HOUR).toISOString());
    expect(count(f, "SELECT count(*) AS n FROM journal WHERE type = 'update.postponed'")).toBe(1);
    f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    await settle();
    expect(calls).not.toContain('install');
    expect(f.app.call('update.status', {}, f.manager)).toMatchObject({
      available: '0.3.0',
      waitingFor: ['postponed'],
      postponedUntil: r.postponedUntil,
    });
    // the next day's Z, the postponement over
    f.clock.advance(25 * HOUR);
    f.clerk = f.app.call('auth.login', { userId: f.clerkId, pin: '1234' }).token;
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    await settle();
    expect(calls.filter((c) => c === 'install')).toHaveLength(1);
  });

  it('a feed that does not answer changes nothing: the error is kept, the till sells', async () => {
    f = makeFixture();
    const { port, calls } = feed('0.2.0', true);
    u = startUpdates(f.app, port, {
      current: '0.1.0',
      feedUrl: 'https://hq.example/u/',
      now: () => f.clock.now,
    });
    u.start();
    await settle();
    expect(u.status()).toMatchObject({
      available: null,
      downloaded: false,
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
    expect(calls).not.toContain('install');
    f.app.call('sale.open', {}, f.clerk);
  });

  it('no newer version: nothing downloaded', async () => {
    f = makeFixture();
    const { port, calls } = feed('0.1.0');
    u = startUpdates(f.app, port, { current: '0.1.0', feedUrl: 'https://hq.example/u/' });
    u.start();
    await settle();
    expect(calls).toEqual(['feed https://hq.example/u/', 'check']);
    expect(u.status().available).toBeNull();
  });
});

describe('update.postpone and update.status', () => {
  it('bad input and clerks are refused, nothing written; without an updater the status is null', () => {
    f = makeFixture();
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('update.postpone', { version: '0.2.0', hours: 0 }, f.manager),
      'VALIDATION',
      'hours',
    );
    expectError(
      () => f.app.call('update.postpone', { version: '', hours: 2 }, f.manager),
      'VALIDATION',
      'version',
    );
    expectError(() => f.app.call('update.postpone', { version: '0.2.0', hours: 2 }, f.clerk), 'FORBIDDEN');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    expect(f.app.call('update.status', {}, f.manager)).toBeNull();
    expectError(() => f.app.call('update.status', {}, f.clerk), 'FORBIDDEN');
  });
});

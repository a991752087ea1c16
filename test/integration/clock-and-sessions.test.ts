import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/app/index.ts';
import { LOCK_MS, MAX_ATTEMPTS, SESSION_MS, TILL_MAX_FAILURES } from '../../electron/services/auth.ts';
import { ADMIN_PIN, CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { count, expectError, HOUR, MIN, rows } from './support.ts';

/**
 * Time and people (issue 10): lockouts and sessions run on the monotonic clock, so setting the
 * OS clock back or forward neither lengthens nor lifts them; journal stamps never go backwards;
 * a new PIN or a lockout ends the user's open sessions; a till refuses PINs for a while after too
 * many wrong ones across all its users.
 */
let f: Fixture;
afterEach(() => f?.cleanup());

const wrong = (userId: string, n: number) => {
  for (let i = 0; i < n; i++) {
    try {
      f.app.call('auth.login', { userId, pin: '0000' });
    } catch {
      // FORBIDDEN, then LOCKED
    }
  }
};
const state = () => ({
  journal: count(f, 'SELECT count(*) AS n FROM journal'),
  users: rows(f, 'SELECT id, failed_attempts, locked_until FROM users ORDER BY id'),
});
const lastAts = (n: number, app = f.app) =>
  (
    app.env.sqlite.prepare('SELECT at, type FROM journal ORDER BY seq DESC LIMIT ?').all(n) as {
      at: string;
      type: string;
    }[]
  ).reverse();

describe('lockouts on the monotonic clock', () => {
  it('a 5-minute lockout still ends after 5 minutes when the clock was set back 3 hours', () => {
    f = makeFixture();
    wrong(f.managerId, MAX_ATTEMPTS);
    expectError(() => f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }), 'LOCKED');
    f.clock.setWall(new Date(f.clock.now.getTime() - 3 * HOUR));
    f.clock.advance(LOCK_MS - MIN);
    expectError(() => f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }), 'LOCKED');
    f.clock.advance(MIN + 1000);
    // with the lockout timed on the wall clock this is 3 h 5 min away
    expect(f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).user.id).toBe(f.managerId);
  });

  it('setting the clock forward does not lift a lockout; the staff screen shows it as the login does', () => {
    f = makeFixture();
    wrong(f.clerkId, MAX_ATTEMPTS);
    f.clock.setWall(new Date(f.clock.now.getTime() + 24 * HOUR));
    expectError(() => f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }), 'LOCKED');
    const clerk = f.app.call('users.list', {}, f.manager).find((u) => u.id === f.clerkId)!;
    expect(clerk.lockedUntil).not.toBeNull();
    f.clock.advance(LOCK_MS);
    expect(f.app.call('users.list', {}, f.manager).find((u) => u.id === f.clerkId)!.lockedUntil).toBeNull();
    expect(f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).user.id).toBe(f.clerkId);
  });

  it('after a restart with the clock set back a day, the stored lockout lasts at most 5 minutes', () => {
    f = makeFixture();
    wrong(f.clerkId, MAX_ATTEMPTS);
    f.app.close();
    const back = new Date(f.clock.now.getTime() - 24 * HOUR);
    let elapsed = 0;
    const app = createApp({ file: f.file, now: () => back, elapsed: () => elapsed });
    try {
      expectError(() => app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }), 'LOCKED');
      elapsed += LOCK_MS;
      expect(app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).user.id).toBe(f.clerkId);
    } finally {
      app.close();
    }
  });
});

describe('sessions on the monotonic clock', () => {
  it('a session survives the clock set back or forward a day, and ends after 12 hours of real time', () => {
    f = makeFixture();
    const t0 = f.clock.now.getTime();
    f.clock.setWall(new Date(t0 - 24 * HOUR));
    expect(f.app.call('auth.session', {}, f.clerk)?.user.id).toBe(f.clerkId);
    f.clock.setWall(new Date(t0 + 2 * 24 * HOUR));
    // with the expiry on the wall clock the session ended here
    expect(f.app.call('auth.session', {}, f.clerk)?.user.id).toBe(f.clerkId);
    f.app.call('sale.open', {}, f.clerk);
    f.clock.advance(SESSION_MS - MIN);
    expect(f.app.call('auth.session', {}, f.clerk)?.user.id).toBe(f.clerkId);
    f.clock.advance(MIN);
    expect(f.app.call('auth.session', {}, f.clerk)).toBeNull();
    expectError(() => f.app.call('sale.open', {}, f.clerk), 'UNAUTHENTICATED');
  });
});

describe('who loses the till', () => {
  it('a new PIN ends every other session of that user, and keeps the one that changed it', () => {
    f = makeFixture();
    const second = f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token;
    f.app.call('users.setPin', { userId: f.managerId, pin: '4321' }, f.manager);
    expect(f.app.call('auth.session', {}, f.manager)?.user.id).toBe(f.managerId);
    expect(f.app.call('auth.session', {}, second)).toBeNull();
    // a manager resetting a clerk's PIN ends the clerk's sessions, not the manager's
    f.app.call('users.setPin', { userId: f.clerkId, pin: '1111' }, f.manager);
    expect(f.app.call('auth.session', {}, f.clerk)).toBeNull();
    expect(f.app.call('auth.session', {}, f.manager)?.user.id).toBe(f.managerId);
  });

  it('a lockout ends the locked user’s sessions', () => {
    f = makeFixture();
    expect(f.app.call('auth.session', {}, f.clerk)?.user.id).toBe(f.clerkId);
    wrong(f.clerkId, MAX_ATTEMPTS - 1);
    expect(f.app.call('auth.session', {}, f.clerk)?.user.id).toBe(f.clerkId);
    wrong(f.clerkId, 1);
    expect(f.app.call('auth.session', {}, f.clerk)).toBeNull();
    expect(f.app.call('auth.session', {}, f.manager)?.user.id).toBe(f.managerId);
  });

  it('a new PIN lifts the lockout at once', () => {
    f = makeFixture();
    wrong(f.clerkId, MAX_ATTEMPTS);
    f.app.call('users.setPin', { userId: f.clerkId, pin: '4321' }, f.manager);
    expect(f.app.call('auth.login', { userId: f.clerkId, pin: '4321' }).user.id).toBe(f.clerkId);
  });
});

describe('wrong PINs per till', () => {
  it(`after ${TILL_MAX_FAILURES} wrong PINs across users in 5 minutes, even a right PIN waits; nothing written`, () => {
    f = makeFixture();
    // under each user's own limit: 4 + 4 + 2
    wrong(f.clerkId, 4);
    wrong(f.managerId, 4);
    wrong(f.adminId, 2);
    const before = state();
    const e = expectError(
      () => f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }),
      'RATE_LIMITED',
    );
    expect(e.details?.retryAfterMs).toBeGreaterThan(0);
    expect(state()).toEqual(before);
    f.clock.advance(e.details!.retryAfterMs as number);
    expect(f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).user.id).toBe(f.adminId);
  });
});

describe('journal stamps never go backwards', () => {
  it('the clock set back a day: the stamps continue from the last entry, one clock.wentBack records the wall clock', () => {
    f = makeFixture();
    f.app.call('sale.open', {}, f.clerk);
    const before = Date.parse(lastAts(1)[0]!.at);
    expect(f.app.call('clock.status', {}, f.manager)).toEqual({ behind: null, last: null });
    const wall = new Date(before - 24 * HOUR);
    f.clock.setWall(wall);
    f.clock.elapsed += 2000; // two seconds pass
    f.app.call('sale.open', {}, f.clerk);
    const [skew, sale] = lastAts(2);
    expect(skew!.type).toBe('clock.wentBack');
    expect(sale!.type).toBe('sale.opened');
    expect(Date.parse(sale!.at)).toBe(before + 2000);
    const payload = JSON.parse(
      rows<{ payload: string }>(f, "SELECT payload FROM journal WHERE type = 'clock.wentBack'")[0]!.payload,
    );
    expect(payload).toEqual({ wallAt: wall.toISOString(), ledgerAt: sale!.at, behindMs: 24 * HOUR + 2000 });
    // the manager sees it; the clerk may not read it
    expect(f.app.call('clock.status', {}, f.manager).behind?.behindMs).toBe(24 * HOUR + 2000);
    expectError(() => f.app.call('clock.status', {}, f.clerk), 'FORBIDDEN');
    // one entry for the setting-back, not one per command while it stays behind
    f.clock.advance(MIN);
    f.app.call('sale.open', {}, f.clerk);
    expect(count(f, "SELECT count(*) AS n FROM journal WHERE type = 'clock.wentBack'")).toBe(1);
    const ats = rows<{ at: string }>(f, 'SELECT at FROM journal ORDER BY seq').map((r) => Date.parse(r.at));
    expect(ats).toEqual([...ats].sort((a, b) => a - b));
    // the clock put right: stamps follow it again, and the manager still reads what happened
    f.clock.setWall(new Date(before + 10 * MIN));
    f.app.call('sale.open', {}, f.clerk);
    expect(lastAts(1)[0]!.at).toBe(new Date(before + 10 * MIN).toISOString());
    const st = f.app.call('clock.status', {}, f.manager);
    expect(st.behind).toBeNull();
    expect(st.last?.wallAt).toBe(wall.toISOString());
  });

  it('a small step back (NTP) is absorbed without an entry: the stamp repeats the previous one', () => {
    f = makeFixture();
    f.app.call('sale.open', {}, f.clerk);
    const before = lastAts(1)[0]!.at;
    f.clock.setWall(new Date(Date.parse(before) - 1500));
    f.app.call('sale.open', {}, f.clerk);
    expect(lastAts(1)[0]!.at).toBe(before);
    expect(count(f, "SELECT count(*) AS n FROM journal WHERE type = 'clock.wentBack'")).toBe(0);
  });

  it('after a restart with the clock set back, stamps start at the last entry', () => {
    f = makeFixture();
    f.app.call('sale.open', {}, f.clerk);
    const last = lastAts(1)[0]!.at;
    f.app.close();
    const back = new Date(Date.parse(last) - 3 * HOUR);
    const app = createApp({ file: f.file, now: () => back, elapsed: () => 5 });
    try {
      const s = app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
      const [skew, login] = lastAts(2, app);
      expect(skew!.type).toBe('clock.wentBack');
      expect(login!.type).toBe('auth.login');
      expect(login!.at).toBe(last);
      expect(s.user.id).toBe(f.clerkId);
    } finally {
      app.close();
    }
  });

  it('a wrong PIN is stamped by the same clock', () => {
    f = makeFixture();
    f.app.call('sale.open', {}, f.clerk);
    const last = lastAts(1)[0]!.at;
    f.clock.setWall(new Date(Date.parse(last) - 3 * HOUR));
    wrong(f.clerkId, 1);
    const [skew, rejected] = lastAts(2);
    expect(skew!.type).toBe('clock.wentBack');
    expect(rejected!.type).toBe('auth.pinRejected');
    expect(rejected!.at).toBe(last);
  });
});

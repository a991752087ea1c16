import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { count, expectError, MIN, rows } from './support.ts';

// One ledger for the file: the lockout tests use the manager/admin accounts in order.
let f: Fixture;
beforeAll(() => {
  f = makeFixture();
});
afterAll(() => f.cleanup());

describe('auth', () => {
  it('logs in with the right PIN and the session is known', () => {
    const s = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
    expect(s.user).toEqual({ id: f.clerkId, name: 'Camille Tremblay', role: 'clerk' });
    expect(s.token.length).toBeGreaterThanOrEqual(40);
    expect(f.app.call('auth.session', {}, s.token)?.user.id).toBe(f.clerkId);
    expect(f.app.call('auth.session', {}, 'not-a-token')).toBeNull();
    // tokens are not stored in the ledger
    expect(count(f, "SELECT count(*) AS n FROM journal WHERE payload LIKE '%' || ? || '%'", s.token)).toBe(0);
    const login = rows<{ type: string; actor: string }>(
      f,
      "SELECT type, actor FROM journal WHERE type = 'auth.login' ORDER BY seq DESC LIMIT 1",
    );
    expect(login).toEqual([{ type: 'auth.login', actor: f.clerkId }]);
  });

  it('UNAUTHENTICATED without a token or with a made-up one', () => {
    expectError(() => f.app.call('drawer.current', {}), 'UNAUTHENTICATED');
    expectError(() => f.app.call('sale.open', {}, 'forged'), 'UNAUTHENTICATED');
    // the login screen's queries need no session
    expect(
      f.app
        .call('users.tiles', {})
        .map((u) => u.role)
        .sort(),
    ).toEqual(['admin', 'clerk', 'manager']);
    expect(f.app.call('store.info', {}).currency).toBe('CAD');
  });

  it('role checks: a clerk cannot read the X report nor close a period; a manager can read X', () => {
    expectError(() => f.app.call('report.x', {}, f.clerk), 'FORBIDDEN');
    expectError(
      () => f.app.call('period.close', { kind: 'day', period: '2026-11-25' }, f.clerk),
      'FORBIDDEN',
    );
    expectError(
      () => f.app.call('report.sales', { from: '2026-11-01', to: '2026-11-30', groupBy: 'day' }, f.clerk),
      'FORBIDDEN',
    );
    expectError(() => f.app.call('report.x', {}, f.manager), 'DRAWER_CLOSED'); // allowed, but nothing open
    expectError(
      () => f.app.call('sale.completeRefund', { saleId: f.clerkId, reference: 'x' }, f.manager),
      'FORBIDDEN',
    );
  });

  it('a wrong PIN is refused with FORBIDDEN on pin and counts the attempts left', () => {
    const e = expectError(
      () => f.app.call('auth.login', { userId: f.clerkId, pin: '0000' }),
      'FORBIDDEN',
      'pin',
    );
    expect(e.details).toEqual({ attemptsLeft: 4 });
    const e2 = expectError(
      () => f.app.call('auth.login', { userId: f.clerkId, pin: '0001' }),
      'FORBIDDEN',
      'pin',
    );
    expect(e2.details).toEqual({ attemptsLeft: 3 });
    expect(rows(f, 'SELECT failed_attempts FROM users WHERE id = ?', f.clerkId)).toEqual([
      { failed_attempts: 2 },
    ]);
    // a right PIN resets the counter
    f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
    expect(rows(f, 'SELECT failed_attempts FROM users WHERE id = ?', f.clerkId)).toEqual([
      { failed_attempts: 0 },
    ]);
    // each rejection is journaled, without the PIN
    const rej = rows<{ payload: string }>(f, "SELECT payload FROM journal WHERE type = 'auth.pinRejected'");
    expect(rej).toHaveLength(2);
    expect(rej.map((r) => r.payload).join()).not.toMatch(/0000|0001/);
  });

  it('an unknown user → VALIDATION on userId', () => {
    expectError(
      () => f.app.call('auth.login', { userId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', pin: '1234' }),
      'NOT_FOUND',
      'userId',
    );
  });

  it('5 wrong PINs lock for 5 minutes; even the right PIN is refused; unlocked after 5 minutes', () => {
    const id = f.managerId;
    for (let i = 1; i <= 4; i++) {
      expectError(() => f.app.call('auth.login', { userId: id, pin: '1111' }), 'FORBIDDEN', 'pin');
    }
    const locked = expectError(() => f.app.call('auth.login', { userId: id, pin: '1111' }), 'LOCKED');
    const until = Date.parse(locked.details?.until as string);
    expect(until - f.clock.now.getTime()).toBe(5 * MIN);
    // the right PIN is refused while locked, and checking it does not count
    expectError(() => f.app.call('auth.login', { userId: id, pin: MANAGER_PIN }), 'LOCKED');
    // an approval with the locked manager's PIN is refused too
    f.app.call('drawer.open', { float: {} }, f.clerk);
    expectError(
      () =>
        f.app.call(
          'drawer.noSale',
          { reason: 'x', approval: { managerId: id, pin: MANAGER_PIN, reason: 'x' } },
          f.clerk,
        ),
      'LOCKED',
    );
    f.clock.advance(5 * MIN - 1000);
    expectError(() => f.app.call('auth.login', { userId: id, pin: MANAGER_PIN }), 'LOCKED');
    f.clock.advance(1000);
    const s = f.app.call('auth.login', { userId: id, pin: MANAGER_PIN });
    expect(s.user.role).toBe('manager');
    expect(rows(f, 'SELECT failed_attempts, locked_until FROM users WHERE id = ?', id)).toEqual([
      { failed_attempts: 0, locked_until: null },
    ]);
    // after the lock a fresh count of 5 starts: one wrong PIN is not a lock
    const e = expectError(() => f.app.call('auth.login', { userId: id, pin: '1111' }), 'FORBIDDEN', 'pin');
    expect(e.details).toEqual({ attemptsLeft: 4 });
    f.app.call('auth.login', { userId: id, pin: MANAGER_PIN });
  });

  it('logout invalidates the token (and only that one)', () => {
    const a = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).token;
    expect(f.app.call('auth.logout', {}, a)).toEqual({ ok: true });
    expectError(() => f.app.call('drawer.current', {}, a), 'UNAUTHENTICATED');
    expectError(() => f.app.call('auth.logout', {}, a), 'UNAUTHENTICATED');
    expect(f.app.call('auth.session', {}, a)).toBeNull();
    expect(f.app.call('drawer.current', {}, f.clerk)).not.toBeUndefined();
  });

  it('sessions expire after 12 hours', () => {
    const s = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
    f.clock.advance(12 * 60 * MIN);
    expectError(() => f.app.call('drawer.current', {}, s.token), 'UNAUTHENTICATED');
  });
});

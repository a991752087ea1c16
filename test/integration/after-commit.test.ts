import { afterEach, describe, expect, it } from 'vitest';
import { commandHandlers } from '../../electron/app/handlers.ts';
import { CommandContext } from '../../electron/services/context.ts';
import { CLERK_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';

/**
 * ctx.afterCommit: what must follow the ledger in memory (sessions, the store) runs only once
 * the command's transaction committed. Login, logout and setup are ordinary handlers using it.
 */
let f: Fixture | null = null;
afterEach(() => {
  f?.cleanup();
  f = null;
});

describe('afterCommit', () => {
  it('a login whose transaction rolls back opens no session; the same login committed does', () => {
    f = makeFixture();
    const sqlite = f.app.env.sqlite;
    const opened: string[] = [];
    const sessions = f.app.env.sessions;
    const mint = sessions.mint.bind(sessions);
    // see every session the login opens, whether or not it reaches the caller
    sessions.mint = (user) => {
      const s = mint(user);
      return {
        info: s.info,
        open: () => {
          opened.push(s.info.token);
          s.open();
        },
      };
    };
    const logins = () =>
      (sqlite.prepare("SELECT count(*) AS n FROM journal WHERE type = 'auth.login'").get() as { n: number })
        .n;
    const before = logins();
    // the transaction fails after the handler ran to its end (a disk full at the last statement)
    const login = commandHandlers['auth.login'];
    commandHandlers['auth.login'] = (ctx, input) => {
      login(ctx, input);
      throw new Error('disk full');
    };
    try {
      expect(() => f!.app.call('auth.login', { userId: f!.clerkId, pin: CLERK_PIN })).toThrow(/disk full/);
    } finally {
      commandHandlers['auth.login'] = login;
    }
    expect(opened).toEqual([]);
    expect(logins()).toBe(before);
    const s = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
    expect(opened).toEqual([s.token]);
    expect(f.app.call('auth.session', {}, s.token)?.user.id).toBe(f.clerkId);
  });

  it('a login sent with someone else’s session token logs in the PIN’s user', () => {
    f = makeFixture();
    const s = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }, f.manager);
    expect(s.user.id).toBe(f.clerkId);
    const entry = f.app.env.sqlite.prepare('SELECT actor FROM journal ORDER BY seq DESC LIMIT 1').get() as {
      actor: string;
    };
    expect(entry.actor).toBe(f.clerkId);
  });

  it('logout ends only the caller’s session, after its entry is written', () => {
    f = makeFixture();
    const other = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN });
    expect(f.app.call('auth.logout', {}, f.clerk)).toEqual({ ok: true });
    expect(f.app.call('auth.session', {}, f.clerk)).toBeNull();
    expect(f.app.call('auth.session', {}, other.token)?.user.id).toBe(f.clerkId);
  });

  it('hooks wait for runAfterCommit and run once, in order', () => {
    f = makeFixture();
    const ctx = new CommandContext(f.app.env, 'test', { id: 'u', name: 'U', role: 'clerk' }, null);
    const ran: number[] = [];
    ctx.afterCommit(() => ran.push(1));
    ctx.afterCommit(() => ran.push(2));
    expect(ran).toEqual([]);
    ctx.runAfterCommit();
    ctx.runAfterCommit();
    expect(ran).toEqual([1, 2]);
  });
});

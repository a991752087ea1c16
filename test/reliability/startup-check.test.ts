import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { lastSeq } from '../../db/journal.ts';
import { LedgerOpenError, openLedger } from '../../db/open.ts';
import { type App, createApp } from '../../electron/app/index.ts';
import { startTill, type Till } from '../../electron/app/till.ts';
import type { IntegrityStatus } from '../../shared/api/types.ts';
import { CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { ensureDrawer, randomStep, rng } from './workload.ts';

/**
 * Every start checks the whole ledger in the background (electron/app/integrity.ts): openLedger
 * reads only the last 64 entries, so before this an entry edited further back, or a zeroed page
 * in the middle of the file, opened with no warning and the till sold into it. Now the till
 * opens, keeps selling, and its managers are told what is wrong (ledger.integrity; the banner).
 */
let fx: Fixture | null = null;
let app: App | null = null;
let till: Till | null = null;
afterEach(async () => {
  await till?.stop();
  app?.close();
  fx?.cleanup();
  till = null;
  app = null;
  fx = null;
});

/** A ledger with `n` random commands, closed (the till switched off). */
function ledger(n: number): Fixture {
  const f = makeFixture();
  const t = { app: f.app, token: f.manager, productIds: f.products.map((p) => p.id) };
  ensureDrawer(t);
  const r = rng(42);
  for (let i = 0; i < n; i++) randomStep(t, r);
  f.app.close();
  return f;
}

/** What someone with the file does: triggers off, edit, triggers back. */
function edit(file: string, fn: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    db.pragma('foreign_keys = OFF');
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
      sql: string;
    }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    fn(db);
    for (const t of triggers) db.exec(t.sql);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Switch the till on and wait for its start-up check, read as a manager would. */
async function startAndCheck(f: Fixture): Promise<{ status: IntegrityStatus; manager: string }> {
  app = createApp({ file: f.file, now: () => f.clock.now, elapsed: () => f.clock.elapsed });
  const manager = app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token;
  till = startTill(app, { printing: false });
  const t0 = Date.now();
  for (;;) {
    const s = app.call('ledger.integrity', {}, manager);
    if (s && s.state !== 'checking') return { status: s, manager };
    if (Date.now() - t0 > 30_000) throw new Error(`still checking: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the start-up check of the whole ledger', () => {
  it('a clean ledger: ok, every entry verified; a clerk may not read it', { timeout: 60_000 }, async () => {
    fx = ledger(120);
    const { status } = await startAndCheck(fx);
    expect(status.state).toBe('ok');
    expect(status.entries).toBe(lastSeq(app!.env.sqlite));
    expect(status.problem).toBeNull();
    const clerk = app!.call('auth.login', { userId: fx.clerkId, pin: CLERK_PIN }).token;
    expect(() => app!.call('ledger.integrity', {}, clerk)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });

  it('an entry edited more than 64 entries from the end: the till opens, the check names the seq', {
    timeout: 60_000,
  }, async () => {
    fx = ledger(120);
    const db = new Database(fx.file, { readonly: true });
    const max = lastSeq(db);
    db.close();
    expect(max).toBeGreaterThan(100);
    edit(fx.file, (d) => d.prepare("UPDATE journal SET actor = 'someone else' WHERE seq = 10").run());
    const { status, manager } = await startAndCheck(fx);
    expect(status.state).toBe('broken');
    expect(status.problem).toMatchObject({ kind: 'chain', seq: 10 });
    // the till kept selling meanwhile: a check is no reason to stop the counter
    expect(app!.call('drawer.current', {}, manager)).not.toBeNull();
  });

  it('a zeroed page in the middle of the file: broken pages, quick_check quoted', {
    timeout: 60_000,
  }, async () => {
    fx = ledger(250);
    const db = new Database(fx.file, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const leaves = db
      .prepare("SELECT pageno FROM dbstat WHERE name = 'sales' AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all() as number[];
    db.close();
    expect(leaves.length).toBeGreaterThanOrEqual(3);
    const page = leaves[Math.floor(leaves.length / 2)]!;
    const buf = readFileSync(fx.file);
    buf.fill(0, (page - 1) * pageSize, page * pageSize);
    writeFileSync(fx.file, buf);
    const { status } = await startAndCheck(fx);
    expect(status.state).toBe('broken');
    expect(status.problem?.kind).toBe('pages');
    expect(status.problem && 'details' in status.problem ? status.problem.details.join(' ') : '').toMatch(
      /page|tree|btree|corrupt/i,
    );
  });
});

describe('a file that fails at open is refused, with the way out named', () => {
  it('a zeroed header ("not a database"): LEDGER_DAMAGED naming the restore, the file untouched, the lock let go', () => {
    fx = ledger(20);
    const buf = readFileSync(fx.file);
    buf.fill(0, 0, 100);
    writeFileSync(fx.file, buf);
    const before = readFileSync(fx.file);
    let err: unknown = null;
    try {
      openLedger(fx.file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LedgerOpenError);
    expect((err as LedgerOpenError).code).toBe('LEDGER_DAMAGED');
    expect((err as Error).message).toMatch(
      /the file is damaged .*restore the newest good backup: npm run ledger -- restore/,
    );
    expect(readFileSync(fx.file).equals(before)).toBe(true);
    // refused, not stuck: the writer lock was released (a second try gets the same answer, not "in use")
    expect(() => openLedger(fx!.file)).toThrow(/the file is damaged/);
  });

  it('a broken tail: LEDGER_DAMAGED naming the seq and the restore', () => {
    fx = ledger(20);
    const db = new Database(fx.file, { readonly: true });
    const max = lastSeq(db);
    db.close();
    edit(fx.file, (d) => d.prepare("UPDATE journal SET actor = 'x' WHERE seq = ?").run(max - 1));
    expect(() => openLedger(fx!.file)).toThrow(
      new RegExp(`journal tail is broken at seq ${max - 1}.*restore the newest good backup`),
    );
  });
});

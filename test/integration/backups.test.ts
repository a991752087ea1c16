import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/journal.ts';
import { type Backups, startBackups } from '../../electron/app/backups.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { expectError, openDrawer } from './support.ts';

let f: Fixture;
let dir: string;
let b: Backups | null = null;
beforeEach(() => {
  f = makeFixture();
  dir = join(f.dir, 'backups');
});
afterEach(async () => {
  await b?.stop();
  b = null;
  f.cleanup();
});

const copies = () =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.sqlite'))
    .sort();
const maxSeq = (db: Database.Database) =>
  (db.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** the fixture's clock drives the file names: one second later for every copy */
function start(opts: { keep?: number; everyMs?: number } = {}): Backups {
  return startBackups(f.app, {
    dir,
    settleMs: 10,
    ...opts,
    now: () => {
      f.clock.advance(1000);
      return f.clock.now;
    },
  });
}

describe('automatic backups', () => {
  it('copies at start when the folder is empty; the copy opens, verifies and holds the whole journal', async () => {
    b = start();
    await until(() => b!.status().lastFile !== null);
    const st = b.status();
    expect(st).toMatchObject({ dir, keep: 30, lastError: null, lastSeq: maxSeq(f.app.env.sqlite) });
    expect(copies()).toHaveLength(1);
    const copy = new Database(st.lastFile!, { readonly: true });
    try {
      expect(verifyChain(copy).ok).toBe(true);
      expect(maxSeq(copy)).toBe(maxSeq(f.app.env.sqlite));
    } finally {
      copy.close();
    }
    // each copy is one self-contained file: checked and reopened, it leaves no -wal/-shm beside it
    expect(readdirSync(dir)).toEqual(copies());
    // managers see it; clerks may not
    expect(f.app.call('backup.status', {}, f.manager)).toEqual(st);
    expectError(() => f.app.call('backup.status', {}, f.clerk), 'FORBIDDEN');
  });

  it('a Z report is followed by a copy that contains it', async () => {
    b = start();
    await until(() => b!.status().lastFile !== null);
    openDrawer(f);
    f.app.call('drawer.close', { count: { '2000': 5, '25': 40 } }, f.clerk);
    const zSeq = maxSeq(f.app.env.sqlite);
    await until(() => (b!.status().lastSeq ?? 0) >= zSeq);
    const copy = new Database(b.status().lastFile!, { readonly: true });
    try {
      const types = copy.prepare('SELECT type FROM journal WHERE seq = ?').get(zSeq) as { type: string };
      expect(types.type).toBe('drawer.closed');
    } finally {
      copy.close();
    }
  });

  it('keeps the newest `keep` copies', async () => {
    b = start({ keep: 2 });
    await until(() => b!.status().lastFile !== null);
    const first = copies()[0];
    await b.run();
    await b.run();
    expect(copies()).toHaveLength(2);
    expect(copies()).not.toContain(first);
    expect(copies().at(-1)).toBe(b.status().lastFile!.split('/').at(-1));
  });

  it('a failed copy is reported, leaves no partial file, never stops a sale; the next good copy clears it', async () => {
    mkdirSync(f.dir, { recursive: true });
    writeFileSync(dir, 'not a folder'); // the backup folder is blocked by a file
    b = start();
    await until(() => b!.status().lastError !== null);
    expect(b.status().lastFile).toBeNull();
    expect(f.app.call('backup.status', {}, f.manager)?.lastError).toMatch(
      /EEXIST|ENOTDIR|exists|not a directory/i,
    );
    // the till keeps selling
    openDrawer(f);
    expect(f.app.call('drawer.current', {}, f.clerk)).not.toBeNull();
    rmSync(dir);
    expect(await b.run()).not.toBeNull();
    expect(b.status().lastError).toBeNull();
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('copies again only when the ledger changed since the last copy', async () => {
    b = start({ everyMs: 50 });
    await until(() => b!.status().lastFile !== null);
    const n = copies().length;
    await new Promise((r) => setTimeout(r, 200));
    expect(copies()).toHaveLength(n); // nothing written: no new copy
    openDrawer(f);
    const seq = maxSeq(f.app.env.sqlite);
    await until(() => b!.status().lastSeq === seq);
    expect(copies().length).toBeGreaterThan(n);
  });

  it('no copy at start when the newest one is recent; one when it is older than `everyMs`', async () => {
    mkdirSync(dir, { recursive: true });
    const recent = join(dir, 'comptoir-20261126T145959Z.sqlite');
    writeFileSync(recent, '');
    // file times in the fixture clock's frame (the scheduler compares them with its `now`)
    const at = (msBefore: number) => (f.clock.now.getTime() - msBefore) / 1000;
    utimesSync(recent, at(60_000), at(60_000));
    b = start({ everyMs: 3600_000 });
    await new Promise((r) => setTimeout(r, 100));
    expect(copies()).toEqual(['comptoir-20261126T145959Z.sqlite']);
    expect(b.status().lastFile).toBe(recent);
    await b.stop();

    utimesSync(recent, at(2 * 3600_000), at(2 * 3600_000));
    b = start({ everyMs: 3600_000 });
    await until(() => copies().length === 2);
    expect(existsSync(recent)).toBe(true);
  });
});

describe('back up now (manager screen), with its progress', () => {
  it("a manager's backup.run answers when the copy is made; while it runs, backup.status says how far the copy is", async () => {
    // a ledger of a few thousand pages, so that the copy takes several steps of 1,000 pages
    f.app.env.sqlite
      .prepare("INSERT INTO settings (key, value) VALUES ('padding', ?)")
      .run(JSON.stringify('x'.repeat(12_000_000)));
    b = start({ everyMs: 3600_000 });
    await until(() => b!.status().lastFile !== null); // the copy at start
    expect(b.status().running).toBeNull();
    const before = b.status().lastFile;
    expectError(() => f.app.call('backup.run', {}, f.clerk), 'FORBIDDEN');
    const seen: { step: string; done: number; total: number }[] = [];
    let sampling = true;
    const sample = () => {
      const r = f.app.call('backup.status', {}, f.manager)?.running;
      if (r) seen.push(r);
      if (sampling) setImmediate(sample);
    };
    const done = f.app.call('backup.run', {}, f.manager) as unknown as Promise<{
      lastFile: string;
      running: unknown;
    }>;
    sample();
    const st = await done;
    sampling = false;
    await new Promise((r) => setImmediate(r)); // the last queued sample runs before the ledger closes
    expect(st.lastFile).not.toBe(before);
    expect(st.running).toBeNull();
    expect(copies()).toHaveLength(2);
    const copying = seen.filter((r) => r.step === 'copy' && r.total > 0);
    expect(copying.length).toBeGreaterThan(1);
    expect(copying.some((r) => r.done > 0 && r.done < r.total)).toBe(true);
    for (let i = 1; i < copying.length; i++)
      expect(copying[i]!.done).toBeGreaterThanOrEqual(copying[i - 1]!.done);
    expect(f.app.call('backup.status', {}, f.manager)?.running).toBeNull();
  });

  it('without a backups runtime, backup.run is refused (INVALID_STATE)', () => {
    expectError(() => f.app.call('backup.run', {}, f.manager), 'INVALID_STATE');
  });
});

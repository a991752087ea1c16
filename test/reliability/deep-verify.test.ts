import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainHash, entryText, GENESIS_HASH, type JournalRow } from '../../db/journal.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { ensureDrawer, randomStep, rng } from './workload.ts';

/**
 * `ledger verify --deep`: every entry parses with its type's schema (shared/ledger/entries.ts),
 * else the first entry that does not is named by seq, type and field. The bad ledgers here are
 * made as tamper.test.ts makes them (triggers dropped), then re-chained with the public formula
 * so that the chain holds and only the deep check can see the damage — as it would for a till
 * whose code wrote a bad payload. (Closings sealed after the edited entry no longer hold: their
 * seals cover the old hashes.)
 */
const run = promisify(execFile);
const CLI = join(process.cwd(), 'electron/cli/ledger.ts');

let dir: string;
let base: string;
let caseNo = 0;

beforeAll(() => {
  const f = makeFixture();
  dir = f.dir;
  const till = { app: f.app, token: f.manager, productIds: f.products.map((p) => p.id) };
  ensureDrawer(till);
  const r = rng(20261202);
  const count = () =>
    (
      f.app.env.sqlite.prepare("SELECT count(*) AS n FROM journal WHERE type = 'sale.completed'").get() as {
        n: number;
      }
    ).n;
  while (count() < 5) randomStep(till, r);
  f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  base = f.file;
  f.app.close();
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A copy whose entry at `seq` gets a new type/payload, re-chained from there to the end. */
function rewritten(pick: (rows: JournalRow[]) => JournalRow, change: (r: JournalRow) => Partial<JournalRow>) {
  const file = join(dir, `deep-${++caseNo}.sqlite`);
  copyFileSync(base, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
  const rows = db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
  const target = pick(rows);
  const next = { ...target, ...change(target) };
  const upd = db.prepare('UPDATE journal SET type = ?, payload = ?, prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = target.seq === 1 ? GENESIS_HASH : rows[target.seq - 2]!.hash;
  db.transaction(() => {
    for (const r of rows.slice(target.seq - 1)) {
      const row = r.seq === target.seq ? next : r;
      const hash = chainHash(prev, entryText(row));
      upd.run(row.type, row.payload, prev, hash, row.seq);
      prev = hash;
    }
  })();
  db.close();
  return { file, seq: target.seq };
}

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, 'verify', ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

const secondSale = (rows: JournalRow[]) => rows.filter((r) => r.type === 'sale.completed')[1]!;

describe('ledger verify --deep', () => {
  it('passes a ledger written by the commands, and says how many entries parsed', async () => {
    const r = await cli('--db', base, '--deep');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/OK entries: \d+ parse with their schemas/);
  });

  it('names the first entry missing a field (seq, type, field); the chain alone holds', async () => {
    const { file, seq } = rewritten(secondSale, (r) => {
      const { total: _gone, ...p } = JSON.parse(r.payload) as Record<string, unknown>;
      return { payload: canonicalJson(p) };
    });
    // without --deep: the re-chained chain holds (the seals of later closings may not), and no
    // entry is parsed
    const plain = await cli('--db', file);
    expect(plain.out).toContain('chain holds');
    expect(plain.out).not.toContain('entries:');
    const deep = await cli('--db', file, '--deep');
    expect(deep.code, deep.out).toBe(1);
    expect(deep.out).toContain(
      `BROKEN entries: first invalid seq ${seq} (sale.completed) does not parse: total:`,
    );
    expect(deep.out).toContain(`(${seq - 1} entries parsed before it)`);
  });

  it('names a mistyped nested field and an unknown field', async () => {
    const a = rewritten(secondSale, (r) => {
      const p = JSON.parse(r.payload) as { lines: { amount: unknown }[] };
      p.lines[0]!.amount = '12.50';
      return { payload: canonicalJson(p) };
    });
    expect((await cli('--db', a.file, '--deep')).out).toContain(
      `seq ${a.seq} (sale.completed) does not parse: lines.0.amount:`,
    );
    const b = rewritten(
      (rows) => rows.find((r) => r.type === 'auth.login') ?? rows[0]!,
      (r) => ({ payload: canonicalJson({ ...JSON.parse(r.payload), pin: '1234' }) }),
    );
    const out = (await cli('--db', b.file, '--deep')).out;
    expect(out).toMatch(new RegExp(`seq ${b.seq} \\(\\w+\\.\\w+\\) does not parse: pin:`));
  });

  it('names an entry of an unknown type', async () => {
    const { file, seq } = rewritten(secondSale, () => ({ type: 'sale.teleported' }));
    const r = await cli('--db', file, '--deep');
    expect(r.code).toBe(1);
    expect(r.out).toContain(`first invalid seq ${seq} (sale.teleported) unknown entry type`);
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/journal.ts';
import { type SealRow, sealText, verifySeals, verifySignature } from '../../db/seals.ts';
import { loadDeviceSecrets, memorySecretBox } from '../../electron/app/device-secrets.ts';
import { renderJob } from '../../electron/hardware/layouts.ts';
import { getProfile } from '../../electron/hardware/profiles.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { rechain, tamperCopy } from '../helpers/tamper.ts';
import { openDrawer, prods, qty, rows } from './support.ts';

const execp = promisify(execFile);
const CLI = join(process.cwd(), 'electron/cli/ledger.ts');

async function cliVerify(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await execp(process.execPath, ['--import', 'tsx', CLI, 'verify', ...args], {
      cwd: process.cwd(),
    });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

let f: Fixture;
beforeEach(() => {
  f = makeFixture({ start: new Date('2026-11-24T14:00:00Z') });
});
afterEach(() => f.cleanup());

function sell(n: number) {
  const p = prods(f);
  for (let i = 0; i < n; i++) {
    f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.drill, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 2500 }] },
      f.clerk,
    );
  }
}

/** a day of selling, its Z, the day's closing the next morning, then a few more sales */
function history() {
  openDrawer(f);
  sell(4);
  const z = f.app.call('drawer.close', { count: { '2000': 10, '25': 40 } }, f.clerk);
  f.clock.now = new Date('2026-11-25T14:00:00Z');
  f.clerk = f.app.call('auth.login', { userId: f.clerkId, pin: '1234' }).token;
  f.manager = f.app.call('auth.login', { userId: f.managerId, pin: '9876' }).token;
  const day = f.app.call('period.close', { kind: 'day', period: '2026-11-24' }, f.manager);
  openDrawer(f);
  sell(3);
  f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { z, day };
}

const seals = (db = f.app.env.sqlite) =>
  db.prepare('SELECT * FROM closing_seals ORDER BY entry_seq').all() as SealRow[];

describe('closings are sealed with the till key', () => {
  it('a Z and a day closing record the seq and hash they close over, signed; the ticket prints seq, hash and key fingerprint', () => {
    const { z, day } = history();
    const [zs, ds] = seals();
    expect(zs).toMatchObject({ ref: `z:${z.number}`, kind: 'z' });
    expect(ds).toMatchObject({ ref: 'day:2026-11-24', kind: 'day' });
    for (const s of [zs!, ds!]) {
      const covered = f.app.env.sqlite
        .prepare('SELECT hash FROM journal WHERE seq = ?')
        .get(s.covers_seq) as {
        hash: string;
      };
      expect(s.covers_hash).toBe(covered.hash);
      expect(s.entry_seq).toBe(s.covers_seq + 1);
      expect(verifySignature(f.app.secrets.publicKeyPem, s.signed, s.signature)).toBe(true);
      expect(s.key_fingerprint).toBe(f.app.secrets.fingerprint);
      // the closing's own entry carries the seal
      const entry = f.app.env.sqlite
        .prepare('SELECT payload FROM journal WHERE seq = ?')
        .get(s.entry_seq) as {
        payload: string;
      };
      expect(JSON.parse(entry.payload).seal.signature).toBe(s.signature);
    }
    expect(z.seal).toEqual({
      coversSeq: zs!.covers_seq,
      coversHash: zs!.covers_hash,
      keyFingerprint: f.app.secrets.fingerprint,
      signature: zs!.signature,
    });
    expect(day.seal?.coversSeq).toBe(ds!.covers_seq);
    expect(verifySeals(f.app.env.sqlite, { expectFingerprint: f.app.secrets.fingerprint })).toMatchObject({
      ok: true,
      seals: 2,
      lastSealedSeq: ds!.entry_seq,
      fingerprints: [f.app.secrets.fingerprint],
    });

    const profile = getProfile('generic-58')!;
    for (const [kind, payload] of [
      ['z_report', { report: z }],
      ['period_closing', { closing: day }],
    ] as const) {
      const page = renderBytes(
        renderJob(kind, payload, { store: f.app.env.store, profile, offlineSince: null, kickDrawer: false }),
        profile,
      );
      const text = page.lines.join('\n');
      const seal = kind === 'z_report' ? z.seal! : day.seal!;
      expect(text).toContain(`Scelle le journal jusqu’au n° ${seal.coversSeq}`.replace('’', "'"));
      expect(text).toContain(seal.coversHash.slice(0, 16));
      // 58 mm paper: the fingerprint wraps between its groups, never inside one
      expect(text.replace(/\n/g, ' ')).toContain(f.app.secrets.fingerprint.replaceAll('-', ' '));
    }
  });
});

describe('what the seals catch that the chain cannot', () => {
  function copy(name: string, edit: (db: Database.Database) => void) {
    f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return tamperCopy(f.file, join(f.dir, name), edit);
  }
  function check(file: string) {
    const db = new Database(file, { readonly: true });
    try {
      return { chain: verifyChain(db), seals: verifySeals(db) };
    } finally {
      db.close();
    }
  }

  it('an entry before the last closing edited, then the chain recomputed with the public formula: chain OK, seals broken', async () => {
    const { z } = history();
    const zSeal = seals()[0]!;
    const file = copy('rechained.sqlite', (db) => {
      const target = zSeal.covers_seq - 2; // a sale of the sealed day
      const row = db.prepare('SELECT payload FROM journal WHERE seq = ?').get(target) as { payload: string };
      db.prepare('UPDATE journal SET payload = ? WHERE seq = ?').run(
        row.payload.replace(/2500/, '1500'),
        target,
      );
      rechain(db, target);
    });
    const r = check(file);
    expect(r.chain.ok).toBe(true); // the public formula alone is fooled
    expect(r.seals.ok).toBe(false);
    expect(r.seals.problems[0]).toMatchObject({ ref: `z:${z.number}` });
    expect(r.seals.problems[0]!.reason).toMatch(/rewritten before this closing/);
    const cli = await cliVerify('--db', file);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/BROKEN seals: 2 of 2 .*closing z:1/);
  }, 60_000);

  it('re-signing with another key is seen once the till key is named (--key from the closing ticket)', async () => {
    history();
    const mine = f.app.secrets.fingerprint;
    const thief = loadDeviceSecrets(memorySecretBox());
    const file = copy('resigned.sqlite', (db) => {
      for (const s of db.prepare('SELECT * FROM closing_seals').all() as SealRow[]) {
        const content = JSON.parse(s.signed);
        db.prepare(
          'UPDATE closing_seals SET signed = ?, signature = ?, public_key = ?, key_fingerprint = ? WHERE ref = ?',
        ).run(sealText(content), thief.sign(sealText(content)), thief.publicKeyPem, thief.fingerprint, s.ref);
      }
    });
    // the seals' payload copies in the journal still carry the till's signature
    expect(check(file).seals.problems[0]!.reason).toMatch(/does not carry this seal/);
    const cli = await cliVerify('--db', file, '--key', mine);
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`not the till's registered key ${mine}`);
  }, 60_000);

  it('the tail cut before the last closing is reported by the seals; cut after it, by the tables its sales left behind', async () => {
    const { day } = history();
    const last = seals().at(-1)!;
    const cut = copy('cut-before.sqlite', (db) => {
      db.prepare('DELETE FROM journal WHERE seq >= ?').run(last.entry_seq);
    });
    const r = check(cut);
    expect(r.chain.ok).toBe(true);
    expect(r.seals.problems.map((p) => p.ref)).toEqual([`day:${day.period}`]);
    expect(r.seals.problems[0]!.reason).toMatch(/entries were removed/);
    expect((await cliVerify('--db', cut)).code).toBe(1);

    const after = copy('cut-after.sqlite', (db) => {
      db.prepare('DELETE FROM journal WHERE seq > ?').run(last.entry_seq);
    });
    const a = check(after);
    expect(a.chain.ok).toBe(true);
    expect(a.seals.ok).toBe(true); // documented in docs/ledger-tools.md: the last closing is the anchor
    // …but the sales written after it are still in the tables, and no entry explains them now
    const cli = await cliVerify('--db', after, '--key', f.app.secrets.fingerprint);
    expect(cli.out).toContain(`last sealed seq ${last.entry_seq}`);
    expect(cli.out).toMatch(/OK seals: /);
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(
      /BROKEN tables: .*first: sales key \S+ column \(row\): the journal says no entry/,
    );
  }, 60_000);

  it('untampered: the CLI says OK with the seals and the key', async () => {
    history();
    const cli = await cliVerify('--db', f.file, '--key', f.app.secrets.fingerprint);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/OK seals: 2 sealed closings, last sealed seq \d+, key [0-9a-f-]{39}/);
    expect(rows(f, 'SELECT count(*) AS n FROM closing_seals')).toEqual([{ n: 2 }]);
  }, 60_000);
});

describe('the receipt carries the chain', () => {
  function receiptOf(i = 0) {
    const p = prods(f);
    const r = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.bits, quantity: qty(1 + i) }],
        tenders: [{ method: 'card', amount: 574 * (1 + i), reference: 'R' }],
      },
      f.clerk,
    );
    return r.sale;
  }

  it('verify --receipt confirms a receipt as printed or as its QR, and names what a rewritten or cut journal lost', async () => {
    history();
    const sale = receiptOf();
    const printed = `${sale.chain!.seq}:${sale.journalHash}`;
    const qr = `CPT1:${sale.chain!.deviceId}:${sale.chain!.seq}:${sale.chain!.hash}:${sale.id}`;
    receiptOf(1);
    f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    for (const claim of [printed, qr]) {
      const ok = await cliVerify('--db', f.file, '--receipt', claim);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toContain(`OK receipt ${sale.chain!.seq}: sale.completed`);
    }
    // after the last closing the seals cannot tell; the customer's receipt can
    const lastSeal = seals().at(-1)!;
    expect(sale.chain!.seq).toBeGreaterThan(lastSeal.entry_seq);
    const cut = tamperCopy(f.file, join(f.dir, 'cut-receipt.sqlite'), (db) => {
      db.prepare('DELETE FROM journal WHERE seq >= ?').run(sale.chain!.seq);
    });
    const c = await cliVerify('--db', cut, '--receipt', printed);
    expect(c.code).toBe(1);
    expect(c.out).toContain(
      `BROKEN receipt ${sale.chain!.seq}: the journal has no entry ${sale.chain!.seq}: entries were removed`,
    );
    expect(c.out).toMatch(/OK seals/); // the seals alone are fooled here
    const rewritten = tamperCopy(f.file, join(f.dir, 'rewritten-receipt.sqlite'), (db) => {
      const at = lastSeal.entry_seq + 1;
      db.prepare("UPDATE journal SET actor = 'someone-else' WHERE seq = ?").run(at);
      rechain(db, at);
    });
    const w = await cliVerify('--db', rewritten, '--receipt', qr);
    expect(w.code).toBe(1);
    expect(w.out).toMatch(/OK .*chain holds/);
    expect(w.out).toContain(`BROKEN receipt ${sale.chain!.seq}: the receipt says ${sale.chain!.hash}`);
    // bad claims are usage errors
    const bad = await cliVerify('--db', f.file, '--receipt', '12:xyz');
    expect(bad.code).toBe(2);
  }, 60_000);
});

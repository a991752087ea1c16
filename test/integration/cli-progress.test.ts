import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../electron/app/progress.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

/** Long work in the command-line tools says how far it is, on stderr (stdout keeps the result). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runTs(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, out: stdout, err: stderr });
      },
    );
  });
}
const ledger = (...args: string[]) => runTs('electron/cli/ledger.ts', args);

/** "label: 45% (450/1,000 unit)" lines of stderr, as [percent, done, total]. */
function lines(err: string, label: string): [number, number, number][] {
  const re = new RegExp(`^${label}: (\\d+)% \\(([\\d,]+)/([\\d,]+) \\w+\\)$`, 'gm');
  return [...err.matchAll(re)].map((m) => [
    Number(m[1]),
    Number(m[2]!.replace(/,/g, '')),
    Number(m[3]!.replace(/,/g, '')),
  ]);
}

let f: Fixture;
let entries: number;
beforeAll(() => {
  f = makeFixture();
  f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
  for (let i = 0; i < 40; i++) {
    f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: f.products[0]!.id, quantity: 1000 }],
        tenders: [{ method: 'cash', tendered: 10_000 }],
      },
      f.clerk,
    );
  }
  entries = (f.app.env.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  f.app.close();
});
afterAll(() => f?.cleanup());

describe('progress lines', () => {
  it('at most one line per 5 % (or second), increasing, always ending at 100 %', () => {
    const out: string[] = [];
    const tick = progressLine('verify', 'entries', (l) => out.push(l));
    for (let i = 0; i <= 1_000_000; i += 4096) tick(i, 1_000_000);
    tick(1_000_000, 1_000_000);
    const pct = out.map((l) => Number(/: (\d+)%/.exec(l)![1]));
    expect(out.at(-1)).toBe('verify: 100% (1,000,000/1,000,000 entries)\n');
    expect(pct).toEqual([...pct].sort((a, b) => a - b));
    expect(new Set(pct).size).toBe(pct.length);
    expect(out.length).toBeLessThanOrEqual(22);
    expect(out.length).toBeGreaterThanOrEqual(10);
  });

  it('ledger verify, export, backup and restore print progress on stderr; stdout keeps the result', async () => {
    const v = await ledger('verify', '--db', f.file);
    expect(v.code).toBe(0);
    expect(v.out).toMatch(/^OK /);
    expect(v.out).not.toMatch(/%/);
    expect(lines(v.err, 'verify').at(-1)).toEqual([100, entries, entries]);

    const dir = mkdtempSync(join(tmpdir(), 'comptoir-progress-'));
    try {
      const out = join(dir, 'journal.jsonl');
      const e = await ledger('export', '--db', f.file, '--out', out);
      expect(e.code).toBe(0);
      expect(lines(e.err, 'export').at(-1)).toEqual([100, entries, entries]);

      const b = await ledger('backup', '--db', f.file, '--dir', join(dir, 'backups'));
      expect(b.code).toBe(0);
      const pages = lines(b.err, 'backup');
      expect(pages.at(-1)![0]).toBe(100);
      expect(pages.at(-1)![1]).toBe(pages.at(-1)![2]);
      expect(lines(b.err, 'backup check').at(-1)).toEqual([100, entries, entries]);

      const copy = b.out.match(/OK backup (\S+):/)![1]!;
      const target = join(dir, 'restored.sqlite');
      const r = await ledger('restore', '--from', copy, '--db', target);
      expect(r.code).toBe(0);
      expect(existsSync(target)).toBe(true);
      expect(lines(r.err, 'restore check').at(-1)).toEqual([100, entries, entries]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the demo seed counts its days up to 100 %', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-seed-progress-'));
    try {
      const s = await runTs('electron/cli/demo-seed.ts', [
        '--db',
        join(dir, 'demo.sqlite'),
        '--months',
        '1',
        '--now',
        '2026-11-26T15:00:00Z',
      ]);
      expect(s.code).toBe(0);
      const days = lines(s.err, 'seed');
      expect(days.length).toBeGreaterThan(2);
      expect(days[0]![0]).toBe(0);
      expect(days.at(-1)![0]).toBe(100);
      expect(days.at(-1)![1]).toBe(days.at(-1)![2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoreInfo } from '../../shared/api/types.ts';
import { DEFAULT_STORE } from '../../shared/store-settings.ts';

/**
 * `npm run host -- --db new.sqlite` on a file that does not exist: a new till, served with
 * the setup screen (docs/desktop-and-host.md), and no demo store's identity before setup.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | null = null;
let dir = '';

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Start the host CLI; resolves with its printed URL, or with its exit code and output. */
function host(
  args: string[],
): Promise<{ url: string | null; code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'electron/host/cli.ts', ...args], { cwd: ROOT });
    child = c;
    let out = '';
    let err = '';
    c.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Open: (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, code: null, out, err });
    });
    c.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    c.on('exit', (code) => resolve({ url: null, code, out, err }));
  });
}

async function storeInfo(url: string): Promise<StoreInfo> {
  const first = await fetch(url, { redirect: 'manual' });
  const cookie = String(first.headers.get('set-cookie')).split(';')[0]!;
  const origin = new URL(url).origin;
  const r = await fetch(`${origin}/api/store.info`, {
    method: 'POST',
    headers: { cookie, origin, 'content-type': 'application/json' },
    body: JSON.stringify({ input: {}, token: null }),
  });
  expect(r.status).toBe(200);
  const reply = (await r.json()) as { ok: true; result: StoreInfo };
  return reply.result;
}

describe('npm run host on a new ledger', () => {
  it('a file that does not exist is created and opens on setup; store.info names no store before setup', async () => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-host-new-'));
    const file = join(dir, 'new.sqlite');
    const r = await host(['--db', file, '--port', '0', '--secrets-dir', join(dir, 'secrets')]);
    expect(r.err).not.toContain('no ledger');
    expect(r.url, `exit ${r.code}: ${r.err}`).not.toBeNull();
    expect(r.out).toContain('setup screen');
    expect(existsSync(file)).toBe(true);
    const info = await storeInfo(r.url!);
    expect(info.needsSetup).toBe(true);
    // nothing of the demo store: a new till has no name, address or tax numbers yet
    expect(info).toMatchObject({ name: '', address: '', taxNumbers: [], tillName: '' });
    expect(info.storeId).not.toBe(DEFAULT_STORE.storeId);
    expect(JSON.stringify(info)).not.toMatch(/Laurentides|TPS|TVQ|Curé-Labelle/);
  }, 60_000);

  it('a new ledger in a folder that does not exist is refused (exit 2), nothing created', async () => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-host-new-'));
    const file = join(dir, 'nope', 'new.sqlite');
    const r = await host(['--db', file, '--port', '0']);
    expect(r.url).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toContain('no folder');
    expect(existsSync(join(dir, 'nope'))).toBe(false);
  }, 60_000);
});

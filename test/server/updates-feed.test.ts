import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';

/** Head office serves the tills' update feed (electron-builder's generic provider) read-only. */
let dir: string;
let hq: RunningServer;
let bare: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-updates-'));
  mkdirSync(join(dir, 'feed'));
  writeFileSync(
    join(dir, 'feed', 'latest-linux.yml'),
    'version: 0.2.0\npath: Comptoir-0.2.0-linux-x86_64.AppImage\n',
  );
  writeFileSync(join(dir, 'secret.txt'), 'outside the feed');
  writeFileSync(join(dir, 'feed', '.env'), 'TOKEN=x');
  hq = await startServer({ updatesDir: join(dir, 'feed') });
  bare = await startServer({});
});
afterAll(async () => {
  await hq?.close();
  await bare?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the update feed at /updates/', () => {
  it('serves the feed files', async () => {
    const r = await fetch(`${hq.url}/updates/latest-linux.yml`);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('version: 0.2.0');
  });

  it('lists nothing, serves nothing outside the folder nor a dotfile', async () => {
    const listing = await fetch(`${hq.url}/updates/`);
    expect(listing.status).toBeGreaterThanOrEqual(400);
    expect(await listing.text()).not.toContain('latest-linux');
    expect((await fetch(`${hq.url}/updates/..%2fsecret.txt`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${hq.url}/updates/%2e%2e/secret.txt`)).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${hq.url}/updates/.env`)).status).toBeGreaterThanOrEqual(400);
  });

  it('is absent when head office was started without --updates', async () => {
    expect((await fetch(`${bare.url}/updates/latest-linux.yml`)).status).toBe(404);
  });
});

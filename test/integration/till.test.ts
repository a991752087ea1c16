import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTill, type Till, type TillWorker } from '../../electron/app/till.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

/** startTill: the one runtime the Electron main process and the web host both start. */
let f: Fixture | null = null;
let till: Till | null = null;
let dir: string | null = null;

afterEach(async () => {
  await till?.stop();
  f?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
  f = till = dir = null;
});

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function fakeSync(): TillWorker & { started: number; stopped: number } {
  const w = {
    started: 0,
    stopped: 0,
    start() {
      w.started++;
    },
    async stop() {
      await new Promise((r) => setTimeout(r, 20));
      w.stopped++;
    },
  };
  return w;
}

describe('startTill', () => {
  it('starts printing, backups and the plugged-in sync worker; the queries see them through the runtime; stop ends all three', async () => {
    f = makeFixture();
    dir = mkdtempSync(join(tmpdir(), 'comptoir-till-'));
    f.app.call(
      'printer.configure',
      { name: 'Demo', transport: { kind: 'virtual' }, profileId: 'epson-tm-t20iii' },
      f.manager,
    );
    const sync = fakeSync();
    let builtFor: unknown = null;
    till = startTill(f.app, {
      printing: { pollMs: 20, statusMs: 20 },
      backups: { dir, settleMs: 10 },
      sync: (app) => {
        builtFor = app;
        return sync;
      },
    });
    expect(builtFor).toBe(f.app);
    expect(sync.started).toBe(1);
    // the print worker answers printer.status (without it: 'the print worker is not running')
    await until(() => f!.app.call('printer.status', {}, f!.manager).state === 'ready');
    expect(f.app.call('printer.status', {}, f.manager).lastError).toBeNull();
    await until(() => readdirSync(dir!).some((n) => n.endsWith('.sqlite')));
    expect(f.app.call('backup.status', {}, f.manager)).toMatchObject({ dir });

    await till.stop();
    expect(sync.stopped).toBe(1);
    expect(f.app.call('backup.status', {}, f.manager)).toBeNull();
    expect(f.app.call('printer.status', {}, f.manager)).toMatchObject({
      state: 'offline',
      lastError: 'the print worker is not running',
    });
    // stop is idempotent: a second call waits for the same shutdown
    await till.stop();
    expect(sync.stopped).toBe(1);
  });

  it('a sync worker that fails to start is logged and the till goes on selling and printing', async () => {
    f = makeFixture();
    const logged: string[] = [];
    till = startTill(f.app, {
      printing: { pollMs: 20 },
      sync: () => {
        throw new Error('no head office configured');
      },
      log: (level, message, err) => logged.push(`${level} ${message} ${(err as Error).message}`),
    });
    expect(logged).toEqual(['error sync worker did not start no head office configured']);
    expect(till.sync).toBeNull();
    expect(till.printing).not.toBeNull();
    expect(till.backups).toBeNull();
  });

  it('printing: false runs no print worker', async () => {
    f = makeFixture();
    till = startTill(f.app, { printing: false });
    expect(till.printing).toBeNull();
    expect(f.app.call('printer.status', {}, f.manager).state).toBe('none');
  });
});

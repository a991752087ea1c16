import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { type HostChild, spawnHost } from '../helpers/host-child.ts';
import { ensureDrawer } from './workload.ts';

/**
 * Durability proven, not assumed: a process kill cannot see a lost fsync (the crash suite passed
 * with synchronous=OFF patched in), because the kernel still holds the written pages. So the web
 * host runs under `strace -f -ttt -y -e trace=fsync,fdatasync` and every checkout acknowledged to
 * the caller must have an fsync/fdatasync of the ledger's -wal between the moment the request
 * left and the moment its reply arrived (requests one at a time, so the windows do not overlap).
 * A power cut loses nothing that was acknowledged. With synchronous=OFF the -wal is never synced
 * and this fails (tried).
 */
let fx: ReturnType<typeof makeFixture>;
let host: HostChild | null = null;

beforeAll(() => {
  fx = makeFixture();
  ensureDrawer({ app: fx.app, token: fx.manager, productIds: [] });
  fx.app.close();
}, 60_000);

afterAll(async () => {
  await host?.stop();
  fx?.cleanup();
});

/** epoch seconds with microseconds, the clock strace's -ttt reads */
const nowS = () => (performance.timeOrigin + performance.now()) / 1000;

describe('every acknowledged command was fsynced first', () => {
  it('20 checkouts over HTTP: each reply comes after an fsync of the ledger -wal made for it', async () => {
    const trace = join(fx.dir, 'strace.txt');
    host = await spawnHost(fx.file, {
      wrap: ['strace', '-f', '-ttt', '-y', '-e', 'trace=fsync,fdatasync', '-o', trace],
      args: ['--backup-dir', join(fx.dir, 'backups')],
    });
    const login = await host.api('auth.login', { userId: fx.managerId, pin: MANAGER_PIN });
    const token = (login.body.result as { token: string }).token;
    // let the start-up backup (its own file, its own syncs) finish first
    await new Promise((r) => setTimeout(r, 1500));
    const windows: { from: number; to: number; seq: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const from = nowS();
      const r = await host.api(
        'sale.checkout',
        {
          lines: [{ productId: fx.products[i % 3]!.id, quantity: 1000 }],
          tenders: [{ method: 'cash', tendered: 100_000 }],
        },
        token,
      );
      const to = nowS();
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      windows.push({ from, to, seq: (r.body.result as { sale: { chain: { seq: number } } }).sale.chain.seq });
    }
    await host.stop();
    host = null;
    const wal = `${fx.file}-wal>`;
    const syncs = readFileSync(trace, 'utf8')
      .split('\n')
      // strace pads the pid to five columns: "9675  1796…" on a machine whose pids are still short
      .map((l) => /^\d+\s+(\d+\.\d+) (fsync|fdatasync)\(\d+<([^>]*>)\) = 0/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && m[3] === wal)
      .map((m) => Number(m[1]));
    const perCommand = windows.map((w) => ({
      seq: w.seq,
      syncs: syncs.filter((t) => t >= w.from && t <= w.to).length,
    }));
    expect(
      perCommand.filter((c) => c.syncs === 0),
      `${syncs.length} -wal syncs in the trace`,
    ).toEqual([]);
  }, 180_000);
});

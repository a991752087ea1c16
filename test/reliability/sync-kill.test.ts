import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/open.ts';
import { syncStatus } from '../../electron/sync/worker.ts';
import { createEnrolCode, createStore } from '../../server/admin.ts';
import { openDatabase } from '../../server/db.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { makeTill, verifyConverged } from '../helpers/sync-harness.ts';
import { BACKENDS, type Backend } from '../server/backends.ts';
import { rng } from './workload.ts';

/**
 * kill -9 during push: the till and head office each run in a process of their own (the real
 * till runtime with its sync worker, test/helpers/sync-kill-till.ts; the real startServer,
 * test/helpers/hq-child.ts), the till selling in small bursts and pushing batches of 5 while the
 * parent SIGKILLs the till, head office or both at random moments, then starts a new process in
 * its place (same ledger file; same port and database). At the end a till drains its journal
 * and the outcome must be the fault proxy's: head office holds every entry once, byte for byte,
 * both chains verify, both sides record the same ack, nothing was refused or alerted, counts and
 * totals are equal.
 *
 * Most of the head-office processes (60 %) kill themselves just before a random SQL statement (see
 * test/helpers/hq-child.ts): a kill from outside rarely lands between two statements of one push.
 *
 * COMPTOIR_SYNC_KILLS sets the number of kills on PostgreSQL (default 30; a fifth of it, at
 * least 6, on PGlite's data folder, whose process start costs more); COMPTOIR_SYNC_KILL_SEED replays a run.
 */
const KILLS = Math.max(1, Number(process.env.COMPTOIR_SYNC_KILLS ?? 30) || 30);
const SEED = Number(process.env.COMPTOIR_SYNC_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TILL = join(process.cwd(), 'test/helpers/sync-kill-till.ts');
const HQ = join(process.cwd(), 'test/helpers/hq-child.ts');
const STORE = 'qc-kill';

const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A child that has loaded its modules and waits for `go` (a replacement is ready when a victim dies). */
class Child {
  readonly proc: ChildProcess;
  readonly loaded: Promise<void>;
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readyWaiter: (() => void) | null = null;
  private killed = false;
  /** the process has ended (killed by us, by itself, or exited) */
  dead = false;
  private err = '';
  /** set when the child died without being killed (or exited non-zero) */
  failure: Error | null = null;

  constructor(
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    private onLine: (line: string) => void = () => {},
  ) {
    this.proc = spawn(
      process.execPath,
      ['--experimental-transform-types', '--no-warnings', script, ...args],
      {
        cwd: process.cwd(),
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    children.add(this.proc);
    let out = '';
    let onLoaded: () => void = () => {};
    this.loaded = new Promise<void>((res) => {
      onLoaded = res;
    });
    this.proc.stdout!.setEncoding('utf8');
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stdout!.on('data', (chunk: string) => {
      out += chunk;
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line === 'loaded') onLoaded();
        else if (line === 'ready') this.readyWaiter?.();
        else this.onLine(line);
      }
    });
    this.proc.stderr!.on('data', (c: string) => {
      this.err += c;
    });
    this.closed = new Promise((res) => {
      this.proc.on('close', (code, signal) => {
        children.delete(this.proc);
        this.dead = true;
        // a head office started with `go N` SIGKILLs itself: that is a kill too, not a failure
        if (!this.killed && code !== 0 && signal !== 'SIGKILL')
          this.failure = new Error(
            `${script} exited on its own (code ${code}, signal ${signal}):\n${this.err}`,
          );
        onLoaded();
        this.readyWaiter?.();
        res({ code, signal });
      });
    });
  }

  /** tell it to start; resolves once it printed `ready` */
  async go(command: string): Promise<void> {
    await this.loaded;
    this.check();
    const ready = new Promise<void>((res) => {
      this.readyWaiter = res;
    });
    this.proc.stdin!.write(`${command}\n`);
    await ready;
    this.check();
  }

  async kill(): Promise<void> {
    this.killed = true;
    this.proc.kill('SIGKILL');
    await this.closed;
  }

  async terminate(): Promise<void> {
    this.killed = true;
    this.proc.kill('SIGTERM');
    await this.closed;
  }

  check(): void {
    if (this.failure) throw this.failure;
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((res) => s.listen(0, '127.0.0.1', res));
  const addr = s.address();
  await new Promise<void>((res) => s.close(() => res()));
  if (!addr || typeof addr !== 'object') throw new Error('no port');
  return addr.port;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms: ${what}`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each(BACKENDS)(
  'kill -9 of the till and of head office during push, on $name',
  (backend: Backend) => {
    const kills = backend.name === 'postgres' ? KILLS : Math.max(6, Math.ceil(KILLS / 5));

    it(`${kills} SIGKILLs (seed ${SEED}): every entry once, chains verified, figures equal`, {
      timeout: Math.max(600_000, kills * 30_000),
    }, async () => {
      const r = rng(SEED + (backend.name === 'postgres' ? 0 : 1));
      // head office's database: PostgreSQL (a fresh database) or a PGlite data folder (survives its process)
      const pgOptions = await backend.options();
      const dataDir = pgOptions.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'comptoir-hq-kill-'));
      if (dataDir) dirs.push(dataDir);
      const dbOptions = { databaseUrl: pgOptions.databaseUrl, dataDir };
      const admin = await openDatabase(dbOptions);
      await createStore(admin.db, 'test', {
        storeId: STORE,
        name: 'Kill',
        currency: 'CAD',
        timeZone: 'America/Toronto',
      });
      const code = (await createEnrolCode(admin.db, 'test', STORE)).code;
      await admin.close(); // PGlite's folder belongs to one process at a time

      const port = await freePort();
      const hqEnv: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: pgOptions.databaseUrl ?? '',
        HQ_DATA: dataDir ?? '',
      };
      const newServer = () => new Child(HQ, [String(port)], hqEnv);
      let server = newServer();
      await server.go('go');
      // 60 % of the head offices started during the run SIGKILL themselves just before a random
      // SQL statement (1-40 after they are ready): every boundary inside a push gets its turn
      const serverGo = () => (r() < 0.6 ? `go ${1 + Math.floor(r() * 40)}` : 'go');

      // the till: a ledger with users and products, enrolled through the real sync.enrol command
      const t = makeTill('Caisse K');
      try {
        t.start();
        await t.enrol(`http://127.0.0.1:${port}`, code);
        await t.stop();
        t.f.app.close();
        const file = t.f.file;
        const tillEnv: NodeJS.ProcessEnv = {
          ...process.env,
          COMPTOIR_CRASH_LOGIN: JSON.stringify({
            userId: t.f.managerId,
            pin: MANAGER_PIN,
            productIds: t.f.products.map((p) => p.id),
          }),
        };
        let seen = { acked: 0, last: 0 };
        let stopped: string | null = null;
        const onTillLine = (line: string) => {
          const m = /^st (\d+) (\d+) (\S+)$/.exec(line);
          if (m) {
            seen = { acked: Number(m[1]), last: Number(m[2]) };
            if (m[3] === 'stopped') stopped = line;
          }
        };
        const newTill = () => new Child(TILL, [file], tillEnv, onTillLine);

        let till = newTill();
        await till.go(`go ${Math.floor(r() * 2 ** 31)} sell`);
        let spareTill = newTill();
        let spareServer = newServer();
        const counts = { till: 0, server: 0, both: 0, serverSelf: 0, withPending: 0, ackMoved: 0 };
        const t0 = Date.now();
        for (let k = 0; k < kills; k++) {
          // a random moment while pushes are going through: after head office acknowledged something
          // new since the last restart (a loaded machine starts processes slowly), then 0-300 ms more
          const ackBefore = seen.acked;
          const end = Date.now() + 30_000;
          while (seen.acked === ackBefore && !server.dead && Date.now() < end) {
            till.check();
            await sleep(5);
          }
          if (!server.dead && seen.acked === ackBefore)
            throw new Error(
              `head office acknowledged nothing for 30 s after kill ${k} (acked ${seen.acked}, the till at ${seen.last})`,
            );
          if (!server.dead) {
            await sleep(Math.floor(r() * 300));
            // a head office that killed itself during the pause counts as that kind of kill, once
            if (!server.dead) counts.ackMoved++;
          }
          till.check();
          server.check();
          expect(stopped, 'head office never stops the till').toBeNull();
          if (seen.last > seen.acked) counts.withPending++;
          let which: 'till' | 'server' | 'both' | 'serverSelf';
          if (server.dead) which = 'serverSelf';
          else {
            const x = r();
            which = x < 0.45 ? 'till' : x < 0.9 ? 'server' : 'both';
          }
          counts[which]++;
          if (which === 'till' || which === 'both') await till.kill();
          if (which === 'server' || which === 'both') await server.kill();
          if (which !== 'till') {
            await server.closed;
            server = spareServer;
            await withTimeout(server.go(serverGo()), 60_000, 'head office restarting');
            spareServer = newServer();
          }
          if (which === 'till' || which === 'both') {
            till = spareTill;
            await withTimeout(till.go(`go ${Math.floor(r() * 2 ** 31)} sell`), 60_000, 'till restarting');
            spareTill = newTill();
          }
        }
        await till.kill();
        // the drain talks to a head office that stays up
        if (!server.dead) await server.kill();
        server = spareServer;
        await withTimeout(server.go('go'), 60_000, 'head office restarting');
        // a till that only pushes, until its whole journal is acknowledged
        await withTimeout(spareTill.go('go 0 drain'), 60_000, 'draining till starting');
        const drained = await withTimeout(
          spareTill.closed,
          300_000,
          `the till draining (${JSON.stringify(seen)})`,
        );
        spareTill.check();
        expect(drained.code).toBe(0);
        await server.terminate();
        server.check();
        const seconds = (Date.now() - t0) / 1000;

        const hq = await openDatabase(dbOptions);
        const ledger = openLedger(file);
        try {
          const shim = {
            name: t.name,
            sqlite: ledger.sqlite,
            deviceId: t.deviceId,
            status: () => syncStatus(ledger.sqlite, new Date()),
          };
          const { till: mine, headOffice } = await verifyConverged(hq, shim, STORE);
          expect(headOffice).toEqual(mine);
          const alerts = (await hq.db.execute('SELECT kind FROM alerts')) as unknown as { rows: unknown[] };
          expect(alerts.rows).toEqual([]);
          console.log(
            `sync-kill on ${backend.name}: ${kills} SIGKILLs (${counts.till} till, ${counts.server} head office, ` +
              `${counts.both} both, ${counts.serverSelf} head office at a random SQL statement; ` +
              `${counts.withPending} with entries pending, ${counts.ackMoved} after the ack moved), ` +
              `${mine.entries} entries, ${seconds.toFixed(1)} s, seed ${SEED}`,
          );
          // the kills landed while the till was pushing, not on an idle pair
          expect(counts.ackMoved + counts.serverSelf).toBe(kills);
          expect(counts.withPending).toBeGreaterThanOrEqual(Math.floor(kills / 2));
        } finally {
          ledger.close();
          await hq.close();
        }
      } finally {
        t.f.cleanup();
        await backend.cleanup();
      }
    });
  },
);

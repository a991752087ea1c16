import { statSync } from 'node:fs';
import { backupTo, listCopies } from '../../db/backup.ts';
import { lastSeq } from '../../db/journal.ts';
import type { BackupStatus, LedgerEvent } from '../../shared/api/types.ts';
import type { App } from './index.ts';

/**
 * Automatic backups of the till's ledger, beside the process that owns it (Electron main or
 * the web host). Until head office holds a copy of every entry, the disk under the till is
 * the only place the day's sales live: a copy goes to a folder (ideally another disk or a
 * USB key) after every Z report and period closing, and every `everyMs` when anything was
 * written since the last copy. Each copy passes quick_check and a full chain verify before it
 * counts (db/backup.ts: a damaged ledger's copy is deleted, never rotated in over good ones); the
 * folder keeps the `keep` copies holding the most journal.
 *
 * It never touches a sale: SQLite's online backup runs in steps between commands, and a
 * failure (disk full, folder gone) is logged and shown to managers (`backup.status`), then
 * retried at the next trigger.
 */
export interface BackupOptions {
  dir: string;
  /** copies kept (default 30: a month of daily Z reports) */
  keep?: number;
  /** copy at least this often when the ledger changed (default 4 h) */
  everyMs?: number;
  /** wait after a Z or closing before copying, so a burst of commands makes one copy (default 2 s) */
  settleMs?: number;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export interface Backups {
  status(): BackupStatus;
  /** copy now (or join the copy under way); resolves to the file, or null when it failed */
  run(): Promise<string | null>;
  stop(): Promise<void>;
}

const TRIGGERS = new Set(['drawer.closed', 'period.closed', 'store.initialized']);

export function startBackups(app: App, opts: BackupOptions): Backups {
  const keep = opts.keep ?? 30;
  const everyMs = opts.everyMs ?? 4 * 3600_000;
  const settleMs = opts.settleMs ?? 2000;
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const status: BackupStatus = {
    dir: opts.dir,
    keep,
    lastAt: null,
    lastFile: null,
    lastSeq: null,
    lastError: null,
    lastErrorAt: null,
    running: null,
  };
  app.env.runtime.backup = status;
  let current: Promise<string | null> | null = null;
  let again = false;
  let stopped = false;
  let settle: ReturnType<typeof setTimeout> | null = null;

  const maxSeq = () => lastSeq(app.env.sqlite);

  async function copyOnce(): Promise<string | null> {
    const seq = maxSeq();
    try {
      status.running = { step: 'copy', done: 0, total: 0 };
      const { file, lastSeq: got } = await backupTo(app.env.sqlite, opts.dir, {
        keep,
        now: now(),
        onProgress: (done, total) => {
          status.running = { step: 'copy', done, total };
        },
        onCheckProgress: (done, total) => {
          status.running = { step: 'check', done, total };
        },
      });
      if (got < seq) throw new Error(`the copy stops at seq ${got}, the ledger was at ${seq}`);
      status.lastAt = now().toISOString();
      status.lastFile = file;
      status.lastSeq = seq;
      status.lastError = null;
      status.lastErrorAt = null;
      log('info', `backup ${file} (journal up to seq ${seq})`);
      return file;
    } catch (e) {
      status.lastError = e instanceof Error ? e.message : String(e);
      status.lastErrorAt = now().toISOString();
      log('error', `backup to ${opts.dir} failed: ${status.lastError}`);
      return null;
    } finally {
      status.running = null;
    }
  }

  function run(): Promise<string | null> {
    if (current) {
      // a copy is under way: make one more after it, so what was just written is in a copy
      again = true;
      return current;
    }
    current = (async () => {
      let file: string | null;
      do {
        again = false;
        file = await copyOnce();
      } while (again && !stopped);
      return file;
    })().finally(() => {
      current = null;
    });
    return current;
  }

  const off = app.subscribe((e: LedgerEvent) => {
    if (stopped || !TRIGGERS.has(e.type)) return;
    if (settle) clearTimeout(settle);
    settle = setTimeout(() => {
      settle = null;
      void run();
    }, settleMs);
  });

  // the periodic copy: only when something was written since the last good one
  const timer = setInterval(
    () => {
      if (!stopped && maxSeq() !== status.lastSeq) void run();
    },
    Math.min(everyMs, 3600_000),
  );
  timer.unref?.();

  // at start: a copy when the newest one in the folder is older than `everyMs` (or none)
  const newest = newestCopy(opts.dir);
  if (newest) {
    status.lastAt = new Date(newest.mtimeMs).toISOString();
    status.lastFile = newest.file;
  }
  if (!newest || now().getTime() - newest.mtimeMs >= everyMs) void run();

  // a manager's 'back up now' (the manager screen): the same copy, answered when it is done
  const unregister = app.registerAsync('backup.run', async () => {
    await run();
    return { ...status };
  });

  return {
    status: () => ({ ...status }),
    run,
    async stop() {
      stopped = true;
      unregister();
      off();
      clearInterval(timer);
      if (settle) clearTimeout(settle);
      await current;
      if (app.env.runtime.backup === status) app.env.runtime.backup = null;
    },
  };
}

/** The copy holding the most journal (not the newest by name or clock). */
function newestCopy(dir: string): { file: string; mtimeMs: number } | null {
  const last = listCopies(dir).at(-1);
  if (!last) return null;
  return { file: last.file, mtimeMs: statSync(last.file).mtimeMs };
}

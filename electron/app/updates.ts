import type { UpdateStatus, UpdateWait } from '../../shared/api/types.ts';
import { currentSession } from '../services/drawer-session.ts';
import { pendingCount, readSyncRow } from '../sync/outbox.ts';
import type { App } from './index.ts';
import type { TillWorker } from './till.ts';

/**
 * Updates of the till app, through head office (or any static host serving electron-builder's
 * generic feed: latest.yml + the installers).
 *
 * The rule (Square's: drain the offline queue before upgrading): a downloaded update installs
 * only when
 * - head office holds every journal entry (the outbox is empty) on an enrolled till — an update
 *   that breaks the sync worker must not strand entries; a standalone till has no outbox;
 * - the cash drawer is closed (after the Z: never in the middle of a clerk's shift);
 * - no manager postponed it (update.postpone, journaled with the version and the end).
 * It is looked for at start and after each Z (drawer.closed), and the gate is looked at again
 * whenever something it depends on changes (a Z, a postponement, head office acknowledging).
 *
 * electron-updater itself is driven through UpdaterPort by electron/main.ts (the only place it
 * can run); everything here runs under plain Node and is tested there.
 */
export interface UpdaterPort {
  setFeedURL(url: string): void;
  /** the newest version the feed offers, or null when it offers none */
  check(): Promise<string | null>;
  download(): Promise<void>;
  /** restarts the app into the new version */
  install(): void;
}

export interface UpdatesOptions {
  /** this app's version (package.json) */
  current: string;
  /** the feed; default: <head office>/updates/ once the till is enrolled, else no updates */
  feedUrl?: string | null;
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
  now?: () => Date;
}

/** What an install waits for, in the order a manager should read them; empty: it may install. */
export function installWaitsFor(s: {
  enrolled: boolean;
  pending: number;
  drawerOpen: boolean;
  postponedUntil: string | null;
  now: Date;
}): UpdateWait[] {
  const waits: UpdateWait[] = [];
  if (s.postponedUntil && Date.parse(s.postponedUntil) > s.now.getTime()) waits.push('postponed');
  if (s.drawerOpen) waits.push('drawer');
  if (s.enrolled && s.pending > 0) waits.push('outbox');
  return waits;
}

/** a > b for dotted numeric versions (1.10.0 > 1.9.3); a pre-release sorts before its release. */
export function newerVersion(a: string, b: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.replace(/^v/, '').split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre ?? null };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.nums.length, y.nums.length); i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  if (x.pre === y.pre) return false;
  if (x.pre === null) return true; // 1.2.0 > 1.2.0-beta
  if (y.pre === null) return false;
  return x.pre > y.pre;
}

/** The newest postponement a manager journaled for this version (update.postponed). */
export function postponedUntil(app: App, version: string | null): string | null {
  if (!version) return null;
  const rows = app.env.sqlite
    .prepare("SELECT payload FROM journal WHERE type = 'update.postponed' ORDER BY seq DESC LIMIT 20")
    .all() as { payload: string }[];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as { version: string; until: string };
    if (p.version === version) return p.until;
  }
  return null;
}

export interface Updates extends TillWorker {
  /** look for an update now (start, after a Z); resolves when the look (and any download) is done */
  check(): Promise<void>;
  status(): UpdateStatus;
}

export function startUpdates(app: App, port: UpdaterPort, opts: UpdatesOptions): Updates {
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? (() => new Date());
  let available: string | null = null;
  let downloaded = false;
  let installing = false;
  let lastCheckAt: string | null = null;
  let lastError: string | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let off: (() => void) | null = null;

  const feedUrl = (): string | null => {
    if (opts.feedUrl !== undefined) return opts.feedUrl;
    const row = readSyncRow(app.env.sqlite);
    return row ? `${row.headOffice.replace(/\/+$/, '')}/updates/` : null;
  };

  function status(): UpdateStatus {
    const row = readSyncRow(app.env.sqlite);
    const until = postponedUntil(app, available);
    return {
      current: opts.current,
      available,
      downloaded,
      waitingFor: available
        ? installWaitsFor({
            enrolled: row !== null,
            pending: pendingCount(app.env.sqlite, row),
            drawerOpen: currentSession(app.env.sqlite) !== undefined,
            postponedUntil: until,
            now: now(),
          })
        : [],
      postponedUntil: until,
      lastCheckAt,
      lastError,
      feedUrl: feedUrl(),
    };
  }

  /** Install when the update is here and nothing holds it back. */
  function maybeInstall(): void {
    if (stopped || installing || !downloaded) return;
    const s = status();
    if (s.waitingFor.length > 0) return;
    installing = true;
    log('info', `installing update ${available} (from ${opts.current})`);
    try {
      port.install();
    } catch (e) {
      installing = false;
      lastError = e instanceof Error ? e.message : String(e);
      log('error', 'update install failed', e);
    }
  }

  function check(): Promise<void> {
    running ??= (async () => {
      const url = feedUrl();
      if (!url || stopped) return;
      try {
        port.setFeedURL(url);
        const v = await port.check();
        lastCheckAt = now().toISOString();
        lastError = null;
        if (v && newerVersion(v, opts.current)) {
          if (v !== available) downloaded = false;
          available = v;
          if (!downloaded) {
            await port.download();
            downloaded = true;
            log('info', `update ${v} downloaded`);
          }
        }
      } catch (e) {
        // no update server, no network: the till keeps selling on the version it has
        lastCheckAt = now().toISOString();
        lastError = e instanceof Error ? e.message : String(e);
        log('warn', 'update check failed', e);
      } finally {
        running = null;
      }
      maybeInstall();
    })();
    return running;
  }

  return {
    start() {
      // update.status reads it (the manager's card)
      app.env.runtime.update = status;
      off = app.subscribe((e) => {
        if (e.type === 'drawer.closed')
          void check(); // after each Z
        else if (e.type === 'update.postponed' || e.type === 'sync.status') maybeInstall();
      });
      void check();
    },
    async stop() {
      stopped = true;
      off?.();
      if (app.env.runtime.update === status) app.env.runtime.update = null;
      await running;
    },
    check,
    status,
  };
}

import type Database from 'better-sqlite3';
import {
  countHeld,
  countJobs,
  DEFAULT_JOB_RETENTION_DAYS,
  holdCutoff,
  type JobRow,
  nextPrintable,
  offlineSince,
  prunePrintJobs,
  readPrinterConfig,
} from '../../db/print-queue.ts';
import { run, type WritableDB } from '../../db/sql.ts';
import type {
  LedgerEvent,
  PrinterConfig,
  PrinterState,
  PrinterStatus,
  PrinterTransport,
} from '../../shared/api/types.ts';
import type { PrintDocument } from '../../shared/ledger/print-jobs.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { RenderError, renderDocument } from './layouts.ts';
import { type PrinterProfile, profileOrDefault, setProfilesDir } from './profiles.ts';
import { canPrint, type ParsedStatus, parseStatus } from './status.ts';
import { openTransport, type Transport, VirtualTransport } from './transports.ts';
import type { VirtualPrinter } from './virtual.ts';

/**
 * The print worker: works the print_jobs queue after commit.
 *
 * - Woken by every ledger event (after commit, deferred with setImmediate so the command returns
 *   first) and by a poll, it takes the OLDEST pending job (FIFO: receipts come out in order),
 *   renders it, reads the printer's status (DLE EOT 1/2/4, with a timeout), and only then —
 *   right before the first byte — marks it 'printing' (a small commit of its own). Once the
 *   printer has taken every byte it is marked 'done'; on failure it goes back to 'pending' with
 *   an exponential backoff + jitter. A printer out of paper or with its cover open is sent nothing.
 * - Delivery is AT-MOST-ONCE per claim. A job still 'pending' at a crash (committed, not yet
 *   sent) is printed exactly once after the restart. A job found 'printing' at start-up may or
 *   may not have reached the paper: it is marked 'failed' ("interrupted") and NOT re-sent on its
 *   own — a second original receipt (or a second drawer opening) is worse than a manager
 *   retrying it from the queue or a clerk printing a numbered DUPLICATA.
 * - "Taken every byte": over TCP the printer answers DLE EOT queries sent after the job (it can
 *   only read them after the job's bytes); other transports report the write as complete.
 * - A printer that is off never blocks or rolls back a sale: the commit only wrote a row.
 */
export interface PrintWorkerOptions {
  /** safety-net poll for due jobs (ms); events wake the worker immediately */
  pollMs?: number;
  /** status polling period when idle (ms) */
  statusMs?: number;
  statusTimeoutMs?: number;
  sendTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** the worker's clock (backoff, printed_at, drawer timer); the real clock by default */
  now?: () => Date;
  random?: () => number;
  profilesDir?: string;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** replace the transport factory (tests) */
  transport?: (t: PrinterTransport) => Transport;
  onStatus?: (s: PrinterStatus) => void;
}

export interface WorkerHost {
  /** the print worker writes its own queue's status rows */
  /** `now`: the ledger's clock, which says what the current business day is (the hold age) */
  env: { sqlite: WritableDB; store: StoreSettings; now(): Date };
  subscribe(fn: (e: LedgerEvent) => void): () => void;
  /**
   * A job's document, read from the ledger now (services/print-documents.ts, wired by app/:
   * hardware/ never imports services/). Throws when the job cannot be laid out.
   */
  printDocument(row: Pick<JobRow, 'kind' | 'payload' | 'created_at'>): PrintDocument;
}

interface Live {
  state: PrinterState;
  drawerOpen: boolean | null;
  drawerOpenSince: string | null;
  lastError: string | null;
  checkedAt: string | null;
}

const PRUNE_EVERY_MS = 3_600_000;

class NotReady extends Error {}
class Withdrawn extends Error {}

/** ESC/POS bytes of a job: its document (resolved from the ledger by the host) on this profile. */
export function renderJobRow(
  host: Pick<WorkerHost, 'env' | 'printDocument'>,
  row: Pick<JobRow, 'kind' | 'payload' | 'kick_drawer' | 'created_at'>,
  profile: PrinterProfile,
): Buffer {
  return renderDocument(host.printDocument(row), {
    store: host.env.store,
    profile,
    kickDrawer: row.kick_drawer === 1,
    offlineSince: offlineSince(host.env.sqlite, row.created_at),
  });
}

export class PrintWorker {
  private readonly o: Required<Omit<PrintWorkerOptions, 'profilesDir' | 'onStatus' | 'transport'>> &
    Pick<PrintWorkerOptions, 'onStatus' | 'transport'>;
  private config: PrinterConfig | null = null;
  private profile: PrinterProfile | null = null;
  private transport: Transport | null = null;
  private live: Live = {
    state: 'none',
    drawerOpen: null,
    drawerOpenSince: null,
    lastError: null,
    checkedAt: null,
  };
  private unsubscribe: (() => void) | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private dueTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastEmitted = '';
  private prunedAt = 0;

  constructor(
    private readonly host: WorkerHost,
    opts: PrintWorkerOptions = {},
  ) {
    if (opts.profilesDir) setProfilesDir(opts.profilesDir);
    this.o = {
      pollMs: opts.pollMs ?? 1000,
      statusMs: opts.statusMs ?? 3000,
      statusTimeoutMs: opts.statusTimeoutMs ?? 800,
      sendTimeoutMs: opts.sendTimeoutMs ?? 15_000,
      backoffBaseMs: opts.backoffBaseMs ?? 500,
      backoffMaxMs: opts.backoffMaxMs ?? 30_000,
      now: opts.now ?? (() => new Date()),
      random: opts.random ?? Math.random,
      log: opts.log ?? (() => undefined),
      transport: opts.transport,
      onStatus: opts.onStatus,
    };
  }

  private get sqlite() {
    return this.host.env.sqlite;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    // A job left 'printing' by a crash may have printed: never re-send it by itself.
    const r = run(
      this.sqlite,
      "UPDATE print_jobs SET status = 'failed', last_error = ? WHERE status = 'printing'",
      'interrupted while printing (app stopped); it may have printed — retry or reprint by hand',
    );
    if (r.changes)
      this.o.log('warn', `${r.changes} print job(s) were interrupted by a stop and marked failed`);
    this.loadConfig();
    // ledger listeners run inside app.call: defer the work so the commit returns at once
    this.unsubscribe = this.host.subscribe((e) => {
      setImmediate(() => {
        if (e.type === 'printer.configured') this.loadConfig();
        this.kick();
      });
    });
    this.prune();
    this.pollTimer = setInterval(() => {
      this.prune();
      this.kick();
    }, this.o.pollMs);
    this.pollTimer.unref();
    this.scheduleStatus(0);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const t of [this.pollTimer, this.dueTimer, this.statusTimer]) if (t) clearTimeout(t);
    this.pollTimer = this.dueTimer = this.statusTimer = null;
    await this.running;
  }

  get virtualPrinter(): VirtualPrinter | null {
    return this.transport instanceof VirtualTransport ? this.transport.printer : null;
  }

  get currentProfile(): PrinterProfile | null {
    return this.profile;
  }

  private loadConfig(): void {
    this.config = readPrinterConfig(this.sqlite);
    if (!this.config) {
      this.profile = null;
      this.transport = null;
      this.setLive({ state: 'none', drawerOpen: null, drawerOpenSince: null, lastError: null });
      return;
    }
    this.profile = profileOrDefault(this.config.profileId);
    this.transport = (this.o.transport ?? openTransport)(this.config.transport);
    this.setLive({
      state:
        this.transport.kind === 'virtual'
          ? 'ready'
          : this.live.state === 'none'
            ? 'offline'
            : this.live.state,
    });
    this.o.log(
      'info',
      `printer: ${this.config.name} via ${this.transport.describe}, profile ${this.profile.id}`,
    );
  }

  /** Wake the worker (after a commit, a retry, the printer coming back). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((e: unknown) => {
        // e.g. the ledger was closed under us; the next kick tries again
        this.o.log('error', `print worker: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running = null;
      });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      while (!this.stopped && (await this.step())) {
        // next job
      }
    } while (this.again && !this.stopped);
  }

  /** Print the oldest due job; false when there is nothing (due) to do. */
  private async step(): Promise<boolean> {
    const transport = this.transport;
    const profile = this.profile;
    if (!transport || !profile) return false;
    // jobs older than the hold age wait for a manager's choice (printer screen, print.releaseHeld)
    const job = nextPrintable(this.sqlite, this.cutoff());
    if (!job) return false;
    const now = this.o.now();
    if (job.next_attempt_at && Date.parse(job.next_attempt_at) > now.getTime()) {
      this.scheduleDue(Date.parse(job.next_attempt_at) - now.getTime());
      return false;
    }
    let bytes: Buffer;
    try {
      bytes = renderJobRow(this.host, job, profile);
    } catch (e) {
      const msg = e instanceof RenderError ? e.message : `cannot lay out: ${(e as Error).message}`;
      this.book("UPDATE print_jobs SET status = 'failed', last_error = ? WHERE id = ?", msg, job.id);
      this.o.log('error', `print job ${job.id} (${job.kind}): ${msg}`);
      return true;
    }
    let claimed = false;
    try {
      const after = await transport.send(bytes, {
        timeoutMs: this.o.sendTimeoutMs,
        statusQueries: profile.statusQueries,
        precheck: (b) => {
          const st = parseStatus(b, profile);
          this.applyStatus(st);
          if (!canPrint(st.state)) throw new NotReady(`printer not ready: ${st.state}`);
        },
        // the job becomes 'printing' only now, right before its first byte is written
        claim: () => {
          const r = this.book(
            "UPDATE print_jobs SET status = 'printing' WHERE id = ? AND status = 'pending'",
            job.id,
          );
          if (r.changes !== 1) throw new Withdrawn('job withdrawn before printing');
          claimed = true;
        },
      });
      this.book(
        "UPDATE print_jobs SET status = 'done', attempts = attempts + 1, printed_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?",
        this.o.now().toISOString(),
        job.id,
      );
      if (after) this.applyStatus(parseStatus(after, profile));
      else this.setLive({ state: 'ready', lastError: null, checkedAt: this.o.now().toISOString() });
      return true;
    } catch (e) {
      if (e instanceof Withdrawn) return true;
      const msg = (e as Error).message;
      const delay = this.backoff(job.attempts + 1);
      const next = new Date(this.o.now().getTime() + delay).toISOString();
      // back to pending (a manager may have cancelled it meanwhile: then leave it alone)
      this.book(
        `UPDATE print_jobs SET status = 'pending', attempts = attempts + 1, next_attempt_at = ?, last_error = ?
         WHERE id = ? AND status IN ('pending', 'printing')`,
        next,
        msg,
        job.id,
      );
      if (e instanceof NotReady) this.setLive({ lastError: msg });
      else this.setLive({ state: 'offline', lastError: msg, checkedAt: this.o.now().toISOString() });
      this.o.log(
        'warn',
        `print job ${job.id} (${job.kind}) attempt ${job.attempts + 1}${claimed ? ' (partly sent)' : ''}: ${msg}; retry in ${delay} ms`,
      );
      this.scheduleDue(delay);
      return false;
    }
  }

  /**
   * A job-status write. The ledger runs synchronous=FULL (an fsync per commit, ~ms to tens of
   * ms on a busy disk); these bookkeeping rows use synchronous=NORMAL for their own commit:
   * in WAL mode that survives a crash of the app (kill -9: the write is in the OS), only a
   * power cut may lose it — then a claimed job reads 'pending' again and may print twice,
   * the one case where delivery is at-least-once. The next FULL commit makes it durable.
   */
  private book(sql: string, ...params: unknown[]) {
    return this.bookWith(() => run(this.sqlite, sql, ...params));
  }

  private bookWith<T>(fn: () => T): T {
    const db = this.sqlite;
    const prev = db.pragma('synchronous', { simple: true }) as number;
    db.pragma('synchronous = NORMAL');
    try {
      return fn();
    } finally {
      db.pragma(`synchronous = ${prev}`);
    }
  }

  /**
   * Done and cancelled jobs older than the retention period (printer config, 30 days by
   * default) are deleted: at start, then at most once an hour. A job only references what it
   * printed, so this loses nothing a reprint needs, and the journal is never touched.
   */
  prune(): number {
    const now = this.o.now().getTime();
    if (now - this.prunedAt < PRUNE_EVERY_MS) return 0;
    this.prunedAt = now;
    const days = this.config?.jobRetentionDays ?? DEFAULT_JOB_RETENTION_DAYS;
    const before = new Date(now - days * 86_400_000).toISOString();
    const n = this.bookWith(() => prunePrintJobs(this.sqlite, before));
    if (n) this.o.log('info', `pruned ${n} print job(s) done before ${before}`);
    return n;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  private backoff(attempt: number): number {
    const cap = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(20, attempt - 1));
    return Math.round(cap / 2 + this.o.random() * (cap / 2));
  }

  private scheduleDue(ms: number): void {
    if (this.stopped) return;
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = setTimeout(() => {
      this.dueTimer = null;
      this.kick();
    }, ms);
    this.dueTimer.unref();
  }

  private scheduleStatus(ms: number): void {
    if (this.stopped) return;
    this.statusTimer = setTimeout(() => {
      void this.pollStatus().finally(() => this.scheduleStatus(this.o.statusMs));
    }, ms);
    this.statusTimer.unref();
  }

  /** DLE EOT 1/2/4 while idle; a printer that comes back gets its waiting jobs at once. */
  async pollStatus(): Promise<void> {
    const transport = this.transport;
    const profile = this.profile;
    if (!transport || !profile || this.running || this.stopped) {
      this.emit();
      return;
    }
    if (!profile.statusQueries || transport.kind !== 'tcp') {
      this.emit();
      return;
    }
    const was = this.live.state;
    try {
      const b = await transport.status(this.o.statusTimeoutMs);
      if (b) this.applyStatus(parseStatus(b, profile));
    } catch (e) {
      this.setLive({
        state: 'offline',
        lastError: (e as Error).message,
        checkedAt: this.o.now().toISOString(),
      });
    }
    if (!canPrint(was) && canPrint(this.live.state)) {
      this.book("UPDATE print_jobs SET next_attempt_at = NULL WHERE status = 'pending'");
      this.kick();
    }
  }

  private applyStatus(st: ParsedStatus): void {
    const nowIso = this.o.now().toISOString();
    let since = this.live.drawerOpenSince;
    if (st.drawerOpen === true && !since) since = nowIso;
    if (st.drawerOpen !== true) since = null;
    this.setLive({
      state: st.state,
      drawerOpen: st.drawerOpen,
      drawerOpenSince: since,
      lastError: canPrint(st.state) ? null : `printer reports ${st.state}`,
      checkedAt: nowIso,
    });
  }

  private setLive(p: Partial<Live>): void {
    this.live = { ...this.live, ...p };
    this.emit();
  }

  private emit(): void {
    if (!this.o.onStatus) return;
    const s = this.status();
    const key = JSON.stringify({ ...s, checkedAt: null });
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    try {
      this.o.onStatus(s);
    } catch {
      // a listener's failure never stops printing
    }
  }

  private cutoff(): string {
    return holdCutoff(this.host.env.store, this.config, this.host.env.now());
  }

  status(): PrinterStatus {
    const c = countJobs(this.sqlite);
    const heldBefore = this.config ? this.cutoff() : null;
    const warnMs = (this.config?.drawerWarnSeconds ?? 60) * 1000;
    const since = this.live.drawerOpenSince;
    return {
      state: this.config ? this.live.state : 'none',
      drawerOpen: this.live.drawerOpen,
      drawerOpenSince: since,
      drawerWarning: since !== null && this.o.now().getTime() - Date.parse(since) > warnMs,
      pendingJobs: c.pending,
      failedJobs: c.failed,
      heldJobs: heldBefore ? countHeld(this.sqlite, heldBefore) : 0,
      heldBefore,
      name: this.config?.name ?? null,
      profileId: this.profile?.id ?? null,
      lastError: this.live.lastError,
      checkedAt: this.live.checkedAt,
    };
  }
}

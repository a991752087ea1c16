import { appendEntry, type JournalRow } from '../../db/journal.ts';
import { type ReadableDB, run, type WritableDB } from '../../db/sql.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { BackupStatus, IntegrityStatus, SyncStatus, UpdateStatus } from '../../shared/api/types.ts';
import { businessDate } from '../../shared/business-date.ts';
import { CommandError } from '../../shared/errors.ts';
import type { Entry, EntryType } from '../../shared/ledger/entries.ts';
import { type PrintJob, type PrintJobKind, printJobRef } from '../../shared/ledger/print-jobs.ts';
import { type Role, roleAtLeast } from '../../shared/roles.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { JURISDICTIONS, type Jurisdiction } from '../../shared/tax.ts';
import { ulidFactory } from './ids.ts';
import { type ClockSkew, LedgerClock } from './ledger-clock.ts';
import { NO_PRINTER_DRIVER, type PrinterDriver, type PrinterRuntime } from './printer-port.ts';
import { Sessions } from './sessions.ts';

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

/** Who calls a query: the session's user (null on the login screen) and its token. */
export interface Caller {
  actor: Actor | null;
  token: string | null;
}

/** A manager whose PIN was checked before the transaction began. */
export interface VerifiedApproval {
  manager: Actor;
  reason: string;
}

/** The till's signing key (electron/app/device-secrets.ts; the private half never leaves it). */
export interface Signer {
  publicKeyPem: string;
  fingerprint: string;
  sign(data: string | Uint8Array): string;
}

export interface Env {
  /** the writer connection: only a command's transaction writes through it */
  sqlite: WritableDB;
  deviceId: string;
  store: StoreSettings;
  jurisdiction: Jurisdiction;
  /** the wall clock: what people read (journal stamps go through `clock`) */
  now: () => Date;
  /** monotonic milliseconds: lockouts, sessions, rate limits (never the wall clock) */
  elapsed: () => number;
  /** stamps journal entries: never before the previous one (ledger-clock.ts) */
  clock: LedgerClock;
  /** user id → end of their PIN lockout on the elapsed clock (auth.ts) */
  lockouts: Map<string, number>;
  /** elapsed times of this till's recent wrong PINs, all users together (auth.ts) */
  pinFailures: number[];
  newId: () => string;
  /** signs closings (and sync pushes) */
  signer: Signer;
  /** who is logged in at this till (in memory: a restart logs everyone out) */
  sessions: Sessions;
  /** the printer hardware the printing service renders and checks profiles with (wired by app/) */
  printers: PrinterDriver;
  /**
   * What the workers running around the ledger report about themselves, read by queries: the
   * automatic backups and the print worker set their entry while they run (startTill).
   */
  runtime: TillRuntime;
  /** the data folder beside the ledger where product photos are kept (null for an in-memory ledger) */
  photosDir: string | null;
}

/**
 * What a query gets: the same environment with a read-only handle (a query that writes does not
 * compile, and the dispatcher runs it under PRAGMA query_only, so SQLite refuses it too).
 */
export type ReadEnv = Omit<Env, 'sqlite'> & { readonly sqlite: ReadableDB };

export interface TillRuntime {
  backup: BackupStatus | null;
  /** the start-up check of every page and entry (startTill's integrity worker) */
  integrity: IntegrityStatus | null;
  printer: PrinterRuntime | null;
  /** the head-office sync worker's status (startTill's sync) */
  sync: (() => SyncStatus) | null;
  /** the app updater's status (Electron main only: startTill's updates) */
  update: (() => UpdateStatus) | null;
}

export function makeEnv(
  sqlite: WritableDB,
  deviceId: string,
  store: StoreSettings,
  now: () => Date,
  signer: Signer,
  printers: PrinterDriver = NO_PRINTER_DRIVER,
  elapsed: () => number = () => performance.now(),
): Env {
  const ulid = ulidFactory();
  const last = sqlite.prepare('SELECT at FROM journal ORDER BY seq DESC LIMIT 1').get() as
    | { at: string }
    | undefined;
  return {
    sqlite,
    deviceId,
    store,
    jurisdiction: JURISDICTIONS[store.jurisdiction],
    now,
    elapsed,
    clock: new LedgerClock(now, elapsed, last ? Date.parse(last.at) : null),
    lockouts: new Map(),
    pinFailures: [],
    newId: () => ulid(now().getTime()),
    signer,
    printers,
    sessions: new Sessions(elapsed, now),
    runtime: { backup: null, integrity: null, printer: null, sync: null, update: null },
    photosDir: null,
  };
}

/**
 * Append a journal entry and the outbox row that carries it to head office — every entry has
 * one. Call inside the writing transaction.
 */
export function journalEntry<K extends EntryType>(
  env: Env,
  at: string,
  actor: string,
  type: K,
  payload: Entry<K>,
): JournalRow {
  const row = appendEntry(env.sqlite, { id: env.newId(), deviceId: env.deviceId, at, actor, type, payload });
  run(
    env.sqlite,
    'INSERT INTO outbox (seq, topic, payload, created_at) VALUES (?, ?, NULL, ?)',
    row.seq,
    'journal',
    at,
  );
  return row;
}

/**
 * Stamp a write that is about to happen (a command, a rejected PIN): the time its entries carry,
 * and, when the wall clock was just found set back, the `clock.wentBack` entry to write first in
 * the same transaction — call `write` inside it; `committed` after commit.
 */
export function stampWrite(env: Env): {
  at: Date;
  write(actor: string): JournalRow | null;
  committed(): void;
} {
  const { at, wentBack } = env.clock.stamp();
  return {
    at,
    write: (actor) =>
      wentBack ? journalEntry(env, at.toISOString(), actor, 'clock.wentBack', wentBack) : null,
    committed: () => {
      if (wentBack) env.clock.recorded(wentBack);
    },
  };
}

export type { ClockSkew };

/**
 * What a command handler gets: the environment, the actor, and the only ways to write
 * side effects — all inside the command's transaction.
 */
export class CommandContext {
  readonly at: Date;
  readonly atIso: string;
  readonly entries: JournalRow[] = [];
  /** entries the till wrote around the command's own (clock.wentBack), never counted as its entry */
  readonly tillEntries: JournalRow[] = [];
  private readonly stamp: ReturnType<typeof stampWrite>;
  private prints: string[] = [];
  private readonly committed: (() => void)[] = [];

  constructor(
    readonly env: Env,
    readonly op: string,
    readonly actor: Actor,
    readonly approval: VerifiedApproval | null,
    /** the caller's session token (logout ends that session); null on the login screen */
    readonly token: string | null = null,
  ) {
    this.stamp = stampWrite(env);
    this.at = this.stamp.at;
    this.atIso = this.at.toISOString();
    this.afterCommit(this.stamp.committed);
  }

  get sqlite() {
    return this.env.sqlite;
  }
  get store() {
    return this.env.store;
  }
  newId(): string {
    return this.env.newId();
  }
  businessDate(): string {
    return businessDate(this.at, this.env.store.timeZone, this.env.store.closingHour);
  }

  /**
   * Append the command's journal entry and its outbox row. Returns the chained row. The payload
   * is typed by the entry's schema (shared/ledger/entries.ts) at compile time; it is not parsed
   * here, on every commit — tests, `ledger verify --deep` and head office parse it.
   */
  record<K extends EntryType>(type: K, payload: Entry<K>): JournalRow {
    if (this.entries.length === 0) {
      const skew = this.stamp.write(this.actor.id);
      if (skew) this.tillEntries.push(skew);
    }
    const row = journalEntry(this.env, this.atIso, this.actor.id, type, payload);
    this.entries.push(row);
    return row;
  }

  /** Queue a message for head office beside the journal push (e-mail to a customer, card refund…). */
  enqueue(topic: string, payload: Record<string, unknown>): void {
    run(
      this.env.sqlite,
      'INSERT INTO outbox (seq, topic, payload, created_at) VALUES (NULL, ?, ?, ?)',
      topic,
      JSON.stringify(payload),
      this.atIso,
    );
  }

  /**
   * Queue a print job (printed after commit by the print worker). The payload references what
   * it prints (shared/ledger/print-jobs.ts, typed per kind); the job is laid out from the ledger
   * when it prints, and filed under the id its kind names (ref_id).
   */
  print<K extends PrintJobKind>(kind: K, payload: PrintJob<K>, kickDrawer = false): string {
    const id = this.env.newId();
    run(
      this.env.sqlite,
      'INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0)',
      id,
      this.atIso,
      kind,
      printJobRef(kind, payload),
      JSON.stringify(payload),
      kickDrawer ? 1 : 0,
      'pending',
    );
    this.prints.push(id);
    return id;
  }

  get printJobIds(): readonly string[] {
    return this.prints;
  }

  /**
   * Run `fn` once the command's transaction has committed (never if it rolls back): the
   * in-memory state that must follow the ledger — a session opened by a login, the store a
   * setup wrote, a renamed user's open sessions. Hooks run in order, before the ledger event
   * reaches subscribers; they must not throw or do I/O (workers do that, woken by the event).
   */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** Called by the dispatcher after commit. */
  runAfterCommit(): void {
    for (const fn of this.committed.splice(0)) fn();
  }

  /**
   * Demand a manager's approval when `needed`. A manager (or admin) acting themselves is
   * approved by their own login. Every approval is recorded with who, why and for what.
   */
  requireApproval(
    needed: boolean,
    why: string,
    refId: string | null,
  ): { managerId: string; reason: string } | null {
    if (!needed) return null;
    let manager: Actor;
    let reason: string;
    if (this.approval) {
      manager = this.approval.manager;
      reason = this.approval.reason;
    } else if (roleAtLeast(this.actor.role, 'manager')) {
      manager = this.actor;
      reason = why;
    } else {
      throw new CommandError('APPROVAL_REQUIRED', `a manager must approve: ${why}`, { details: { why } });
    }
    run(
      this.env.sqlite,
      'INSERT INTO approvals (id, command, manager_id, requested_by, reason, ref_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      this.env.newId(),
      this.op,
      manager.id,
      this.actor.id,
      reason,
      refId,
      this.atIso,
    );
    return { managerId: manager.id, reason };
  }
}

export type { Approval };

import { type Ledger, openLedger } from '../../db/open.ts';
import { all, readOnly } from '../../db/sql.ts';
import {
  type Contract,
  contract,
  type OpInput,
  type OpName,
  type OpOutput,
} from '../../shared/api/contract.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';
import { parseInput } from '../../shared/api/validate.ts';
import { CommandError } from '../../shared/errors.ts';
import { roleAtLeast } from '../../shared/roles.ts';
import { type StoreSettings, unsetStore } from '../../shared/store-settings.ts';
import { verifyApproval } from '../services/auth.ts';
import {
  type Actor,
  type Caller,
  CommandContext,
  type Env,
  makeEnv,
  type ReadEnv,
  type VerifiedApproval,
} from '../services/context.ts';
import {
  type DeviceSecrets,
  defaultSecretsDir,
  loadDeviceSecrets,
  type SecretBox,
} from './device-secrets.ts';
import { commandHandlers, loginScreenActors, queryHandlers } from './handlers.ts';
import { photosDirOf, setPhotoCommand } from './photos.ts';
import { printerDriver } from './printer-driver.ts';
import { deviceId, readStore, writeStore } from './setup.ts';

/**
 * The composition root, shared by the Electron main process and the web host.
 *
 *   call(op, input, token) =
 *     1. parse input with the contract's zod schema  → VALIDATION (nothing written)
 *     2. authenticate + authorise in this process      → UNAUTHENTICATED / FORBIDDEN
 *     3. verify a manager approval PIN if one is attached
 *     4. commands: one better-sqlite3 transaction = rows + one journal entry + outbox + print jobs
 *     5. after commit: the command's afterCommit hooks (sessions, the store), then notify
 *        subscribers (renderer events, print worker, sync)
 * `call` is synchronous (better-sqlite3 is); transports wrap it.
 */
export interface AppOptions {
  file: string;
  now?: () => Date;
  /** monotonic milliseconds for lockouts and sessions (performance.now; tests move it) */
  elapsed?: () => number;
  /** used only when the ledger is new */
  store?: StoreSettings;
  /**
   * The till's signing key and PIN pepper (outside the ledger): loaded secrets, a SecretBox
   * (Electron's safeStorage), or a folder for a 0600 file. Default: `<ledger>.secrets/`.
   */
  secrets?: DeviceSecrets | SecretBox | string;
}

/**
 * A command that must wait on something outside the ledger before it writes (enrolment asks
 * head office for a token). It is parsed and authorised like every command, does its I/O with no
 * transaction open, then writes through `commit` — one transaction, one journal entry.
 */
export type AsyncCommand = (
  input: unknown,
  actor: Actor,
  commit: <T>(fn: (ctx: CommandContext) => T) => T,
) => Promise<unknown>;

export interface App {
  readonly env: Env;
  readonly ledger: Ledger;
  /** the till's signing key (public half, fingerprint, sign) and PIN pepper */
  readonly secrets: DeviceSecrets;
  /** synchronous for every operation, except those a runtime registered with `registerAsync` (a Promise) */
  call<K extends OpName>(op: K, input: OpInput<K>, token?: string): OpOutput<K>;
  /** like call, but the input is untrusted (from a transport) */
  callUntyped(op: string, input: unknown, token?: string): unknown;
  /** the runtime (sync) provides the operations that wait on the network */
  registerAsync(op: OpName, fn: AsyncCommand): () => void;
  subscribe(fn: (e: LedgerEvent) => void): () => void;
  /** the ledger events after `seq`, oldest first, at most 1,000 (a reconnecting event stream catches up) */
  eventsSince(seq: number): LedgerEvent[];
  /** tell subscribers about something that is not a journal entry (the sync status changed) */
  emit(e: LedgerEvent): void;
  /**
   * A command of the till's own runtime, not of a user (a page of head office's change feed):
   * the same single transaction and single journal entry, the actor SYSTEM_ACTORS[op].
   */
  system<T>(op: keyof typeof SYSTEM_ACTORS, fn: (ctx: CommandContext) => T): T;
  close(): void;
}

function secretsOf(opts: AppOptions): DeviceSecrets {
  const s = opts.secrets ?? defaultSecretsDir(opts.file);
  if (typeof s === 'string' || 'read' in s) return loadDeviceSecrets(s);
  return s;
}

/** who the runtime's own commands are journaled as */
export const SYSTEM_ACTORS = {
  'feed.apply': { id: 'head-office', name: 'Head office', role: 'admin' },
} as const satisfies Record<string, Actor>;

/** operations whose handler a runtime registers (they answer INVALID_STATE without one) */
const ASYNC_OPS: ReadonlySet<OpName> = new Set<OpName>(['sync.enrol', 'product.setPhoto', 'backup.run']);

export function createApp(opts: AppOptions): App {
  const secrets = secretsOf(opts);
  const ledger = openLedger(opts.file);
  const { sqlite } = ledger;
  const now = opts.now ?? (() => new Date());
  let store = readStore(sqlite);
  const device = sqlite.transaction(() => {
    if (!store) {
      // a new ledger: the given store (demo seed, tests), else none until setup names it
      store = opts.store ?? unsetStore();
      writeStore(sqlite, store);
    }
    return deviceId(sqlite);
  })();
  const env = makeEnv(sqlite, device, store!, now, secrets, printerDriver, opts.elapsed);
  const { sessions } = env;
  // the same object seen through the read-only handle type (queries; env.store stays live)
  const readEnv = env as unknown as ReadEnv;
  const listeners = new Set<(e: LedgerEvent) => void>();
  const asyncOps = new Map<OpName, AsyncCommand>();
  // photos are made by sharp (asynchronous) beside the ledger, then recorded by one command
  env.photosDir = photosDirOf(opts.file);
  asyncOps.set('product.setPhoto', setPhotoCommand(env));

  function deliver(ev: LedgerEvent): void {
    for (const fn of listeners) {
      try {
        fn(ev);
      } catch {
        // a listener's failure (a closed window, a printer) never reaches the command
      }
    }
  }

  function notify(entries: CommandContext['entries']): void {
    for (const e of entries) deliver({ seq: e.seq, type: e.type, at: e.at });
  }

  // one transaction wrapper for every command (better-sqlite3 builds a new one per call otherwise).
  // BEGIN IMMEDIATE: the write lock is taken (waiting up to busy_timeout) before the command reads
  // anything, so it never has to upgrade a read snapshot that another connection's commit made
  // stale — a deferred transaction fails that upgrade at once with SQLITE_BUSY, whatever the timeout
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn()).immediate as <T>(fn: () => T) => T;

  function runCommand<T>(
    op: string,
    actor: Actor,
    approval: VerifiedApproval | null,
    token: string | null,
    fn: (ctx: CommandContext) => T,
  ): T {
    const ctx = new CommandContext(env, op, actor, approval, token);
    const result = inTransaction(() => {
      const out = fn(ctx);
      if (ctx.entries.length !== 1) {
        throw new CommandError(
          'INTERNAL',
          `${op} wrote ${ctx.entries.length} journal entries instead of one`,
        );
      }
      return out;
    });
    ctx.runAfterCommit();
    notify([...ctx.tillEntries, ...ctx.entries]);
    return result;
  }

  function dispatch(op: OpName, raw: unknown, token?: string): unknown {
    const def = contract[op] as Contract[OpName];
    if (!def) throw new CommandError('NOT_FOUND', `unknown operation ${op}`);
    const input = parseInput(op, raw) as Record<string, unknown>;
    const session = sessions.get(token);
    // role null: open to the login screen; otherwise a session with at least that role
    if (def.role !== null) {
      if (!session) throw new CommandError('UNAUTHENTICATED', 'log in first');
      if (!roleAtLeast(session.role, def.role)) {
        throw new CommandError('FORBIDDEN', `${op} needs the ${def.role} role`, {
          details: { required: def.role },
        });
      }
    }
    if (ASYNC_OPS.has(op)) {
      // an operation that waits on the network (sync.enrol): the runtime that provides it runs its command
      const fn = asyncOps.get(op);
      if (!fn) throw new CommandError('INVALID_STATE', `${op} is not available in this process`);
      const actor = session!;
      return fn(input, actor, (body) => runCommand(op, actor, null, token ?? null, body));
    }
    if (def.kind === 'query') {
      const h = queryHandlers[op as keyof typeof queryHandlers] as (
        e: ReadEnv,
        i: unknown,
        c: Caller,
      ) => unknown;
      // the read-only handle by type, and by SQLite: a query that writes throws SQLITE_READONLY
      return readOnly(sqlite, () => h(readEnv, input, { actor: session, token: token ?? null }));
    }
    // a command of the login screen acts as whoever it names (a PIN checked, the founder), never the session
    const actor = def.role === null ? loginScreenActor(op, input) : session!;
    const approval = input.approval ? verifyApproval(env, input.approval as Approval) : null;
    const h = commandHandlers[op as keyof typeof commandHandlers] as (
      c: CommandContext,
      i: unknown,
    ) => unknown;
    return runCommand(op, actor, approval, token ?? null, (ctx) => h(ctx, input));
  }

  /** The actor of a command called without a session (role null in the contract). */
  function loginScreenActor(op: OpName, input: unknown): Actor {
    const who = loginScreenActors[op as keyof typeof loginScreenActors] as
      | ((e: Env, i: unknown) => Actor)
      | undefined;
    if (!who) throw new CommandError('UNAUTHENTICATED', 'log in first');
    return who(env, input);
  }

  return {
    env,
    ledger,
    secrets,
    call: (op, input, token) => busyAsTyped(() => dispatch(op, input, token)) as never,
    callUntyped: (op, input, token) => {
      if (!Object.hasOwn(contract, op)) throw new CommandError('NOT_FOUND', `unknown operation ${op}`);
      return busyAsTyped(() => dispatch(op as OpName, input, token));
    },
    registerAsync(op, fn) {
      if (!ASYNC_OPS.has(op)) throw new Error(`${op} is not an asynchronous operation`);
      asyncOps.set(op, fn);
      return () => {
        if (asyncOps.get(op) === fn) asyncOps.delete(op);
      };
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    eventsSince: (seq) =>
      all<LedgerEvent>(
        sqlite,
        'SELECT seq, type, at FROM journal WHERE seq > ? ORDER BY seq LIMIT 1000',
        seq,
      ),
    emit: deliver,
    system: (op, fn) => busyAsTyped(() => runCommand(op, SYSTEM_ACTORS[op], null, null, fn)) as never,
    close: () => ledger.close(),
  };
}

/**
 * SQLite answers SQLITE_BUSY / SQLITE_LOCKED when something else (a tool that ignores the writer
 * lock, an antivirus, a backup program holding the file) kept the file locked past busy_timeout.
 * The command's transaction rolled back: nothing was written, and trying again is safe. The clerk
 * reads that (LEDGER_BUSY, translated), never "internal error".
 */
export function ledgerBusyError(e: unknown): CommandError | null {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')))
    return null;
  return new CommandError(
    'LEDGER_BUSY',
    'the ledger is locked by another program: nothing was written, try again',
    {
      details: { sqlite: code },
    },
  );
}

function busyAsTyped(fn: () => unknown): unknown {
  try {
    const r = fn();
    if (r instanceof Promise) {
      return r.catch((e: unknown) => {
        throw ledgerBusyError(e) ?? e;
      });
    }
    return r;
  } catch (e) {
    throw ledgerBusyError(e) ?? e;
  }
}

import { type Ledger, openLedger } from '../../db/open.ts';
import { all } from '../../db/sql.ts';
import {
  type Contract,
  contract,
  type OpInput,
  type OpName,
  type OpOutput,
  type OpParsed,
} from '../../shared/api/contract.ts';
import type { Approval } from '../../shared/api/schemas.ts';
import type { LedgerEvent, StoreInfo, UserInfo } from '../../shared/api/types.ts';
import { parseInput } from '../../shared/api/validate.ts';
import { CommandError } from '../../shared/errors.ts';
import { roleAtLeast } from '../../shared/roles.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';
import { checkPin, Sessions, userTiles, verifyApproval } from '../services/auth.ts';
import { type Actor, CommandContext, type Env, makeEnv, type VerifiedApproval } from '../services/context.ts';
import { initializeTill, userCount } from '../services/staff.ts';
import {
  type DeviceSecrets,
  defaultSecretsDir,
  loadDeviceSecrets,
  type SecretBox,
} from './device-secrets.ts';
import { commandHandlers, queryHandlers } from './handlers.ts';
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
 *     5. after commit: notify subscribers (renderer events, print worker, sync)
 * `call` is synchronous (better-sqlite3 is); transports wrap it.
 */
export interface AppOptions {
  file: string;
  now?: () => Date;
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
  close(): void;
}

function secretsOf(opts: AppOptions): DeviceSecrets {
  const s = opts.secrets ?? defaultSecretsDir(opts.file);
  if (typeof s === 'string' || 'read' in s) return loadDeviceSecrets(s);
  return s;
}

/** operations whose handler a runtime registers (they answer INVALID_STATE without one) */
const ASYNC_OPS: ReadonlySet<OpName> = new Set<OpName>(['sync.enrol']);

export function createApp(opts: AppOptions): App {
  const secrets = secretsOf(opts);
  const ledger = openLedger(opts.file);
  const { sqlite } = ledger;
  const now = opts.now ?? (() => new Date());
  let store = readStore(sqlite);
  const device = sqlite.transaction(() => {
    if (!store) {
      store = opts.store ?? DEFAULT_STORE;
      writeStore(sqlite, store);
    }
    return deviceId(sqlite);
  })();
  const env = makeEnv(sqlite, device, store!, now, secrets, printerDriver);
  const sessions = new Sessions();
  const listeners = new Set<(e: LedgerEvent) => void>();
  const asyncOps = new Map<OpName, AsyncCommand>();

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

  function storeInfo(): StoreInfo {
    const s = env.store;
    return {
      storeId: s.storeId,
      name: s.name,
      deviceId: env.deviceId,
      tillName: s.tillName,
      currency: s.currency,
      jurisdiction: s.jurisdiction,
      locale: s.locale,
      timeZone: s.timeZone,
      closingHour: s.closingHour,
      cashRoundingStep: s.cashRoundingStep,
      refundApprovalThreshold: s.refundApprovalThreshold,
      address: s.address,
      taxNumbers: s.taxNumbers,
      needsSetup: userCount(env) === 0,
    };
  }

  // one transaction wrapper for every command (better-sqlite3 builds a new one per call otherwise)
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn()) as <T>(fn: () => T) => T;

  function runCommand<T>(
    op: string,
    actor: Actor,
    approval: VerifiedApproval | null,
    fn: (ctx: CommandContext) => T,
  ): T {
    const ctx = new CommandContext(env, op, actor, approval);
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
    notify(ctx.entries);
    return result;
  }

  function dispatch(op: OpName, raw: unknown, token?: string): unknown {
    const def = contract[op] as Contract[OpName];
    if (!def) throw new CommandError('NOT_FOUND', `unknown operation ${op}`);
    const input = parseInput(op, raw) as Record<string, unknown>;
    const t = now().getTime();

    // --- operations open to the login screen ---
    switch (op) {
      case 'users.tiles':
        return userTiles(env);
      case 'store.info':
        return storeInfo();
      case 'auth.session':
        return sessions.info(token, t);
      case 'setup.initialize': {
        const input_ = input as OpParsed<'setup.initialize'>;
        // the first administrator is the actor of the entry that creates them
        const founder: Actor = { id: env.newId(), name: input_.admin.name, role: 'admin' };
        const done = runCommand(op, founder, null, (ctx) => initializeTill(ctx, input_, env.store));
        // after commit: the till now runs with the store it was given
        env.store = done.store;
        env.jurisdiction = JURISDICTIONS[done.store.jurisdiction];
        return sessions.create(done.admin, t);
      }
      case 'auth.login': {
        const { userId, pin } = input as { userId: string; pin: string };
        const r = checkPin(env, userId, pin, 'pin');
        if (!r.ok) throw r.error;
        const info = runCommand(op, r.user, null, (ctx) => {
          ctx.record('auth.login', { userId: r.user.id });
          return sessions.create(r.user, t);
        });
        return info;
      }
    }

    const actor = sessions.get(token, t);
    if (!actor) throw new CommandError('UNAUTHENTICATED', 'log in first');
    if (def.role && !roleAtLeast(actor.role, def.role)) {
      throw new CommandError('FORBIDDEN', `${op} needs the ${def.role} role`, {
        details: { required: def.role },
      });
    }
    if (op === 'auth.logout') {
      runCommand(op, actor, null, (ctx) => ctx.record('auth.logout', { userId: actor.id }));
      sessions.drop(token);
      return { ok: true };
    }
    if (ASYNC_OPS.has(op)) {
      const fn = asyncOps.get(op);
      if (!fn) throw new CommandError('INVALID_STATE', `${op} is not available in this process`);
      return fn(input, actor, (body) => runCommand(op, actor, null, body));
    }
    if (def.kind === 'query') {
      const h = queryHandlers[op as keyof typeof queryHandlers] as (e: Env, i: unknown, a: Actor) => unknown;
      return h(env, input, actor);
    }
    const approval = input.approval ? verifyApproval(env, input.approval as Approval) : null;
    const h = commandHandlers[op as keyof typeof commandHandlers] as (
      c: CommandContext,
      i: unknown,
    ) => unknown;
    const out = runCommand(op, actor, approval, (ctx) => h(ctx, input));
    if (op === 'users.update' || op === 'users.setPin') {
      const u = out as UserInfo;
      sessions.updateUser({ id: u.id, name: u.name, role: u.role }, u.active);
    }
    return out;
  }

  return {
    env,
    ledger,
    secrets,
    call: (op, input, token) => dispatch(op, input, token) as never,
    callUntyped: (op, input, token) => {
      if (!Object.hasOwn(contract, op)) throw new CommandError('NOT_FOUND', `unknown operation ${op}`);
      return dispatch(op as OpName, input, token);
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
    close: () => ledger.close(),
  };
}

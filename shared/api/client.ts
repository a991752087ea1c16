import { CommandError, type ErrorPayload } from '../errors.ts';
import type { OpInput, OpName, OpOutput } from './contract.ts';
import type { LedgerEvent, SessionInfo } from './types.ts';

/**
 * The renderer's one typed client. Two transports implement `Transport` — the Electron
 * preload bridge (IPC) and HTTP + server-sent events (web host) — and the renderer cannot
 * tell them apart. Wire format of one call: request {op, input, token}; reply
 * {ok: true, result} or {ok: false, error: ErrorPayload}.
 */
export type Reply = { ok: true; result: unknown } | { ok: false; error: ErrorPayload };

export interface Transport {
  invoke(op: OpName, input: unknown, token: string | null): Promise<Reply>;
  /** ledger events pushed after each commit; returns an unsubscribe function */
  subscribe(fn: (e: LedgerEvent) => void): () => void;
}

export interface Client {
  call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>>;
  login(userId: string, pin: string): Promise<SessionInfo>;
  /** first run: set the till up; the new administrator is logged in like after login() */
  setup(input: OpInput<'setup.initialize'>): Promise<SessionInfo>;
  logout(): Promise<void>;
  readonly token: string | null;
  subscribe(fn: (e: LedgerEvent) => void): () => void;
}

export function createClient(transport: Transport): Client {
  let token: string | null = null;
  async function call<K extends OpName>(op: K, input: OpInput<K>): Promise<OpOutput<K>> {
    const reply = await transport.invoke(op, input, token);
    if (!reply.ok) throw CommandError.fromJSON(reply.error);
    return reply.result as OpOutput<K>;
  }
  return {
    call,
    async login(userId, pin) {
      const s = await call('auth.login', { userId, pin });
      token = s.token;
      return s;
    },
    async setup(input) {
      const s = await call('setup.initialize', input);
      token = s.token;
      return s;
    },
    async logout() {
      // The token is dropped before the request goes out: the logout's own journal entry reaches
      // the screens (as an event) before this call returns, and anything they ask meanwhile must
      // not go out with a session that is ending (it came back 401).
      const ending = token;
      token = null;
      if (!ending) return;
      const reply = await transport.invoke('auth.logout', {}, ending);
      if (!reply.ok) throw CommandError.fromJSON(reply.error);
    },
    get token() {
      return token;
    },
    subscribe: (fn) => transport.subscribe(fn),
  };
}

import type { ComptoirBridge } from '../../shared/api/bridge.ts';
import type { Reply, Transport } from '../../shared/api/client.ts';
import type { OpName } from '../../shared/api/contract.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';

declare global {
  interface Window {
    /** the Electron preload bridge; absent in a browser on the web host */
    comptoir?: ComptoirBridge;
  }
}

export type TransportKind = 'ipc' | 'http';

/**
 * The renderer's transport: the preload bridge when running inside Electron, otherwise HTTP
 * (POST /api/<op>) + server-sent events (GET /api/events) against the web host.
 * The renderer sees one `Transport` either way.
 */
export function createTransport(): Transport {
  const bridge = typeof window !== 'undefined' ? window.comptoir : undefined;
  return bridge ? ipcTransport(bridge) : httpTransport();
}

export function transportKind(): TransportKind {
  return typeof window !== 'undefined' && window.comptoir ? 'ipc' : 'http';
}

/** A reply for a failure that never reached the ledger (network down, host gone, bad reply). */
function transportFailure(message: string, details: Record<string, unknown> = {}): Reply {
  return { ok: false, error: { code: 'INTERNAL', message, details: { transport: true, ...details } } };
}

function isReply(x: unknown): x is Reply {
  if (!x || typeof x !== 'object') return false;
  const r = x as { ok?: unknown; error?: unknown };
  if (r.ok === true) return 'result' in r;
  return r.ok === false && !!r.error && typeof r.error === 'object';
}

export function ipcTransport(bridge: ComptoirBridge): Transport {
  return {
    async invoke(op: OpName, input: unknown, token: string | null): Promise<Reply> {
      try {
        const r = await bridge.invoke(op, input, token);
        return isReply(r) ? r : transportFailure('malformed reply from main');
      } catch (e) {
        return transportFailure(e instanceof Error ? e.message : String(e));
      }
    },
    subscribe(fn) {
      return bridge.onEvent(fn);
    },
  };
}

export interface HttpTransportOptions {
  /** prefix of the API, default '' (same origin) */
  base?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  /** reconnect delays in ms, grows up to the last one; default 500 → 10 000 */
  backoff?: number[];
}

export function httpTransport(opts: HttpTransportOptions = {}): Transport {
  const base = opts.base ?? '';
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  const ES = opts.EventSource ?? (typeof EventSource !== 'undefined' ? EventSource : undefined);
  const backoff = opts.backoff ?? [500, 1000, 2000, 5000, 10_000];
  const listeners = new Set<(e: LedgerEvent) => void>();
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;
  let lastSeq = 0;

  function deliver(raw: string): void {
    let ev: LedgerEvent;
    try {
      ev = JSON.parse(raw) as LedgerEvent;
    } catch {
      return;
    }
    if (typeof ev?.seq !== 'number') return;
    if (ev.seq !== 0) {
      // seq 0 is a runtime event (sync status), never replayed; the others are journal entries
      if (ev.seq <= lastSeq) return; // replayed after a reconnect, already seen
      lastSeq = ev.seq;
    }
    for (const fn of listeners) {
      try {
        fn(ev);
      } catch {
        // one screen's failure does not stop the others
      }
    }
  }

  function connect(): void {
    if (!ES || source || listeners.size === 0) return;
    // `since` lets the host replay what a fresh EventSource missed while we were away
    const url = `${base}/api/events${lastSeq ? `?since=${lastSeq}` : ''}`;
    const es = new ES(url, { withCredentials: true });
    source = es;
    es.addEventListener('ledger', (m) => deliver((m as MessageEvent<string>).data));
    es.addEventListener('runtime', (m) => deliver((m as MessageEvent<string>).data));
    es.onopen = () => {
      attempt = 0;
    };
    es.onerror = () => {
      // The browser retries on its own while readyState is CONNECTING; once CLOSED
      // (host restarted with a new secret, HTTP error) we reconnect ourselves, backing off.
      if (es.readyState !== 2) return;
      es.close();
      if (source === es) source = null;
      scheduleReconnect();
    };
  }

  function scheduleReconnect(): void {
    if (retry || listeners.size === 0) return;
    const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000;
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, delay);
  }

  function disconnect(): void {
    if (retry) clearTimeout(retry);
    retry = null;
    source?.close();
    source = null;
  }

  return {
    async invoke(op: OpName, input: unknown, token: string | null): Promise<Reply> {
      let res: Response;
      try {
        res = await doFetch(`${base}/api/${encodeURIComponent(op)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ input: input ?? {}, token }),
        });
      } catch (e) {
        return transportFailure(`host unreachable: ${e instanceof Error ? e.message : String(e)}`, {
          offline: true,
        });
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return transportFailure(`HTTP ${res.status} without a JSON reply`, { status: res.status });
      }
      return isReply(body)
        ? body
        : transportFailure(`HTTP ${res.status}: malformed reply`, { status: res.status });
    },
    subscribe(fn) {
      listeners.add(fn);
      connect();
      return () => {
        listeners.delete(fn);
        if (listeners.size === 0) disconnect();
      };
    },
  };
}

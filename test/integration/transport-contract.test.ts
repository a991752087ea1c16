import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ComptoirBridge } from '../../shared/api/bridge.ts';
import { type Client, createClient, type Transport } from '../../shared/api/client.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { CLERK_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';

/**
 * THE SAME contract tests against both transports the renderer can get from
 * renderer/transport: (a) HTTP + server-sent events against a real web host on a random
 * port, (b) the Electron preload bridge → ipcMain wiring, with only the 'electron' module
 * replaced by an in-process bus that structured-clones like real IPC. Each transport gets a
 * fresh ledger; at the end the two runs' outcomes must be identical.
 */

// --- a fake 'electron': ipcMain/ipcRenderer/contextBridge over an in-process bus ---------------
const bus = vi.hoisted(() => {
  type Handler = (event: unknown, ...args: unknown[]) => unknown;
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<(e: unknown, payload: unknown) => void>>();
  const exposed: Record<string, unknown> = {};
  const mainFrame = { url: 'app://comptoir/index.html', parent: null, frameToken: 'main-frame' };
  const webContents = {
    mainFrame,
    isDestroyed: () => false,
    getURL: () => mainFrame.url,
    once: () => {},
    send(channel: string, payload: unknown) {
      for (const l of rendererListeners.get(channel) ?? []) l({}, structuredClone(payload));
    },
  };
  return { handlers, rendererListeners, exposed, webContents, mainFrame };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => unknown) => bus.handlers.set(ch, fn),
    removeHandler: (ch: string) => bus.handlers.delete(ch),
  },
  ipcRenderer: {
    async invoke(ch: string, ...args: unknown[]) {
      const h = bus.handlers.get(ch);
      if (!h) throw new Error(`no handler for ${ch}`);
      const event = { sender: bus.webContents, senderFrame: bus.mainFrame };
      return structuredClone(await h(event, ...structuredClone(args)));
    },
    on(ch: string, l: (e: unknown, p: unknown) => void) {
      const set = bus.rendererListeners.get(ch) ?? new Set();
      bus.rendererListeners.set(ch, set);
      set.add(l);
    },
    removeListener(ch: string, l: (e: unknown, p: unknown) => void) {
      bus.rendererListeners.get(ch)?.delete(l);
    },
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      bus.exposed[key] = api;
    },
  },
}));

// Imported after the mock is in place (vi.mock is hoisted above imports).
const { httpTransport, ipcTransport } = await import('../../renderer/transport/index.ts');
const { startHost } = await import('../../electron/host/server.ts');
const { wireIpc } = await import('../../electron/ipc.ts');
await import('../../electron/preload.ts');

/** Minimal EventSource over fetch (Node has none by default) so the real SSE stream is read. */
function fetchEventSource(headers: Record<string, string>) {
  return class FetchEventSource {
    readyState = 0;
    onopen: (() => void) | null = null;
    onerror: (() => void) | null = null;
    private listeners = new Map<string, ((m: { data: string }) => void)[]>();
    private abort = new AbortController();
    constructor(url: string) {
      void this.run(url);
    }
    addEventListener(type: string, fn: (m: { data: string }) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
    }
    close() {
      this.readyState = 2;
      this.abort.abort();
    }
    private async run(url: string) {
      try {
        const res = await fetch(url, { headers, signal: this.abort.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        this.readyState = 1;
        this.onopen?.();
        const decoder = new TextDecoder();
        let buf = '';
        const reader = res.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let i = buf.indexOf('\n\n');
          while (i >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let type = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length) for (const fn of this.listeners.get(type) ?? []) fn({ data: data.join('\n') });
            i = buf.indexOf('\n\n');
          }
        }
      } catch {
        // aborted or failed
      }
      if (this.readyState !== 2) {
        this.readyState = 2;
        this.onerror?.();
      }
    }
  } as unknown as typeof EventSource;
}

interface Side {
  name: 'http' | 'ipc';
  fx: Fixture;
  transport: Transport;
  close(): Promise<void>;
}

async function httpSide(): Promise<Side> {
  const fx = makeFixture();
  const host = await startHost({ app: fx.app, port: 0, staticDir: `${fx.dir}/no-renderer` });
  // the browser's first request: the URL secret is traded for the cookie
  const first = await fetch(host.url, { redirect: 'manual' });
  expect(first.status).toBe(303);
  const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(cookie).toBe(`${host.cookieName}=${host.cookieValue}`);
  const headers = { cookie, origin: host.origin };
  const transport = httpTransport({
    base: host.origin,
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as object), ...headers } }),
    EventSource: fetchEventSource(headers),
    backoff: [50],
  });
  return {
    name: 'http',
    fx,
    transport,
    close: async () => {
      await host.close();
      fx.cleanup();
    },
  };
}

async function ipcSide(): Promise<Side> {
  const fx = makeFixture();
  const wiring = wireIpc(fx.app);
  wiring.attach(bus.webContents as never);
  const bridge = bus.exposed.comptoir as ComptoirBridge;
  expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent']);
  return {
    name: 'ipc',
    fx,
    transport: ipcTransport(bridge),
    close: async () => {
      wiring.dispose();
      fx.cleanup();
    },
  };
}

/** Replace what legitimately differs between two fresh ledgers (ids, tokens, hashes). */
function normalise(x: unknown): unknown {
  return JSON.parse(
    JSON.stringify(x)
      .replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '<ulid>')
      .replace(/"(token|\w*[hH]ash|deviceId)":"[^"]*"/g, '"$1":"<x>"'),
  );
}

function nextEvent(client: Client, type: string): Promise<LedgerEvent> {
  return new Promise((ok) => {
    const off = client.subscribe((e) => {
      if (e.type === type) {
        off();
        ok(e);
      }
    });
  });
}

async function failure(p: Promise<unknown>): Promise<CommandError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CommandError) return e;
    throw e;
  }
  throw new Error('expected a CommandError');
}

const outcomes: Record<string, Record<string, unknown>> = { http: {}, ipc: {} };

describe.each([
  { name: 'http', make: httpSide },
  { name: 'ipc', make: ipcSide },
])('contract over $name', ({ name, make }) => {
  let side: Side;
  let client: Client;
  const record = (k: string, v: unknown) => {
    (outcomes[name] as Record<string, unknown>)[k] = normalise(v);
  };
  const journalCount = () =>
    (side.fx.app.ledger.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;

  beforeAll(async () => {
    side = await make();
    client = createClient(side.transport);
  });
  afterAll(async () => {
    await side.close();
  });

  it('logs in with a PIN, refuses a wrong one with the typed error', async () => {
    const wrong = await failure(client.login(side.fx.clerkId, '0000'));
    expect(wrong.code).toBe('FORBIDDEN');
    record('wrongPin', wrong.toJSON());
    const s = await client.login(side.fx.clerkId, CLERK_PIN);
    expect(typeof s.token).toBe('string');
    expect(client.token).toBe(s.token);
    expect(s.user.role).toBe('clerk');
    record('login', s);
  });

  it('pushes a ledger event after a commit, then checks out a cash sale with change', async () => {
    const opened = nextEvent(client, 'drawer.opened');
    const drawer = await client.call('drawer.open', { float: { '2000': 5, '500': 10 } });
    const ev = await opened;
    expect(ev.seq).toBe(journalCount());
    record('drawer', drawer);
    record('event', { type: ev.type, at: ev.at });

    const [drill, bits] = side.fx.products;
    const r = await client.call('sale.checkout', {
      lines: [
        { productId: drill!.id, quantity: 1 },
        { productId: bits!.id, quantity: 2 },
      ],
      tenders: [{ method: 'cash', tendered: 5000 }],
    });
    expect(r.sale.status).toBe('completed');
    expect(r.changeDue).toBeGreaterThan(0);
    expect(r.sale.total + r.sale.cashRounding + r.changeDue).toBe(5000);
    record('checkout', r);
  });

  it('rejects bad input with VALIDATION naming every field, writing nothing', async () => {
    const before = journalCount();
    const e = await failure(
      client.call('sale.checkout', {
        lines: [{ productId: 'not-an-id', quantity: 0 }],
        tenders: [{ method: 'cash', tendered: -5 }],
      } as never),
    );
    expect(e.code).toBe('VALIDATION');
    const paths = (e.fields ?? []).map((f) => f.path).sort();
    expect(paths).toEqual(['lines.0.productId', 'lines.0.quantity', 'tenders.0.tendered']);
    expect(journalCount()).toBe(before);
    record('validation', e.toJSON());
  });

  it('refuses a manager operation to a clerk with FORBIDDEN', async () => {
    const e = await failure(client.call('drawer.movements', {}));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.details).toEqual({ required: 'manager' });
    record('forbidden', e.toJSON());
  });

  it('refuses everything but the login screen after logout', async () => {
    await client.logout();
    const e = await failure(client.call('drawer.current', {}));
    expect(e.code).toBe('UNAUTHENTICATED');
    record('afterLogout', e.toJSON());
  });
});

describe('both transports', () => {
  it('produced identical outcomes', () => {
    expect(Object.keys(outcomes.http ?? {}).sort()).toEqual([
      'afterLogout',
      'checkout',
      'drawer',
      'event',
      'forbidden',
      'login',
      'validation',
      'wrongPin',
    ]);
    expect(outcomes.ipc).toEqual(outcomes.http);
  });
});

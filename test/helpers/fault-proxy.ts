import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 between a till and head office that breaks the network the way
 * real ones break, modelled on toxiproxy's toxics (toxiproxy itself is not packaged here). It
 * frames HTTP/1.1 messages (Content-Length or chunked) so that a toxic hits one request, even
 * on a kept-alive connection:
 *
 *   latency          each direction waits `ms` (± `jitterMs`) before it is forwarded
 *   slow_drip        bytes trickle through in `chunk`-byte slices at `bytesPerSec` (toxiproxy's bandwidth + slicer)
 *   reset_mid_request half of the request reaches head office, then both connections are reset (RST)
 *   timeout          the request is swallowed; nothing comes back until the till gives up
 *   lose_response    head office gets the whole request and answers (it committed); the till gets a reset
 *   cut_response     head office answers; the till gets the first half of the answer, then a reset
 *   duplicate        the request reaches head office twice; the till gets the second answer
 *   http_error       a 5xx from "a load balancer": before the request reaches head office, or after it committed
 *
 * `down` refuses the service altogether (every connection reset), as a cut cable or a dead
 * server behind a live balancer would. Each rule fires on a request with probability
 * `toxicity` drawn from a seeded generator, so a failing run can be replayed.
 */
export type Toxic =
  | { kind: 'latency'; ms: number; jitterMs?: number }
  | { kind: 'slow_drip'; bytesPerSec: number; chunk?: number }
  | { kind: 'reset_mid_request' }
  | { kind: 'timeout' }
  | { kind: 'lose_response' }
  | { kind: 'cut_response' }
  | { kind: 'duplicate' }
  | { kind: 'http_error'; status?: number; after?: boolean };

export interface ToxicRule {
  toxic: Toxic;
  /** probability that the rule applies to a given request (default 1) */
  toxicity?: number;
  /** only requests whose request line contains this (e.g. '/api/v1/feed') */
  match?: string;
}

export type ToxicKind = Toxic['kind'];

export interface FaultProxy {
  readonly port: number;
  readonly url: string;
  setToxics(rules: ToxicRule[]): void;
  /** reset every connection now and every new one until `setDown(false)` */
  setDown(down: boolean): void;
  /** requests seen, and how many times each toxic fired */
  readonly stats: { requests: number; fired: Record<ToxicKind, number>; refused: number };
  /** point at another upstream (a restarted server on a new port) */
  setUpstream(port: number, host?: string): void;
  close(): Promise<void>;
}

/** mulberry32: small, fast, seeded */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * Length of the first complete HTTP message in `buf`, or 0 when it is not complete yet
 * (Content-Length or chunked bodies; a response that ends with its connection is not framed).
 */
export function messageLength(buf: Buffer, isResponse: boolean): number {
  const end = buf.indexOf(CRLF2);
  if (end < 0) return 0;
  const head = buf.subarray(0, end).toString('latin1');
  const bodyStart = end + 4;
  const lines = head.split('\r\n');
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  if (isResponse) {
    const status = Number(lines[0]!.split(' ')[1]);
    if ((status >= 100 && status < 200) || status === 204 || status === 304) return bodyStart;
  }
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    // walk the chunks: size line, data, CRLF … up to the zero-size chunk and its trailer
    let p = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', p);
      if (lineEnd < 0) return 0;
      const size = Number.parseInt(buf.subarray(p, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      if (size === 0) {
        // the zero-size chunk, optional trailers, then an empty line
        const trailerEnd = buf.indexOf(CRLF2, lineEnd);
        return trailerEnd < 0 ? 0 : trailerEnd + 4;
      }
      p = lineEnd + 2 + size + 2;
      if (buf.length < p) return 0;
    }
  }
  const len = Number(headers.get('content-length') ?? '0');
  return buf.length >= bodyStart + len ? bodyStart + len : 0;
}

/** Reads whole HTTP messages off a socket, one `next()` at a time. */
class MessageReader {
  private buf: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (b: Buffer) => void; reject: (e: Error) => void } | null = null;
  private ended: Error | null = null;

  constructor(
    sock: net.Socket,
    private readonly isResponse: boolean,
  ) {
    sock.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.flush();
    });
    const end = () => {
      this.ended ??= new Error('connection closed');
      this.flush();
    };
    sock.on('end', end);
    sock.on('close', end);
    sock.on('error', end);
  }

  private flush(): void {
    if (!this.waiting) return;
    let n = 0;
    try {
      n = messageLength(this.buf, this.isResponse);
    } catch (e) {
      this.ended = e as Error;
    }
    if (n > 0) {
      const msg = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
      const w = this.waiting;
      this.waiting = null;
      w.resolve(msg);
    } else if (this.ended) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(this.ended);
    }
  }

  next(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.flush();
    });
  }

  get hasBuffered(): boolean {
    return this.buf.length > 0;
  }
}

function errorResponse(status: number): Buffer {
  const body = `fault proxy: ${status}\n`;
  return Buffer.from(
    `HTTP/1.1 ${status} Proxy Error\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    'latin1',
  );
}

export async function startFaultProxy(opts: {
  upstreamPort: number;
  upstreamHost?: string;
  seed?: number;
  toxics?: ToxicRule[];
}): Promise<FaultProxy> {
  let upstream = { host: opts.upstreamHost ?? '127.0.0.1', port: opts.upstreamPort };
  let rules: ToxicRule[] = opts.toxics ?? [];
  let down = false;
  const random = seeded(opts.seed ?? 1);
  const clients = new Set<net.Socket>();
  const uppers = new Set<net.Socket>();
  const stats = {
    requests: 0,
    refused: 0,
    fired: {
      latency: 0,
      slow_drip: 0,
      reset_mid_request: 0,
      timeout: 0,
      lose_response: 0,
      cut_response: 0,
      duplicate: 0,
      http_error: 0,
    } as Record<ToxicKind, number>,
  };

  const kill = (s: net.Socket | null | undefined) => {
    if (s && !s.destroyed) s.resetAndDestroy();
  };

  function pickToxics(req: Buffer): { modifiers: Toxic[]; fate: Toxic | null } {
    const modifiers: Toxic[] = [];
    let fate: Toxic | null = null;
    const line = req.subarray(0, Math.max(0, req.indexOf('\r\n'))).toString('latin1');
    for (const r of rules) {
      if (r.match !== undefined && !line.includes(r.match)) continue;
      if (random() >= (r.toxicity ?? 1)) continue;
      if (r.toxic.kind === 'latency' || r.toxic.kind === 'slow_drip') modifiers.push(r.toxic);
      else fate ??= r.toxic;
    }
    return { modifiers, fate };
  }

  async function send(sock: net.Socket, bytes: Buffer, modifiers: Toxic[]): Promise<void> {
    for (const m of modifiers) {
      if (m.kind === 'latency') await sleep(m.ms + (m.jitterMs ? Math.floor(random() * m.jitterMs) : 0));
    }
    const drip = modifiers.find((m) => m.kind === 'slow_drip');
    if (drip?.kind !== 'slow_drip') {
      if (!sock.destroyed) sock.write(bytes);
      return;
    }
    const chunk = drip.chunk ?? 256;
    const pause = (chunk / drip.bytesPerSec) * 1000;
    for (let i = 0; i < bytes.length; i += chunk) {
      if (sock.destroyed) return;
      sock.write(bytes.subarray(i, i + chunk));
      await sleep(pause);
    }
  }

  const server = net.createServer((client) => {
    if (down) {
      stats.refused++;
      client.resetAndDestroy();
      return;
    }
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => undefined);
    const requests = new MessageReader(client, false);
    let up = null as net.Socket | null;
    let responses = null as MessageReader | null;

    const connectUp = (): Promise<void> =>
      new Promise((resolve, reject) => {
        const s = net.connect(upstream.port, upstream.host);
        uppers.add(s);
        s.on('close', () => {
          uppers.delete(s);
          if (up === s) {
            up = null;
            responses = null;
          }
        });
        s.once('connect', () => {
          up = s;
          responses = new MessageReader(s, true);
          resolve();
        });
        s.once('error', (e) => reject(e));
      });

    /** forward one request upstream and return the whole answer */
    async function roundTrip(req: Buffer, modifiers: Toxic[]): Promise<Buffer> {
      if (!up || up.destroyed) await connectUp();
      const reader = responses!;
      await send(up!, req, modifiers);
      return reader.next();
    }

    (async () => {
      for (;;) {
        let req: Buffer;
        try {
          req = await requests.next();
        } catch {
          kill(up);
          return; // the till closed its connection
        }
        stats.requests++;
        const { modifiers, fate } = pickToxics(req);
        for (const m of modifiers) stats.fired[m.kind]++;
        if (fate) stats.fired[fate.kind]++;
        try {
          switch (fate?.kind) {
            case 'reset_mid_request': {
              if (!up || up.destroyed) await connectUp();
              up!.write(req.subarray(0, Math.max(1, Math.floor(req.length / 2))));
              await sleep(10);
              kill(up);
              kill(client);
              return;
            }
            case 'timeout':
              // swallow it: the till's deadline must fire; drop the connection if it never does
              await new Promise<void>((r) => {
                const t = setTimeout(r, 120_000);
                client.once('close', () => {
                  clearTimeout(t);
                  r();
                });
              });
              kill(client);
              kill(up);
              return;
            case 'lose_response':
              await roundTrip(req, modifiers);
              kill(client);
              return;
            case 'cut_response': {
              const res = await roundTrip(req, modifiers);
              await send(client, res.subarray(0, Math.max(1, Math.floor(res.length / 2))), modifiers);
              await sleep(10);
              kill(client);
              return;
            }
            case 'duplicate': {
              await roundTrip(req, modifiers);
              const second = await roundTrip(req, modifiers);
              await send(client, second, modifiers);
              break;
            }
            case 'http_error': {
              if (fate.after) await roundTrip(req, modifiers);
              client.end(errorResponse(fate.status ?? 503));
              kill(up);
              return;
            }
            default: {
              const res = await roundTrip(req, modifiers);
              await send(client, res, modifiers);
            }
          }
        } catch {
          // head office gone (killed, refused) mid-exchange: the till sees a reset
          kill(client);
          kill(up);
          return;
        }
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stats,
    setToxics(r) {
      rules = r;
    },
    setDown(d) {
      down = d;
      if (d) {
        for (const c of clients) kill(c);
        for (const u of uppers) kill(u);
      }
    },
    setUpstream(p, host = '127.0.0.1') {
      upstream = { host, port: p };
      for (const u of uppers) kill(u);
    },
    close() {
      for (const c of clients) kill(c);
      for (const u of uppers) kill(u);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

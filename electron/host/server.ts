import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import type { Reply } from '../../shared/api/client.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';
import { type ErrorCode, issue } from '../../shared/errors.ts';
import type { App } from '../app/index.ts';
import { replyStatus, runToReply, SECURITY_HEADERS } from '../app/transport.ts';
import { buildOpenApi } from './api-docs.ts';

/**
 * The web host: the counter UI in a browser, served by plain Node from the same App the
 * Electron shell uses. Local-only by design:
 *  - binds 127.0.0.1 unless told otherwise;
 *  - a per-launch random secret, passed once in the URL (?k=…), is traded for an HttpOnly
 *    SameSite=Strict cookie required on every request; the cookie is derived from the secret
 *    (HMAC), not equal to it, so what the browser keeps on disk is not the launch URL's key and
 *    the URL's key is not a cookie;
 *  - Host must be the address we bound (no DNS rebinding) and API calls must carry our own
 *    Origin (no other local page can drive the till); no CORS headers at all;
 *  - strict CSP and friends on every response; a request body limit.
 * Authentication of the clerk (session token, role) is App's job (callUntyped).
 */

export interface HostOptions {
  app: App;
  /** 0 = any free port */
  port?: number;
  /** bind address; 127.0.0.1 unless the operator insists */
  host?: string;
  /** the built renderer (index.html + assets); default out/renderer */
  staticDir?: string;
  /** per-launch secret; random unless given (tests) */
  secret?: string;
  /** max request body in bytes; default 1 MiB */
  maxBody?: number;
  /** how internal errors are logged (never the secret, never request bodies) */
  log?: (msg: string, err?: unknown) => void;
  /** SSE keep-alive interval; default 15 s */
  heartbeatMs?: number;
}

export interface Host {
  server: Server;
  port: number;
  host: string;
  /** the URL to open once: carries the secret */
  url: string;
  origin: string;
  secret: string;
  cookieName: string;
  /** the cookie's value: derived from the secret (see cookieFor) */
  cookieValue: string;
  close(): Promise<void>;
}

/** The host's cookie for a launch secret: HMAC-SHA256(secret, purpose), base64url. */
export function cookieFor(secret: string): string {
  return createHmac('sha256', secret).update('comptoir web host cookie v1').digest('base64url');
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const OP_PATH = /^\/api\/([a-zA-Z]+\.[a-zA-Z]+)$/;

export function defaultStaticDir(): string {
  return resolve(process.cwd(), 'out/renderer');
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const app = opts.app;
  const bindHost = opts.host ?? '127.0.0.1';
  const staticDir = resolve(opts.staticDir ?? defaultStaticDir());
  const secret = opts.secret ?? randomBytes(32).toString('base64url');
  const secretBuf = Buffer.from(secret);
  const cookieValue = cookieFor(secret);
  const cookieBuf = Buffer.from(cookieValue);
  const maxBody = opts.maxBody ?? 1024 * 1024;
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(`[host] ${m}`, e ?? ''));
  const heartbeatMs = opts.heartbeatMs ?? 15_000;
  const streams = new Set<ServerResponse>();
  let port = 0;
  let cookieName = 'comptoir_k';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  function matches(candidate: string | undefined | null, expected: Buffer): boolean {
    if (!candidate) return false;
    const b = Buffer.from(candidate);
    return b.length === expected.length && timingSafeEqual(b, expected);
  }

  function cookie(req: IncomingMessage): string | undefined {
    const raw = req.headers.cookie;
    if (!raw) return undefined;
    for (const part of raw.split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === cookieName) return part.slice(i + 1).trim();
    }
    return undefined;
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string | Buffer,
    type: string,
    extra: Record<string, string> = {},
  ): void {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': type,
      'Content-Length': String(Buffer.byteLength(body)),
      ...extra,
    });
    res.end(body);
  }

  function sendReply(res: ServerResponse, reply: Reply, status = replyStatus(reply)): void {
    send(res, status, JSON.stringify(reply), 'application/json; charset=utf-8', {
      'Cache-Control': 'no-store',
    });
  }

  function fail(
    res: ServerResponse,
    status: number,
    code: ErrorCode,
    message: string,
    req?: IncomingMessage,
    details?: Record<string, unknown>,
  ): void {
    // a refused request may still have a body on the way; don't read it, just close
    if (req && !req.complete) res.setHeader('Connection', 'close');
    sendReply(res, { ok: false, error: details ? { code, message, details } : { code, message } }, status);
  }

  /** 405 with the methods the path takes, in the Allow header (RFC 9110) and in details.allow. */
  function notAllowed(res: ServerResponse, req: IncomingMessage, allow: string[]): void {
    res.setHeader('Allow', allow.join(', '));
    fail(res, 405, 'METHOD_NOT_ALLOWED', `use ${allow.join(' or ')}`, req, { allow });
  }

  function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
    return new Promise((done, reject) => {
      const declared = Number(req.headers['content-length'] ?? '0');
      if (declared > maxBody) {
        done('too-large');
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let over = false;
      req.on('data', (c: Buffer) => {
        if (over) return;
        size += c.length;
        if (size > maxBody) {
          over = true;
          done('too-large');
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => {
        if (!over) done(Buffer.concat(chunks));
      });
      req.on('error', reject);
    });
  }

  async function handleApiCall(req: IncomingMessage, res: ServerResponse, op: string): Promise<void> {
    if (req.method !== 'POST') {
      notAllowed(res, req, ['POST']);
      return;
    }
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.has(origin)) {
      fail(res, 403, 'FORBIDDEN', 'foreign or missing Origin', req);
      return;
    }
    const ctype = String(req.headers['content-type'] ?? '');
    if (!/^application\/json\b/i.test(ctype)) {
      fail(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content-type must be application/json', req, {
        expected: 'application/json',
      });
      return;
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      fail(res, 413, 'PAYLOAD_TOO_LARGE', `request body larger than ${maxBody} bytes`, req, {
        limit: maxBody,
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      sendReply(res, {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'body is not JSON',
          fields: [issue('', 'invalidJson', 'invalid JSON')],
        },
      });
      return;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      sendReply(res, { ok: false, error: { code: 'VALIDATION', message: 'body must be {input, token}' } });
      return;
    }
    const { input, token } = parsed as { input?: unknown; token?: unknown };
    if (token !== undefined && token !== null && typeof token !== 'string') {
      sendReply(res, {
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'token must be a string',
          fields: [issue('token', 'invalid_type', 'must be a string', { expected: 'string' })],
        },
      });
      return;
    }
    const reply = await runToReply(
      () => app.callUntyped(op, input ?? {}, typeof token === 'string' ? token : undefined),
      (e) => log(`internal error in ${op}`, e),
    );
    sendReply(res, reply);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET') {
      notAllowed(res, req, ['GET']);
      return;
    }
    // EventSource sends no Origin on same-origin GETs; when a browser says where the request
    // comes from, it must be us.
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if ((origin && !allowedOrigins.has(origin)) || (site && site !== 'same-origin')) {
      fail(res, 403, 'FORBIDDEN', 'foreign Origin', req);
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    // seq 0: a runtime event (the sync status changed), not a journal entry — no id to resume from
    const write = (e: LedgerEvent) =>
      res.write(
        e.seq === 0
          ? `event: runtime\ndata: ${JSON.stringify(e)}\n\n`
          : `id: ${e.seq}\nevent: ledger\ndata: ${JSON.stringify(e)}\n\n`,
      );
    const sinceRaw = url.searchParams.get('since') ?? req.headers['last-event-id'];
    const since = Number(sinceRaw);
    if (sinceRaw !== undefined && sinceRaw !== null && Number.isInteger(since) && since >= 0) {
      for (const e of app.eventsSince(since)) write(e);
    }
    const unsubscribe = app.subscribe(write);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
    streams.add(res);
    const stop = () => {
      clearInterval(beat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      notAllowed(res, req, ['GET', 'HEAD']);
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      fail(res, 400, 'VALIDATION', 'bad path');
      return;
    }
    let file = resolve(staticDir, `.${path}`);
    if (file !== staticDir && !file.startsWith(staticDir + sep)) {
      fail(res, 404, 'NOT_FOUND', 'not found');
      return;
    }
    const isFile = (f: string) => existsSync(f) && statSync(f).isFile();
    if (!isFile(file)) {
      // client-side routes fall back to the app shell; missing assets are 404s
      if (extname(path)) {
        fail(res, 404, 'NOT_FOUND', 'not found');
        return;
      }
      file = join(staticDir, 'index.html');
      if (!isFile(file)) {
        send(
          res,
          503,
          'The renderer is not built: run `npm run build`, then reload.\n',
          'text/plain; charset=utf-8',
        );
        return;
      }
    }
    const body = readFileSync(file);
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // hashed assets can be cached; the shell must not be (it references the current hashes)
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
      res.end();
      return;
    }
    send(res, 200, body, type, { 'Cache-Control': cache });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = req.headers.host ?? '';
    if (!allowedHosts.has(hostHeader.toLowerCase())) {
      fail(res, 403, 'FORBIDDEN', 'unexpected Host header', req);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${hostHeader}`);
    const k = url.searchParams.get('k');
    if (k !== null) {
      if (!matches(k, secretBuf)) {
        fail(res, 403, 'FORBIDDEN', 'wrong launch secret', req);
        return;
      }
      // trade the URL secret for the cookie and drop it from the address bar
      url.searchParams.delete('k');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookieName}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/`,
        Location: `${url.pathname}${url.search}`,
        'Cache-Control': 'no-store',
        'Content-Length': '0',
      });
      res.end();
      return;
    }
    const c = cookie(req);
    if (c === undefined) {
      fail(
        res,
        401,
        'UNAUTHENTICATED',
        'open the URL printed by the host (it carries the launch secret)',
        req,
      );
      return;
    }
    if (!matches(c, cookieBuf)) {
      fail(res, 403, 'FORBIDDEN', 'wrong launch secret', req);
      return;
    }
    if (url.pathname === '/api/events') return handleEvents(req, res, url);
    if (url.pathname === '/api/contract') {
      sendReply(res, { ok: true, result: buildOpenApi() });
      return;
    }
    const m = OP_PATH.exec(url.pathname);
    if (m?.[1]) return handleApiCall(req, res, m[1]);
    if (url.pathname.startsWith('/api/')) {
      fail(res, 404, 'NOT_FOUND', 'unknown API path', req);
      return;
    }
    handleStatic(req, res, url);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      log('request failed', e);
      if (!res.headersSent) fail(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  // a command waiting on a file another program locked blocks this loop for up to busy_timeout
  // (5 s, db/open.ts): with Node's default 5 s keep-alive, every idle connection then expired at
  // once while the page was sending its next POST on it (ECONNRESET, a sale the clerk cannot tell
  // was recorded). Idle connections stay open well past that wait.
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', ko);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;
  cookieName = `comptoir_k_${port}`;
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  const names = [`${shownHost}:${port}`];
  if (bindHost === '127.0.0.1' || bindHost === '::1') names.push(`localhost:${port}`);
  allowedHosts = new Set(names.map((n) => n.toLowerCase()));
  allowedOrigins = new Set(names.map((n) => `http://${n.toLowerCase()}`));
  const origin = `http://${shownHost}:${port}`;

  return {
    server,
    port,
    host: bindHost,
    origin,
    url: `${origin}/?k=${secret}`,
    secret,
    cookieName,
    cookieValue,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of streams) s.end();
        streams.clear();
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSP } from '../../electron/app/transport.ts';
import { cookieFor, type Host, startHost } from '../../electron/host/server.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

/** The web host must let only the page it served — with the launch secret — drive the till. */

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let fx: Fixture;
let host: Host;
let cookie: string;

function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer | { chunks: number; size: number },
): Promise<RawResponse> {
  return new Promise((ok, ko) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method,
        path,
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', ko);
    if (body && typeof body === 'object' && 'chunks' in body) {
      // streamed without Content-Length: the limit must hold while reading, not only on the header
      const piece = Buffer.alloc(body.size, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < body.chunks) {
          sent++;
          if (!req.write(piece)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.on('error', () => {});
      pump();
      return;
    }
    req.end(body);
  });
}

const api = (op: string, extra: Record<string, string> = {}, body = '{"input":{},"token":null}') =>
  raw(
    'POST',
    `/api/${op}`,
    { cookie, origin: host.origin, 'content-type': 'application/json', ...extra },
    body,
  );

beforeAll(async () => {
  fx = makeFixture();
  const staticDir = join(fx.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Comptoir</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(fx.dir, 'secret.txt'), 'outside the static root');
  host = await startHost({ app: fx.app, staticDir, maxBody: 16 * 1024 });
  const first = await raw('GET', `/?k=${host.secret}`);
  cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
});
afterAll(async () => {
  await host.close();
  fx.cleanup();
});

describe('web host security', () => {
  it('binds 127.0.0.1 by default', () => {
    expect((host.server.address() as AddressInfo).address).toBe('127.0.0.1');
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?k=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('trades the URL secret for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const r = await raw('GET', `/sales?k=${host.secret}&x=1`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/sales?x=1');
    const set = String(r.headers['set-cookie']);
    // the cookie is derived from the launch secret, never the secret itself
    expect(set).toContain(`${host.cookieName}=${host.cookieValue}`);
    expect(host.cookieValue).not.toBe(host.secret);
    expect(host.cookieValue).toBe(cookieFor(host.secret));
    expect(set).not.toContain(host.secret);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
  });

  it('refuses a missing secret (401) and a wrong one (403), in the URL or the cookie', async () => {
    expect((await raw('GET', '/')).status).toBe(401);
    expect((await raw('GET', '/?k=wrong')).status).toBe(403);
    expect(
      (await raw('GET', '/', { cookie: `${host.cookieName}=${'x'.repeat(host.secret.length)}` })).status,
    ).toBe(403);
    const noCookie = await raw(
      'POST',
      '/api/store.info',
      { origin: host.origin, 'content-type': 'application/json' },
      '{}',
    );
    expect(noCookie.status).toBe(401);
    expect(JSON.parse(noCookie.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect((await api('store.info', { cookie: `${host.cookieName}=nope` })).status).toBe(403);
    // a cookie for another host's port is not ours
    expect((await api('store.info', { cookie: `comptoir_k_1=${host.cookieValue}` })).status).toBe(401);
    // the launch secret is not a cookie
    expect((await api('store.info', { cookie: `${host.cookieName}=${host.secret}` })).status).toBe(403);
    expect((await api('store.info')).status).toBe(200);
  });

  it('serves the API to its own Origin only; foreign or missing Origin is 403', async () => {
    const ok = await api('store.info');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, result: { currency: 'CAD' } });
    expect((await api('store.info', { origin: `http://localhost:${host.port}` })).status).toBe(200);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null']) {
      const r = await api('store.info', { origin });
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const noOrigin = await raw(
      'POST',
      '/api/store.info',
      { cookie, 'content-type': 'application/json' },
      '{}',
    );
    expect(noOrigin.status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await api('store.info', { host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it('refuses the event stream to another site', async () => {
    const r = await raw('GET', '/api/events', { cookie, origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    const r2 = await raw('GET', '/api/events', { cookie, 'sec-fetch-site': 'cross-site' });
    expect(r2.status).toBe(403);
  });

  it('streams ledger events and replays the ones after ?since=<seq> to a reconnecting page', async () => {
    fx.app.call('drawer.open', { float: { '2000': 1 } }, fx.clerk);
    const last = (fx.app.ledger.sqlite.prepare('SELECT max(seq) AS n FROM journal').get() as { n: number }).n;
    const body = await new Promise<string>((ok, ko) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: `/api/events?since=${last - 2}`,
          headers: { host: `127.0.0.1:${host.port}`, cookie },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
            if ((text.match(/event: ledger/g) ?? []).length >= 2) {
              req.destroy();
              ok(text);
            }
          });
        },
      );
      req.on('error', (e) =>
        e.message.includes('aborted') || e.message.includes('socket hang up') ? null : ko(e),
      );
      req.end();
    });
    const ids = [...body.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([last - 1, last]);
    expect(body).toContain('"type":"drawer.opened"');
  });

  it('never sends CORS headers, not even to a preflight', async () => {
    const pre = await raw('OPTIONS', '/api/store.info', {
      cookie,
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(pre.status).toBeGreaterThanOrEqual(400);
    for (const r of [pre, await api('store.info'), await raw('GET', '/', { cookie })]) {
      const cors = Object.keys(r.headers).filter((h) => h.startsWith('access-control-'));
      expect(cors).toEqual([]);
    }
  });

  it('sends the strict CSP and friends on pages, API replies and errors', async () => {
    const responses = [
      await raw('GET', '/', { cookie }),
      await raw('GET', '/assets/app.js', { cookie }),
      await api('store.info'),
      await raw('GET', '/'),
    ];
    for (const r of responses) {
      expect(r.headers['content-security-policy']).toBe(CSP);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    for (const d of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(CSP).toContain(d);
    }
    expect(CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('rejects an oversized body with 413, declared or streamed, and writes nothing', async () => {
    const before = (fx.app.ledger.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number })
      .n;
    const big = JSON.stringify({ input: { name: 'x'.repeat(20 * 1024) }, token: fx.clerk });
    const declared = await api('customer.create', {}, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({
      ok: false,
      error: { code: 'PAYLOAD_TOO_LARGE', details: { limit: 16 * 1024 } },
    });
    const streamed = await raw(
      'POST',
      '/api/customer.create',
      { cookie, origin: host.origin, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      { chunks: 64, size: 1024 },
    );
    expect(streamed.status).toBe(413);
    const after = (fx.app.ledger.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number })
      .n;
    expect(after).toBe(before);
  });

  it('accepts JSON only (a cross-site form post cannot reach the API)', async () => {
    const r = await api('store.info', { 'content-type': 'text/plain' });
    expect(r.status).toBe(415);
    const form = await api('store.info', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1');
    expect(form.status).toBe(415);
  });

  it('maps contract errors to HTTP statuses with the ErrorPayload body', async () => {
    const v = await api('customer.create', {}, JSON.stringify({ input: { name: '' }, token: fx.clerk }));
    expect(v.status).toBe(400);
    const vb = JSON.parse(v.body);
    expect(vb.error.code).toBe('VALIDATION');
    expect(vb.error.fields.map((f: { path: string }) => f.path)).toContain('name');
    expect((await api('drawer.current')).status).toBe(401); // no session token
    const f = await api('drawer.movements', {}, JSON.stringify({ input: {}, token: fx.clerk }));
    expect(f.status).toBe(403);
    expect(JSON.parse(f.body).error).toEqual({
      code: 'FORBIDDEN',
      message: expect.any(String),
      details: { required: 'manager' },
    });
    expect((await api('nope.nothing')).status).toBe(404);
    const bad = await api('store.info', {}, '{not json');
    expect(bad.status).toBe(400);
    const badToken = await api('store.info', {}, '{"input":{},"token":42}');
    expect(JSON.parse(badToken.body).error.fields).toEqual([
      { path: 'token', code: 'invalid_type', params: { expected: 'string' }, message: 'must be a string' },
    ]);
  });

  it('keeps the static root closed: no path traversal, 404 for missing assets, shell for routes', async () => {
    const trav = await raw('GET', '/..%2Fsecret.txt', { cookie });
    expect(trav.status).toBe(404);
    expect(trav.body).not.toContain('outside the static root');
    expect((await raw('GET', '/assets/missing.js', { cookie })).status).toBe(404);
    const route = await raw('GET', '/drawer/close', { cookie });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Comptoir</title>');
    expect(route.headers['content-type']).toMatch(/text\/html/);
  });
});

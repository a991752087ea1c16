import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Host, startHost } from '../../electron/host/server.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { openDrawer, prods, qty } from './support.ts';

/**
 * The error shapes of the contract, through the web host as the renderer sees them (docs/api/README.md):
 * - an id the input names that does not exist is NOT_FOUND (404) whatever its kind — a product as
 *   much as a sale — with details {field, id} and a field issue 'notFound' at that path;
 * - a body over the host's limit is PAYLOAD_TOO_LARGE (413) with details {limit};
 * - a method the path does not take is METHOD_NOT_ALLOWED (405) with details {allow} and the Allow
 *   header; a body that is not declared JSON is UNSUPPORTED_MEDIA_TYPE (415) with details {expected};
 * - an unknown key is reported at its own path ('lines.0.colour', 'colour'), code 'unrecognized_keys';
 * - every field issue carries a stable code (and params), never only English.
 * Each refusal changes nothing.
 */
let f: Fixture;
let host: Host;
let cookie = '';
const GHOST = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

// biome-ignore lint/suspicious/noExplicitAny: the JSON reply read back from the wire, asserted field by field
function post(op: string, body: string): Promise<{ status: number; json: { error: Record<string, any> } }> {
  return new Promise((ok, ko) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: `/api/${op}`,
        headers: { cookie, origin: host.origin, 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          ok({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) }),
        );
      },
    );
    req.on('error', ko);
    req.end(body);
  });
}
function raw(
  method: string,
  path: string,
  ctype: string,
  body = '',
  // biome-ignore lint/suspicious/noExplicitAny: the JSON reply read back from the wire, asserted field by field
): Promise<{ status: number; headers: Record<string, unknown>; json: { error: Record<string, any> } }> {
  return new Promise((ok, ko) => {
    const headers: Record<string, string> = { cookie, origin: host.origin };
    if (ctype) headers['content-type'] = ctype;
    const req = request({ host: '127.0.0.1', port: host.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
        }),
      );
    });
    req.on('error', ko);
    req.end(body);
  });
}
const call = (op: string, input: unknown) => post(op, JSON.stringify({ input, token: f.clerk }));

beforeAll(async () => {
  f = makeFixture();
  host = await startHost({ app: f.app, maxBody: 8 * 1024, log: () => {} });
  cookie = `${host.cookieName}=${host.cookieValue}`;
  openDrawer(f);
});
afterAll(async () => {
  await host.close();
  f.cleanup();
});

describe('error shapes over HTTP', () => {
  it('an unknown product and an unknown sale are both NOT_FOUND naming the field', async () => {
    const p = prods(f);
    const before = stateHash(f.app.env.sqlite);
    const product = await call('sale.checkout', {
      lines: [
        { productId: p.drill, quantity: qty(1) },
        { productId: GHOST, quantity: qty(1) },
      ],
      tenders: [{ method: 'cash', tendered: 5000 }],
    });
    const sale = await call('sale.get', { saleId: GHOST });
    for (const [r, field] of [
      [product, 'lines.1.productId'],
      [sale, 'saleId'],
    ] as const) {
      expect(r.status).toBe(404);
      expect(r.json.error).toMatchObject({
        code: 'NOT_FOUND',
        details: { field, id: GHOST },
        fields: [{ path: field, code: 'notFound' }],
      });
    }
    const customer = await call('sale.open', { customerId: GHOST });
    expect(customer.json.error).toMatchObject({ code: 'NOT_FOUND', details: { field: 'customerId' } });
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('a body over the limit is PAYLOAD_TOO_LARGE (413) with the limit', async () => {
    const before = stateHash(f.app.env.sqlite);
    const r = await post(
      'customer.create',
      JSON.stringify({ input: { name: 'x'.repeat(9000) }, token: f.clerk }),
    );
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { limit: 8 * 1024 } });
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('a wrong method is METHOD_NOT_ALLOWED (405) and says which; a body not JSON is UNSUPPORTED_MEDIA_TYPE (415)', async () => {
    const before = stateHash(f.app.env.sqlite);
    const cases = [
      ['GET', '/api/sale.list', 'application/json', ['POST']],
      ['PUT', '/api/customer.create', 'application/json', ['POST']],
      ['POST', '/api/events', 'application/json', ['GET']],
      ['DELETE', '/index.html', 'application/json', ['GET', 'HEAD']],
    ] as const;
    for (const [method, path, ctype, allow] of cases) {
      const r = await raw(method, path, ctype);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.allow).toBe(allow.join(', '));
      expect(r.json.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', details: { allow } });
    }
    for (const ctype of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const r = await raw('POST', '/api/customer.create', ctype, JSON.stringify({ input: { name: 'Léa' } }));
      expect(r.status, ctype).toBe(415);
      expect(r.json.error).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        details: { expected: 'application/json' },
      });
    }
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('an unknown key is reported at its own path', async () => {
    const top = await call('sale.get', { saleId: GHOST, colour: 'red' });
    expect(top.status).toBe(400);
    expect(top.json.error.fields).toEqual([
      {
        path: 'colour',
        code: 'unrecognized_keys',
        params: { keys: ['colour'] },
        message: 'unknown key colour',
      },
    ]);
    const two = await call('customer.create', { name: 'Léa', colour: 'red', size: 'L' });
    expect(two.json.error.fields.map((i: { path: string }) => i.path)).toEqual(['colour', 'size']);
  });

  it('every field issue has a stable code: formats, required text, zod limits, rules', async () => {
    const r = await call('auth.login', { userId: 'nope', pin: '12' });
    expect(r.json.error.fields).toEqual([
      expect.objectContaining({ path: 'userId', code: 'id' }),
      expect.objectContaining({ path: 'pin', code: 'pinFormat' }),
    ]);
    const name = await call('customer.create', { name: '  ' });
    expect(name.json.error.fields).toEqual([expect.objectContaining({ path: 'name', code: 'required' })]);
    const long = await call('customer.create', { name: 'x'.repeat(201) });
    expect(long.json.error.fields).toEqual([
      expect.objectContaining({
        path: 'name',
        code: 'too_big',
        params: expect.objectContaining({ maximum: 200, origin: 'string' }),
      }),
    ]);
    const p = prods(f);
    const short = await call('sale.checkout', {
      lines: [{ productId: p.drill, quantity: qty(1) }],
      tenders: [{ method: 'cash', tendered: 100 }],
    });
    expect(short.json.error.fields).toEqual([
      expect.objectContaining({
        path: 'tenders.0.tendered',
        code: 'tenderedShort',
        params: { due: expect.any(Number) },
      }),
    ]);
  });
});

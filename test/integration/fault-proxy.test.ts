import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpClient, NetworkError } from '../../electron/sync/http.ts';
import { type FaultProxy, messageLength, startFaultProxy } from '../helpers/fault-proxy.ts';

/**
 * The fault proxy does what each toxic says, checked against a plain HTTP server that counts
 * the requests it received whole — through the till's own HTTP client (electron/sync/http.ts),
 * so these also pin how the client classifies each failure.
 */
let server: http.Server;
let received: string[] = [];
let proxy: FaultProxy;
const client = httpClient({ timeoutMs: 400 });

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push(body);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ n: received.length, echo: body.length }));
    });
    req.on('aborted', () => received.push('ABORTED'));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy = await startFaultProxy({ upstreamPort: (server.address() as AddressInfo).port, seed: 7 });
});
afterAll(async () => {
  client.close();
  await proxy.close();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  received = [];
  proxy.setToxics([]);
  proxy.setDown(false);
});

const url = () => new URL(`${proxy.url}/x`);
const post = (body: unknown) => client.request('POST', url(), body);
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof NetworkError) return e.code;
    throw e;
  }
  return 'ANSWERED';
};
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('fault proxy toxics', () => {
  it('passes requests through untouched, several on one kept-alive connection', async () => {
    for (let i = 0; i < 5; i++) {
      const a = await post({ i, pad: 'x'.repeat(10_000) });
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ n: i + 1 });
    }
    expect(received).toHaveLength(5);
  });

  it('latency delays the exchange', async () => {
    proxy.setToxics([{ toxic: { kind: 'latency', ms: 120 } }]);
    const t = performance.now();
    await post({ a: 1 });
    expect(performance.now() - t).toBeGreaterThanOrEqual(230); // both directions
  });

  it('reset_mid_request: head office never gets the whole request; the till sees a reset', async () => {
    proxy.setToxics([{ toxic: { kind: 'reset_mid_request' } }]);
    expect(await failure(post({ pad: 'y'.repeat(50_000) }))).toBe('RESET');
    await settle();
    expect(received.filter((r) => r !== 'ABORTED')).toHaveLength(0);
  });

  it('timeout: the till gives up at its deadline; head office saw nothing', async () => {
    proxy.setToxics([{ toxic: { kind: 'timeout' } }]);
    expect(await failure(post({ a: 1 }))).toBe('TIMEOUT');
    expect(received).toHaveLength(0);
  });

  it('lose_response: head office got the request and answered, the till sees a reset', async () => {
    proxy.setToxics([{ toxic: { kind: 'lose_response' } }]);
    expect(await failure(post({ a: 1 }))).toBe('RESET');
    await settle();
    expect(received).toEqual(['{"a":1}']);
  });

  it('duplicate: head office gets the request twice, the till the second answer', async () => {
    proxy.setToxics([{ toxic: { kind: 'duplicate' } }]);
    const a = await post({ a: 1 });
    expect(a.body).toMatchObject({ n: 2 });
    expect(received).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('http_error before and after head office committed', async () => {
    proxy.setToxics([{ toxic: { kind: 'http_error', status: 503 } }]);
    expect((await post({ a: 1 })).status).toBe(503);
    expect(received).toHaveLength(0);
    proxy.setToxics([{ toxic: { kind: 'http_error', status: 502, after: true } }]);
    expect((await post({ a: 2 })).status).toBe(502);
    expect(received).toEqual(['{"a":2}']);
  });

  it('slow_drip trickles the bytes', async () => {
    proxy.setToxics([{ toxic: { kind: 'slow_drip', bytesPerSec: 20_000, chunk: 1000 } }]);
    const t = performance.now();
    // ~300 ms of dripping by design: the 400 ms client above timed out on a loaded machine
    await httpClient({ timeoutMs: 10_000 }).request('POST', url(), { pad: 'z'.repeat(6000) });
    expect(performance.now() - t).toBeGreaterThanOrEqual(250);
    expect(received).toHaveLength(1);
  });

  it('down refuses every connection', async () => {
    proxy.setDown(true);
    expect(['RESET', 'UNREACHABLE']).toContain(await failure(post({ a: 1 })));
    proxy.setDown(false);
    expect((await post({ a: 1 })).status).toBe(200);
  });

  it('toxicity is a per-request probability, replayable from the seed', async () => {
    proxy.setToxics([{ toxic: { kind: 'http_error', status: 500 }, toxicity: 0.5 }]);
    let errors = 0;
    for (let i = 0; i < 40; i++) if ((await post({ i })).status === 500) errors++;
    expect(errors).toBeGreaterThan(8);
    expect(errors).toBeLessThan(32);
    expect(received).toHaveLength(40 - errors);
  });
});

describe('HTTP framing', () => {
  it('frames Content-Length and chunked messages, and waits for incomplete ones', () => {
    const a = Buffer.from('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcNEXT');
    expect(messageLength(a, false)).toBe(a.length - 4);
    expect(messageLength(Buffer.from('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nab'), false)).toBe(0);
    const c = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(messageLength(c, true)).toBe(c.length);
    expect(messageLength(c.subarray(0, c.length - 2), true)).toBe(0);
    expect(messageLength(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'), true)).toBe(27);
  });
});

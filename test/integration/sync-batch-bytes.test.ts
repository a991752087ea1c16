import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { readEntries } from '../../electron/sync/outbox.ts';
import { makeTill, startHeadOffice, untilSynced, verifyConverged } from '../helpers/sync-harness.ts';
import { BACKENDS } from '../server/backends.ts';

/**
 * A catch-up batch is bounded by entries AND by bytes (SYNC_LIMITS.recommendedBytes): full
 * batches of 2,000 entries are what makes a catch-up fast, and entries grow (a reservation with
 * many lines is far bigger than a sale), so the till measures what it reads. And when a head
 * office (or a proxy in front of it) still answers 413, the till halves what was refused, in
 * entries and in bytes, until it passes: a till must never stall behind a batch too big to send.
 */
describe('push batches bounded by bytes', () => {
  const backend = BACKENDS[0]!;
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
    await backend.cleanup();
  });

  it('readEntries stops before the JSON of its entries passes maxBytes, and returns at least one', () => {
    const t = makeTill('Caisse octets');
    closers.push(() => t.close());
    t.work(40, 7);
    const all = readEntries(t.sqlite, 0, 1000);
    expect(all.length).toBeGreaterThan(20);
    const size = (n: number) => JSON.stringify(all.slice(0, n)).length;
    for (const budget of [size(3), size(10), size(20), 50_000]) {
      const got = readEntries(t.sqlite, 0, 1000, budget);
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(JSON.stringify(got).length).toBeLessThanOrEqual(budget);
      expect(got).toEqual(all.slice(0, got.length));
    }
    // the estimate is close: within 10 entries of what would fit
    const budget = size(20);
    expect(readEntries(t.sqlite, 0, 1000, budget).length).toBeGreaterThanOrEqual(10);
    expect(readEntries(t.sqlite, 0, 1000, 1)).toEqual(all.slice(0, 1));
  });

  it('a 413 for a body over 6 KB: the till halves its batches until they pass, then converges', {
    timeout: 60_000,
  }, async () => {
    const hq = await startHeadOffice(backend);
    closers.push(() => hq.close());
    const upstream = new URL(hq.url);
    const LIMIT = 6 * 1024;
    const seen = { refused: 0, forwarded: 0, largestForwarded: 0 };
    // a reverse proxy with a smaller body limit than head office's (nginx's client_max_body_size)
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (body.length > LIMIT) {
          seen.refused++;
          res.writeHead(413, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'BATCH_TOO_LARGE', message: 'too large', details: {} }));
          return;
        }
        seen.forwarded++;
        seen.largestForwarded = Math.max(seen.largestForwarded, body.length);
        const up = request(
          {
            host: upstream.hostname,
            port: upstream.port,
            path: req.url,
            method: req.method,
            headers: req.headers,
          },
          (r) => {
            res.writeHead(r.statusCode ?? 502, r.headers);
            r.pipe(res);
          },
        );
        up.on('error', () => res.destroy());
        up.end(body);
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => proxy.close(r)));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

    const t = makeTill('Caisse 413');
    closers.push(() => t.close());
    t.work(60, 11);
    t.start();
    await t.enrol(url, await hq.code('qc-413'));
    await untilSynced([t]);
    await verifyConverged(hq, t, 'qc-413');
    expect(seen.refused).toBeGreaterThan(0);
    expect(seen.largestForwarded).toBeLessThanOrEqual(LIMIT);
  });
});

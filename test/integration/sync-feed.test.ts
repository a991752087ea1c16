import { sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFeedAnswer, ledgerSecretStore } from '../../electron/app/sync.ts';
import { DEVICE_TOKEN } from '../../electron/sync/secrets.ts';
import { query } from '../../server/db.ts';
import { feedPageFor } from '../../server/feed.ts';
import { editMaster } from '../../server/master-data.ts';
import { CommandError } from '../../shared/errors.ts';
import { FEED_PATH } from '../../shared/sync/feed.ts';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.ts';
import { stateHash } from '../helpers/state-hash.ts';
import {
  FAST,
  type HarnessTill,
  type HeadOffice,
  makeTill,
  startHeadOffice,
  until,
  untilSynced,
} from '../helpers/sync-harness.ts';
import { BACKENDS } from '../server/backends.ts';

/**
 * The change feed (issue 14) end to end: head office's master data (edited there, or pushed by
 * tills as catalogue entries) reaches every till of the store through the feed, each page one
 * command; per field the edit head office received last wins, the losing one stays in the
 * history on both sides; through the fault proxy each page is applied exactly once and a page
 * cut mid-way changes nothing.
 */
const priceOf = (t: HarnessTill, id: string) =>
  (t.sqlite.prepare('SELECT price FROM products WHERE id = ?').get(id) as { price: number } | undefined)
    ?.price;

const feedEntries = (t: HarnessTill) =>
  t.sqlite.prepare("SELECT payload FROM journal WHERE type = 'feed.applied' ORDER BY seq").all() as {
    payload: string;
  }[];

const product = (sku: string, price: number) => ({
  sku,
  barcode: null,
  name: `Article ${sku}`,
  manufacturer: null,
  model: null,
  description: null,
  categoryId: null,
  price,
  taxCategory: 'standard',
  rates: { fourHours: null, day: null, weekend: null, week: null, month: null },
  deposit: null,
  onWebsite: true,
  active: true,
});

async function hqPrice(hq: HeadOffice, store: string, id: string): Promise<number | undefined> {
  const [r] = await query<{ fields: string }>(
    hq.db,
    sql`SELECT fields FROM master_records WHERE store_id = ${store} AND entity = 'product' AND entity_id = ${id}`,
  );
  return r ? (JSON.parse(r.fields) as { price: number }).price : undefined;
}

describe.each(BACKENDS)('change feed on $name', (backend) => {
  let hq: HeadOffice;
  const tills: HarnessTill[] = [];
  const STORE = 'qc-feed';

  beforeAll(async () => {
    hq = await startHeadOffice(backend);
  });
  afterAll(async () => {
    for (const t of tills) await t.close();
    await hq?.close();
    await backend.cleanup();
  });

  it('two tills edit one price offline: every till converges on the last received, the loser in history', {
    timeout: 120_000,
  }, async () => {
    const a = makeTill('Caisse A');
    const b = makeTill('Caisse B');
    tills.push(a, b);
    for (const t of [a, b]) {
      t.start();
      await t.enrol(hq.url, await hq.code(STORE));
    }
    // head office creates the item: both tills get it through the feed
    const id = ulid();
    await editMaster(hq.db, 'test', STORE, { entity: 'product', id, fields: product('FEED-1', 1000) });
    await until(
      () => priceOf(a, id) === 1000 && priceOf(b, id) === 1000,
      () => `prices ${priceOf(a, id)} / ${priceOf(b, id)}`,
    );
    // head office away; each till's manager changes the price
    const port = new URL(hq.url).port;
    await hq.server.app.close();
    a.app.call('product.update', { productId: id, changes: { price: 1100 } }, a.f.manager);
    b.app.call('product.update', { productId: id, changes: { price: 1250 } }, b.f.manager);
    expect(priceOf(a, id)).toBe(1100);
    expect(priceOf(b, id)).toBe(1250);
    const { buildApp } = await import('../../server/app.ts');
    const app = await buildApp(hq.server.database);
    await app.listen({ port: Number(port), host: '127.0.0.1' });
    (hq.server as { app: typeof app }).app = app;
    await untilSynced([a, b]);
    const what = async () =>
      `hq ${await hqPrice(hq, STORE, id)}, tills ${priceOf(a, id)} / ${priceOf(b, id)}`;
    let w = '';
    await until(
      async () => {
        w = await what();
        const p = await hqPrice(hq, STORE, id);
        return (p === 1100 || p === 1250) && priceOf(a, id) === p && priceOf(b, id) === p;
      },
      () => w,
    );
    const won = (await hqPrice(hq, STORE, id))!;
    const lost = won === 1100 ? 1250 : 1100;
    const loser = won === 1100 ? b : a;
    // head office's history keeps the losing edit, naming the till that made it
    const hist = await query<{ lost: string; won: string; lost_origin: string; won_origin: string }>(
      hq.db,
      sql`SELECT lost, won, lost_origin, won_origin FROM master_history
          WHERE store_id = ${STORE} AND entity = 'product' AND entity_id = ${id} AND field = 'price' ORDER BY change_seq`,
    );
    expect(hist.map((h) => [JSON.parse(h.lost), JSON.parse(h.won)])).toEqual([
      [1000, lost],
      [lost, won],
    ]);
    expect(hist[1]!.lost_origin).toMatch(new RegExp(`^till:${loser.deviceId}#\\d+$`));
    // …and so does every till, from the feed
    for (const t of [a, b])
      await until(
        () =>
          (
            t.sqlite
              .prepare(
                "SELECT count(*) AS n FROM master_history WHERE entity_id = ? AND field = 'price' AND lost = ? AND won = ?",
              )
              .get(id, String(lost), String(won)) as { n: number }
          ).n === 1,
        () => `${t.name}: no history row for the lost ${lost}`,
      );
    // managers see it on each till; a clerk may not
    for (const t of [a, b]) {
      const h = t.app.call('masterData.history', { entity: 'product', id }, t.f.manager);
      expect(h.filter((r) => r.field === 'price').map((r) => [r.lost, r.won])).toEqual([
        [lost, won],
        [1000, lost],
      ]);
      expect(h[0]!.lostOrigin).toBe(hist[1]!.lost_origin);
      expect(() => t.app.call('masterData.history', { entity: 'product', id }, t.f.clerk)).toThrow(
        expect.objectContaining({ code: 'FORBIDDEN' }),
      );
    }
    // each page's entry names its range and hash; ranges follow each other
    for (const t of [a, b]) {
      const ranges = feedEntries(t).map(
        (e) => JSON.parse(e.payload) as { from: number; to: number; sha256: string },
      );
      expect(ranges.length).toBeGreaterThan(0);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
    }
  });

  it("a till's catalogue reaches the store's other till; a customer entered at head office reaches both", {
    timeout: 60_000,
  }, async () => {
    const [a, b] = tills as [HarnessTill, HarnessTill];
    const cat = a.app.call('category.create', { name: 'Nacelles' }, a.f.manager);
    const p = a.app.call(
      'product.create',
      { name: 'Nacelle 12 m', sku: 'NAC-12', price: 25_000, categoryId: cat.id },
      a.f.manager,
    );
    a.app.call('product.archive', { productId: p.id }, a.f.manager);
    const customer = ulid();
    await editMaster(hq.db, 'test', STORE, {
      entity: 'customer',
      id: customer,
      fields: { name: 'Chantiers Tremblay', email: 'compta@tremblay.example', city: 'Laval' },
    });
    const row = (t: HarnessTill) =>
      t.sqlite
        .prepare(
          'SELECT p.name, p.sku, p.price, p.active, c.name AS category FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?',
        )
        .get(p.id);
    const cust = (t: HarnessTill) =>
      t.sqlite.prepare('SELECT name, email, city FROM customers WHERE id = ?').get(customer);
    await until(
      () => row(b) !== undefined && (row(b) as { active: number }).active === 0 && cust(b) !== undefined,
      () => `${b.name}: ${JSON.stringify(row(b))} ${JSON.stringify(cust(b))}`,
    );
    expect(row(b)).toEqual({
      name: 'Nacelle 12 m',
      sku: 'NAC-12',
      price: 25_000,
      active: 0,
      category: 'Nacelles',
    });
    for (const t of [a, b])
      await until(
        () => cust(t) !== undefined,
        () => `${t.name}: no customer`,
      );
    for (const t of [a, b])
      expect(cust(t)).toEqual({
        name: 'Chantiers Tremblay',
        email: 'compta@tremblay.example',
        city: 'Laval',
      });
    // the feed wrote no catalogue entries of its own: head office reads nothing back as an edit
    const types = b.sqlite.prepare("SELECT DISTINCT type FROM journal WHERE actor = 'head-office'").all();
    expect(types).toEqual([{ type: 'feed.applied' }]);
  });

  it("a token reads its own store's feed only", { timeout: 30_000 }, async () => {
    const other = 'qc-other';
    await hq.code(other);
    await editMaster(hq.db, 'test', other, { entity: 'product', id: ulid(), fields: product('OTHER-1', 5) });
    const token = ledgerSecretStore(tills[0]!.f.file).get(DEVICE_TOKEN)!;
    const res = await fetch(`${hq.url}${FEED_PATH}?after=0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { storeId: string; records: { fields: { sku?: string } }[] };
    expect(page.storeId).toBe(STORE);
    expect(page.records.length).toBeGreaterThan(0);
    expect(page.records.map((r) => r.fields.sku)).not.toContain('OTHER-1');
    expect((await fetch(`${hq.url}${FEED_PATH}?after=0`)).status).toBe(401);
  });

  it("bad feed data — a page that does not parse, another store's page, a cursor out of place — is a typed error and changes nothing; a replayed page changes nothing", {
    timeout: 30_000,
  }, async () => {
    const t = tills[0]!;
    await t.stop();
    const apply = (raw: unknown) => applyFeedAnswer(t.app, raw);
    const reason = (raw: unknown) => {
      try {
        apply(raw);
      } catch (e) {
        expect(e).toBeInstanceOf(CommandError);
        expect((e as CommandError).code).toBe('HEAD_OFFICE');
        return (e as CommandError).details?.reason;
      }
      return 'applied';
    };
    const cursor = (t.sqlite.prepare('SELECT cursor FROM feed_state').get() as { cursor: number }).cursor;
    const good = await feedPageFor(hq.db, { storeId: STORE }, 0, 100);
    const before = stateHash(t.sqlite);
    const rec = good.records.find((r) => r.entity === 'product' && r.fields.sku !== undefined)!;
    const bad: unknown[] = [
      null,
      'not a page',
      { ...good, v: 2 },
      { ...good, records: [{ ...rec, entity: 'unicorn' }] },
      { ...good, records: [{ ...rec, fields: { ...rec.fields, price: -5 } }] },
      { ...good, records: [{ ...rec, fields: { ...rec.fields, colour: 'red' } }] },
      { ...good, records: [{ ...rec, seq: good.to + 1 }] },
      { ...good, to: good.from - 1 },
    ];
    for (const raw of bad) expect(reason(raw)).toBe('FEED_INVALID');
    // another store's real page
    const theirs = await feedPageFor(hq.db, { storeId: 'qc-other' }, 0, 100);
    expect(theirs.records.length).toBe(1);
    expect(reason(theirs)).toBe('FEED_WRONG_STORE');
    // a page that starts after the till's cursor (a gap), or straddles it
    expect(reason({ ...theirs, storeId: STORE, from: cursor + 1, to: cursor + 5, records: [] })).toBe(
      'FEED_CURSOR',
    );
    // an item whose SKU another item of this till has (two tills made one SKU offline)
    const taken = t.sqlite.prepare('SELECT sku FROM products WHERE id = ?').get(t.f.products[0]!.id) as {
      sku: string;
    };
    const clash = { ...rec, id: ulid(), fields: { ...rec.fields, sku: taken.sku } };
    expect(
      reason({
        ...good,
        from: cursor,
        to: cursor + 1,
        records: [{ ...clash, seq: cursor + 1 }],
        history: [],
      }),
    ).toBe('FEED_SKU_TAKEN');
    expect(stateHash(t.sqlite)).toBe(before);
    // the page already applied, applied again: nothing changes
    expect(good.to).toBeLessThanOrEqual(cursor);
    expect(apply(good)).toMatchObject({ applied: false, cursor });
    expect(stateHash(t.sqlite)).toBe(before);
    t.start();
  });
});

describe.each(BACKENDS)('change feed through the fault proxy on $name', (backend) => {
  let hq: HeadOffice;
  let proxy: FaultProxy;
  let t: HarnessTill;
  const STORE = 'qc-feed-faults';

  beforeAll(async () => {
    hq = await startHeadOffice(backend);
    proxy = await startFaultProxy({ upstreamPort: Number(new URL(hq.url).port), seed: 7 });
    t = makeTill('Caisse F');
    t.start({ ...FAST, heartbeatMs: 50, http: { timeoutMs: 700 } });
    await t.enrol(proxy.url, await hq.code(STORE));
    await untilSynced([t]);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.close();
    await hq?.close();
    await backend.cleanup();
  });

  it('pages duplicated, answers lost or cut mid-way: each page applied exactly once, all of it', {
    timeout: 120_000,
  }, async () => {
    proxy.setToxics([
      { toxic: { kind: 'cut_response' }, toxicity: 0.3 },
      { toxic: { kind: 'duplicate' }, toxicity: 0.3 },
      { toxic: { kind: 'lose_response' }, toxicity: 0.2 },
    ]);
    const ids: string[] = [];
    for (let round = 0; round < 12; round++) {
      for (let i = 0; i < 5; i++) {
        const id = ulid();
        ids.push(id);
        await editMaster(hq.db, 'test', STORE, {
          entity: 'product',
          id,
          fields: product(`F-${round}-${i}`, 100 * round + i + 1),
        });
      }
      await new Promise((r) => setTimeout(r, 80));
    }
    await until(
      () => ids.every((id) => priceOf(t, id) !== undefined),
      () => `${ids.filter((id) => priceOf(t, id) === undefined).length} items missing`,
      90_000,
    );
    expect(proxy.stats.fired.cut_response).toBeGreaterThan(0);
    expect(proxy.stats.fired.duplicate).toBeGreaterThan(0);
    proxy.setToxics([]);
    await untilSynced([t]);
    // every record arrived, with its price; the pages' ranges are consecutive: none applied twice
    for (const [k, id] of ids.entries()) expect(priceOf(t, id)).toBe(100 * Math.floor(k / 5) + (k % 5) + 1);
    const ranges = feedEntries(t).map(
      (e) => JSON.parse(e.payload) as { from: number; to: number; records: number },
    );
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.from).toBe(ranges[i - 1]!.to);
    expect(ranges.reduce((s, r) => s + r.records, 0)).toBe(ids.length);
    // head office holds the till's journal, feed entries included, exactly once
    const [held] = await query<{ n: string }>(
      hq.db,
      sql`SELECT count(*) AS n FROM entries WHERE store_id = ${STORE} AND device_id = ${t.deviceId} AND type = 'feed.applied'`,
    );
    expect(Number(held!.n)).toBe(ranges.length);
  });

  it('a page cut mid-way changes nothing', { timeout: 60_000 }, async () => {
    await t.stop();
    const id = ulid();
    await editMaster(hq.db, 'test', STORE, { entity: 'product', id, fields: product('CUT-1', 777) });
    proxy.setToxics([{ toxic: { kind: 'cut_response' }, toxicity: 1, match: FEED_PATH }]);
    const before = stateHash(t.sqlite);
    t.start({ ...FAST, heartbeatMs: 50, http: { timeoutMs: 700 } });
    await until(
      () => (t.sync().lastFeed()?.error ?? null) !== null,
      () => 'no feed pull yet',
    );
    expect(t.sync().lastFeed()!.error).toBe('RESET');
    await t.stop();
    expect(stateHash(t.sqlite)).toBe(before);
    expect(priceOf(t, id)).toBeUndefined();
    proxy.setToxics([]);
    t.start({ ...FAST, heartbeatMs: 50 });
    await until(
      () => priceOf(t, id) === 777,
      () => 'the item after the cut',
    );
  });
});

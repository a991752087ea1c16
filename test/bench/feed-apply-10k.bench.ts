import { ulid } from 'ulid';
import { applyFeedAnswer } from '../../electron/app/sync.ts';
import type { FeedPage, FeedRecord } from '../../shared/sync/feed.ts';
import { FEED_LIMITS } from '../../shared/sync/feed.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { type Bench, log, nowMs, percentile, r3 } from './lib.ts';

/**
 * A till applying 10,000 master-data changes from head office's feed (issue 14): 1,000 new
 * categories, 4,000 new items, 2,000 price and name changes of items the till already has, 3,000
 * new customers — in pages of 2,000 (the feed's largest), each through applyFeedAnswer: parse
 * with the page's zod schema, SHA-256 of its canonical JSON, the cursor checks, then the
 * `feed.apply` command (one transaction, rows, history, cursor, one journal entry). `value` = the
 * median over the rounds of the whole 10k; `baseline` = the same rows written by a bare
 * prepared-statement INSERT/UPDATE loop in ONE transaction on a twin ledger (same schema,
 * triggers and pragmas, same items beforehand; no parsing, hashing, cursor or journal);
 * `ratio` = ours / baseline. Each round starts from fresh ledgers (not timed) and alternates which
 * of the two runs first.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const STORE = 'bench-store';

function pages(existing: string[]): { pages: FeedPage[]; records: FeedRecord[] } {
  const records: FeedRecord[] = [];
  let seq = 0;
  const cats: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const id = ulid();
    cats.push(id);
    records.push({
      entity: 'category',
      id,
      seq: ++seq,
      deleted: false,
      fields: { name: `Catégorie ${i}`, parentId: null },
    });
  }
  for (let i = 0; i < 4000; i++)
    records.push({
      entity: 'product',
      id: ulid(),
      seq: ++seq,
      deleted: false,
      fields: {
        sku: `FD-${i}`,
        barcode: `20${String(i).padStart(11, '0')}`,
        name: `Article du siège ${i} — perceuse à percussion`,
        manufacturer: 'Makita',
        model: `HP${i}`,
        description: null,
        categoryId: cats[i % cats.length]!,
        price: 1000 + i,
        taxCategory: 'standard',
        rates: { fourHours: null, day: 2500, weekend: null, week: 9000, month: null },
        deposit: 5000,
        onWebsite: true,
        active: true,
      },
    });
  for (let i = 0; i < 2000; i++)
    records.push({
      entity: 'product',
      id: existing[i % existing.length]!,
      seq: ++seq,
      deleted: false,
      fields: { price: 2000 + i, name: `Article renommé ${i}` },
    });
  for (let i = 0; i < 3000; i++)
    records.push({
      entity: 'customer',
      id: ulid(),
      seq: ++seq,
      deleted: false,
      fields: {
        name: `Client ${i}`,
        email: `client${i}@example.ca`,
        phone: '514-555-0100',
        city: 'Montréal',
      },
    });
  const out: FeedPage[] = [];
  const size = FEED_LIMITS.maxRecords;
  for (let i = 0; i < records.length; i += size) {
    const part = records.slice(i, i + size);
    out.push({
      v: 1,
      storeId: STORE,
      from: i,
      to: i + part.length,
      more: i + size < records.length,
      records: part,
      history: [],
    });
  }
  return { pages: out, records };
}

function enrolled(): Fixture {
  const f = makeFixture();
  f.app.env.sqlite
    .prepare(
      `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, acked_seq, acked_hash)
       VALUES (1, 'http://127.0.0.1:1', ?, ?, 0, 0, ?)`,
    )
    .run(STORE, new Date().toISOString(), '0'.repeat(64));
  return f;
}

/** 2,000 items the till already has (the updates' targets), the same on both ledgers */
function seedItems(f: Fixture, ids: string[]): void {
  const db = f.app.env.sqlite;
  const ins = db.prepare(
    'INSERT INTO products (id, sku, name, price, tax_category, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const [i, id] of ids.entries())
      ins.run(id, `OLD-${i}`, `Article ${i}`, 500, 'standard', '2026-12-01T00:00:00.000Z');
  })();
}

function bare(f: Fixture, records: FeedRecord[]): void {
  const db = f.app.env.sqlite;
  const at = new Date().toISOString();
  const cat = db.prepare('INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)');
  const prod = db.prepare(
    `INSERT INTO products (id, sku, barcode, name, manufacturer, model, description, category_id, price, tax_category,
       rental_4h, rental_day, rental_weekend, rental_week, rental_month, deposit, on_website, active, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upd = db.prepare('UPDATE products SET price = ?, name = ?, updated_at = ? WHERE id = ?');
  const cust = db.prepare(
    'INSERT INTO customers (id, name, email, phone, city, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of records) {
      if (r.entity === 'category') cat.run(r.id, r.fields.name, r.fields.parentId ?? null);
      else if (r.entity === 'customer')
        cust.run(r.id, r.fields.name, r.fields.email, r.fields.phone, r.fields.city, at, at);
      else if (r.fields.sku !== undefined) {
        const p = r.fields;
        prod.run(
          r.id,
          p.sku,
          p.barcode,
          p.name,
          p.manufacturer,
          p.model,
          p.description,
          p.categoryId,
          p.price,
          p.taxCategory,
          p.rates!.fourHours,
          p.rates!.day,
          p.rates!.weekend,
          p.rates!.week,
          p.rates!.month,
          p.deposit,
          p.onWebsite ? 1 : 0,
          1,
          at,
        );
      } else upd.run(r.fields.price, r.fields.name, at, r.id);
    }
  })();
}

const bench: Bench = {
  name: 'feed-apply-10k',
  description:
    'a till applying 10k catalogue/customer changes from the feed (5 pages) vs a bare INSERT/UPDATE loop',
  run() {
    const ours: number[] = [];
    const base: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const existing = Array.from({ length: 2000 }, () => ulid());
      const { pages: ps, records } = pages(existing);
      // JSON as it comes off the wire: the page is parsed from plain values, as the worker gets them
      const wire = ps.map((p) => JSON.parse(JSON.stringify(p)) as unknown);
      const a = enrolled();
      const b = enrolled();
      try {
        seedItems(a, existing);
        seedItems(b, existing);
        const feed = () => {
          const c0 = process.cpuUsage();
          const t0 = nowMs();
          for (const p of wire) {
            const r = applyFeedAnswer(a.app, p);
            if (!r.applied) throw new Error('a page was not applied');
          }
          ours.push(nowMs() - t0);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
        };
        const loop = () => {
          const t1 = nowMs();
          bare(b, records);
          base.push(nowMs() - t1);
        };
        // alternate which goes first, so neither always gets the warmer caches
        if (round % 2 === 0) {
          feed();
          loop();
        } else {
          loop();
          feed();
        }
        // both ledgers hold the same catalogue and customers afterwards
        const sig = (f: Fixture) =>
          f.app.env.sqlite
            .prepare(
              `SELECT (SELECT count(*) FROM products) || '/' || (SELECT sum(price) FROM products) || '/' ||
                 (SELECT count(*) FROM customers) || '/' || (SELECT count(*) FROM categories) AS s`,
            )
            .get() as { s: string };
        if (sig(a).s !== sig(b).s) throw new Error(`ledgers differ: ${sig(a).s} vs ${sig(b).s}`);
        const entries = a.app.env.sqlite
          .prepare("SELECT count(*) AS n FROM journal WHERE type = 'feed.applied'")
          .get() as {
          n: number;
        };
        if (entries.n !== ps.length)
          throw new Error(`${entries.n} feed.applied entries for ${ps.length} pages`);
        log(`round ${round + 1}/${ROUNDS}: feed ${r3(ours.at(-1)!)} ms, bare ${r3(base.at(-1)!)} ms`);
      } finally {
        a.cleanup();
        b.cleanup();
      }
    }
    const value = percentile(ours, 50);
    const baseline = percentile(base, 50);
    return {
      value: r3(value),
      unit: 'ms',
      changes: 10_000,
      pages: 5,
      baseline: r3(baseline),
      ratio: r3(value / baseline),
      cpu_p50: r3(percentile(cpu, 50)),
      n: ROUNDS,
      target: '≤ 2000 ms',
      pass: value <= 2000,
    };
  },
};

export default bench;

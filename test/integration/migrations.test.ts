import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEntry, verifyChain } from '../../db/journal.ts';
import { loadMigrations, MIGRATIONS_DIR, MigrationError, migrate } from '../../db/migrate.ts';
import { countHeld, nextPrintable } from '../../db/print-queue.ts';
import { isPrintJobKind, parsePrintJob } from '../../shared/ledger/print-jobs.ts';

/**
 * One test per data-changing migration (Signal-Desktop style): migrate an empty database to
 * N−1, insert rows the way the app of that version would have, migrate to N, assert on the rows.
 * Plus the runner's own guarantees: idempotent, refuses edited migrations, rolls back whole
 * when foreign_key_check fails.
 */
let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
});
afterEach(() => db.close());

const AT = '2026-11-26T15:00:00.000Z';
const version = () =>
  (db.prepare('SELECT max(idx) AS v FROM __migrations').get() as { v: number | null }).v ?? -1;
const objects = () =>
  db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all();
const tableExists = (name: string) =>
  db.prepare('SELECT 1 FROM sqlite_master WHERE name = ?').get(name) !== undefined;

describe('the migration files', () => {
  it('every .sql file is listed in meta/_journal.json, in order, and none is empty', () => {
    const onDisk = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const all = loadMigrations();
    expect(all.map((m) => `${m.tag}.sql`)).toEqual(onDisk);
    all.forEach((m, i) => {
      expect(m.idx).toBe(i);
      expect(m.statements.length).toBeGreaterThan(0);
    });
    expect(all.length).toBeGreaterThanOrEqual(3);
  });

  it('no ON DELETE CASCADE anywhere (ledger rows are never deleted by a side effect)', () => {
    for (const m of loadMigrations()) {
      const sql = readFileSync(new URL(`${m.tag}.sql`, MIGRATIONS_DIR), 'utf8');
      expect(sql, m.tag).not.toMatch(/on\s+delete\s+cascade/i);
    }
  });
});

describe('0001_journal_append_only', () => {
  it('keeps existing journal, Z-report and closing rows and makes them immutable', () => {
    expect(migrate(db, { to: 0 })).toEqual(['0000_init']);
    expect(version()).toBe(0);
    // rows as the version-0 app wrote them
    const e1 = appendEntry(db, {
      id: '01JAAAAAAAAAAAAAAAAAAAAAA1',
      deviceId: 'till-1',
      at: AT,
      actor: 'u1',
      type: 'sale.completed',
      payload: { total: 2298 },
    });
    const e2 = appendEntry(db, {
      id: '01JAAAAAAAAAAAAAAAAAAAAAA2',
      deviceId: 'till-1',
      at: AT,
      actor: 'u1',
      type: 'drawer.opened',
      payload: { float: 10_000 },
    });
    db.prepare(
      "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES ('u1', 'Camille', 'manager', 'x', ?)",
    ).run(AT);
    db.prepare(
      `INSERT INTO drawer_sessions (id, number, status, currency, opened_at, opened_by, float, float_count)
       VALUES ('s1', 1, 'closed', 'CAD', ?, 'u1', 10000, '{}')`,
    ).run(AT);
    db.prepare(
      "INSERT INTO z_reports (number, session_id, report, created_at) VALUES (1, 's1', '{}', ?)",
    ).run(AT);
    db.prepare(
      `INSERT INTO period_closings (id, kind, period, period_grand_total, perpetual_grand_total, report, closed_at, closed_by)
       VALUES ('c1', 'day', '2026-11-26', 2298, 2298, '{}', ?, 'u1')`,
    ).run(AT);
    // before 0001 the journal could still be edited: proves the assertions below are about 0001
    db.prepare('UPDATE journal SET actor = actor WHERE seq = 1').run();

    expect(migrate(db, { to: 1 })).toEqual(['0001_journal_append_only']);
    expect(version()).toBe(1);

    expect(db.prepare('SELECT * FROM journal ORDER BY seq').all()).toEqual([e1, e2]);
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 2 });

    expect(() => db.prepare('UPDATE journal SET payload = \'{"total":1}\' WHERE seq = 1').run()).toThrow(
      /append-only: UPDATE rejected/,
    );
    expect(() => db.prepare('DELETE FROM journal WHERE seq = 2').run()).toThrow(
      /append-only: DELETE rejected/,
    );
    expect(() => db.prepare('UPDATE z_reports SET report = \'{"x":1}\'').run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM z_reports').run()).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE period_closings SET period_grand_total = 0').run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM period_closings').run()).toThrow(/immutable/);

    // appending still works and chains onto the old rows
    appendEntry(db, {
      id: '01JAAAAAAAAAAAAAAAAAAAAAA3',
      deviceId: 'till-1',
      at: AT,
      actor: 'u1',
      type: 'x',
      payload: {},
    });
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 3 });
  });
});

describe('0002_catalogue_fts', () => {
  const insertProduct = (
    id: string,
    sku: string,
    name: string,
    manufacturer: string | null = null,
    barcode: string | null = null,
  ) =>
    db
      .prepare(
        `INSERT INTO products (id, sku, barcode, name, manufacturer, price, updated_at)
         VALUES (?, ?, ?, ?, ?, 1000, ?)`,
      )
      .run(id, sku, barcode, name, manufacturer, AT);
  const search = (q: string) =>
    (
      db
        .prepare(
          `SELECT p.sku FROM products_fts JOIN products p ON p.rowid = products_fts.rowid
           WHERE products_fts MATCH ? ORDER BY p.sku`,
        )
        .all(q) as { sku: string }[]
    ).map((r) => r.sku);

  it('indexes the products that existed before it, diacritics-insensitive, by prefix', () => {
    migrate(db, { to: 1 });
    expect(tableExists('products_fts')).toBe(false);
    insertProduct('p1', 'ECL-100', 'Éclairage de chantier LED', 'DeWalt', '0628451234567');
    insertProduct('p2', 'PER-18V', 'Perceuse sans fil 18 V', 'Makita');
    insertProduct('p3', 'MEC-BOIS', 'Mèches à bois (jeu de 7)', null);
    insertProduct('p4', 'ECH-6', 'Échafaudage roulant', 'Werner');

    expect(migrate(db, { to: 2 })).toEqual(['0002_catalogue_fts']);
    expect(version()).toBe(2);

    expect(search('eclairage')).toEqual(['ECL-100']); // "É" matched by "e"
    expect(search('éclairage')).toEqual(['ECL-100']);
    expect(search('ecl*')).toEqual(['ECL-100']); // 3-letter prefix
    expect(search('ec*')).toEqual(['ECH-6', 'ECL-100']); // 2-letter prefix, both É-words
    expect(search('meche*')).toEqual(['MEC-BOIS']); // "Mèches"
    expect(search('perc*')).toEqual(['PER-18V']);
    expect(search('makita')).toEqual(['PER-18V']); // manufacturer column
    expect(search('0628451234567')).toEqual(['ECL-100']); // barcode column
    expect(search('bois AND mec*')).toEqual(['MEC-BOIS']);
    expect(search('tronçonneuse')).toEqual([]);
  });

  it('then keeps the index in step with products (insert, update, delete triggers)', () => {
    migrate(db);
    insertProduct('p1', 'ECL-100', 'Éclairage de chantier', 'DeWalt');
    expect(search('eclai*')).toEqual(['ECL-100']);
    db.prepare("UPDATE products SET name = 'Projecteur de chantier' WHERE id = 'p1'").run();
    expect(search('eclai*')).toEqual([]);
    expect(search('projec*')).toEqual(['ECL-100']);
    db.prepare("DELETE FROM products WHERE id = 'p1'").run();
    expect(search('projec*')).toEqual([]);
    // the external-content index agrees with its content table
    expect(() =>
      db.prepare("INSERT INTO products_fts(products_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
  });
});

describe('0009_catalogue_units', () => {
  it('indexes the descriptions of the products that existed before it; archiving or a price leaves the index alone', () => {
    migrate(db, { to: 8 });
    db.prepare(
      `INSERT INTO products (id, sku, name, description, price, updated_at)
       VALUES ('p1', 'NAC-12', 'Nacelle', 'Élévatrice 12 m', 1000, ?), ('p2', 'BG-1', 'Бормашина', NULL, 500, ?)`,
    ).run(AT, AT);
    migrate(db, { to: 9 });
    const search = (q: string) =>
      (
        db
          .prepare(
            `SELECT p.sku FROM products_fts JOIN products p ON p.rowid = products_fts.rowid
             WHERE products_fts MATCH ? ORDER BY p.sku`,
          )
          .all(q) as { sku: string }[]
      ).map((r) => r.sku);
    expect(search('elevat*')).toEqual(['NAC-12']);
    expect(search('борм*')).toEqual(['BG-1']);
    expect(search('nacelle')).toEqual(['NAC-12']);
    db.prepare("UPDATE products SET active = 0, price = 2000, photo = 'x' WHERE id = 'p1'").run();
    db.prepare("UPDATE products SET description = 'ciseaux' WHERE id = 'p1'").run();
    expect(search('elevat*')).toEqual([]);
    expect(search('ciseaux')).toEqual(['NAC-12']);
    expect(() =>
      db.prepare("INSERT INTO products_fts(products_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    expect(tableExists('units') && tableExists('unit_movements')).toBe(true);
  });
});

describe('0005_closing_seals', () => {
  it('adds an empty, append-only closing_seals table; Z reports made before it stay as they were, unsealed', () => {
    migrate(db, { to: 4 });
    const e1 = appendEntry(db, {
      id: '01JAAAAAAAAAAAAAAAAAAAAAA1',
      deviceId: 'till-1',
      at: AT,
      actor: 'u1',
      type: 'drawer.closed',
      payload: { zNumber: 1 },
    });
    db.prepare(
      "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES ('u1', 'Camille', 'manager', 'x', ?)",
    ).run(AT);
    db.prepare(
      `INSERT INTO drawer_sessions (id, number, status, currency, opened_at, opened_by, float, float_count)
       VALUES ('s1', 1, 'closed', 'CAD', ?, 'u1', 10000, '{}')`,
    ).run(AT);
    db.prepare(
      "INSERT INTO z_reports (number, session_id, report, created_at) VALUES (1, 's1', '{\"number\":1}', ?)",
    ).run(AT);
    expect(tableExists('closing_seals')).toBe(false);

    expect(migrate(db, { to: 5 })).toEqual(['0005_closing_seals']);
    expect(db.prepare('SELECT count(*) AS n FROM closing_seals').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT report FROM z_reports').all()).toEqual([{ report: '{"number":1}' }]);
    expect(db.prepare('SELECT * FROM journal').all()).toEqual([e1]);
    db.prepare(
      `INSERT INTO closing_seals (ref, kind, entry_seq, covers_seq, covers_hash, signed, signature, public_key, key_fingerprint, at)
       VALUES ('z:2', 'z', 2, 1, ?, '{}', 'sig', 'pk', 'fp', ?)`,
    ).run(e1.hash, AT);
    expect(() => db.prepare("UPDATE closing_seals SET covers_hash = 'x'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM closing_seals').run()).toThrow(/immutable/);
  });
});

describe('0011_print_job_refs', () => {
  it('rewrites the jobs that carried a whole document into version-1 references, and moves the DUPLICATA count to a counter', () => {
    migrate(db, { to: 10 });
    const S = '01JAAAAAAAAAAAAAAAAAAAAAS1';
    const R = '01JAAAAAAAAAAAAAAAAAAAAAR1';
    const O = '01JAAAAAAAAAAAAAAAAAAAAAQ1';
    const P = '01JAAAAAAAAAAAAAAAAAAAAAP1';
    const M = '01JAAAAAAAAAAAAAAAAAAAAAM1';
    const D = '01JAAAAAAAAAAAAAAAAAAAAAD1';
    const C = '01JAAAAAAAAAAAAAAAAAAAAAC1';
    db.prepare(
      "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES ('u1', 'Camille', 'manager', 'x', ?)",
    ).run(AT);
    db.prepare(
      "INSERT INTO sales (id, receipt_number, status, currency, clerk_id, opened_at) VALUES (?, 1, 'refunded', 'CAD', 'u1', ?)",
    ).run(S, AT);
    db.prepare(
      `INSERT INTO refunds (id, sale_id, channel, status, amount, created_at, created_by, business_date)
       VALUES (?, ?, 'cash', 'completed', 2300, ?, 'u1', '2026-11-26')`,
    ).run(R, S, AT);
    // jobs as the version-5 app wrote them: the whole document inline
    const sale = { id: S, receiptNumber: 1, lines: [], tenders: [] };
    const old: [string, string | null, unknown][] = [
      ['sale_receipt', S, { sale, changeDue: 170 }],
      ['sale_receipt', S, { sale, changeDue: 0, duplicate: { number: 1, copy: 1 } }],
      ['sale_receipt', S, { sale, changeDue: 0, duplicate: { number: 2, copy: 2 } }],
      ['cancel_slip', S, { sale }],
      ['refund_receipt', S, { sale, amount: 2300 }],
      ['payment_slip', P, { order: { id: O, payments: [] }, paymentId: P, change: null }],
      ['drawer_slip', M, { movement: { id: M } }],
      ['drawer_kick', D, { reason: 'open' }],
      ['drawer_kick', M, { reason: 'no_sale' }],
      ['z_report', '7', { report: { number: 7 } }],
      ['period_closing', C, { closing: { id: C } }],
      ['test_page', null, { at: AT }],
    ];
    const ins = db.prepare(
      `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts)
       VALUES (?, ?, ?, ?, ?, 0, 'done', 1)`,
    );
    old.forEach(([kind, ref, payload], i) => {
      ins.run(
        `01JB00000000000000000000${String(i).padStart(2, '0')}`,
        AT,
        kind,
        ref,
        JSON.stringify(payload),
      );
    });

    expect(migrate(db, { to: 11 })).toEqual(['0011_print_job_refs']);
    const jobs = db.prepare('SELECT kind, payload FROM print_jobs ORDER BY id').all() as {
      kind: string;
      payload: string;
    }[];
    expect(jobs.map((j) => [j.kind, JSON.parse(j.payload)])).toEqual([
      ['sale_receipt', { saleId: S, changeDue: 170 }],
      ['sale_receipt', { saleId: S, changeDue: 0, duplicate: { number: 1, copy: 1 } }],
      ['sale_receipt', { saleId: S, changeDue: 0, duplicate: { number: 2, copy: 2 } }],
      ['cancel_slip', { saleId: S }],
      ['refund_receipt', { saleId: S, refundId: R }],
      ['payment_slip', { orderId: O, paymentId: P }],
      ['drawer_slip', { movementId: M }],
      ['drawer_kick', { reason: 'open', sessionId: D }],
      ['drawer_kick', { reason: 'no_sale', movementId: M }],
      ['z_report', { zNumber: 7 }],
      ['period_closing', { closingId: C }],
      ['test_page', {}],
    ]);
    // every rewritten job parses with its kind's schema
    for (const j of jobs) {
      const kind = j.kind;
      if (!isPrintJobKind(kind)) throw new Error(kind);
      expect(() => parsePrintJob(kind, j.payload), kind).not.toThrow();
    }
    // the next DUPLICATA of that sale is copy 3
    expect(db.prepare('SELECT name, value FROM counters').all()).toEqual([
      { name: `receipt_copies:${S}`, value: 2 },
    ]);
  });
});

describe('0013_print_job_release', () => {
  it('keeps every print job as it was, none released: waiting jobs from before the hold age are held', () => {
    migrate(db, { to: 12 });
    const ins = db.prepare(
      `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts, printed_at)
       VALUES (?, ?, 'test_page', NULL, '{}', 0, ?, ?, ?)`,
    );
    // jobs as the version-12 app left them: one printed, one failed, two waiting (yesterday, today)
    ins.run('01JB0000000000000000000001', '2026-11-25T15:00:00.000Z', 'done', 1, '2026-11-25T15:00:01.000Z');
    ins.run('01JB0000000000000000000002', '2026-11-25T16:00:00.000Z', 'failed', 5, null);
    ins.run('01JB0000000000000000000003', '2026-11-25T17:00:00.000Z', 'pending', 0, null);
    ins.run('01JB0000000000000000000004', AT, 'pending', 0, null);
    const before = db.prepare('SELECT * FROM print_jobs ORDER BY id').all();

    expect(migrate(db, { to: 13 })).toEqual(['0013_print_job_release']);
    const after = db.prepare('SELECT * FROM print_jobs ORDER BY id').all() as Record<string, unknown>[];
    expect(after).toEqual(before.map((r) => ({ ...(r as object), released_at: null })));
    // the worker's rules read the new column: yesterday's waiting job is held, today's prints
    const cutoff = '2026-11-26T09:00:00.000Z';
    expect(countHeld(db, cutoff)).toBe(1);
    expect(nextPrintable(db, cutoff)?.id).toBe('01JB0000000000000000000004');
  });
});

describe('0014_reservations', () => {
  it("keeps the orders made before it as plain orders (kind 'order', no rental columns), payments untouched", () => {
    migrate(db, { to: 13 });
    db.prepare(
      "INSERT INTO users (id, name, role, pin_hash, created_at) VALUES ('u1', 'Camille', 'clerk', 'x', ?)",
    ).run(AT);
    db.prepare(
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at)
       VALUES ('o1', 'CAISSE-1', NULL, 'Location bétonnière', 15003, 'CAD', ?)`,
    ).run(AT);
    db.prepare(
      `INSERT INTO order_payments (id, order_id, amount, method, clerk_id, at, business_date)
       VALUES ('p1', 'o1', 5000, 'card', 'u1', ?, '2026-11-26')`,
    ).run(AT);
    expect(migrate(db, { to: 14 })).toEqual(['0014_reservations']);
    expect(
      db
        .prepare(
          'SELECT number, total, kind, status, pickup_at, deposit, deposit_held, late_fees, conflict_note FROM orders',
        )
        .all(),
    ).toEqual([
      {
        number: 'CAISSE-1',
        total: 15003,
        kind: 'order',
        status: null,
        pickup_at: null,
        deposit: 0,
        deposit_held: 0,
        late_fees: 0,
        conflict_note: null,
      },
    ]);
    expect(db.prepare('SELECT amount FROM order_payments').all()).toEqual([{ amount: 5000 }]);
    expect(db.prepare('SELECT count(*) AS n FROM reservation_lines').get()).toEqual({ n: 0 });
  });
});

describe('0015_interventions', () => {
  it('adds an empty intervention_lines table; the orders and reservations made before it stay as they were', () => {
    migrate(db, { to: 14 });
    db.prepare(
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at)
       VALUES ('o1', 'CAISSE-1', NULL, 'Facture comptoir', 15003, 'CAD', ?)`,
    ).run(AT);
    db.prepare(
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at, kind, status, pickup_at,
         return_at) VALUES ('o2', 'CAISSE-2', NULL, 'Bétonnière', 4599, 'CAD', ?, 'reservation', 'confirmed', ?, ?)`,
    ).run(AT, AT, AT);
    const before = db.prepare('SELECT * FROM orders ORDER BY id').all();
    expect(tableExists('intervention_lines')).toBe(false);
    expect(migrate(db, { to: 15 })).toEqual(['0015_interventions']);
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM intervention_lines').get()).toEqual({ n: 0 });
    // an intervention's line names its order (foreign key) and may name no item
    db.prepare(
      `INSERT INTO orders (id, number, description, total, currency, created_at, kind, status)
       VALUES ('o3', 'CAISSE-3', 'Réparation', 6898, 'CAD', ?, 'intervention', 'quote')`,
    ).run(AT);
    db.prepare(
      `INSERT INTO intervention_lines (id, order_id, position, product_id, description, quantity, unit_price, amount,
         tax_category) VALUES ('l1', 'o3', 1, NULL, 'Main-d’œuvre', 1000, 6000, 6000, 'standard')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO intervention_lines (id, order_id, position, description, quantity, unit_price, amount, tax_category)
           VALUES ('l2', 'nope', 1, 'x', 1000, 1, 1, 'standard')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('0016_catalogue_terms', () => {
  /** the tokens FTS5 itself holds for the catalogue, read through a vocabulary table made here */
  const indexTokens = () => {
    db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.check_vocab USING fts5vocab(main, 'products_fts', 'row')",
    );
    return (db.prepare('SELECT term FROM temp.check_vocab ORDER BY term').all() as { term: string }[]).map(
      (r) => r.term,
    );
  };
  const terms = () =>
    (db.prepare('SELECT term FROM products_fts_terms ORDER BY term').all() as { term: string }[]).map(
      (r) => r.term,
    );
  const ins = () =>
    db.prepare(
      `INSERT INTO products (id, sku, barcode, name, manufacturer, model, description, price, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 1000, ?)`,
    );

  it("copies the index's vocabulary of the products that existed before it, and drops the fts5vocab table", () => {
    migrate(db, { to: 15 });
    ins().run(
      'p1',
      'NAC-12',
      '0123456789012',
      'Nacelle élévatrice',
      'Haulotte',
      'HA12',
      'Équipement 12 m',
      AT,
    );
    ins().run('p2', 'BG-1', null, 'Бормашина ударна', null, null, null, AT);
    const before = indexTokens();
    expect(before).toContain('equipement');
    expect(migrate(db, { to: 16 })).toEqual(['0016_catalogue_terms']);
    expect(terms()).toEqual(before);
    expect(tableExists('products_fts_vocab')).toBe(false);
  });

  it('then every insert and indexed update adds the tokens FTS5 makes of the row, whatever the script', () => {
    migrate(db, { to: 16 });
    // letters that fold in ways a JavaScript guess gets wrong: ł, ø, œ, ß, ё, й, a decomposed é,
    // full-width digits, a ligature, Greek; and an archiving update that indexes nothing new
    ins().run(
      'p1',
      'ŁÓDŹ-1',
      null,
      'Łódź Øresund œuvre Straße',
      'Ёлка',
      'Йога',
      'e\u0301te\u0301 ＡＢ１２ ﬁne Ωmega',
      AT,
    );
    db.prepare("UPDATE products SET name = 'Scie à onglet radiale' WHERE id = 'p1'").run();
    db.prepare("UPDATE products SET active = 0, price = 5 WHERE id = 'p1'").run();
    const t = terms();
    for (const tok of indexTokens()) expect(t, tok).toContain(tok);
    // the old name's tokens stay (harmless: they expand into terms that match nothing)
    expect(t).toContain('straße');
    expect(t).toContain('onglet');
    db.prepare("DELETE FROM products WHERE id = 'p1'").run();
    expect(() =>
      db.prepare("INSERT INTO products_fts(products_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
  });
});

describe('0017_feed', () => {
  it('adds the empty feed_state and master_history tables; products and customers stay as they were', () => {
    migrate(db, { to: 16 });
    db.prepare(
      "INSERT INTO products (id, sku, name, price, updated_at) VALUES ('p1', 'NAC-12', 'Nacelle', 1000, ?)",
    ).run(AT);
    db.prepare("INSERT INTO customers (id, name, created_at) VALUES ('c1', 'Julie', ?)").run(AT);
    const before = [db.prepare('SELECT * FROM products').all(), db.prepare('SELECT * FROM customers').all()];
    expect(tableExists('feed_state')).toBe(false);
    expect(migrate(db, { to: 17 })).toEqual(['0017_feed']);
    expect([db.prepare('SELECT * FROM products').all(), db.prepare('SELECT * FROM customers').all()]).toEqual(
      before,
    );
    expect(db.prepare('SELECT count(*) AS n FROM feed_state').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM master_history').get()).toEqual({ n: 0 });
    const row = `INSERT INTO master_history (change_seq, n, entity, entity_id, field, lost, lost_origin, won, won_origin, at)
      VALUES (3, 0, 'product', 'p1', 'price', '900', 'till:a#4', '950', 'till:b#7', ?)`;
    db.prepare(row).run(AT);
    expect(() => db.prepare(row).run(AT)).toThrow(/UNIQUE/);
  });
});

describe('the runner', () => {
  it('re-running migrate is a no-op', () => {
    const first = migrate(db);
    expect(first).toEqual(loadMigrations().map((m) => m.tag));
    const schema = objects();
    const rows = db.prepare('SELECT * FROM __migrations ORDER BY idx').all();
    expect(migrate(db)).toEqual([]);
    expect(migrate(db, { to: 1 })).toEqual([]);
    expect(objects()).toEqual(schema);
    expect(db.prepare('SELECT * FROM __migrations ORDER BY idx').all()).toEqual(rows);
  });

  it('migrates step by step to the same schema as in one go', () => {
    for (const m of loadMigrations()) expect(migrate(db, { to: m.idx })).toEqual([m.tag]);
    const stepwise = objects();
    const other = new Database(':memory:');
    try {
      migrate(other);
      expect(
        other
          .prepare(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
          )
          .all(),
      ).toEqual(stepwise);
    } finally {
      other.close();
    }
  });

  it('refuses a migration whose file changed after it was applied, and applies nothing', () => {
    migrate(db, { to: 1 });
    db.prepare("UPDATE __migrations SET hash = 'tampered' WHERE idx = 1").run();
    expect(() => migrate(db)).toThrow(MigrationError);
    expect(() => migrate(db)).toThrow(/0001_journal_append_only changed after it was applied/);
    expect(version()).toBe(1);
    expect(tableExists('products_fts')).toBe(false);
  });

  it('refuses a database migrated by a newer build', () => {
    migrate(db);
    db.prepare(
      "INSERT INTO __migrations (idx, tag, hash, applied_at) VALUES (99, '0099_future', 'h', ?)",
    ).run(AT);
    expect(() => migrate(db)).toThrow(/0099_future that this build does not know/);
  });

  for (const fkOn of [true, false]) {
    it(`rolls back the whole batch when foreign_key_check fails (foreign_keys ${fkOn ? 'on' : 'off'} before)`, () => {
      migrate(db, { to: 1 });
      // a dangling reference, as a file edited by hand (or a buggy old build with foreign keys off) would have
      db.pragma('foreign_keys = OFF');
      db.prepare(
        `INSERT INTO drawer_movements (id, session_id, kind, amount, user_id, at)
         VALUES ('m1', 'no-such-session', 'payIn', 500, 'no-such-user', ?)`,
      ).run(AT);
      db.pragma(`foreign_keys = ${fkOn ? 'ON' : 'OFF'}`);
      const before = objects();

      expect(() => migrate(db)).toThrow(/foreign_key_check failed after migration/);

      expect(version()).toBe(1);
      expect(tableExists('products_fts')).toBe(false);
      expect(objects()).toEqual(before);
      expect(db.inTransaction).toBe(false);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(fkOn ? 1 : 0);

      // once the reference is repaired, the same migration goes through
      db.prepare("DELETE FROM drawer_movements WHERE id = 'm1'").run();
      expect(migrate(db)).toEqual(
        loadMigrations()
          .filter((m) => m.idx >= 2)
          .map((m) => m.tag),
      );
    });
  }
});

describe('0018_invoices', () => {
  it('adds empty invoices, invoice_lines and invoice_payments; numbers unique, one seq per series, lines name their invoice', () => {
    migrate(db, { to: 17 });
    db.prepare(
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at)
       VALUES ('o1', 'CAISSE-1', NULL, 'Facture comptoir', 15003, 'CAD', ?)`,
    ).run(AT);
    const before = db.prepare('SELECT * FROM orders ORDER BY id').all();
    expect(tableExists('invoices')).toBe(false);
    expect(migrate(db, { to: 18 })).toEqual(['0018_invoices']);
    expect(db.prepare('SELECT * FROM orders ORDER BY id').all()).toEqual(before);
    for (const t of ['invoices', 'invoice_lines', 'invoice_payments']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }
    db.prepare(
      `INSERT INTO customers (id, name, created_at, updated_at) VALUES ('c1', 'Élodie Petrova', ?, ?)`,
    ).run(AT, AT);
    const inv = db.prepare(
      `INSERT INTO invoices (id, kind, status, series, seq_in_series, number, customer_id, source, currency, subtotal,
         tax_total, total, created_at, updated_at) VALUES (?, 'invoice', ?, ?, ?, ?, 'c1', 'customer', 'CAD', 100, 15, 115, ?, ?)`,
    );
    inv.run('i1', 'issued', 'FA-CAISSE1-AB12', 1, 'FA-CAISSE1-AB12-000001', AT, AT);
    // drafts have no number nor seq: many of them
    inv.run('i2', 'draft', null, null, null, AT, AT);
    inv.run('i3', 'draft', null, null, null, AT, AT);
    expect(() => inv.run('i4', 'issued', 'FA-CAISSE1-AB12', 1, 'FA-CAISSE1-AB12-000001b', AT, AT)).toThrow(
      /UNIQUE/,
    );
    expect(() => inv.run('i5', 'issued', 'FA-CAISSE1-AB12', 2, 'FA-CAISSE1-AB12-000001', AT, AT)).toThrow(
      /UNIQUE/,
    );
    db.prepare(
      `INSERT INTO invoice_lines (id, invoice_id, position, description, quantity, unit_price, amount, tax_category)
       VALUES ('l1', 'i1', 1, 'Main-d’œuvre', 1000, 100, 100, 'standard')`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO invoice_lines (id, invoice_id, position, description, quantity, unit_price, amount, tax_category)
           VALUES ('l2', 'nope', 1, 'x', 1000, 1, 1, 'standard')`,
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});

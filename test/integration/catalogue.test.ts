import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDocument } from '../../electron/hardware/layouts.ts';
import { profileOrDefault } from '../../electron/hardware/profiles.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import { printDocument } from '../../electron/services/print-documents.ts';
import type { OpInput } from '../../shared/api/contract.ts';
import { emptyCatalogue, foldCatalogue } from '../../shared/ledger/catalogue-fold.ts';
import { type AnyEntry, parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, expectError, rows } from './support.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const call = <K extends Parameters<Fixture['app']['call']>[0]>(op: K, input: OpInput<K>) =>
  f.app.call(op, input, f.manager);

function lastEntry(): AnyEntry & { seq: number } {
  const r = f.app.env.sqlite
    .prepare('SELECT seq, type, payload FROM journal ORDER BY seq DESC LIMIT 1')
    .get() as {
    seq: number;
    type: string;
    payload: string;
  };
  const parsed = parseEntry(r.type, r.payload);
  if (!parsed.ok)
    throw new Error(`entry ${r.seq} (${r.type}) does not parse: ${JSON.stringify(parsed.issues)}`);
  return { ...parsed, seq: r.seq } as AnyEntry & { seq: number };
}

const journalSeq = () =>
  (f.app.env.sqlite.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;

/** Rebuild the catalogue from the journal alone and compare it with the tables (fixture rows excluded). */
function expectJournalRebuildsCatalogue(): void {
  const fold = emptyCatalogue();
  for (const r of rows<{ type: string; payload: string }>(
    f,
    'SELECT type, payload FROM journal ORDER BY seq',
  )) {
    const p = parseEntry(r.type, r.payload);
    expect(p.ok, `${r.type} parses`).toBe(true);
    if (p.ok) foldCatalogue(fold, p);
  }
  const fixtureIds = new Set(f.products.map((p) => p.id));
  const products = rows<Record<string, unknown>>(f, 'SELECT * FROM products ORDER BY id').filter(
    (p) => !fixtureIds.has(p.id as string),
  );
  expect(
    products.map((p) => ({
      id: p.id,
      sku: p.sku,
      barcode: p.barcode,
      name: p.name,
      manufacturer: p.manufacturer,
      model: p.model,
      description: p.description,
      categoryId: p.category_id,
      price: p.price,
      taxCategory: p.tax_category,
      rates: {
        fourHours: p.rental_4h,
        day: p.rental_day,
        weekend: p.rental_weekend,
        week: p.rental_week,
        month: p.rental_month,
      },
      deposit: p.deposit,
      onWebsite: p.on_website === 1,
      active: p.active === 1,
      photo: p.photo,
    })),
  ).toEqual(
    [...fold.products.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, p]) => ({ id, ...p })),
  );
  const cats = rows<{ id: string; name: string; parent_id: string | null }>(
    f,
    'SELECT * FROM categories ORDER BY id',
  ).filter((c) => c.name !== 'Outillage');
  expect(cats.map((c) => [c.id, c.name, c.parent_id])).toEqual(
    [...fold.categories.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, c]) => [id, c.name, c.parentId]),
  );
  const units = rows<Record<string, unknown>>(f, 'SELECT * FROM units ORDER BY id');
  expect(units.map((u) => [u.id, u.product_id, u.asset_id, u.serial, u.status, u.condition])).toEqual(
    [...fold.units.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, u]) => [id, u.productId, u.assetId, u.serial, u.status, u.condition]),
  );
}

function tree() {
  const tools = call('category.create', { name: 'Outils électriques' });
  const drills = call('category.create', { name: 'Perceuses', parentId: tools.id });
  return { tools, drills };
}

const mixer = (categoryId: string | null): OpInput<'product.create'> => ({
  name: 'Bétonnière 160 L',
  sku: 'BET-160',
  barcode: '0628451000017',
  manufacturer: 'Altrad',
  model: 'B160',
  description: 'Électrique 230 V, cuve 160 litres',
  categoryId,
  price: 89_900,
  taxCategory: 'standard',
  rates: { fourHours: 3500, day: 5500, weekend: 9000, week: 22_000, month: 60_000 },
  deposit: 20_000,
  onWebsite: true,
});

describe('categories: a tree the manager edits', () => {
  it('creates, renames and moves; refuses a cycle, a twin name, and deleting a category that is not empty', () => {
    const { tools, drills } = tree();
    expect(lastEntry()).toMatchObject({
      type: 'category.created',
      payload: { categoryId: drills.id, name: 'Perceuses', parentId: tools.id },
    });
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => call('category.update', { categoryId: tools.id, parentId: drills.id }),
      'VALIDATION',
      'parentId',
    );
    expectError(
      () => call('category.create', { name: 'perceuses', parentId: tools.id }),
      'VALIDATION',
      'name',
    );
    expectError(
      () => call('category.create', { name: 'X', parentId: f.products[0]!.id }),
      'VALIDATION',
      'parentId',
    );
    const err = expectError(() => call('category.delete', { categoryId: tools.id }), 'CONFLICT');
    expect(err.details).toMatchObject({ reason: 'categoryNotEmpty', subcategories: 1, products: 0 });
    expect(stateHash(f.app.env.sqlite)).toBe(before);

    const moved = call('category.update', {
      categoryId: drills.id,
      name: 'Perceuses et visseuses',
      parentId: null,
    });
    expect(moved).toEqual({ id: drills.id, name: 'Perceuses et visseuses', parentId: null });
    call('category.delete', { categoryId: tools.id });
    expect(call('catalogue.categories', {}).map((c) => c.name)).toEqual([
      'Outillage',
      'Perceuses et visseuses',
    ]);
    expectJournalRebuildsCatalogue();
  });

  it('is a manager command: a clerk is refused', () => {
    expectError(() => f.app.call('category.create', { name: 'X' }, f.clerk), 'FORBIDDEN');
  });
});

describe('products: create, edit, remove from the website, delete or archive', () => {
  it('creates an item with every field, journaled whole (head office rebuilds it from the entry)', () => {
    const { drills } = tree();
    const p = call('product.create', mixer(drills.id));
    expect(p).toMatchObject({
      sku: 'BET-160',
      categoryName: 'Perceuses',
      rates: { fourHours: 3500, day: 5500, weekend: 9000, week: 22_000, month: 60_000 },
      deposit: 20_000,
      onWebsite: true,
      active: true,
      units: { total: 0, available: 0 },
    });
    const e = lastEntry();
    expect(e.type).toBe('product.created');
    expect(e.payload).toEqual({
      productId: p.id,
      product: {
        sku: 'BET-160',
        barcode: '0628451000017',
        name: 'Bétonnière 160 L',
        manufacturer: 'Altrad',
        model: 'B160',
        description: 'Électrique 230 V, cuve 160 litres',
        categoryId: drills.id,
        price: 89_900,
        taxCategory: 'standard',
        rates: { fourHours: 3500, day: 5500, weekend: 9000, week: 22_000, month: 60_000 },
        deposit: 20_000,
        onWebsite: true,
      },
    });
    // a new store sells it at once: the counter finds it by its barcode
    expect(f.app.call('catalogue.byBarcode', { code: '0628451000017' }, f.clerk)?.id).toBe(p.id);
    // without a SKU the till numbers it
    expect(call('product.create', { name: 'Rallonge 25 m', price: 2999 }).sku).toBe('P-00006');
  });

  it('an edit journals only what changed; removing from the website is an edit', () => {
    const p = call('product.create', mixer(null));
    const u = call('product.update', {
      productId: p.id,
      changes: { price: 94_900, rates: { day: 6000 }, name: p.name },
    });
    expect(u.rates).toEqual({ fourHours: 3500, day: 6000, weekend: 9000, week: 22_000, month: 60_000 });
    expect(lastEntry().payload).toEqual({
      productId: p.id,
      changes: {
        price: 94_900,
        rates: { fourHours: 3500, day: 6000, weekend: 9000, week: 22_000, month: 60_000 },
      },
    });
    expect(call('product.update', { productId: p.id, changes: { onWebsite: false } }).onWebsite).toBe(false);
    expect(lastEntry().payload).toEqual({ productId: p.id, changes: { onWebsite: false } });
    expect(
      call('product.update', { productId: p.id, changes: { manufacturer: '' } }).manufacturer,
    ).toBeNull();
    expectJournalRebuildsCatalogue();
  });

  it('bad input names the field and changes nothing: negative price, unknown category or tax class, duplicate barcode or SKU', () => {
    const p = call('product.create', mixer(null));
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1', barcode: null, price: -1 }),
      'VALIDATION',
      'price',
    );
    expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1', barcode: null, rates: { day: -500 } }),
      'VALIDATION',
      'rates.day',
    );
    expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1', barcode: null, categoryId: f.customerId }),
      'VALIDATION',
      'categoryId',
    );
    expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1', barcode: null, taxCategory: 'luxury' }),
      'VALIDATION',
      'taxCategory',
    );
    const dup = expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1' }),
      'VALIDATION',
      'barcode',
    );
    expect(dup.fields?.[0]?.message).toContain('Bétonnière');
    expectError(() => call('product.create', { ...mixer(null), barcode: null }), 'VALIDATION', 'sku');
    // a barcode equal to another item's SKU would make the scanner find two
    expectError(
      () => call('product.create', { ...mixer(null), sku: 'N1', barcode: 'SKU-1' }),
      'VALIDATION',
      'barcode',
    );
    expectError(
      () => call('product.update', { productId: p.id, changes: { barcode: '060000000000' } }),
      'VALIDATION',
      'changes.barcode',
    );
    expectError(
      () => call('product.update', { productId: f.customerId, changes: { price: 1 } }),
      'NOT_FOUND',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('delete is refused with the reason while units or sales name the item; archived instead; deleted once nothing does', () => {
    const p = call('product.create', mixer(null));
    call('unit.create', { productId: p.id, units: [{ assetId: 'BET-01', serial: 'SN-1' }] });
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(() => call('product.delete', { productId: p.id }), 'CONFLICT');
    expect(err.details).toEqual({ reason: 'productReferenced', references: { units: 1 } });
    expect(err.message).toContain('archive it instead');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    // a ticket's line names an item too (sale_lines); so will a reservation's line
    const sold = call('product.create', { name: 'Gants', price: 999 });
    const sale = f.app.call('sale.open', {}, f.clerk);
    f.app.call('sale.addLine', { saleId: sale.id, productId: sold.id, quantity: 1000 }, f.clerk);
    expect(expectError(() => call('product.delete', { productId: sold.id }), 'CONFLICT').details).toEqual({
      reason: 'productReferenced',
      references: { sale_lines: 1 },
    });

    const a = call('product.archive', { productId: p.id });
    expect(a).toMatchObject({ active: false, onWebsite: false });
    expect(f.app.call('catalogue.search', { q: 'betonniere' }, f.clerk)).toEqual([]);
    expect(call('catalogue.list', { archived: true }).map((x) => x.id)).toEqual([p.id]);
    expect(call('product.restore', { productId: p.id }).active).toBe(true);

    const spare = call('product.create', { name: 'Pelle', price: 1999 });
    call('product.delete', { productId: spare.id });
    expect(call('product.get', { productId: spare.id })).toBeNull();
    expect(lastEntry()).toMatchObject({ type: 'product.deleted', payload: { productId: spare.id } });
    expectJournalRebuildsCatalogue();
  });
});

describe('search: FTS5 prefix, accents folded, Cyrillic, exact codes', () => {
  beforeEach(() => {
    call('product.create', {
      name: 'Équipement de soudure',
      sku: 'SOU-1',
      price: 100,
      manufacturer: 'Lincoln',
    });
    call('product.create', { name: 'Бормашина ударна', sku: 'BG-1', barcode: '3800000000017', price: 100 });
    call('product.create', {
      name: 'Nacelle',
      sku: 'NAC-1',
      description: 'élévatrice 12 m, électrique',
      price: 100,
    });
  });
  const names = (q: string) => f.app.call('catalogue.search', { q }, f.clerk).map((p) => p.name);

  it('finds by prefix with or without accents, in Cyrillic in any case, and by the description', () => {
    expect(names('equipement')).toEqual(['Équipement de soudure']);
    expect(names('équip')).toEqual(['Équipement de soudure']);
    expect(names('EQU soud')).toEqual(['Équipement de soudure']);
    expect(names('борм')).toEqual(['Бормашина ударна']);
    expect(names('БОРМАШ')).toEqual(['Бормашина ударна']);
    expect(names('удар')).toEqual(['Бормашина ударна']);
    expect(names('elevatrice')).toEqual(['Nacelle']);
    expect(names('lincoln')).toEqual(['Équipement de soudure']);
  });

  it('a long prefix finds what the plain FTS5 prefix query finds (expanded into whole tokens), one-letter words beside others wait', () => {
    call('product.create', { name: 'Échafaudages roulants', sku: 'ECH-2', price: 100 });
    call('product.create', { name: 'Échafaudage fixe', sku: 'ECH-1', price: 100 });
    call('product.create', { name: 'Équipements divers', sku: 'EQ-2', price: 100 });
    const plain = (match: string) =>
      rows<{ name: string }>(
        f,
        `SELECT p.name FROM products_fts f JOIN products p ON p.rowid = f.rowid WHERE products_fts MATCH ? ORDER BY p.name`,
        match,
      ).map((r) => r.name);
    for (const [q, match] of [
      ['echafaudage', '"echafaudage"*'],
      ['ÉCHAFAUDAGES', '"echafaudages"*'],
      ['equipem', '"equipem"*'],
      ['бормаш', '"бормаш"*'],
      ['equip soud', '"equip"* "soud"*'],
    ] as const) {
      expect([...names(q)].sort(), q).toEqual(plain(match).sort());
    }
    expect(names('echafaudage').length).toBe(2);
    expect(names('equipem').length).toBe(2);
    expect(names('soudure e')).toEqual(names('soudure'));
  });

  it('orders the items whose name holds the words first, then names beginning with the first word, then shorter names', () => {
    call('product.create', { name: 'Mèches pour perceuse', sku: 'P-3', price: 100 });
    call('product.create', { name: 'Perceuse à percussion sans fil 18 V', sku: 'P-2', price: 100 });
    call('product.create', {
      name: 'Coffret',
      sku: 'P-4',
      price: 100,
      description: 'perceuse, perceuse, perceuse',
    });
    call('product.create', { name: 'Perceuse', sku: 'P-1', price: 100 });
    call('product.create', { name: 'Ponceuse', sku: 'P-5', price: 100, manufacturer: 'Perceuses & Cie' });
    const expected = [
      'Perceuse',
      'Perceuse sans fil', // the fixture's
      'Perceuse à percussion sans fil 18 V',
      'Mèches pour perceuse',
      'Coffret', // its description, three times: bm25 put it first
      'Ponceuse', // its manufacturer
    ];
    expect(names('perceuse')).toEqual(expected);
    // a shorter prefix, expanded into its whole tokens, orders them the same way
    expect(names('perceus')).toEqual(expected);
    expect(names('perc mech')).toEqual(['Mèches pour perceuse']);
  });

  it('a barcode, SKU or asset ID typed or scanned whole finds its item first', () => {
    const nac = f.app.call('catalogue.search', { q: 'nacelle' }, f.clerk)[0]!;
    call('unit.create', { productId: nac.id, units: [{ assetId: 'A-77' }] });
    expect(names('3800000000017')[0]).toBe('Бормашина ударна');
    expect(names('A-77')).toEqual(['Nacelle']);
    expect(names('NAC-1')[0]).toBe('Nacelle');
    expect(call('catalogue.list', { q: 'A-77' }).map((p) => p.name)).toEqual(['Nacelle']);
  });
});

describe('units: asset ID, serial, status, condition, history, label', () => {
  it('adds one, then a numbered batch; every duplicate asset ID is refused and nothing is written', () => {
    const p = call('product.create', mixer(null));
    const [one] = call('unit.create', {
      productId: p.id,
      units: [{ assetId: 'BET-0001', serial: 'AX-1', condition: 'neuve' }],
    });
    expect(one).toMatchObject({
      assetId: 'BET-0001',
      serial: 'AX-1',
      status: 'available',
      condition: 'neuve',
    });
    const batch = call('unit.create', { productId: p.id, prefix: 'BET-', from: 2, count: 3 });
    expect(batch.map((u) => u.assetId)).toEqual(['BET-0002', 'BET-0003', 'BET-0004']);
    expect(lastEntry()).toMatchObject({ type: 'unit.created', payload: { productId: p.id } });
    expect((lastEntry().payload as { units: unknown[] }).units).toHaveLength(3);
    expect(call('product.get', { productId: p.id })?.units).toEqual({ total: 4, available: 4 });

    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => call('unit.create', { productId: p.id, prefix: 'BET-', from: 4, count: 2 }),
      'VALIDATION',
      'prefix',
    );
    expectError(
      () => call('unit.create', { productId: p.id, units: [{ assetId: 'N-1' }, { assetId: 'N-1' }] }),
      'VALIDATION',
      'units.1.assetId',
    );
    expectError(
      () => call('unit.create', { productId: p.id, units: [{ assetId: 'BET 1' }] }),
      'VALIDATION',
      'units.0.assetId',
    );
    expectError(
      () => call('unit.create', { productId: f.customerId, units: [{ assetId: 'Z' }] }),
      'NOT_FOUND',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('status and condition changes are kept in the history; out only through a check-out; retired is final', () => {
    const p = call('product.create', mixer(null));
    const [u] = call('unit.create', { productId: p.id, units: [{ assetId: 'BET-1' }] });
    call('unit.setStatus', { unitId: u!.id, status: 'maintenance', note: 'courroie à changer' });
    expect(lastEntry()).toMatchObject({
      type: 'unit.statusChanged',
      payload: { unitId: u!.id, from: 'available', to: 'maintenance', note: 'courroie à changer' },
    });
    call('unit.update', { unitId: u!.id, condition: 'courroie neuve', serial: 'SN-9' });
    call('unit.setStatus', { unitId: u!.id, status: 'available' });
    const before = stateHash(f.app.env.sqlite);
    expectError(() => call('unit.setStatus', { unitId: u!.id, status: 'out' }), 'VALIDATION', 'status');
    expectError(() => call('unit.setStatus', { unitId: u!.id, status: 'available' }), 'INVALID_STATE');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    call('unit.setStatus', { unitId: u!.id, status: 'retired', note: 'cuve percée' });
    expectError(() => call('unit.setStatus', { unitId: u!.id, status: 'available' }), 'INVALID_STATE');
    const h = f.app.call('unit.history', { unitId: u!.id }, f.clerk);
    expect(h.map((m) => [m.kind, m.fromStatus, m.toStatus, m.note, m.actorName])).toEqual([
      ['created', null, 'available', null, 'Martin Gagnon'],
      ['status', 'available', 'maintenance', 'courroie à changer', 'Martin Gagnon'],
      ['serial', null, null, 'SN-9', 'Martin Gagnon'],
      ['condition', null, null, 'courroie neuve', 'Martin Gagnon'],
      ['status', 'maintenance', 'available', null, 'Martin Gagnon'],
      ['status', 'available', 'retired', 'cuve percée', 'Martin Gagnon'],
    ]);
    expect(f.app.call('unit.byAsset', { assetId: 'BET-1' }, f.clerk)).toMatchObject({
      status: 'retired',
      serial: 'SN-9',
    });
    expectJournalRebuildsCatalogue();
  });

  it('prints an asset label on the receipt printer: the asset ID in words and as a QR code', () => {
    const p = call('product.create', mixer(null));
    const [u] = call('unit.create', { productId: p.id, units: [{ assetId: 'BET-0042', serial: 'AX-42' }] });
    const { jobId } = call('unit.printLabel', { unitId: u!.id });
    const job = rows<{ kind: 'asset_label'; payload: string; created_at: string }>(
      f,
      'SELECT kind, payload, created_at FROM print_jobs WHERE id = ?',
      jobId,
    )[0]!;
    expect(job.kind).toBe('asset_label');
    expect(lastEntry()).toMatchObject({ type: 'unit.labelPrinted', payload: { unitId: u!.id, jobId } });
    const profile = profileOrDefault(null);
    const bytes = renderDocument(printDocument(f.app.env.sqlite, job), {
      store: f.app.env.store,
      profile,
      offlineSince: null,
      kickDrawer: false,
    });
    const page = renderBytes(bytes, profile);
    const text = page.lines.join('\n');
    expect(text).toContain('BET-0042');
    expect(text).toContain('S/N AX-42');
    expect(text).toContain('Bétonnière 160 L');
    expect(page.qr).toEqual(['BET-0042']);
    expect(page.cuts).toBe(1);
  });
});

describe('photos: beside the ledger, thumbnails by sharp', () => {
  it('stores a full-size and a 256 px thumbnail named by hash; the row and the journal hold the hash', async () => {
    const p = call('product.create', mixer(null));
    const png = await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#c03' } })
      .png()
      .toBuffer();
    const seqBefore = journalSeq();
    const out = await (f.app.call(
      'product.setPhoto',
      { productId: p.id, image: png.toString('base64') },
      f.manager,
    ) as unknown as Promise<{ photo: string }>);
    expect(journalSeq()).toBe(seqBefore + 1);
    const e = lastEntry();
    expect(e).toMatchObject({
      type: 'product.photoSet',
      payload: { productId: p.id, photo: { sha256: out.photo, width: 1024, height: 512 } },
    });
    const dir = `${f.file}.photos`;
    expect(existsSync(join(dir, `${out.photo}-full.jpg`))).toBe(true);
    const thumb = await sharp(join(dir, `${out.photo}-thumb.jpg`)).metadata();
    expect([thumb.width, thumb.height]).toEqual([256, 128]);
    expect(f.app.call('product.photo', { productId: p.id }, f.clerk)).toMatch(
      /^data:image\/jpeg;base64,\/9j\//,
    );
    // the ledger holds no image bytes
    expect(count(f, 'SELECT count(*) AS n FROM journal WHERE length(payload) > 2000')).toBe(0);
    expectJournalRebuildsCatalogue();
  });

  it('refuses what is not an image (VALIDATION image), nothing written', async () => {
    const p = call('product.create', mixer(null));
    const before = stateHash(f.app.env.sqlite);
    await expect(
      f.app.call(
        'product.setPhoto',
        { productId: p.id, image: Buffer.from('not a picture').toString('base64') },
        f.manager,
      ) as unknown as Promise<unknown>,
    ).rejects.toMatchObject({ code: 'VALIDATION', fields: [{ path: 'image' }] });
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});

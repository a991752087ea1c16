import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { expectError, rows } from './support.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const preview = (csv: string) => f.app.call('catalogue.importPreview', { csv }, f.manager);
const importCsv = (csv: string) => f.app.call('catalogue.import', { csv }, f.manager);
const journalCount = () => rows<{ n: number }>(f, 'SELECT count(*) AS n FROM journal')[0]!.n;

const GOOD = [
  'sku;name;category;price;rate_day;rate_weekend;deposit;barcode;on_website;tax_category',
  'BET-160;Bétonnière 160 L;Chantier > Bétonnières;899,00;55,00;90,00;200;0628451000017;oui;standard',
  'ECH-6;"Échafaudage; roulant 6 m";Chantier;1 499,50;45;;150;;non;',
  ';Rallonge 25 m;Électricité;29.99;;;;;;',
].join('\r\n');

describe('CSV import: a preview, then one command for the whole file', () => {
  it('previews every row (creates, categories to add) and writes nothing', () => {
    const before = stateHash(f.app.env.sqlite);
    const p = preview(GOOD);
    expect(p.counts).toEqual({ create: 3, update: 0, unchanged: 0, error: 0 });
    expect(p.newCategories).toEqual(['Chantier', 'Chantier > Bétonnières', 'Électricité']);
    expect(p.rows.map((r) => [r.line, r.action, r.sku, r.name])).toEqual([
      [2, 'create', 'BET-160', 'Bétonnière 160 L'],
      [3, 'create', 'ECH-6', 'Échafaudage; roulant 6 m'],
      [4, 'create', 'P-00005', 'Rallonge 25 m'],
    ]);
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('imports the file as one journal entry; amounts in either decimal convention; an export imports back unchanged', () => {
    const n = journalCount();
    importCsv(GOOD);
    expect(journalCount()).toBe(n + 1);
    const e = rows<{ type: string; payload: string }>(
      f,
      'SELECT type, payload FROM journal ORDER BY seq DESC LIMIT 1',
    )[0]!;
    const parsed = parseEntry(e.type, e.payload);
    expect(parsed.ok && parsed.type).toBe('catalogue.imported');
    const bet = f.app.call('catalogue.list', { q: 'BET-160' }, f.manager)[0]!;
    expect(bet).toMatchObject({
      price: 89_900,
      rates: { day: 5500, weekend: 9000, fourHours: null },
      deposit: 20_000,
      barcode: '0628451000017',
      categoryName: 'Bétonnières',
      onWebsite: true,
    });
    const ech = f.app.call('catalogue.list', { q: 'ECH-6' }, f.manager)[0]!;
    expect(ech).toMatchObject({ price: 149_950, onWebsite: false, rates: { day: 4500 }, barcode: null });

    for (const lang of ['fr', 'en', 'bg'] as const) {
      const csv = f.app.call('catalogue.export', { lang }, f.manager);
      expect(csv.startsWith('\ufeffsku')).toBe(true);
      expect(csv).toContain(lang === 'en' ? '899.00' : '899,00');
      const again = preview(csv);
      expect(again.counts).toMatchObject({ create: 0, update: 0, error: 0 });
    }
    // an edit in the spreadsheet is an update of that column only
    const csv = f.app.call('catalogue.export', { lang: 'fr' }, f.manager).replace('899,00', '949,00');
    const p = preview(csv);
    expect(p.rows.filter((r) => r.action === 'update').map((r) => [r.sku, r.changed])).toEqual([
      ['BET-160', ['price']],
    ]);
  });

  it('a file with broken rows is refused whole: every bad row and column named, nothing written', () => {
    f.app.call('product.create', { name: 'Perceuse', sku: 'PER-1', barcode: '111', price: 100 }, f.manager);
    const bad = [
      'sku,name,price,barcode,tax_category,on_website,rate_day',
      'OK-1,Good row,10.00,,,,',
      'NEG-1,Negative,-5.00,,,,',
      'TXT-1,Not money,douze,,,,',
      'DUP-1,Barcode taken,1.00,111,,,',
      'OK-1,Same SKU again,1.00,,,,',
      'TAX-1,Bad tax,1.00,,luxury,,',
      'WEB-1,Bad flag,1.00,,,peut-être,',
      'NAM-1,,1.00,,,,',
      'RAT-1,Bad rate,1.00,,,,-1',
      'PRI-1,No price,,,,,',
    ].join('\n');
    const before = stateHash(f.app.env.sqlite);
    const p = preview(bad);
    expect(p.counts).toEqual({ create: 1, update: 0, unchanged: 0, error: 9 });
    expect(
      p.rows
        .filter((r) => r.action === 'error')
        .map((r) => [r.line, r.errors.map((x) => `${x.column}:${x.code}`)]),
    ).toEqual([
      [3, ['price:negative']],
      [4, ['price:amount']],
      [5, ['barcode:duplicate']],
      [6, ['sku:duplicate']],
      [7, ['tax_category:taxCategory']],
      [8, ['on_website:boolean']],
      [9, ['name:required']],
      [10, ['rate_day:negative']],
      [11, ['price:required']],
    ]);
    const err = expectError(() => importCsv(bad), 'VALIDATION', 'rows.3.price');
    expect(err.fields?.map((x) => x.path)).toEqual([
      'rows.3.price',
      'rows.4.price',
      'rows.5.barcode',
      'rows.6.sku',
      'rows.7.tax_category',
      'rows.8.on_website',
      'rows.9.name',
      'rows.10.rate_day',
      'rows.11.price',
    ]);
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('a wrong header (unknown column, no price column) is named, nothing written', () => {
    const before = stateHash(f.app.env.sqlite);
    const p = preview('name;prix\nPelle;12');
    expect(p.counts.error).toBe(1);
    expect(p.rows[0]!.errors.map((e) => e.column)).toEqual(['prix', 'price']);
    expectError(() => importCsv('name;prix\nPelle;12'), 'VALIDATION', 'rows.2.prix');
    expectError(() => importCsv('name;price'), 'VALIDATION', 'csv');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});

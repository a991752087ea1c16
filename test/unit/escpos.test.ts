import { describe, expect, it } from 'vitest';
import { drawerKickBytes, EscPos, printable } from '../../electron/hardware/escpos.ts';
import { renderJob } from '../../electron/hardware/layouts.ts';
import { getProfile, type PrinterProfile, parseProfile } from '../../electron/hardware/profiles.ts';
import { parseStatus } from '../../electron/hardware/status.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import type { Sale } from '../../shared/api/types.ts';
import { DEFAULT_STORE } from '../../shared/store-settings.ts';
import { decodeEscPos } from '../helpers/fake-printer.ts';

const epson = getProfile('epson-tm-t20iii')!;
const p58 = getProfile('generic-58')!;
const p42 = getProfile('generic-80-42')!;

function encode(profile: PrinterProfile, text: string, start = profile.preferred.latin): Buffer {
  return new EscPos(profile, start).init().line(text).bytes();
}

describe('ESC/POS text encoding per profile', () => {
  it('sends ESC @ then ESC t n (the table is lost on every reset)', () => {
    const b = new EscPos(epson, 19).init().line('a').init().line('b').bytes();
    expect([...b.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 19]);
    const second = b.indexOf(Buffer.from([0x1b, 0x40]), 2);
    expect([...b.subarray(second, second + 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 19]);
  });

  it('French accents and the euro land as CP858 bytes (Epson table 19)', () => {
    const b = encode(epson, 'é è ç à €');
    const body = b.subarray(5, b.length - 1);
    // CP858: é 0x82, è 0x8A, ç 0x87, à 0x85, € 0xD5
    expect([...body]).toEqual([0x82, 0x20, 0x8a, 0x20, 0x87, 0x20, 0x85, 0x20, 0xd5]);
    expect(decodeEscPos(b).lines[0]).toBe('é è ç à €');
  });

  it('œ switches to a table that has it, or is transliterated where no table does', () => {
    const withCp1252 = decodeEscPos(encode(epson, 'cœur Œuvre'));
    expect(withCp1252.lines[0]).toBe('cœur Œuvre');
    expect(withCp1252.tables).toContain(16);
    const no1252 = decodeEscPos(encode(p58, 'cœur Œuvre é'));
    expect(no1252.lines[0]).toBe('coeur OEuvre é');
  });

  it('Bulgarian text lands as Cyrillic code points in PC866 (17) or WPC1251 (46)', () => {
    const text = 'Касова бележка ОБЩО Щ Ъ Ю Я ж';
    const a = encode(epson, text, epson.preferred.cyrillic);
    expect([...a.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 17]);
    expect(a[5]).toBe(0x8a); // 'К' in PC866
    expect(decodeEscPos(a).lines[0]).toBe(text);
    const b = encode(p42, text, p42.preferred.cyrillic);
    expect([...b.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 46]);
    expect(b[5]).toBe(0xca); // 'К' in WPC1251
    expect(decodeEscPos(b).lines[0]).toBe(text);
  });

  it('mixes Cyrillic and € in one line by switching tables', () => {
    const d = decodeEscPos(encode(epson, 'Цена: 12,50 € — ДДС', 17));
    expect(d.lines[0]).toBe('Цена: 12,50 € — ДДС'); // '—' is in WPC1251
    expect(new Set(d.tables).size).toBeGreaterThan(1);
  });

  it('transliterates what no table has, and never prints "?"', () => {
    const latinOnly = parseProfile(
      {
        ...p58,
        id: 'latin-only',
        codePages: [{ number: 19, encoding: 'cp858' }],
        preferred: { latin: 19, cyrillic: 19 },
      },
      'test',
    );
    const d = decodeEscPos(encode(latinOnly, 'Щука Ясен ✓ “ok” 1\u202f234,50\u00a0€'));
    expect(d.lines[0]).toBe('Shtuka Yasen _ "ok" 1 234,50 €');
    const bytes = encode(latinOnly, 'emoji 😀 ✓ ☃ ǅ');
    expect(bytes.includes(0x3f)).toBe(false);
    expect(printable('Щ€œ', latinOnly)).toBe('Sht€oe');
  });
});

describe('cash drawer pulse', () => {
  it('ESC p m t1 t2 carries both pulse times from the profile', () => {
    // pin 2 → m = 0; 100 ms on → t1 = 50; 200 ms off → t2 = 100 (units of 2 ms)
    expect([...drawerKickBytes(epson)]).toEqual([0x1b, 0x70, 0x00, 50, 100]);
  });
  it('DLE DC4 1 m t where the profile says so', () => {
    // pin 2, 200 ms → t = 2 (units of 100 ms)
    expect([...drawerKickBytes(p42)]).toEqual([0x10, 0x14, 0x01, 0x00, 0x02]);
  });
  it('pin 5 selects m = 1', () => {
    const p = parseProfile({ ...epson, id: 'pin5', drawer: { ...epson.drawer, pin: 5 } }, 'test');
    expect([...drawerKickBytes(p)].slice(0, 3)).toEqual([0x1b, 0x70, 0x01]);
  });
});

describe('QR code and status bytes', () => {
  it('GS ( k stores the data with its byte length + 3 and prints it', () => {
    const b = new EscPos(epson, 19).qr('01JABCDEF').bytes();
    const store = b.indexOf(Buffer.from([0x1d, 0x28, 0x6b, 12, 0, 0x31, 0x50, 0x30]));
    expect(store).toBeGreaterThan(0);
    expect(b.subarray(store + 8, store + 17).toString()).toBe('01JABCDEF');
    expect([...b.subarray(b.length - 8)]).toEqual([0x1d, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30]);
  });

  it('parses DLE EOT 1/2/4 replies into a state and the drawer sensor', () => {
    expect(parseStatus(Uint8Array.from([0x12, 0x12, 0x12]), epson)).toMatchObject({
      state: 'ready',
      drawerOpen: false,
    });
    expect(parseStatus(Uint8Array.from([0x16, 0x12, 0x12]), epson).drawerOpen).toBe(true);
    expect(parseStatus(Uint8Array.from([0x16, 0x12, 0x12]), p42).drawerOpen).toBe(false); // open-low
    expect(parseStatus(Uint8Array.from([0x16, 0x12, 0x12]), p58).drawerOpen).toBe(null);
    expect(parseStatus(Uint8Array.from([0x1a, 0x32, 0x7e]), epson).state).toBe('paper_out');
    expect(parseStatus(Uint8Array.from([0x1a, 0x16, 0x12]), epson).state).toBe('cover_open');
    expect(parseStatus(Uint8Array.from([0x12, 0x12, 0x1e]), epson).state).toBe('paper_low');
    expect(parseStatus(Uint8Array.from([0x00, 0x12, 0x12]), epson).state).toBe('offline');
  });
});

const SALE: Sale = {
  id: '01JDZZZZZZZZZZZZZZZZZZZZZZ',
  receiptNumber: 42,
  status: 'completed',
  currency: 'CAD',
  customerId: null,
  customerName: 'Julie Roy',
  clerkId: 'u1',
  clerkName: 'Camille Tremblay',
  openedAt: '2026-11-26T15:00:00.000Z',
  completedAt: '2026-11-26T15:01:00.000Z',
  businessDate: '2026-11-26',
  lines: [
    {
      id: 'l1',
      productId: 'p1',
      sku: 'SKU-1',
      name: 'Mèches à bois (jeu)',
      quantity: 2000,
      unitPrice: 499,
      listPrice: 499,
      discount: 0,
      amount: 998,
      taxCategory: 'standard',
    },
  ],
  taxes: [
    { code: 'QC-GST', ratePpm: 50_000, base: 998, tax: 50 },
    { code: 'QC-QST', ratePpm: 99_750, base: 998, tax: 100 },
  ],
  subtotal: 998,
  taxTotal: 150,
  total: 1148,
  cashRounding: 2,
  paid: 1150,
  tenders: [{ id: 't1', method: 'cash', amount: 1150, tendered: 2000, change: 850, reference: null }],
  cancelReason: null,
  cancelMessage: null,
  refundedAmount: 0,
  refundedAt: null,
  journalHash: 'a1b2c3d4e5f6',
};

describe('layouts through the virtual printer', () => {
  it('a French sale receipt: header, lines, taxes, tender, change, chain hash, QR, cut, kick', () => {
    for (const profile of [epson, p42, p58]) {
      const bytes = renderJob(
        'sale_receipt',
        { sale: SALE, changeDue: 850 },
        { store: DEFAULT_STORE, profile, offlineSince: null, kickDrawer: true },
      );
      const page = renderBytes(bytes, profile);
      const text = page.lines.join('\n');
      expect(page.lines.every((l) => l.length <= profile.columns)).toBe(true);
      expect(text).toContain('Mèches à bois (jeu)');
      expect(text).toContain('Reçu n° 42');
      expect(text).toMatch(/TPS 5 %/);
      expect(text).toMatch(/TVQ 9,975 %/);
      expect(text).toMatch(/TOTAL +11,48 \$/);
      expect(text).toMatch(/Monnaie rendue +8,50 \$/);
      expect(text).toContain('Empreinte: a1b2c3d4e5f6');
      expect(text).not.toContain('HORS LIGNE');
      expect(page.qr).toEqual([SALE.id]);
      expect(page.kicks).toHaveLength(1);
      expect(page.cuts).toBe(profile.cutter === 'none' ? 0 : 1);
      // the independent decoder agrees with the virtual printer on the text
      expect(decodeEscPos(bytes).text).toContain('Mèches à bois (jeu)');
    }
  });

  it('English and Bulgarian stores print in their language; OFFLINE mark and DUPLICATA when asked', () => {
    const en = renderBytes(
      renderJob(
        'sale_receipt',
        { sale: SALE, changeDue: 850, duplicate: { number: 3, copy: 1 } },
        {
          store: { ...DEFAULT_STORE, locale: 'en-CA' },
          profile: epson,
          offlineSince: '2026-11-20T10:00:00.000Z',
          kickDrawer: false,
        },
      ),
      epson,
    ).lines.join('\n');
    expect(en).toContain('D U P L I C A T E');
    expect(en).toContain('Duplicate # 3 - Copy # 1');
    expect(en).toContain('*** OFFLINE ***');
    expect(en).toMatch(/Change +\$8\.50/);
    const bgStore = {
      ...DEFAULT_STORE,
      locale: 'bg-BG' as const,
      currency: 'EUR' as const,
      timeZone: 'Europe/Sofia',
    };
    const bg = renderBytes(
      renderJob(
        'sale_receipt',
        { sale: { ...SALE, currency: 'EUR' }, changeDue: 850 },
        {
          store: bgStore,
          profile: epson,
          offlineSince: null,
          kickDrawer: false,
        },
      ),
      epson,
    ).lines.join('\n');
    expect(bg).toContain('Бележка № 42');
    expect(bg).toMatch(/ОБЩО +11,48 €/);
    expect(bg).toContain('Ресто');
  });
});

describe('reservation pickup and return slips', () => {
  const slip = {
    reservationId: '01KRESERVATION000000000000',
    number: 'R-1042',
    customerName: 'Construction Bélanger inc.',
    from: '2026-11-26T13:00:00.000Z',
    to: '2026-11-28T21:00:00.000Z',
    returnedAt: '2026-11-28T20:15:00.000Z',
    units: [
      { name: 'Bétonnière 9 pi³', assetId: 'BET-0007', serial: 'SN-88123', condition: 'Tambour à nettoyer' },
      { name: 'Marteau piqueur 30 kg', assetId: 'MAR-0113', serial: null },
    ],
    deposit: 25_000,
  };
  const ctx = { store: DEFAULT_STORE, profile: epson, offlineSince: null, kickDrawer: false };

  it('pickup: units by asset ID and serial, due-back date, deposit, signature line, QR of the reservation', () => {
    const page = renderBytes(renderJob('reservation_pickup', slip, ctx), epson);
    const text = page.lines.join('\n');
    expect(text).toContain('B O N   D E   S O R T I E'); // double width
    expect(text).toContain('Réservation R-1042');
    expect(text).toContain('Construction Bélanger inc.');
    expect(text).toMatch(/N° d’inventaire +BET-0007/);
    expect(text).toMatch(/N° de série +SN-88123/);
    expect(text).toMatch(/Retour prévu le +2026-11-28 16 h 00/); // store time (America/Toronto)
    expect(text).toMatch(/Dépôt de garantie +250,00 \$/);
    expect(text).toContain('Signature: ____');
    expect(text).not.toContain('Tambour à nettoyer'); // condition is for the return
    expect(page.qr).toEqual([slip.reservationId]);
    expect(page.lines.every((l) => l.length <= epson.columns)).toBe(true);
  });

  it('return: returned date and condition, in Bulgarian for a Bulgarian store', () => {
    const fr = renderBytes(renderJob('reservation_return', slip, ctx), epson).lines.join('\n');
    expect(fr).toContain('B O N   D E   R E T O U R');
    expect(fr).toContain('État: Tambour à nettoyer');
    expect(fr).toContain('Retourné le');
    const bgStore = {
      ...DEFAULT_STORE,
      locale: 'bg-BG' as const,
      currency: 'EUR' as const,
      timeZone: 'Europe/Sofia',
    };
    const bg = renderBytes(
      renderJob('reservation_return', slip, { ...ctx, store: bgStore }),
      epson,
    ).lines.join('\n');
    expect(bg).toContain('Резервация R-1042');
    expect(bg).toContain('Инвентарен №');
    expect(bg).toMatch(/Депозит +250,00 €/);
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fontsDir, renderPdf, writeInvoicePdf } from '../../electron/app/invoice-pdf.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { qty } from './support.ts';

let f: Fixture | null = null;
afterEach(() => f?.cleanup());

/** the PDF's text as poppler reads it (what a customer's viewer and a search would find) */
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
/** a figure as the store's locale writes it (the narrow no-break spaces folded to plain spaces) */
const eur = (minor: number) =>
  new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' })
    .format(minor / 100)
    .replace(/\s/g, ' ');
const flat = (t: string) => t.replace(/[\u00a0\u202f]/g, ' ');

describe('invoice PDF', () => {
  it('France: accents and Cyrillic intact, TVA per rate, totals right, SIREN/TVA numbers and the penalties', async () => {
    f = makeFixture({
      store: {
        jurisdiction: 'FR',
        currency: 'EUR',
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        cashRoundingStep: 1,
        name: 'Location Matériel Écully',
        address: '12 rue de la Forêt, 69130 Écully',
        taxNumbers: ['SIREN 123 456 789', 'TVA FR12 123456789'],
        tillName: 'Caisse 1',
      },
    });
    const d = f.app.call(
      'invoice.create',
      {
        customerId: f.customerId,
        lines: [
          { description: 'Location bétonnière — journée', quantity: qty(2), unitPrice: 4800 },
          {
            description: 'Бетонобъркачка (доставка)',
            quantity: qty(1),
            unitPrice: 2500,
            taxCategory: 'standard',
          },
          {
            description: 'Livre « Entretien des outils »',
            quantity: qty(1),
            unitPrice: 1055,
            taxCategory: 'reduced',
          },
        ],
        notes: 'Paiement à réception, par virement.',
      },
      f.clerk,
    );
    const inv = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    // TTC prices: 20 % on 96.00 + 25.00 = 121.00, 5.5 % on 10.55; the TVA extracted per rate, computed here
    const tva20 = Math.round((12_100 * 200_000) / 1_200_000);
    const tva55 = Math.round((1055 * 55_000) / 1_055_000);
    expect(inv.total).toBe(13_155);
    expect(inv.taxes.map((t) => t.tax)).toEqual([tva20, tva55]);
    const file = join(f.dir, 'facture.pdf');
    const out = await writeInvoicePdf(f.app.env, inv.id, file);
    expect(out.bytes).toBe(readFileSync(file).length);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const text = flat(pdfText(file));
    expect(text).toMatch(/^\s*Location Matériel Écully\s+Facture$/m);
    expect(text).toContain(`N° ${inv.number}`);
    expect(text).toContain('Location Matériel Écully');
    expect(text).toContain('Location bétonnière — journée');
    expect(text).toContain('Бетонобъркачка (доставка)');
    expect(text).toContain('Livre « Entretien des outils »');
    expect(text).toContain('Julie Roy');
    expect(text).toMatch(new RegExp(`TVA 20 %\\s+${eur(12_100 - tva20)}\\s+${eur(tva20)}`));
    expect(text).toMatch(new RegExp(`TVA 5,5 %\\s+${eur(1055 - tva55)}\\s+${eur(tva55)}`));
    expect(text).toMatch(new RegExp(`Total HT\\s+${eur(13_155 - tva20 - tva55)}`));
    expect(text).toMatch(new RegExp(`Total TTC\\s+${eur(13_155)}`));
    expect(text).toMatch(new RegExp(`Reste à payer\\s+${eur(13_155)}`));
    expect(text).toContain('SIREN 123 456 789');
    expect(text).toContain('TVA FR12 123456789');
    expect(text).toContain('pénalités au taux de trois fois le taux d’intérêt légal');
    expect(text).toContain('40 €');
  });

  it('Québec: a credit note names its invoice, the GST and QST per rate and the store’s GST/QST numbers', async () => {
    f = makeFixture(); // the Québec demo store: TPS/GST and TVQ/QST numbers in its settings
    const d = f.app.call(
      'invoice.create',
      {
        customerId: f.customerId,
        lines: [{ description: 'Réparation perceuse', quantity: qty(1), unitPrice: 10_000 }],
      },
      f.clerk,
    );
    const inv = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    const credit = f.app.call('invoice.credit', { invoiceId: inv.id, reason: 'Geste commercial' }, f.manager);
    const file = join(f.dir, 'avoir.pdf');
    await writeInvoicePdf(f.app.env, credit.id, file);
    const text = flat(pdfText(file));
    const cad = (minor: number) =>
      new Intl.NumberFormat('fr-CA', { style: 'currency', currency: 'CAD' })
        .format(minor / 100)
        .replace(/\s/g, ' ')
        .replace('$', '\\$');
    expect(text).toMatch(/\sAvoir$/m);
    expect(text).toContain(`N° ${credit.number}`);
    expect(text).toContain(`Avoir sur la facture ${inv.number}`);
    expect(text).toContain('TPS/GST 123456789 RT0001');
    expect(text).toContain('TVQ/QST 1234567890 TQ0001');
    expect(text).toMatch(new RegExp(`TPS 5 %\\s+${cad(500)}`));
    expect(text).toMatch(new RegExp(`TVQ 9,975 %\\s+${cad(998)}`));
    expect(text).toMatch(new RegExp(`Total\\s+${cad(11_498)}`));
  });

  it('pdfmake reads no file outside the fonts folder and fetches no URL', async () => {
    const font = join(fontsDir(), 'DejaVuSans.ttf');
    expect(readFileSync(font).length).toBeGreaterThan(100_000);
    // a document naming a file elsewhere (an image, a font) or a URL is refused, not read
    await expect(
      renderPdf({ content: [{ image: '/etc/hostname' }], defaultStyle: { font: 'DejaVu' } }),
    ).rejects.toThrow(/Access to local file denied by resource access policy/);
    await expect(
      renderPdf({
        content: [{ image: 'logo' }],
        images: { logo: 'https://example.com/logo.png' },
        defaultStyle: { font: 'DejaVu' },
      }),
    ).rejects.toThrow(/Access to URL denied by resource access policy/);
    const ok = await renderPdf({ content: ['Счёт № 1 — é'], defaultStyle: { font: 'DejaVu' } });
    expect(ok.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

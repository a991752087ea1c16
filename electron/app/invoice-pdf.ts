import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Invoice } from '../../shared/api/types.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import type { Jurisdiction } from '../../shared/tax.ts';
import type { Env, ReadEnv } from '../services/context.ts';
import { loadInvoice } from '../services/invoices.ts';

/**
 * An invoice or a credit note as a PDF, made by pdfmake 0.3 (its Node API: createPdf(doc).getBuffer(),
 * a promise). The fonts are DejaVu Sans (Latin and Cyrillic), shipped in resources/fonts so a packaged
 * app has them; pdfmake may fetch no URL at all and read no local file outside that folder. The page
 * holds the store (name, address, tax numbers), the customer, the lines, the tax breakdown per rate,
 * the totals, the balance, and the legal mentions of the store's jurisdiction (France: SIREN / TVA
 * numbers and the late-payment penalties; Québec: the GST/QST numbers; Bulgaria: the store's numbers).
 * The wording follows the store's language (fr, en, bg).
 */

const require = createRequire(import.meta.url);

interface Pdfmake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(fn: (url: string) => boolean): void;
  setLocalAccessPolicy(fn: (path: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

/** $COMPTOIR_FONTS, else next to the sources, else <cwd>/resources, else Electron's resources */
export function fontsDir(): string {
  const candidates: string[] = [];
  if (process.env.COMPTOIR_FONTS) candidates.push(process.env.COMPTOIR_FONTS);
  try {
    candidates.push(join(dirname(fileURLToPath(import.meta.url)), '../../resources/fonts'));
  } catch {
    // bundled without a usable import.meta.url
  }
  candidates.push(join(process.cwd(), 'resources/fonts'));
  const rp = (process as { resourcesPath?: string }).resourcesPath;
  if (rp) candidates.push(join(rp, 'fonts'));
  return candidates.find((d) => existsSync(join(d, 'DejaVuSans.ttf'))) ?? candidates[0]!;
}

let configured: string | null = null;
function pdfmake(): Pdfmake {
  const pm = require('pdfmake') as Pdfmake;
  const dir = resolve(fontsDir());
  if (configured !== dir) {
    pm.setFonts({
      DejaVu: {
        normal: join(dir, 'DejaVuSans.ttf'),
        bold: join(dir, 'DejaVuSans-Bold.ttf'),
        italics: join(dir, 'DejaVuSans.ttf'),
        bolditalics: join(dir, 'DejaVuSans-Bold.ttf'),
      },
    });
    // no download of anything; local files: the fonts folder only
    pm.setUrlAccessPolicy(() => false);
    pm.setLocalAccessPolicy((path) => resolve(path).startsWith(dir + sep));
    configured = dir;
  }
  return pm;
}

type Lang = 'fr' | 'en' | 'bg';
const LABELS = {
  fr: {
    invoice: 'Facture',
    credit: 'Avoir',
    draft: 'Brouillon — sans valeur de facture',
    number: 'N°',
    date: 'Date',
    due: 'Échéance',
    customer: 'Client',
    creditOf: 'Avoir sur la facture',
    description: 'Désignation',
    qty: 'Qté',
    unit: 'Prix unitaire',
    discount: 'Remise',
    amount: 'Montant',
    rate: 'Taux',
    base: 'Base',
    tax: 'Taxe',
    subtotal: 'Sous-total',
    net: 'Total HT',
    taxTotal: 'Total taxes',
    total: 'Total',
    gross: 'Total TTC',
    paid: 'Déjà payé',
    balance: 'Reste à payer',
  },
  en: {
    invoice: 'Invoice',
    credit: 'Credit note',
    draft: 'Draft — not an invoice',
    number: 'No.',
    date: 'Date',
    due: 'Due',
    customer: 'Customer',
    creditOf: 'Credit note for invoice',
    description: 'Description',
    qty: 'Qty',
    unit: 'Unit price',
    discount: 'Discount',
    amount: 'Amount',
    rate: 'Rate',
    base: 'Base',
    tax: 'Tax',
    subtotal: 'Subtotal',
    net: 'Total excl. tax',
    taxTotal: 'Total tax',
    total: 'Total',
    gross: 'Total incl. tax',
    paid: 'Paid',
    balance: 'Balance due',
  },
  bg: {
    invoice: 'Фактура',
    credit: 'Кредитно известие',
    draft: 'Чернова — не е фактура',
    number: '№',
    date: 'Дата',
    due: 'Падеж',
    customer: 'Клиент',
    creditOf: 'Кредитно известие към фактура',
    description: 'Описание',
    qty: 'К-во',
    unit: 'Единична цена',
    discount: 'Отстъпка',
    amount: 'Сума',
    rate: 'Ставка',
    base: 'Основа',
    tax: 'Данък',
    subtotal: 'Междинна сума',
    net: 'Сума без ДДС',
    taxTotal: 'Общо данъци',
    total: 'Общо',
    gross: 'Общо с ДДС',
    paid: 'Платено',
    balance: 'Остатък за плащане',
  },
} satisfies Record<Lang, Record<string, string>>;

const TAX_NAMES: Record<string, Record<Lang, string>> = {
  'QC-GST': { fr: 'TPS', en: 'GST', bg: 'GST' },
  'QC-QST': { fr: 'TVQ', en: 'QST', bg: 'QST' },
};
const taxName = (code: string, lang: Lang, jurisdiction: Jurisdiction['id']) =>
  TAX_NAMES[code]?.[lang] ??
  (jurisdiction === 'BG' ? (lang === 'bg' ? 'ДДС' : 'VAT') : lang === 'en' ? 'VAT' : 'TVA');

/** the legal mentions a store's invoice carries, by jurisdiction (its own numbers from the settings) */
function legalMentions(store: StoreSettings, lang: Lang): string[] {
  const numbers = store.taxNumbers.filter(Boolean);
  if (store.jurisdiction === 'FR') {
    return [
      ...numbers,
      lang === 'en'
        ? 'Late payment: penalties at three times the legal interest rate, plus a fixed €40 recovery fee (French Commercial Code, art. L441-10). No discount for early payment.'
        : 'En cas de retard de paiement : pénalités au taux de trois fois le taux d’intérêt légal et indemnité forfaitaire pour frais de recouvrement de 40 € (art. L441-10 du Code de commerce). Pas d’escompte pour paiement anticipé.',
    ];
  }
  if (store.jurisdiction === 'CA-QC') {
    return numbers.length
      ? numbers
      : [lang === 'en' ? 'GST/QST numbers: not set' : 'Nos de TPS/TVQ : non renseignés'];
  }
  return numbers;
}

function langOf(store: StoreSettings): Lang {
  return store.locale.startsWith('bg') ? 'bg' : store.locale.startsWith('en') ? 'en' : 'fr';
}

export function invoiceDocument(inv: Invoice, store: StoreSettings, jurisdiction: Jurisdiction) {
  const lang = langOf(store);
  const L = LABELS[lang];
  const money = new Intl.NumberFormat(store.locale, { style: 'currency', currency: inv.currency });
  const m = (minor: number) => money.format(minor / 100);
  const qty = (thousandths: number) =>
    new Intl.NumberFormat(store.locale, { maximumFractionDigits: 3 }).format(thousandths / 1000);
  const pct = (ppm: number) =>
    `${new Intl.NumberFormat(store.locale, { maximumFractionDigits: 3 }).format(ppm / 10_000)} %`;
  const day = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(store.locale, { dateStyle: 'long', timeZone: store.timeZone }).format(
          new Date(iso),
        )
      : '';
  const title = inv.kind === 'credit' ? L.credit : L.invoice;
  const incl = jurisdiction.pricesIncludeTax;
  const totals: [string, string][] = incl
    ? [
        [L.net, m(inv.total - inv.taxTotal)],
        [L.taxTotal, m(inv.taxTotal)],
        [L.gross, m(inv.total)],
      ]
    : [
        [L.subtotal, m(inv.subtotal)],
        ...inv.taxes.map((t): [string, string] => [
          `${taxName(t.code, lang, jurisdiction.id)} ${pct(t.ratePpm)}`,
          m(t.tax),
        ]),
        [L.total, m(inv.total)],
      ];
  if (inv.kind === 'invoice' && inv.number) {
    totals.push([L.paid, m(inv.paid + inv.credited)], [L.balance, m(inv.balance)]);
  }
  return {
    info: { title: `${title} ${inv.number ?? ''}`.trim(), author: store.name, producer: 'Comptoir' },
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 60],
    defaultStyle: { font: 'DejaVu', fontSize: 9 },
    content: [
      {
        columns: [
          [
            { text: store.name, bold: true, fontSize: 13 },
            { text: store.address },
            ...store.taxNumbers.map((n) => ({ text: n, fontSize: 8 })),
          ],
          [
            { text: title, bold: true, fontSize: 16, alignment: 'right' },
            inv.number
              ? { text: `${L.number} ${inv.number}`, bold: true, alignment: 'right' }
              : { text: L.draft, alignment: 'right', color: '#a00' },
            { text: `${L.date} : ${day(inv.issuedAt ?? inv.createdAt)}`, alignment: 'right' },
            ...(inv.dueDate ? [{ text: `${L.due} : ${inv.dueDate}`, alignment: 'right' }] : []),
            ...(inv.creditOf ? [{ text: `${L.creditOf} ${inv.creditOf.number}`, alignment: 'right' }] : []),
          ],
        ],
      },
      { text: `${L.customer} : ${inv.customerName}`, margin: [0, 16, 0, 8], bold: true },
      {
        table: {
          headerRows: 1,
          widths: ['*', 40, 70, 55, 70],
          body: [
            [L.description, L.qty, L.unit, L.discount, L.amount].map((t, i) => ({
              text: t,
              bold: true,
              alignment: i ? 'right' : 'left',
            })),
            ...inv.lines.map((l) => [
              l.description,
              { text: qty(l.quantity), alignment: 'right' },
              { text: m(l.unitPrice), alignment: 'right' },
              { text: l.discountAmount ? m(l.discountAmount) : '', alignment: 'right' },
              { text: m(l.amount), alignment: 'right' },
            ]),
          ],
        },
        layout: 'lightHorizontalLines',
      },
      {
        margin: [0, 12, 0, 0],
        columns: [
          {
            width: '*',
            table: {
              headerRows: 1,
              widths: ['auto', 'auto', 'auto'],
              body: [
                [L.rate, L.base, L.tax].map((t) => ({ text: t, bold: true })),
                ...inv.taxes.map((t) => [
                  `${taxName(t.code, lang, jurisdiction.id)} ${pct(t.ratePpm)}`,
                  { text: m(t.base), alignment: 'right' },
                  { text: m(t.tax), alignment: 'right' },
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
          },
          {
            width: 'auto',
            table: {
              widths: [110, 80],
              body: totals.map(([k, v], i) => [
                { text: k, bold: i === totals.length - 1 },
                { text: v, alignment: 'right', bold: i === totals.length - 1 },
              ]),
            },
            layout: 'noBorders',
          },
        ],
      },
      ...(inv.notes ? [{ text: inv.notes, margin: [0, 12, 0, 0] }] : []),
      { text: legalMentions(store, lang).join('\n'), fontSize: 7, margin: [0, 24, 0, 0], color: '#444' },
    ],
  };
}

/** any document through the configured pdfmake (the fonts folder only; no URL) */
export function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  return pdfmake().createPdf(doc).getBuffer();
}

export function renderInvoicePdf(
  inv: Invoice,
  store: StoreSettings,
  jurisdiction: Jurisdiction,
): Promise<Buffer> {
  return renderPdf(invoiceDocument(inv, store, jurisdiction));
}

/** the invoice's PDF written to `file` (the ledger's copy is what is printed: nothing is stored in it) */
export async function writeInvoicePdf(
  env: Env | ReadEnv,
  invoiceId: string,
  file: string,
): Promise<{ file: string; bytes: number }> {
  const inv = loadInvoice(env, invoiceId);
  const pdf = await renderInvoicePdf(inv, env.store, env.jurisdiction);
  await writeFile(file, pdf);
  return { file, bytes: pdf.length };
}

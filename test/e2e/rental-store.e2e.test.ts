import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next, { type TFunction } from 'i18next';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import bg from '../../renderer/i18n/bg.json' with { type: 'json' };
import en from '../../renderer/i18n/en.json' with { type: 'json' };
import fr from '../../renderer/i18n/fr.json' with { type: 'json' };
import { stateHash } from '../helpers/state-hash.ts';
import { axe, launch, norm, ROOT, startEmptyTill } from './harness.ts';

/**
 * Issue 13's end-to-end rental, as a brand-new store lives it, by the screens only (keyboard where
 * the screens take it): first-run setup → a category, an item with a photo and two units on the
 * catalogue screen → a new customer → a counter reservation → a line added to it → confirmed →
 * the deposit taken in cash → deleting the customer refused, naming the reservation → check-out by
 * scanning both asset IDs (a wrong scan refused first) → two days later, returned by scanning, a
 * late fee from the rate table → "Add a payment" for the balance → the deposit handed back →
 * closed; then the item sold at the counter in EUR with the country's VAT. The ledger is read
 * through app.call at the end: statuses, balance 0, the deposit's two drawer movements.
 * France in French, Bulgaria in Bulgarian, France in English; every step at 1366×768 and the
 * main screens at 1920×1080 into COMPTOIR_SHOTS (default test/artifacts/screens).
 */
const OUT = process.env.COMPTOIR_SHOTS ?? join(ROOT, 'test/artifacts/screens');
const RESOURCES = { fr, en, bg } as const;
type Lang = keyof typeof RESOURCES;

const RUNS = [
  {
    lang: 'fr',
    jurisdiction: 'FR',
    store: 'Loc’Outils Lyon 7e',
    address: '12 rue de Gerland, 69007 Lyon',
    taxNumbers: 'SIRET 123 456 789 00012\nTVA FR12 123456789',
    till: 'Caisse 1',
    condition: 'Tambour à nettoyer',
    customer: 'Entreprise Girard BTP',
    category: 'Gros œuvre',
    item: 'Bétonnière 160 L',
    search: 'béton',
    vat: { code: 'FR-TVA-20', ratePpm: 200_000 },
  },
  {
    lang: 'bg',
    jurisdiction: 'BG',
    store: 'Инструменти Пловдив',
    address: 'ул. „Иван Вазов“ 12, 4000 Пловдив',
    taxNumbers: 'ЕИК 123456789\nДДС BG123456789',
    till: 'Каса 1',
    condition: 'Барабанът за почистване',
    customer: 'Строител ООД',
    category: 'Строителство',
    item: 'Бетонобъркачка 160 л',
    search: 'бетоно',
    vat: { code: 'BG-VAT-20', ratePpm: 200_000 },
  },
  {
    lang: 'en',
    jurisdiction: 'FR',
    store: 'Loc’Outils Lyon 7e',
    address: '12 rue de Gerland, 69007 Lyon',
    taxNumbers: 'SIRET 123 456 789 00012',
    till: 'Till 1',
    condition: 'Drum to be cleaned',
    customer: 'Girard Building Ltd',
    category: 'Heavy work',
    item: 'Concrete mixer 160 L',
    search: 'mixer',
    vat: { code: 'FR-TVA-20', ratePpm: 200_000 },
  },
] as const;

let browser: Browser;
let photoDir: string;
let photo: string;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  photoDir = mkdtempSync(join(tmpdir(), 'comptoir-e2e-photo-'));
  photo = join(photoDir, 'mixer.png');
  await sharp({ create: { width: 320, height: 240, channels: 3, background: '#d9822b' } })
    .png()
    .toFile(photo);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  rmSync(photoDir, { recursive: true, force: true });
});

function translator(lang: Lang): TFunction {
  const i = i18next.createInstance();
  void i.init({
    lng: lang,
    resources: { [lang]: { translation: RESOURCES[lang] } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i.t.bind(i) as TFunction;
}

/** a label with {{vars}} as a regex (the money in "Take the deposit (150,00 €)") */
const re = (s: string) =>
  new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\w+\\\}\\\}/g, '.*'));

describe('a new rental store in Chromium, by its screens', () => {
  for (const run of RUNS) {
    it(`${run.jurisdiction} in ${run.lang}: setup → catalogue → customer → reservation → check-out → late return → paid, deposit back, closed → a sale`, async () => {
      let shift = 0; // the till's clock, moved two days on for the late return
      const till = await startEmptyTill({ now: () => new Date(Date.now() + shift) });
      const t = translator(run.lang);
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-US' });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        // the refusals this test provokes (the customer's delete, a wrong scan) are 4xx answers
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), run.lang);
      let n = 0;
      const snap = async (name: string, wide = false) => {
        n++;
        const base = join(OUT, `${run.lang}-${String(n).padStart(2, '0')}-${name}`);
        await page.screenshot({ path: `${base}-1366.png` });
        if (wide) {
          await page.setViewportSize({ width: 1920, height: 1080 });
          await page.waitForTimeout(150);
          await page.screenshot({ path: `${base}-1920.png` });
          await page.setViewportSize({ width: 1366, height: 768 });
          await page.waitForTimeout(150);
        }
      };
      const money = (minor: number) =>
        run.lang === 'en' ? (minor / 100).toFixed(2) : (minor / 100).toFixed(2).replace('.', ',');
      try {
        // ── first-run setup
        await page.goto(till.host.url);
        await page.getByRole('heading', { name: t('setup.title') }).waitFor();
        await page.getByLabel(t('setup.name'), { exact: true }).fill(run.store);
        await page.getByLabel(t('setup.address')).fill(run.address);
        await page.getByLabel(t('setup.taxNumbers')).fill(run.taxNumbers);
        await page.getByLabel(t('setup.tillName')).fill(run.till);
        await page.getByLabel(t('setup.jurisdiction')).selectOption(run.jurisdiction);
        await page.getByLabel(t('setup.adminName')).fill('Claire Martin');
        await page.getByLabel(t('pin.new')).fill('246810');
        await page.getByLabel(t('pin.confirm')).fill('246810');
        await snap('setup', true);
        await page.getByRole('button', { name: t('setup.submit') }).click();
        await page.getByRole('searchbox').waitFor();
        const admin = till.app.call('users.tiles', {}).find((u) => u.role === 'admin')!;
        const token = till.app.call('auth.login', { userId: admin.id, pin: '246810' }).token;
        const api = <T>(op: string, input: unknown) => till.app.callUntyped(op, input, token) as T;

        // ── catalogue: a category, then the item in it with its rates and deposit
        await page.keyboard.press('Alt+k');
        await page.getByRole('heading', { name: t('catalogue.title'), level: 1 }).waitFor();
        await page.getByRole('button', { name: t('catalogue.addCategory') }).click();
        const catDialog = page.getByRole('dialog', { name: t('catalogue.addCategory') });
        await catDialog.getByLabel(t('catalogue.categoryName')).fill(run.category);
        await snap('category');
        await page.keyboard.press('Enter');
        await catDialog.waitFor({ state: 'detached' });
        await page.keyboard.press('Alt+n');
        const editor = page.getByRole('dialog', { name: t('catalogue.add') });
        await editor.getByLabel(t('catalogue.name'), { exact: true }).fill(run.item);
        // the category's select is the one offering the category just made (the tax class's label
        // starts with the same word)
        await editor
          .locator(`select:has(option:text-is("${run.category}"))`)
          .selectOption({ label: run.category });
        await editor.getByLabel(t('catalogue.price'), { exact: true }).fill(money(8990));
        await editor.getByLabel(t('catalogue.deposit'), { exact: true }).fill(money(15000));
        await editor.getByLabel(t('catalogue.rate.day'), { exact: true }).fill(money(4000));
        await editor.getByLabel(t('catalogue.rate.week'), { exact: true }).fill(money(16000));
        await snap('item', true);
        await editor.getByRole('button', { name: t('catalogue.create') }).click();
        const item = page.getByRole('dialog', { name: run.item });
        await item.waitFor();
        // the photo (stored in the data folder, thumbnail by sharp)
        await item.locator('input[type="file"]').setInputFiles(photo);
        await item.getByRole('img', { name: t('catalogue.photoOf', { name: run.item }) }).waitFor();
        await snap('photo');
        // two units, one by one, from the keyboard: after each, the asset ID field has the focus again
        await item.getByRole('tab', { name: new RegExp(t('catalogue.tabUnits')) }).click();
        const addUnit = item.getByRole('form', { name: t('catalogue.addUnit') });
        await addUnit.getByLabel(t('catalogue.assetId')).focus();
        for (const [asset, serial] of [
          ['BET-01', 'SN-7781'],
          ['BET-02', 'SN-7782'],
        ] as const) {
          await page.keyboard.type(asset);
          await page.keyboard.press('Tab');
          await page.keyboard.type(serial);
          await page.keyboard.press('Enter');
          await item.getByRole('cell', { name: asset, exact: true }).waitFor();
        }
        // nothing of the batch form sticks out of the dialog (it did in Bulgarian)
        const box = (await item.boundingBox())!;
        const batch = (await item.getByRole('form', { name: t('catalogue.addBatch') }).boundingBox())!;
        expect(batch.x + batch.width).toBeLessThanOrEqual(box.x + box.width);
        const fields = await item
          .getByRole('form', { name: t('catalogue.addBatch') })
          .locator('input')
          .evaluateAll(
            (els, right) => els.filter((e) => e.getBoundingClientRect().right > right).length,
            box.x + box.width - 24,
          );
        expect(fields).toBe(0);
        expect(await axe(page)).toEqual([]);
        await snap('units', true);
        await page.keyboard.press('Escape');
        const [product] = api<{ id: string; name: string; categoryName: string; price: number }[]>(
          'catalogue.list',
          { q: '' },
        );
        expect(product).toMatchObject({ name: run.item, categoryName: run.category, price: 8990 });
        const detail = api<{ photo: string | null; units: { total: number } }>('product.get', {
          productId: product!.id,
        });
        expect(detail.photo).toBeTruthy();
        expect(detail.units.total).toBe(2);

        // ── the drawer, for the deposit and the cash
        await page.keyboard.press('F9');
        await page.getByLabel(/^(€\s?)?20[.,]00/).fill('5');
        await page.getByTestId('open-drawer').click();
        await expect.poll(() => api<{ number: number } | null>('drawer.current', {})?.number).toBe(1);

        // ── a new customer
        await page.keyboard.press('Alt+t');
        await page.getByRole('heading', { name: t('customers.title'), level: 1 }).waitFor();
        await page.keyboard.press('Alt+n');
        const form = page.getByRole('form', { name: t('customers.form') });
        await form.getByLabel(t('customers.name'), { exact: true }).fill(run.customer);
        await form.getByLabel(t('customers.phone')).fill('+33 4 78 00 00 00');
        await snap('customer');
        await form.getByRole('button', { name: t('customers.create') }).click();
        await page.getByRole('heading', { name: run.customer, level: 2 }).waitFor();

        // ── a counter reservation: one mixer, as a quote
        await page.keyboard.press('Alt+b');
        await page.getByRole('heading', { name: t('reservations.title'), level: 1 }).waitFor();
        await page.keyboard.press('Alt+n');
        const nr = page.getByRole('dialog', { name: t('reservations.new') });
        await nr.getByLabel(t('reservations.customer')).selectOption({ label: run.customer });
        await nr.getByLabel(t('reservations.item')).fill(run.search);
        await nr.getByRole('button', { name: new RegExp(run.item) }).waitFor();
        await page.keyboard.press('Enter');
        await nr.getByTestId('draft-lines').getByText(run.item).waitFor();
        expect(await axe(page)).toEqual([]);
        await snap('reservation-new', true);
        // bad input first: the return at midnight of the pickup's day (not after the pickup) is
        // refused next to the return's field and nothing is written
        const returnDate = nr.getByLabel(t('reservations.return'), { exact: true });
        const planned = await returnDate.inputValue();
        await returnDate.fill(await nr.getByLabel(t('reservations.pickup'), { exact: true }).inputValue());
        await nr.getByLabel(t('reservations.returnTime')).fill('00:00');
        const untouched = stateHash(till.app.env.sqlite);
        await nr.getByRole('button', { name: t('reservations.create') }).click();
        await nr.getByText(t('errors.field.returnBeforePickup')).waitFor();
        await snap('reservation-reversed');
        expect(stateHash(till.app.env.sqlite)).toBe(untouched);
        expect(api<unknown[]>('reservation.list', {})).toEqual([]);
        await returnDate.fill(planned);
        await nr
          .getByLabel(t('reservations.returnTime'))
          .fill(await nr.getByLabel(t('reservations.pickupTime')).inputValue());
        await nr.getByRole('button', { name: t('reservations.create') }).click();
        await nr.waitFor({ state: 'detached' });
        const card = page.getByTestId('reservation-detail');
        await card.waitFor();
        const [summary] = api<{ id: string; number: string; status: string }[]>('reservation.list', {});
        expect(summary).toMatchObject({ status: 'quote' });
        const rid = summary!.id;
        const get = () =>
          api<{
            status: string;
            lines: { quantity: number; units: { assetId: string; lateFee: number }[] }[];
            balance: number;
            total: number;
            lateFees: number;
            deposit: number;
            depositHeld: number;
            paid: number;
          }>('reservation.get', { reservationId: rid });

        // ── a line added to the existing reservation
        await card.getByText(t('reservations.addLines')).click();
        await card.getByLabel(t('reservations.item')).fill(run.search);
        await card.getByRole('button', { name: new RegExp(run.item) }).waitFor();
        await page.keyboard.press('Enter');
        await card.getByTestId('draft-lines').getByText(run.item).waitFor();
        await snap('reservation-add');
        await card.getByRole('button', { name: t('reservations.addTheLines') }).click();
        await expect.poll(() => get().lines.length).toBe(2);

        // ── confirmed, deposit taken in cash
        await card.getByRole('button', { name: t('reservations.confirm'), exact: true }).click();
        await expect.poll(() => get().status).toBe('confirmed');
        expect(get().deposit).toBe(30000);
        await card.getByRole('button', { name: re(t('reservations.takeDeposit')) }).click();
        await expect.poll(() => get().depositHeld).toBe(30000);
        await snap('reservation-confirmed', true);

        // ── deleting the customer while the reservation is open: refused, naming it
        await page.keyboard.press('Alt+t');
        await page.getByTestId(`customer-${run.customer}`).getByRole('button').click();
        await page.getByTestId('open-documents').waitFor();
        await page
          .locator('.history-detail form')
          .getByRole('button', { name: t('customers.delete') })
          .click();
        await page
          .getByRole('dialog', { name: t('customers.confirmTitle', { count: 1 }) })
          .getByRole('button', { name: t('customers.delete') })
          .click();
        const report = page.getByTestId('delete-report');
        await report.waitFor();
        expect(norm(await report.textContent())).toContain(
          `${run.customer} : ${t('customers.doc.reservation', { number: summary!.number })}`,
        );
        await snap('customer-refused', true);

        // ── check-out by scanning: a wrong asset ID is refused by name, then both units
        await page.keyboard.press('Alt+b');
        await page
          .getByTestId(`reservation-${summary!.number}`)
          .getByRole('button', { name: summary!.number })
          .click();
        const scanOut = card.getByTestId('scan-out');
        await scanOut.fill('BET-99');
        await page.keyboard.press('Enter');
        await card.getByText(t('errors.field.unknownUnit')).waitFor();
        await snap('checkout-refused');
        await scanOut.fill('BET-01');
        await page.keyboard.press('Enter');
        await expect.poll(() => get().lines.flatMap((l) => l.units).length).toBe(1);
        await scanOut.fill('BET-02');
        await page.keyboard.press('Enter');
        await expect.poll(() => get().status).toBe('checked_out');
        await snap('checked-out', true);

        // ── two days later: returned by scanning, late
        shift = 2 * 86_400_000;
        const before = get().total;
        const scanBack = card.getByTestId('scan-return');
        await scanBack.fill('BET-01');
        await page.keyboard.press('Enter');
        await expect
          .poll(
            () =>
              get()
                .lines.flatMap((l) => l.units)
                .filter((u) => u.lateFee > 0).length,
          )
          .toBe(1);
        await card.getByLabel(t('reservations.condition')).fill(run.condition);
        await scanBack.fill('BET-02');
        await page.keyboard.press('Enter');
        await expect.poll(() => get().status).toBe('returned');
        const returned = get();
        expect(returned.lateFees).toBeGreaterThan(0);
        expect(returned.total).toBeGreaterThan(before);
        await card.getByText(t('reservations.lateFees')).waitFor();
        await snap('returned-late', true);

        // ── "Add a payment" for the balance, in cash; the deposit handed back; closed
        const pay = card.locator('form.res-pay');
        expect(await pay.getByLabel(t('payment.amount')).inputValue()).toBe(money(returned.balance));
        await pay.getByLabel(t('orders.explanation')).fill('Location + retard');
        await snap('payment');
        await pay.getByRole('button', { name: t('orders.addPayment') }).click();
        await expect.poll(() => get().balance).toBe(0);
        await card.getByRole('button', { name: re(t('reservations.returnDeposit')) }).click();
        await expect.poll(() => get().depositHeld).toBe(0);
        await card.getByRole('button', { name: t('reservations.close'), exact: true }).click();
        await expect.poll(() => get().status).toBe('closed');
        expect(norm(await card.getByTestId('reservation-balance').textContent())).toMatch(/^(€)?0[,.]00/);
        expect(await axe(page)).toEqual([]);
        await snap('closed', true);

        // ── the ledger
        const closed = get();
        expect(closed).toMatchObject({ status: 'closed', balance: 0, depositHeld: 0, paid: closed.total });
        const moves = api<{ kind: string; amount: number }[]>('drawer.movements', {});
        expect(
          moves.filter((m) => m.kind.startsWith('deposit')).map((m) => [m.kind, Math.abs(m.amount)]),
        ).toEqual([
          ['deposit_in', 30000],
          ['deposit_out', 30000],
        ]);
        const x = api<{ depositsIn: number; depositsOut: number }>('report.x', {});
        expect(x).toMatchObject({ depositsIn: 30000, depositsOut: 30000 });

        // ── the same store sells the item: EUR, the country's VAT
        await page.keyboard.press('F2');
        await page.getByRole('searchbox').fill(run.search);
        await page
          .getByTestId('results')
          .getByRole('button', { name: new RegExp(run.item) })
          .click();
        await page.getByRole('button', { name: new RegExp(`^${t('counter.pay')}`) }).click();
        await page.getByRole('button', { name: /^(€)?100[,.]00/ }).click();
        expect(norm(await page.getByTestId('change-due').textContent())).toMatch(/10[,.]10/);
        await page.getByTestId('validate').click();
        await page.getByTestId('printed-receipt').waitFor();
        await snap('sold', true);
        const [s] = api<{ id: string }[]>('sale.list', {});
        const sale = api<{
          status: string;
          total: number;
          currency: string;
          taxes: { code: string; ratePpm: number; tax: number }[];
        }>('sale.get', { saleId: s!.id });
        expect(sale).toMatchObject({ status: 'completed', total: 8990, currency: 'EUR' });
        // prices include VAT: 20 % of 89,90 TTC is 14,98
        expect(sale.taxes).toEqual([expect.objectContaining({ ...run.vat, tax: 1498 })]);
        expect(errors).toEqual([]);
      } finally {
        await ctx.close();
        await till.close();
      }
    });
  }
});

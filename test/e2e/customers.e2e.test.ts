import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRentalItem, est } from '../helpers/rental.ts';
import { axe, launch, pageErrors, ROOT, startTill, type Till } from './harness.ts';

/**
 * The customers screen (Alt+T) in Chromium at the store's screen sizes, in fr/en/bg: a customer
 * with a reservation is not deleted and the screen names the reservation; the list, the record
 * and the refusal fit the screen. Screenshots go to COMPTOIR_SHOTS (default test/artifacts/screens).
 */
const OUT = process.env.COMPTOIR_SHOTS ?? join(ROOT, 'test/artifacts/screens');
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;
const WORDS = {
  fr: {
    title: 'Clients',
    del: 'Supprimer',
    confirm: 'Supprimer ce client ?',
    doc: 'Réservation',
    locate: 'Localiser',
  },
  en: {
    title: 'Customers',
    del: 'Delete',
    confirm: 'Delete this customer?',
    doc: 'Reservation',
    locate: 'Locate',
  },
  bg: {
    title: 'Клиенти',
    del: 'Изтрий',
    confirm: 'Да се изтрие ли този клиент?',
    doc: 'Резервация',
    locate: 'Покажи на картата',
  },
} as const;

let browser: Browser;
let till: Till;
let number: string;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  till = await startTill();
  const { f } = till;
  const mixer = addRentalItem(f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01'] });
  number = f.app.call(
    'reservation.create',
    {
      customerId: f.customerId,
      pickupAt: est('2026-12-01T09:00'),
      returnAt: est('2026-12-02T09:00'),
      status: 'confirmed',
      lines: [{ productId: mixer.id, quantity: 1 }],
    },
    f.clerk,
  ).number;
  for (const [name, phone, city] of [
    ['Marc Gagnon', '450 555-0199', 'Saint-Jérôme'],
    ['Иван Петров', '+359 88 123 4567', 'Пловдив'],
    ['Sophie Lefebvre-Desrochers', '514 555-0123', 'Montréal'],
  ] as const) {
    f.app.call('customer.create', { name, phone, city, postalCode: 'J7Z 2Z4' }, f.clerk);
  }
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await till?.close();
});

async function open(lang: keyof typeof WORDS, width: number, height: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { errors: string[] }).errors = errors;
  await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), lang);
  await page.goto(till.host.url);
  // the manager: every tab of the top bar is on the screenshots
  await page.getByRole('button', { name: /Martin Gagnon/ }).click();
  await page.keyboard.type('9876');
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
  return page;
}

/** Does anything stick out of the viewport sideways, or the page itself scroll? */
const overflow = (page: Page) =>
  page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));

describe('customers screen in Chromium', () => {
  for (const lang of ['fr', 'en', 'bg'] as const) {
    for (const [w, hgt] of SIZES) {
      it(`${lang} ${w}×${hgt}: delete of a customer with a reservation refused, naming it`, async () => {
        const words = WORDS[lang];
        const page = await open(lang, w, hgt);
        await page.keyboard.press('Alt+t');
        await page.getByRole('heading', { name: words.title, level: 1 }).waitFor();
        await page.getByTestId('customer-Julie Roy').getByRole('button').click();
        await page.getByTestId('open-documents').waitFor();
        expect(await page.getByTestId('open-documents').textContent()).toBe(`${words.doc} ${number}`);
        // Julie has no street address: nothing to locate
        expect(
          await page.locator('.history-detail form').getByRole('button', { name: words.locate }).isDisabled(),
        ).toBe(true);
        await page.screenshot({ path: join(OUT, `customers-${lang}-${w}.png`) });
        await page.locator('.history-detail form').getByRole('button', { name: words.del }).click();
        const dialog = page.getByRole('dialog', { name: words.confirm });
        await dialog.getByRole('button', { name: words.del }).click();
        const report = page.getByTestId('delete-report');
        await report.waitFor();
        expect(await report.textContent()).toContain(`Julie Roy : ${words.doc} ${number}`);
        expect(await overflow(page)).toEqual({ x: 0, y: 0 });
        await page.screenshot({ path: join(OUT, `customers-refused-${lang}-${w}.png`) });
        expect(await axe(page)).toEqual([]);
        expect(pageErrors(page)).toEqual([]);
        expect(till.f.app.call('customer.get', { customerId: till.f.customerId }, till.f.clerk).name).toBe(
          'Julie Roy',
        );
        await page.context().close();
      });
    }
  }
});

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRentalItem } from '../helpers/rental.ts';
import { axe, launch, pageErrors, ROOT, startTill, type Till } from './harness.ts';

/**
 * From a customer's record in Chromium, fr/en/bg at the store's screen sizes: "Nouvelle location"
 * opens its form (confirmation), "Nouvelle intervention" asks what the job is, creates it and opens
 * the interventions screen on it; a line is added there and the balance is shown. Nothing sticks
 * out of the screen, axe finds nothing. Screenshots go to COMPTOIR_SHOTS (default test/artifacts/screens).
 */
const OUT = process.env.COMPTOIR_SHOTS ?? join(ROOT, 'test/artifacts/screens');
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;
const WORDS = {
  fr: {
    title: 'Clients',
    rental: 'Nouvelle location',
    rentalDialog: 'Nouvelle location pour Julie Roy',
    intervention: 'Nouvelle intervention',
    dialog: 'Nouvelle intervention pour Julie Roy',
    what: 'Travaux',
    create: 'Créer l’intervention',
    job: 'Réparation tronçonneuse',
    addLine: 'Ajouter une ligne',
    description: 'Description',
    price: 'Prix unitaire',
    add: 'Ajouter la ligne',
    labour: 'Main-d’œuvre',
    heading: 'Interventions',
    cancel: 'Annuler',
  },
  en: {
    title: 'Customers',
    rental: 'New rental',
    rentalDialog: 'New rental for Julie Roy',
    intervention: 'New job',
    dialog: 'New job for Julie Roy',
    what: 'Work',
    create: 'Create the job',
    job: 'Chainsaw repair',
    addLine: 'Add a line',
    description: 'Description',
    price: 'Unit price',
    add: 'Add the line',
    labour: 'Labour',
    heading: 'Jobs',
    cancel: 'Cancel',
  },
  bg: {
    title: 'Клиенти',
    rental: 'Нов наем',
    rentalDialog: 'Нов наем за Julie Roy',
    intervention: 'Нова сервизна поръчка',
    dialog: 'Нова сервизна поръчка за Julie Roy',
    what: 'Работа',
    create: 'Създай поръчката',
    job: 'Ремонт на моторен трион',
    addLine: 'Добавяне на ред',
    description: 'Описание',
    price: 'Единична цена',
    add: 'Добави реда',
    labour: 'Труд',
    heading: 'Сервиз',
    cancel: 'Отказ',
  },
} as const;

let browser: Browser;
let till: Till;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  till = await startTill();
  addRentalItem(till.f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01', 'BET-02'] });
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

const overflow = (page: Page) =>
  page.evaluate(() => ({
    x: document.documentElement.scrollWidth - window.innerWidth,
    y: document.documentElement.scrollHeight - window.innerHeight,
  }));

describe('new documents from a customer, and the interventions screen, in Chromium', () => {
  for (const lang of ['fr', 'en', 'bg'] as const) {
    for (const [w, hgt] of SIZES) {
      it(`${lang} ${w}×${hgt}: new rental form, new intervention → its screen, a line, the balance`, async () => {
        const words = WORDS[lang];
        const page = await open(lang, w, hgt);
        const before = till.f.app.call('intervention.list', {}, till.f.clerk).length;
        await page.keyboard.press('Alt+t');
        await page.getByRole('heading', { name: words.title, level: 1 }).waitFor();
        await page.getByTestId('customer-Julie Roy').getByRole('button').click();
        await page.getByRole('heading', { name: 'Julie Roy', level: 2 }).waitFor();
        await page.screenshot({ path: join(OUT, `customer-docs-${lang}-${w}.png`) });

        // the rental's confirmation is its form, prefilled with the customer; cancelled here
        await page.getByRole('button', { name: words.rental, exact: true }).click();
        const rental = page.getByRole('dialog', { name: words.rentalDialog });
        await rental.getByRole('option', { name: 'Bétonnière' }).waitFor({ state: 'attached' });
        expect(await overflow(page)).toEqual({ x: 0, y: 0 });
        await page.screenshot({ path: join(OUT, `new-rental-${lang}-${w}.png`) });
        expect(await axe(page)).toEqual([]);
        await rental.getByRole('button', { name: words.cancel }).click();

        await page.getByRole('button', { name: words.intervention, exact: true }).click();
        const dialog = page.getByRole('dialog', { name: words.dialog });
        await dialog.getByLabel(words.what).fill(words.job);
        await page.screenshot({ path: join(OUT, `new-intervention-${lang}-${w}.png`) });
        await dialog.getByRole('button', { name: words.create }).click();
        await page.getByRole('heading', { name: words.heading, level: 1 }).waitFor();
        const detail = page.getByTestId('intervention-detail');
        await detail.getByRole('heading', { level: 2 }).filter({ hasText: words.job }).waitFor();

        const form = detail.getByRole('form', { name: words.addLine });
        await form.getByLabel(words.description).fill(words.labour);
        await form.getByLabel(words.price).fill('45.00');
        await form.getByRole('button', { name: words.add }).click();
        await detail.getByTestId('intervention-lines').getByText(words.labour).waitFor();
        // 45.00 + GST 2.25 + QST 4.49 (Québec demo store)
        await expect
          .poll(async () =>
            (await detail.getByTestId('intervention-balance').textContent())?.replace(/\s/g, ' '),
          )
          .toMatch(/51[.,]74/);
        expect(await overflow(page)).toEqual({ x: 0, y: 0 });
        await page.screenshot({ path: join(OUT, `intervention-${lang}-${w}.png`) });
        expect(await axe(page)).toEqual([]);
        expect(pageErrors(page)).toEqual([]);
        const list = till.f.app.call('intervention.list', {}, till.f.clerk);
        expect(list).toHaveLength(before + 1);
        expect(list[0]).toMatchObject({
          description: words.job,
          status: 'quote',
          customerId: till.f.customerId,
        });
        await page.context().close();
      });
    }
  }
});

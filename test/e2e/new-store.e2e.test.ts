import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launch, norm, openPage, pageErrors, ROOT, startEmptyTill } from './harness.ts';

/**
 * Issue 13's first point, as a new store lives it: after the first-run setup the catalogue is
 * empty; the administrator adds an item on the catalogue screen, opens the drawer and sells it.
 * Screenshots go to COMPTOIR_SHOTS (default test/artifacts/screens).
 */
const OUT = process.env.COMPTOIR_SHOTS ?? join(ROOT, 'test/artifacts/screens');

let browser: Browser;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const STORES = [
  {
    jurisdiction: 'FR',
    name: 'Loc’Outils Lyon 7e',
    address: '12 rue de Gerland, 69007 Lyon',
    taxNumbers: 'SIRET 123 456 789 00012\nTVA FR12 123456789',
  },
  {
    jurisdiction: 'BG',
    name: 'Инструменти Пловдив',
    address: 'ул. „Иван Вазов“ 12, 4000 Пловдив',
    taxNumbers: 'ЕИК 123456789\nДДС BG123456789',
  },
] as const;

describe('a brand-new store in Chromium', () => {
  it.each(STORES)(
    '$jurisdiction: first-run setup → add an item on the catalogue screen → sell it in cash',
    async (store) => {
      const till = await startEmptyTill();
      try {
        const page = await openPage(browser, till);
        await page.getByRole('heading', { name: 'Bienvenue dans Comptoir' }).waitFor();
        await page.getByLabel('Nom du magasin').fill(store.name);
        await page.getByLabel('Adresse').fill(store.address);
        await page.getByLabel('Numéros de taxes (un par ligne, 4 au maximum)').fill(store.taxNumbers);
        await page.getByLabel('Nom de la caisse').fill('Caisse 1');
        await page.getByLabel('Pays ou province').selectOption(store.jurisdiction);
        await page.getByLabel("Nom de l'administrateur").fill('Claire Martin');
        await page.getByLabel('NIP (4 à 8 chiffres)').fill('246810');
        await page.getByLabel('Confirmer le NIP').fill('246810');
        await page.getByRole('button', { name: 'Créer le magasin et commencer' }).click();
        await page.getByRole('searchbox').waitFor();
        // nothing to sell yet
        const token = till.app.call('auth.login', {
          userId: till.app.call('users.tiles', {}).find((u) => u.role === 'admin')!.id,
          pin: '246810',
        }).token;
        expect(till.app.call('catalogue.list', { q: '' }, token)).toEqual([]);

        // the catalogue screen: a new item with its price
        await page.keyboard.press('Alt+k');
        await page.getByRole('heading', { name: 'Catalogue', level: 1 }).waitFor();
        await page.keyboard.press('Alt+n');
        const editor = page.getByRole('dialog', { name: 'Ajouter un équipement' });
        await editor.getByLabel('Nom', { exact: true }).fill('Perceuse à percussion');
        await editor.getByLabel('Prix de vente').fill('89,90');
        expect(await axe(page)).toEqual([]);
        await page.screenshot({ path: join(OUT, `new-store-item-${store.jurisdiction}.png`) });
        await editor.getByRole('button', { name: 'Créer' }).click();
        await page.getByRole('dialog', { name: 'Perceuse à percussion' }).waitFor();
        await page.keyboard.press('Escape');
        const [item] = till.app.call('catalogue.list', { q: '' }, token);
        expect(item).toMatchObject({ name: 'Perceuse à percussion', price: 8990 });

        // open the drawer, sell it
        await page.keyboard.press('F9');
        await page.getByLabel(/^20,00/).fill('5');
        await page.getByTestId('open-drawer').click();
        await page.getByRole('heading', { name: /Tiroir n° 1 ouvert/ }).waitFor();
        await page.keyboard.press('F2');
        await page.getByRole('searchbox').fill('percussion');
        await page
          .getByTestId('results')
          .getByRole('button', { name: /Perceuse à percussion/ })
          .click();
        const total = norm(await page.getByTestId('total').textContent());
        // prices include VAT in both countries
        expect(total).toMatch(/^89,90\s/);
        await page.getByRole('button', { name: /^Payer/ }).click();
        await page.getByRole('button', { name: /^100,00/ }).click();
        expect(norm(await page.getByTestId('change-due').textContent())).toMatch(/^10,10\s/);
        await page.getByTestId('validate').click();
        await page.getByTestId('printed-receipt').waitFor();
        await page.screenshot({ path: join(OUT, `new-store-sold-${store.jurisdiction}.png`) });

        // the ledger: one completed sale of that item, paid in cash
        const sales = till.app.call('sale.list', {}, token);
        expect(sales).toHaveLength(1);
        const sale = till.app.call('sale.get', { saleId: sales[0]!.id }, token);
        expect(sale).toMatchObject({ status: 'completed', total: 8990 });
        expect(till.app.call('store.info', {})).toMatchObject({
          jurisdiction: store.jurisdiction,
          name: store.name,
        });
        expect(sale.lines.map((l) => l.productId)).toEqual([item!.id]);
        expect(pageErrors(page)).toEqual([]);
      } finally {
        await till.close();
      }
    },
  );
});

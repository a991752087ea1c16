import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launch, norm, openPage, pageErrors, shot, startEmptyTill } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('first run in Chromium against the web host', () => {
  it('set up a French store on an empty ledger, land on the counter as administrator, add a clerk on the staff screen', async () => {
    const till = await startEmptyTill();
    try {
      const page = await openPage(browser, till);
      await page.getByRole('heading', { name: 'Bienvenue dans Comptoir' }).waitFor();
      const a11y: Record<string, unknown[]> = {};

      await page.getByLabel('Nom du magasin').fill('Loc’Outils Lyon 7e');
      await page.getByLabel('Adresse').fill('12 rue de Gerland, 69007 Lyon');
      await page
        .getByLabel('Numéros de taxes (un par ligne, 4 au maximum)')
        .fill('SIRET 123 456 789 00012\nTVA FR12 123456789');
      await page.getByLabel('Nom de la caisse').fill('Caisse 2');
      await page.getByLabel('Pays ou province').selectOption('FR');
      expect(await page.getByLabel('Langue du magasin (reçus)').inputValue()).toBe('fr-FR');
      await page.getByLabel("Nom de l'administrateur").fill('Claire Martin');
      await page.getByLabel('NIP (4 à 8 chiffres)').fill('246810');
      await page.getByLabel('Confirmer le NIP').fill('246810');
      a11y.setup = await axe(page);
      await shot(page, '20-setup');
      await page.getByRole('button', { name: 'Créer le magasin et commencer' }).click();

      // the administrator is logged in on the counter, in euros
      await page.getByRole('searchbox').waitFor();
      expect(norm(await page.getByTestId('total').textContent())).toBe('0,00 €');
      expect(till.app.call('store.info', {})).toMatchObject({
        needsSetup: false,
        name: 'Loc’Outils Lyon 7e',
        jurisdiction: 'FR',
        currency: 'EUR',
        locale: 'fr-FR',
      });

      // Alt+U: the staff screen; add a clerk
      await page.keyboard.press('Alt+u');
      await page.getByRole('heading', { name: 'Personnel', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Ajouter un utilisateur' }).click();
      const dialog = page.getByRole('dialog', { name: 'Ajouter un utilisateur' });
      await dialog.getByLabel('Nom').fill('Hugo Petit');
      expect(await dialog.getByLabel('Rôle').inputValue()).toBe('clerk');
      await dialog.getByLabel('NIP (4 à 8 chiffres)').fill('1357');
      await dialog.getByLabel('Confirmer le NIP').fill('1357');
      a11y.staffAdd = await axe(page);
      await dialog.getByRole('button', { name: 'Ajouter un utilisateur' }).click();
      await page.getByText('Utilisateur ajouté : Hugo Petit').waitFor();
      a11y.staff = await axe(page);
      await shot(page, '21-staff');

      // from the ledger: the administrator and the new clerk, who logs in with the PIN
      const admin = till.app.call('users.tiles', {}).find((u) => u.role === 'admin')!;
      const token = till.app.call('auth.login', { userId: admin.id, pin: '246810' }).token;
      const users = till.app.call('users.list', {}, token);
      expect(users.map((u) => [u.name, u.role, u.active])).toEqual([
        ['Claire Martin', 'admin', true],
        ['Hugo Petit', 'clerk', true],
      ]);
      const hugo = users.find((u) => u.name === 'Hugo Petit')!;
      expect(till.app.call('auth.login', { userId: hugo.id, pin: '1357' }).user.role).toBe('clerk');

      expect(pageErrors(page)).toEqual([]);
      expect(a11y).toEqual({ setup: [], staffAdd: [], staff: [] });
    } finally {
      await till.close();
    }
  });
});

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launch, norm, openPage, pageErrors, shot, startTill, type Till } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const a11y: Record<string, unknown[]> = {};
async function checkA11y(page: Page, screen: string) {
  a11y[screen] = await axe(page);
}

async function login(page: Page, name: string, pin: string) {
  await page.getByRole('button', { name }).click();
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
}

describe('counter in Chromium against the web host', () => {
  it('log in, open the drawer, sell two items in cash with change, cancel + refund in cash, close short, read the Z', async () => {
    const till: Till = await startTill();
    try {
      till.f.app.call(
        'order.create',
        { customerId: till.f.customerId, description: 'Location nacelle 3 jours', total: 45_000 },
        till.f.clerk,
      );
      const page = await openPage(browser, till);
      await page.getByRole('button', { name: /Camille Tremblay/ }).waitFor();
      await checkA11y(page, 'login');
      await shot(page, '01-login');
      await login(page, 'Camille Tremblay Caissier·ère', '1234');

      // open the drawer: 5 × 20 $ float
      await page.keyboard.press('F9');
      await page.getByLabel(/^20,00/).fill('5');
      await checkA11y(page, 'drawer-open');
      await shot(page, '02-drawer-open');
      await page.getByTestId('open-drawer').click();
      await page.getByRole('heading', { name: /Tiroir n° 1 ouvert/ }).waitFor();
      expect(await page.getByTestId('status-drawer').textContent()).toContain('ouvert');

      // sell two items
      await page.keyboard.press('F2');
      const search = page.getByRole('searchbox');
      await search.fill('perceuse');
      await page
        .getByTestId('results')
        .getByRole('button', { name: /Perceuse sans fil/ })
        .click();
      await search.fill('mèches');
      await page
        .getByTestId('results')
        .getByRole('button', { name: /Mèches à bois/ })
        .click();
      // 19,99 + 4,99 = 24,98 ; TPS 1,25 ; TVQ 2,49 → 28,72 $
      expect(norm(await page.getByTestId('total').textContent())).toBe('28,72 $');
      await checkA11y(page, 'counter');
      await shot(page, '03-counter-cart');

      await page.getByRole('button', { name: /^Payer/ }).click();
      expect(norm(await page.getByTestId('cash-due').textContent())).toBe('28,70 $');
      await page.getByRole('button', { name: /^50,00/ }).click();
      expect(norm(await page.getByTestId('change-due').textContent())).toBe('21,30 $');
      await checkA11y(page, 'payment');
      await shot(page, '04-payment-change');
      await page.getByTestId('validate').click();
      await page.getByTestId('printed-receipt').waitFor();
      expect(norm(await page.getByTestId('final-change').textContent())).toBe('21,30 $');
      await checkA11y(page, 'payment-done');
      await shot(page, '05-receipt-preview');
      await page.getByRole('button', { name: /Nouvelle vente/ }).click();

      // sales history → cancel (reason + message) → refund in cash
      await page.keyboard.press('F3');
      await page.getByRole('button', { name: '1', exact: true }).click();
      await page.getByRole('button', { name: 'Annuler la vente' }).click();
      await page.getByLabel('Motif').selectOption('defective');
      await page
        .getByLabel('Message pour le client')
        .fill('La perceuse était défectueuse, toutes nos excuses.');
      await checkA11y(page, 'cancel-dialog');
      await page.getByRole('button', { name: "Confirmer l'annulation" }).click();
      await page.getByRole('button', { name: 'Rembourser la vente' }).click();
      expect(norm(await page.getByTestId('refund-amount').textContent())).toBe('28,70 $');
      expect(norm(await page.getByTestId('drawer-impact').textContent())).toBe('-28,70 $');
      await page.getByLabel("J'ai identifié le client").check();
      await page.getByLabel("J'ai confirmé la vente avec le client").check();
      await checkA11y(page, 'refund-dialog');
      await shot(page, '06-refund-dialog');
      await page.getByRole('button', { name: 'Rembourser', exact: true }).click();
      await page.locator('.history-detail .badge-refunded').waitFor();
      await checkA11y(page, 'history');
      await shot(page, '07-history-refunded');
      expect(till.f.app.call('sale.byReceipt', { receiptNumber: 1 }, till.f.clerk)!.status).toBe('refunded');

      // orders: add a payment
      await page.keyboard.press('Alt+o');
      await page.locator('.history-list tbody').getByRole('button').first().click();
      await page.getByLabel('Explication (facultative)').fill('Acompte au comptoir');
      await page.getByLabel('Montant', { exact: true }).fill('100');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Paiement enregistré').waitFor();
      expect(norm(await page.getByTestId('order-balance').textContent())).toBe('350,00 $');
      await checkA11y(page, 'orders');
      await shot(page, '08-orders-payment');

      // another sale, by card (charts on the manager's view; no cash for the drawer)
      const deposit = till.f.app
        .call('catalogue.search', { q: 'dépôt', limit: 5 }, till.f.clerk)
        .find((p) => p.name === 'Dépôt de garantie')!;
      till.f.app.call(
        'sale.checkout',
        {
          lines: [{ productId: deposit.id, quantity: 1000 }],
          tenders: [{ method: 'card', amount: 2500, reference: 'AUTH-778' }],
        },
        till.f.clerk,
      );

      // blind close: expected 100 + 28,70 − 28,70 + 100 (order cash) = 200 $; counted 195 $ → 5 $ short
      await page.keyboard.press('F9');
      await page.getByRole('button', { name: 'Fermer le tiroir' }).click();
      const dialog = page.getByRole('dialog');
      expect(norm(await dialog.textContent())).not.toContain('200,00');
      await dialog.getByLabel(/^100,00/).fill('1');
      await dialog.getByLabel(/^50,00/).fill('1');
      await dialog.getByLabel(/^20,00/).fill('2');
      await dialog.getByLabel(/^5,00/).fill('1');
      await checkA11y(page, 'close-dialog');
      await shot(page, '09-blind-close');
      await page.getByTestId('confirm-close').click();
      expect(norm(await page.getByTestId('close-counted').textContent())).toBe('195,00 $');
      await page.getByTestId('confirm-close-final').click();
      await page.getByTestId('over-short').waitFor();
      expect(norm(await page.getByTestId('over-short').textContent())).toMatch(/^Manque ?-5,00 \$$/);
      expect(norm(await page.getByTestId('expected').textContent())).toBe('200,00 $');
      expect(await page.getByRole('heading', { name: /Rapport Z n° 1/ }).count()).toBe(1);
      await checkA11y(page, 'z-report');
      await shot(page, '10-z-report');
      expect(till.f.app.call('report.z', { number: 1 }, till.f.clerk).overShort).toBe(-500);

      // the manager's view: charts, printer settings
      await page.getByRole('button', { name: 'Verrouiller' }).click();
      await page.getByRole('button', { name: "Changer d'utilisateur" }).click();
      await login(page, 'Martin Gagnon Gérant·e', '9876');
      await page.keyboard.press('Alt+r');
      await page.getByRole('heading', { name: /Gestion/ }).waitFor();
      await page.locator('.chart svg').first().waitFor();
      await checkA11y(page, 'manager');
      await shot(page, '11-manager');
      await page.keyboard.press('Alt+p');
      await page.getByRole('heading', { name: 'Imprimante de reçus' }).waitFor();
      await checkA11y(page, 'printer');
      await shot(page, '12-printer-settings');

      expect(pageErrors(page)).toEqual([]);
      expect(a11y).toEqual(Object.fromEntries(Object.keys(a11y).map((k) => [k, []])));
    } finally {
      await till.close();
    }
  });

  it('the same sale with the keyboard only', async () => {
    const till = await startTill();
    try {
      const page = await openPage(browser, till);
      await page.getByRole('button', { name: /Camille Tremblay/ }).waitFor();
      // the first tile has the focus, and clerks come first (the one who sells all day): Enter, PIN, Enter
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Camille Tremblay');
      await page.keyboard.press('Enter');
      await page.keyboard.type('1234');
      await page.keyboard.press('Enter');
      await page.getByRole('searchbox').waitFor();
      // F9: drawer; the first banknote has the focus; Ctrl+Enter submits the count
      await page.keyboard.press('F9');
      await page.getByRole('heading', { name: 'Ouvrir le tiroir-caisse' }).waitFor();
      await page.keyboard.type('1');
      await page.keyboard.press('Control+Enter');
      await page.getByRole('heading', { name: /Tiroir n° 1 ouvert/ }).waitFor();
      // F2: search; ↓ highlights the first result, Enter adds it
      await page.keyboard.press('F2');
      await page.keyboard.type('perceuse');
      await page
        .getByTestId('results')
        .getByRole('button', { name: /Perceuse sans fil/ })
        .waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByText('Ajouté : Perceuse sans fil').waitFor();
      await page.keyboard.type('mèches');
      await page
        .getByTestId('results')
        .getByRole('button', { name: /Mèches à bois/ })
        .waitFor();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByText('Ajouté : Mèches à bois (jeu)').waitFor();
      expect(norm(await page.getByTestId('total').textContent())).toBe('28,72 $');
      // F8: pay; the tendered field has the focus; Enter commits
      await page.keyboard.press('F8');
      await page.getByTestId('cash-due').waitFor();
      await page.keyboard.type('50');
      await page.keyboard.press('Enter');
      await page.getByTestId('final-change').waitFor();
      expect(norm(await page.getByTestId('final-change').textContent())).toBe('21,30 $');
      await page.getByTestId('printed-receipt').waitFor();
      // Enter: new sale (the button has the focus)
      await page.keyboard.press('Enter');
      await page.getByRole('searchbox').waitFor();
      expect(norm(await page.getByTestId('total').textContent())).toBe('0,00 $');
      const sale = till.f.app.call('sale.byReceipt', { receiptNumber: 1 }, till.f.clerk)!;
      expect(sale.paid).toBe(2870);
      expect(sale.tenders[0]).toMatchObject({ method: 'cash', tendered: 5000, change: 2130 });
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await till.close();
    }
  });

  it('the UI in Bulgarian shows Cyrillic (statuses Анулирана / Възстановено плащане)', async () => {
    const till = await startTill();
    try {
      const { f } = till;
      f.app.call('drawer.open', { float: { '2000': 5 } }, f.manager);
      const drill = f.app.call('catalogue.search', { q: 'perceuse', limit: 1 }, f.clerk)[0]!;
      const one = f.app.call(
        'sale.checkout',
        { lines: [{ productId: drill.id, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 3000 }] },
        f.clerk,
      ).sale;
      const two = f.app.call(
        'sale.checkout',
        { lines: [{ productId: drill.id, quantity: 2000 }], tenders: [{ method: 'cash', tendered: 5000 }] },
        f.clerk,
      ).sale;
      f.app.call(
        'sale.cancel',
        { saleId: one.id, reason: 'event_cancelled', message: 'Събитието е отменено' },
        f.clerk,
      );
      f.app.call('sale.cancel', { saleId: two.id, reason: 'customer_request' }, f.clerk);
      f.app.call(
        'sale.refundCash',
        { saleId: two.id, customerConfirmed: true, saleConfirmed: true },
        f.clerk,
      );

      const page = await openPage(browser, till);
      await page.getByRole('button', { name: 'Български' }).click();
      await page.getByRole('heading', { name: 'Кой е на касата?' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('bg');
      await page.getByRole('button', { name: /Camille Tremblay/ }).click();
      await page.keyboard.type('1234');
      await page.keyboard.press('Enter');
      await page.getByRole('searchbox').waitFor();
      await page.getByRole('searchbox').fill('perceuse');
      await page.getByTestId('results').getByRole('button').first().click();
      const nav = await page.getByRole('navigation', { name: 'Основна навигация' }).textContent();
      expect(nav).toContain('Каса');
      expect(nav).toContain('Продажби');
      expect(nav).toContain('Чекмедже');
      expect(await page.getByRole('button', { name: /Плащане/ }).count()).toBe(1);
      expect(await page.getByText('Междинна сума').count()).toBe(1);
      await a11yCheck(page, 'bg-counter');
      await shot(page, '13-bg-counter');

      await page.keyboard.press('F3');
      await page.getByRole('heading', { name: 'История на продажбите' }).waitFor();
      await page.locator('.history-list .badge-refunded').waitFor();
      const list = await page.locator('.history-list tbody').textContent();
      expect(list).toContain('Анулирана');
      expect(list).toContain('Възстановено плащане');
      await page.locator('.history-list tbody').getByRole('button', { name: '1', exact: true }).click();
      await page.getByText('Анулирана: Отменено събитие').waitFor();
      // every visible text node with letters is Cyrillic, apart from names, codes and the language picker
      const latin = await page.evaluate(() => {
        const allowed =
          /Comptoir|Location Outils Laurentides|Caisse 1|Camille Tremblay|Perceuse sans fil|SKU-\d|Outillage|Français|English|GST|QST|Alt|Esc|Enter|Del|F\d|CAD|TPS|TVQ|RT0001|TQ0001|Curé-Labelle|Saint-Jérôme|QC|J7Z|boul|du/g;
        const out: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const el = n.parentElement;
          if (!el || el.closest('.sr-only, .receipt, .printed, option') || !el.checkVisibility()) continue;
          const text = (n.textContent ?? '').replace(allowed, '');
          if (/[A-Za-z]{2,}/.test(text)) out.push(text.trim());
        }
        return out;
      });
      expect(latin).toEqual([]);
      await a11yCheck(page, 'bg-history');
      await shot(page, '14-bg-history');
      expect(a11yBg).toEqual({ 'bg-counter': [], 'bg-history': [] });
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await till.close();
    }
  });
});

const a11yBg: Record<string, unknown[]> = {};
async function a11yCheck(page: Page, screen: string) {
  a11yBg[screen] = await axe(page);
}

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../renderer/lib/format.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { axe, launch, norm, openPage, pageErrors, shot, startTill, type Till } from './harness.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Are the top bar's tabs on one line, and nothing spills out of it? */
async function topBarOneLine(page: Page): Promise<{ lines: number; overflow: number; tabs: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.topbar') as HTMLElement;
    const tabs = [...bar.querySelectorAll('nav button')] as HTMLElement[];
    return {
      lines: new Set(tabs.map((b) => b.offsetTop)).size,
      overflow: bar.scrollWidth - bar.clientWidth,
      tabs: tabs.length,
    };
  });
}

describe('closings in Chromium against the web host', () => {
  it('a manager closes the day of the sales: prefilled, confirmed, listed with the ledger grand totals', async () => {
    const till: Till = await startTill();
    try {
      const { f } = till;
      f.app.call('drawer.open', { float: { '2000': 5 } }, f.manager);
      const products = f.app.call('catalogue.search', { q: '', limit: 50 }, f.clerk);
      const drill = products.find((p) => p.name === 'Perceuse sans fil')!;
      const deposit = products.find((p) => p.name === 'Dépôt de garantie')!;
      const sales = [
        f.app.call(
          'sale.checkout',
          {
            lines: [{ productId: drill.id, quantity: 2000 }],
            tenders: [{ method: 'cash', tendered: 10_000 }],
          },
          f.clerk,
        ).sale,
        f.app.call(
          'sale.checkout',
          {
            lines: [{ productId: deposit.id, quantity: 1000 }],
            tenders: [{ method: 'card', amount: deposit.price, reference: 'AUTH-7' }],
          },
          f.clerk,
        ).sale,
      ];
      const day = sales[0]!.businessDate!;
      // the next morning, after the store's 04:00 closing hour; the browser's clock is the till's
      f.clock.advance(19 * 3_600_000);

      const page = await openPage(browser, till);
      await page.clock.setFixedTime(f.clock.now);
      await page.getByRole('button', { name: /Martin Gagnon/ }).click();
      await page.keyboard.type(MANAGER_PIN);
      await page.keyboard.press('Enter');
      await page.getByRole('searchbox').waitFor();

      // thirteen tabs for a manager (interventions the thirteenth), on one line at 1366, 1280 and 1024 px
      for (const width of [1366, 1280, 1024]) {
        await page.setViewportSize({ width, height: 800 });
        expect(await topBarOneLine(page), `${width} px`).toEqual({ lines: 1, overflow: 0, tabs: 13 });
      }
      await page.setViewportSize({ width: 1366, height: 800 });

      await page.keyboard.press('Alt+c');
      await page.getByRole('heading', { name: 'Clôtures', level: 1 }).waitFor();
      const period = page.getByTestId('close-period');
      await expect.poll(() => period.inputValue()).toBe(day);
      await page.getByRole('button', { name: 'Clôturer…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Confirmer la clôture' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('elle ne pourra pas être annulée');
      const a11y: Record<string, unknown[]> = { confirm: await axe(page) };
      await dialog.getByRole('button', { name: 'Clôturer définitivement' }).click();
      await dialog.waitFor({ state: 'detached' });

      const row = page.getByTestId(`closing-day-${day}`);
      await row.waitFor();
      const [closing] = f.app.call(
        'period.list',
        {},
        f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token,
      );
      const paid = sales.reduce((a, s) => a + s.paid, 0);
      expect(closing).toMatchObject({ kind: 'day', period: day, salesCount: 2, periodGrandTotal: paid });
      const cells = (await row.getByRole('cell').allTextContents()).map(norm);
      expect(cells[3]).toBe(norm(formatMoney(closing!.periodGrandTotal, 'CAD', 'fr-CA')));
      expect(cells[4]).toBe(norm(formatMoney(closing!.perpetualGrandTotal, 'CAD', 'fr-CA')));
      expect(cells[6]).toBe('Martin Gagnon');
      expect(norm(await page.getByTestId('closing-period-total').textContent())).toBe(cells[3]);
      a11y.closings = await axe(page);
      await shot(page, '22-closings');

      // Bulgarian: still one line at 1366, 1280 and 1024 px (the top bar's language select shows
      // above 1400 px only)
      await page.setViewportSize({ width: 1600, height: 800 });
      await page.getByRole('combobox', { name: 'Langue' }).selectOption('bg');
      await page.getByRole('heading', { name: 'Приключвания', level: 1 }).waitFor();
      for (const width of [1366, 1280, 1024]) {
        await page.setViewportSize({ width, height: 800 });
        expect(await topBarOneLine(page), `bg ${width} px`).toEqual({ lines: 1, overflow: 0, tabs: 13 });
      }

      expect(pageErrors(page)).toEqual([]);
      expect(a11y).toEqual({ confirm: [], closings: [] });
    } finally {
      await till.close();
    }
  });
});

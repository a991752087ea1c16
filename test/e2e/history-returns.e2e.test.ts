import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/types.ts';
import { prods, qty } from '../integration/support.ts';
import { launch, ROOT, startTill, type Till } from './harness.ts';

/**
 * The history's refund (cash or card) and return-of-lines dialogs in Chromium, in the three
 * languages at 1366×768 and 1920×1080: screenshots to look at (test/artifacts/screens) and the
 * dialog fits the screen with its buttons on one line.
 */
const OUT = join(ROOT, 'test/artifacts/screens');
type Lang = 'fr' | 'en' | 'bg';
const T = Object.fromEntries(
  (['fr', 'en', 'bg'] as const).map((l) => [
    l,
    JSON.parse(readFileSync(join(ROOT, `renderer/i18n/${l}.json`), 'utf8')) as Record<
      string,
      Record<string, string>
    >,
  ]),
) as Record<Lang, Record<string, Record<string, string>>>;

let browser: Browser;
let till: Till;
let cardSale: Sale;
let cashSale: Sale;
beforeAll(async () => {
  till = await startTill();
  const { f } = till;
  const p = prods(f);
  f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
  const lines = [
    { productId: p.drill, quantity: qty(1) },
    { productId: p.bits, quantity: qty(3) },
  ];
  cardSale = f.app.call(
    'sale.checkout',
    { lines, tenders: [{ method: 'card', amount: 4020, reference: 'TPE 004417' }] },
    f.clerk,
  ).sale;
  f.app.call('sale.cancel', { saleId: cardSale.id, reason: 'defective' }, f.clerk);
  cashSale = f.app.call(
    'sale.checkout',
    { lines, tenders: [{ method: 'cash', tendered: 5000 }] },
    f.clerk,
  ).sale;
  browser = await launch();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await till?.close();
});

async function open(lang: Lang, width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), lang);
  await page.goto(till.host.url);
  await page.getByRole('button', { name: /Martin Gagnon/ }).click();
  await page.keyboard.type('9876');
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
  await page.keyboard.press('F3');
  await page.locator('[data-testid="sale-row"]').first().waitFor();
  return { page, problems };
}

/** The open dialog fits the viewport and none of its buttons wraps. */
async function dialogFits(page: Page): Promise<{ fits: boolean; wrapped: string[] }> {
  return page.evaluate(() => {
    const d = [...document.querySelectorAll<HTMLElement>('[role="dialog"]')].at(-1)!;
    const r = d.getBoundingClientRect();
    const wrapped = [...d.querySelectorAll<HTMLElement>('.btn')]
      .filter(
        (b) => b.scrollWidth > b.clientWidth + 1 || b.getClientRects().length > 1 || b.offsetHeight > 64,
      )
      .map((b) => b.textContent ?? '');
    // nothing inside runs past the dialog's right edge either
    const spills = [...d.querySelectorAll<HTMLElement>('dd, td, label, p')].some(
      (e) => e.getBoundingClientRect().right > r.right + 1,
    );
    return {
      fits: r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth && !spills,
      wrapped,
    };
  });
}

async function openSale(page: Page, s: Sale) {
  await page.locator('#history-search').fill(String(s.receiptNumber));
  await page.keyboard.press('Enter');
  await page
    .locator('.history-detail h2')
    .filter({ hasText: String(s.receiptNumber) })
    .waitFor();
}

describe('refund and return dialogs in Chromium', () => {
  it('fr, en, bg at 1366×768 and 1920×1080: the dialogs fit, nothing wraps, no console error', async () => {
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      for (const lang of ['fr', 'en', 'bg'] as const) {
        const t = T[lang];
        const { page, problems } = await open(lang, width, height);
        await openSale(page, cardSale);
        await page.getByRole('button', { name: t.history!.refund! }).click();
        await page.getByRole('dialog').waitFor();
        expect(await page.getByLabel(t.refund!.toCard!).isChecked()).toBe(true);
        expect(await page.getByLabel(t.refund!.cardReference!).inputValue()).toBe('TPE 004417');
        expect(await dialogFits(page)).toEqual({ fits: true, wrapped: [] });
        await page.screenshot({ path: join(OUT, `refund-card-${lang}-${width}.png`) });
        await page.getByLabel(t.refund!.toCash!).check();
        expect(await dialogFits(page)).toEqual({ fits: true, wrapped: [] });
        await page.screenshot({ path: join(OUT, `refund-cash-${lang}-${width}.png`) });
        await page.keyboard.press('Escape');

        await openSale(page, cashSale);
        await page.getByRole('button', { name: t.history!.returnLines! }).click();
        await page.getByRole('dialog').waitFor();
        // the first quantity has the focus; Tab goes to the next line's
        await page.keyboard.press('Tab');
        await page.keyboard.type('2');
        await page
          .locator('[data-testid="return-amount"]')
          .filter({ hasText: /11[,.]50/ })
          .waitFor();
        expect(await dialogFits(page)).toEqual({ fits: true, wrapped: [] });
        await page.screenshot({ path: join(OUT, `return-lines-${lang}-${width}.png`) });
        expect(problems).toEqual([]);
        await page.context().close();
      }
    }
  }, 180_000);
});

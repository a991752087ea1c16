import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../db/sql.ts';
import { axe, launch, ROOT, startTill, type Till } from './harness.ts';

/**
 * The counter for a long ticket at the store's screen sizes: with 12 lines the cart's lines
 * scroll inside the cart while the total and Pay stay on screen (at 1366×768 the whole page
 * scrolled and Pay went off-screen). Screenshots of the counter and the payment screen in
 * fr/en/bg at both sizes go to test/artifacts/screens.
 */
const OUT = join(ROOT, 'test/artifacts/screens');
const LINES = 12;
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;

let browser: Browser;
let till: Till;
const codes: string[] = [];
const ids: string[] = [];
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  till = await startTill();
  const s = till.f.app.env.sqlite;
  for (let i = 0; i < LINES; i++) {
    const code = `0770000000${String(i).padStart(2, '0')}`;
    const id = ulid();
    ids.push(id);
    run(
      s,
      `INSERT INTO products (id, sku, barcode, name, category_id, price, tax_category, updated_at)
       VALUES (?, ?, ?, ?, NULL, ?, 'standard', ?)`,
      id,
      `LONG-${i + 1}`,
      code,
      `Article de démonstration n° ${i + 1}`,
      199 + i * 100,
      new Date().toISOString(),
    );
    codes.push(code);
  }
  till.f.app.call('drawer.open', { float: { '2000': 5 } }, till.f.manager);
  // the manager's quick keys: shown on the counter while the search box is empty
  till.f.app.call('quickKeys.set', { productIds: ids.slice(0, 8) }, till.f.manager);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await till?.close();
});

async function open(
  lang: string,
  width: number,
  height: number,
  who: [RegExp, string] = [/Camille Tremblay/, '1234'],
): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), lang);
  await page.goto(till.host.url);
  await page.getByRole('button', { name: who[0] }).click();
  await page.keyboard.type(who[1]);
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
  return page;
}

/** Where an element sits against the viewport, and whether the page itself scrolls. */
function layout(page: Page) {
  return page.evaluate(() => {
    const pay = document.querySelector('.btn-pay')!.getBoundingClientRect();
    const total = document.querySelector('[data-testid="total"]')!.getBoundingClientRect();
    const lines = document.querySelector('.cart-scroll');
    const content = document.querySelector('.content')!;
    return {
      viewport: { w: window.innerWidth, h: window.innerHeight },
      pay: { top: pay.top, bottom: pay.bottom, left: pay.left, right: pay.right },
      total: { top: total.top, bottom: total.bottom },
      pageScrolls: document.scrollingElement!.scrollHeight > window.innerHeight + 1,
      contentScrolls: content.scrollHeight > content.clientHeight + 1,
      linesScroll: lines ? lines.scrollHeight > lines.clientHeight : false,
    };
  });
}

describe('a 12-line ticket on the counter', () => {
  for (const [width, height] of SIZES) {
    for (const lang of ['fr', 'en', 'bg']) {
      it(`${lang} ${width}×${height}: lines scroll in the cart, total and Pay inside the viewport`, async () => {
        const page = await open(lang, width, height);
        try {
          const search = page.getByRole('searchbox');
          for (const code of codes) {
            await search.fill(code);
            await search.press('Enter');
            await page.waitForFunction(
              (n) => document.querySelectorAll('.cart-lines tbody tr').length === n,
              codes.indexOf(code) + 1,
            );
          }
          const l = await layout(page);
          expect(l.pageScrolls).toBe(false);
          expect(l.contentScrolls).toBe(false);
          expect(l.pay.top).toBeGreaterThanOrEqual(0);
          expect(l.pay.bottom).toBeLessThanOrEqual(l.viewport.h);
          expect(l.pay.right).toBeLessThanOrEqual(l.viewport.w);
          expect(l.total.bottom).toBeLessThanOrEqual(l.viewport.h);
          // the newest line (selected) is in view inside the cart
          const last = await page.locator('.cart-lines tbody tr').last().boundingBox();
          const box = await page.locator('.cart-scroll').boundingBox();
          expect(last!.y + last!.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
          await page.screenshot({ path: join(OUT, `counter-12-lines-${lang}-${width}x${height}.png`) });
          // F10 parks the ticket: the empty counter shows the quick keys; F10 again lists it
          await page.keyboard.press('F10');
          await page.getByTestId('quick-keys').waitFor();
          // parking answers asynchronously: wait for the emptied cart (a count taken at once
          // still saw 12 lines on a loaded machine)
          await page.waitForFunction(() => document.querySelectorAll('.cart-lines tbody tr').length === 0);
          await page.screenshot({ path: join(OUT, `counter-quick-keys-${lang}-${width}x${height}.png`) });
          expect(await axe(page)).toEqual([]);
          await page.keyboard.press('F10');
          await page.getByRole('dialog').waitFor();
          await page.screenshot({ path: join(OUT, `counter-on-hold-${lang}-${width}x${height}.png`) });
          expect(await axe(page)).toEqual([]);
          await page.keyboard.press('Enter');
          await page.waitForFunction(
            (n) => document.querySelectorAll('.cart-lines tbody tr').length === n,
            codes.length,
          );
          // the payment screen with its keys, then the one reason Enter is refused
          await page.keyboard.press('F8');
          await page.getByTestId('validate').waitFor();
          await page.screenshot({ path: join(OUT, `payment-${lang}-${width}x${height}.png`) });
          expect(await axe(page)).toEqual([]);
          await page.keyboard.type('1abc');
          await page.keyboard.press('Enter');
          await page.getByTestId('tendered-error').waitFor();
          await page.screenshot({ path: join(OUT, `payment-invalid-${lang}-${width}x${height}.png`) });
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

describe("the manager's quick keys on the settings screen", () => {
  for (const [width, height] of SIZES) {
    for (const lang of ['fr', 'en', 'bg']) {
      it(`${lang} ${width}×${height}`, async () => {
        const page = await open(lang, width, height, [/Martin Gagnon/, '9876']);
        try {
          await page.keyboard.press('Alt+s');
          const grid = page.getByTestId('quick-keys-grid');
          await grid.waitFor();
          expect(await grid.getByRole('listitem').count()).toBe(8);
          await page.locator('.quick-keys-card input[type="search"]').fill('article');
          await page.locator('.quick-keys-card ul .btn-small').first().waitFor();
          expect(await axe(page)).toEqual([]);
          await page.screenshot({
            path: join(OUT, `settings-quick-keys-${lang}-${width}x${height}.png`),
            fullPage: true,
          });
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

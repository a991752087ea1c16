import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axe, launch, ROOT, startTill, type Till } from './harness.ts';

/**
 * The cash drawer screen at the store's screen sizes, in the three languages: every button's
 * label fits inside the button. Labels stay on one line (.btn nowrap), so in a grid of fixed
 * 200 px columns 'Close the drawer', 'Ouverture sans vente' and 'Затвори чекмеджето' ran past
 * their button's edge, at 1920×1080 too (the screen is capped at 1100 px). The blind count and
 * its confirmation step are checked the same way. Screenshots go to test/artifacts/screens.
 */
const OUT = join(ROOT, 'test/artifacts/screens');
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;

let browser: Browser;
let till: Till;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  till = await startTill();
  till.f.app.call('drawer.open', { float: { '2000': 5 } }, till.f.manager);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await till?.close();
});

async function open(lang: string, width: number, height: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), lang);
  await page.goto(till.host.url);
  await page.getByRole('button', { name: /Martin Gagnon/ }).click();
  await page.keyboard.type('9876');
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
  await page.keyboard.press('F9');
  await page.locator('.drawer .action-grid').waitFor();
  return page;
}

/** The buttons under `scope` whose label does not fit inside them (cut or running past the edge). */
function clipped(page: Page, scope: string) {
  return page.evaluate((sel) => {
    const out: { text: string; width: number; needs: number }[] = [];
    for (const b of document.querySelectorAll<HTMLElement>(`${sel} button`)) {
      if (b.offsetParent === null) continue;
      if (b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1) {
        out.push({ text: (b.textContent ?? '').trim(), width: b.clientWidth, needs: b.scrollWidth });
      }
    }
    return out;
  }, scope);
}

describe('the cash drawer screen', () => {
  for (const [width, height] of SIZES) {
    for (const lang of ['fr', 'en', 'bg']) {
      it(`${lang} ${width}×${height}: every label fits its button, on the screen and in the blind count`, async () => {
        const page = await open(lang, width, height);
        try {
          const tag = `${lang}-${width}x${height}`;
          await page.screenshot({ path: join(OUT, `drawer-${tag}.png`) });
          expect(await page.locator('.drawer .action-grid button').count()).toBe(5);
          expect(await clipped(page, '.drawer')).toEqual([]);
          // nothing of the screen runs past the viewport's right edge
          const right = await page.evaluate(() =>
            Math.max(
              ...[...document.querySelectorAll('.drawer button')].map((b) => b.getBoundingClientRect().right),
            ),
          );
          expect(right).toBeLessThanOrEqual(width);
          expect(await axe(page)).toEqual([]);

          // the blind count, then its confirmation step (nothing is closed: back, then Escape)
          await page.locator('.drawer .action-grid .btn-primary').click();
          await page.getByTestId('confirm-close').waitFor();
          await page.screenshot({ path: join(OUT, `drawer-count-${tag}.png`) });
          expect(await clipped(page, '[role="dialog"]')).toEqual([]);
          await page.getByTestId('confirm-close').click();
          await page.getByTestId('close-summary').waitFor();
          await page.screenshot({ path: join(OUT, `drawer-confirm-${tag}.png`) });
          expect(await clipped(page, '[role="dialog"]')).toEqual([]);
          await page.keyboard.press('Enter'); // the focus is on 'back to the count'
          await page.getByTestId('confirm-close').waitFor();
          await page.keyboard.press('Escape');
          await page.getByTestId('confirm-close').waitFor({ state: 'detached' });
          expect(till.f.app.call('drawer.current', {}, till.f.manager)).not.toBeNull();
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

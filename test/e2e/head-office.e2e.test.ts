import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { PAGE_PASSWORD, SEED_NOW, type Seeded, seedHeadOffice } from '../helpers/hq-page-seed.ts';
import { axe, launch, SHOTS } from './harness.ts';

/**
 * The head-office page in Chromium: signed in through its form, at 1366×768 and 1920×1080 in
 * fr, en and bg (screenshots in test/artifacts/screenshots, hq-*). Chart.js draws both stores'
 * sales by day (30 bars each) under the page's strict CSP (no violation reported), nothing is
 * wider than the window, the header's controls stay on one line, axe finds nothing serious, and
 * the alerts, tills and Z reports are on screen.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const LANGS = ['fr', 'en', 'bg'] as const;
const WORDS = {
  fr: { alerts: 'Alertes', chart: 'Ventes par jour', silent: 'silencieuse depuis plus de 48 h' },
  en: { alerts: 'Alerts', chart: 'Sales by day', silent: 'silent for more than 48 h' },
  bg: { alerts: 'Сигнали', chart: 'Продажби по дни', silent: 'мълчи повече от 48 ч' },
};

let hq: RunningServer;
let browser: Browser;
let seeded: Seeded;
const clock = { now: SEED_NOW };

beforeAll(async () => {
  hq = await startServer({ now: () => clock.now, enrolPerMinute: 1000 });
  seeded = await seedHeadOffice(hq, clock);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await hq?.close();
});

async function signedIn(lang: (typeof LANGS)[number], size: (typeof SIZES)[number]) {
  const ctx = await browser.newContext({
    viewport: size,
    locale: { fr: 'fr-CA', en: 'en-CA', bg: 'bg-BG' }[lang],
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  await page.goto(`${hq.url}/hq/login?lang=${lang}`);
  await page.fill('input[name=username]', seeded.users.all);
  await page.fill('input[name=password]', PAGE_PASSWORD);
  await Promise.all([page.waitForURL(`${hq.url}/hq/`), page.click('button[type=submit]')]);
  return { page, errors, ctx };
}

async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`page is ${doc.scrollWidth}px wide`);
    // header controls and buttons on one line
    for (const el of document.querySelectorAll<HTMLElement>('header.top h1, .lang, button, .who')) {
      const lh = Number.parseFloat(getComputedStyle(el).lineHeight) || 20;
      if (el.getBoundingClientRect().height > lh * 1.8 + 16) out.push(`wraps: ${el.textContent}`);
    }
    // no table wider than its section
    for (const t of document.querySelectorAll<HTMLElement>('table')) {
      const box = t.closest('section')!.getBoundingClientRect();
      const r = t.getBoundingClientRect();
      if (r.right > box.right + 1) out.push(`table cut: ${t.querySelector('caption')?.textContent}`);
    }
    return out;
  });
}

describe('head-office page in Chromium', () => {
  it('the sign-in form, then stores, alerts, charts and Z reports in fr/en/bg at two sizes', async () => {
    const login = await browser.newPage({ viewport: SIZES[0] });
    await login.goto(`${hq.url}/hq/`);
    expect(new URL(login.url()).pathname).toBe('/hq/login');
    await login.screenshot({ path: join(SHOTS, 'hq-login-fr-1366.png') });
    await login.close();

    for (const size of SIZES) {
      for (const lang of LANGS) {
        const { page, errors, ctx } = await signedIn(lang, size);
        try {
          // both charts drawn, 30 days each
          await page.waitForFunction(
            () =>
              [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]')].filter(
                (c) => c.dataset.drawn === '30',
              ).length === 2,
          );
          const words = WORDS[lang];
          const body = (await page.textContent('main')) ?? '';
          expect(body).toContain(words.alerts);
          expect(body).toContain(words.chart);
          expect(body).toContain(words.silent);
          expect(await page.locator('li.alert').count()).toBe(3);
          expect(await page.locator('table.z').count()).toBe(4);
          // the canvas holds a drawing, not a blank rectangle
          const inked = await page.evaluate(() => {
            const c = document.querySelector<HTMLCanvasElement>('canvas[data-chart]')!;
            const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
            return n / (c.width * c.height);
          });
          const name = `hq-${lang}-${size.width}`;
          await page.screenshot({ path: join(SHOTS, `${name}.png`) });
          await page.screenshot({ path: join(SHOTS, `${name}-full.png`), fullPage: true });
          expect(inked).toBeGreaterThan(0.02);
          expect(await layoutProblems(page), `${lang} ${size.width}`).toEqual([]);
          expect(await axe(page), `${lang} ${size.width}`).toEqual([]);
          expect(errors, `${lang} ${size.width}`).toEqual([]);
        } finally {
          await ctx.close();
        }
      }
    }
  });
});

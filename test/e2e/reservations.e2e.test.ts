import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/errors.ts';
import type { Fixture } from '../helpers/fixture.ts';
import { addRentalItem, est, type RentalItem } from '../helpers/rental.ts';
import { axe, launch, pageErrors, ROOT, startTill, type Till } from './harness.ts';

/**
 * The reservations screen (Alt+B) in Chromium at the store's screen sizes, in fr/en/bg: the list
 * with a flagged reservation open, the month, week and day calendars, an item's availability and
 * the manager's conflicts list — each fits the screen (no page scroll), axe clean, no page error.
 * The renderer's clock is fixed on Thursday 3 December 2026. Screenshots go to COMPTOIR_SHOTS.
 */
const OUT = process.env.COMPTOIR_SHOTS ?? join(ROOT, 'test/artifacts/screens');
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;
const WORDS = {
  fr: {
    title: 'Réservations',
    conflict: 'Conflit signalé par le siège',
    item: 'Article',
    free: 'libres',
    cancel: 'Annuler la réservation',
    keep: 'Garder la réservation',
  },
  en: {
    title: 'Reservations',
    conflict: 'Conflict flagged by head office',
    item: 'Item',
    free: 'free',
    cancel: 'Cancel the reservation',
    keep: 'Keep the reservation',
  },
  bg: {
    title: 'Резервации',
    conflict: 'Конфликт, отбелязан от централата',
    item: 'Артикул',
    free: 'свободни',
    cancel: 'Анулирай резервацията',
    keep: 'Запази резервацията',
  },
} as const;

let browser: Browser;
let till: Till;
let flagged: string;

/** A December of rentals: four items, six customers, every status but closed, one conflict. */
function seed(f: Fixture) {
  const items: RentalItem[] = [
    addRentalItem(f, { name: 'Bétonnière 160 L', sku: 'LOC-BET', units: ['BET-01', 'BET-02', 'BET-03'] }),
    addRentalItem(f, {
      name: 'Échafaudage roulant',
      sku: 'LOC-ECH',
      units: ['ECH-01', 'ECH-02', 'ECH-03', 'ECH-04'],
    }),
    addRentalItem(f, { name: 'Nacelle articulée 12 m', sku: 'LOC-NAC', units: ['NAC-01', 'NAC-02'] }),
    addRentalItem(f, { name: 'Remorque plateau', sku: 'LOC-REM', units: ['REM-01', 'REM-02'] }),
  ];
  const customers = [f.customerId];
  for (const name of [
    'Marc Gagnon',
    'Иван Петров',
    'Sophie Lefebvre-Desrochers',
    'Construction Bérubé inc.',
    'Léa Tremblay',
  ]) {
    customers.push(f.app.call('customer.create', { name }, f.clerk).id);
  }
  const made: { id: string; number: string }[] = [];
  for (let i = 0; i < 60; i++) {
    const day = 1 + ((i * 7) % 31);
    const len = 1 + (i % 4);
    const end = Math.min(31, day + len);
    const h = 8 + (i % 5);
    const input = {
      customerId: customers[i % customers.length]!,
      pickupAt: est(`2026-12-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00`),
      returnAt: est(`2026-12-${String(end).padStart(2, '0')}T17:00`),
      lines: [{ productId: items[i % items.length]!.id, quantity: 1 }],
    };
    let r: { id: string; number: string };
    try {
      r = f.app.call(
        'reservation.create',
        { ...input, status: i % 3 === 0 ? 'quote' : 'confirmed' },
        f.clerk,
      );
    } catch (e) {
      if (!(e instanceof CommandError) || e.code !== 'CONFLICT') throw e;
      r = f.app.call('reservation.create', { ...input, status: 'quote' }, f.clerk);
    }
    made.push(r);
  }
  // a busy Saturday: more than the month cell shows
  for (let i = 0; i < 6; i++) {
    made.push(
      f.app.call(
        'reservation.create',
        {
          customerId: customers[i]!,
          pickupAt: est(`2026-12-05T${String(i + 7).padStart(2, '0')}:00`),
          returnAt: est('2026-12-05T18:00'),
          lines: [{ productId: items[i % 4]!.id, quantity: 1 }],
        },
        f.clerk,
      ),
    );
  }
  f.app.call('reservation.cancel', { reservationId: made[1]!.id }, f.clerk);
  // an early confirmed one: on the list's first page
  const r = f.app.call('reservation.list', { status: 'confirmed', limit: 5 }, f.clerk)[2]!;
  f.app.call(
    'reservation.setConflict',
    { reservationId: r.id, note: 'Caisse 2 a réservé la même unité hors ligne (CAISSE2-14)' },
    f.manager,
  );
  return r.number;
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  till = await startTill();
  flagged = seed(till.f);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await till?.close();
});

async function open(lang: keyof typeof WORDS, width: number, height: number): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.clock.setFixedTime(new Date('2026-12-03T15:00:00Z'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { errors: string[] }).errors = errors;
  await page.addInitScript((l) => localStorage.setItem('comptoir.lang', l), lang);
  await page.goto(till.host.url);
  await page.getByRole('button', { name: /Martin Gagnon/ }).click();
  await page.keyboard.type('9876');
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
  return page;
}

const fits = (page: Page) =>
  page.evaluate(() => {
    const tabs = [...document.querySelectorAll('.topbar nav button')] as HTMLElement[];
    return {
      x: document.documentElement.scrollWidth - window.innerWidth,
      y: document.documentElement.scrollHeight - window.innerHeight,
      tabLines: new Set(tabs.map((b) => b.offsetTop)).size,
    };
  });

async function check(page: Page, name: string, lang: string, w: number) {
  expect(await fits(page), name).toEqual({ x: 0, y: 0, tabLines: 1 });
  await page.screenshot({ path: join(OUT, `reservations-${name}-${lang}-${w}.png`) });
  expect(await axe(page), name).toEqual([]);
}

describe('reservations screen in Chromium', () => {
  for (const lang of ['fr', 'en', 'bg'] as const) {
    for (const [w, hgt] of SIZES) {
      it(`${lang} ${w}×${hgt}: list, month/week/day, availability, conflicts`, async () => {
        const words = WORDS[lang];
        const page = await open(lang, w, hgt);
        await page.keyboard.press('Alt+b');
        await page.getByRole('heading', { name: words.title, level: 1 }).waitFor();
        // the list, the flagged reservation opened from it
        const row = page.getByTestId(`reservation-${flagged}`);
        await row.getByRole('button', { name: flagged }).click();
        await page.getByTestId('reservation-conflict').waitFor();
        expect(await page.getByTestId('reservation-conflict').textContent()).toContain(words.conflict);
        await check(page, 'list', lang, w);
        // cancelling asks first; keeping it changes nothing
        await page.getByTestId('reservation-detail').getByRole('button', { name: words.cancel }).click();
        await page.getByRole('dialog').waitFor();
        await check(page, 'cancel', lang, w);
        await page.getByRole('dialog').getByRole('button', { name: words.keep }).click();
        await page.getByRole('dialog').waitFor({ state: 'detached' });

        // the month (December 2026), then week and day by keys
        await page.keyboard.press('Alt+2');
        await page.locator('.cal-cell[data-date="2026-12-05"] .cal-more').waitFor();
        await check(page, 'month', lang, w);
        await page.keyboard.press('2');
        await page.getByTestId('week-grid').waitFor();
        await check(page, 'week', lang, w);
        await page.keyboard.press('1');
        await page.getByTestId('day-list').waitFor();
        await check(page, 'day', lang, w);

        // an item's availability: searched, Enter
        await page.keyboard.press('Alt+3');
        await page.getByRole('searchbox', { name: words.item }).fill('Béton');
        await page.getByRole('button', { name: /Bétonnière 160 L/ }).waitFor();
        await page.keyboard.press('Enter');
        await page.getByTestId('avail-2026-12-15').waitFor();
        expect(await page.getByTestId('avail-2026-12-15').textContent()).toContain(words.free);
        await check(page, 'availability', lang, w);

        // the manager's conflicts
        await page.keyboard.press('Alt+4');
        await page.getByTestId(`conflict-${flagged}`).getByRole('button', { name: flagged }).click();
        await page.getByTestId('reservation-conflict').waitFor();
        await check(page, 'conflicts', lang, w);

        expect(pageErrors(page)).toEqual([]);
        await page.context().close();
      });
    }
  }
});

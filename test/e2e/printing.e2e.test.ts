import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrintWorkerHandle, startPrintWorker } from '../../electron/app/printing.ts';
import { DEFAULT_PROFILE_ID, getProfile } from '../../electron/hardware/profiles.ts';
import { receiptQr } from '../../shared/ledger/receipt-code.ts';
import { decodeEscPos, FakePrinter } from '../helpers/fake-printer.ts';
import { launch, norm, openPage, pageErrors, shot, startTill, type Till } from './harness.ts';

/**
 * Issue 5, end to end: a cash sale rung up in Chromium (web host, fresh fixture ledger, the
 * print worker running as in electron/host/start.ts) comes out of a fake ESC/POS network
 * printer as a receipt, with exactly one drawer kick, and is printed exactly once.
 */

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function login(page: Page, name: string, pin: string) {
  await page.getByRole('button', { name }).click();
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  await page.getByRole('searchbox').waitFor();
}

/** fr-CA money as a shopper reads it, spaces normalised (the UI and the printer may use NBSPs). */
const cad = (minor: number) =>
  norm(new Intl.NumberFormat('fr-CA', { style: 'currency', currency: 'CAD' }).format(minor / 100));

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('printing end to end: a cash sale in the UI → the fake printer', () => {
  it('configure the printer in the UI, sell two items in cash: one receipt with accents, totals and change, one drawer kick', async () => {
    const till: Till = await startTill();
    const printer = await new FakePrinter().start();
    // started like electron/host/start.ts does, with short timings so the test does not idle
    const worker: PrintWorkerHandle = startPrintWorker(till.f.app, {
      pollMs: 100,
      statusMs: 150,
      statusTimeoutMs: 500,
      sendTimeoutMs: 3000,
      backoffBaseMs: 50,
      backoffMaxMs: 300,
    });
    try {
      const { f } = till;
      const profile = getProfile(DEFAULT_PROFILE_ID)!;
      const page = await openPage(browser, till);
      await page.getByRole('button', { name: /Camille Tremblay/ }).waitFor();

      // the manager points the till at the network printer (printer settings screen)
      await login(page, 'Martin Gagnon Gérant·e', '9876');
      await page.keyboard.press('Alt+p');
      await page.getByRole('heading', { name: 'Imprimante de reçus' }).waitFor();
      await page.getByLabel('Nom', { exact: true }).fill('Comptoir avant');
      await page.getByLabel('Connexion').selectOption('tcp');
      await page.getByLabel("Adresse IP ou nom d'hôte").fill('127.0.0.1');
      await page.getByLabel('Port', { exact: true }).fill(String(printer.port));
      await page.getByLabel("Modèle d'imprimante").selectOption(profile.id);
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Réglages enregistrés').waitFor();
      expect(f.app.call('printer.config', {}, f.manager)).toMatchObject({
        name: 'Comptoir avant',
        transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
        profileId: profile.id,
      });
      // the worker picks the new configuration up and the printer answers its status queries
      await printer.waitFor(() => printer.statusQueries > 0);

      // back to the counter before locking: the next user's first screen is the one left open
      // (a clerk unlocking onto the manager-only printer screen gets 403s before the redirect)
      await page.keyboard.press('Escape');
      await page.getByRole('searchbox').waitFor();
      await page.getByRole('button', { name: 'Verrouiller' }).click();
      await page.getByRole('button', { name: "Changer d'utilisateur" }).click();
      await login(page, 'Camille Tremblay Caissier·ère', '1234');

      // open the drawer (5 × 20 $): the float is counted into an open drawer → one kick
      await page.keyboard.press('F9');
      await page.getByLabel(/^20,00/).fill('5');
      await page.getByTestId('open-drawer').click();
      await page.getByRole('heading', { name: /Tiroir n° 1 ouvert/ }).waitFor();
      await printer.waitFor(() => printer.documents().length >= 1);
      await settle(300);
      const docsBefore = printer.documents().length;
      const kicksBefore = decodeEscPos(printer.bytes()).kicks.length;
      expect(docsBefore).toBe(1);
      expect(kicksBefore).toBe(1);

      // sell two items in cash, 50 $ tendered
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
      const total = norm(await page.getByTestId('total').textContent());
      expect(total).toBe(cad(2872));
      await page.getByRole('button', { name: /^Payer/ }).click();
      const cashDue = norm(await page.getByTestId('cash-due').textContent());
      expect(cashDue).toBe(cad(2870));
      await page.getByRole('button', { name: /^50,00/ }).click();
      await page.getByTestId('validate').click();
      await page.getByTestId('printed-receipt').waitFor();
      const change = norm(await page.getByTestId('final-change').textContent());
      expect(change).toBe(cad(2130));
      const preview = norm(await page.getByTestId('printed-receipt').textContent());
      const receiptNo = /Reçu n° ?(\d+)/.exec(preview)?.[1];
      expect(receiptNo).toBeDefined();

      // the receipt reaches the printer; give the worker time to (wrongly) print it again
      await printer.waitFor(() => printer.documents().length > docsBefore, 10_000);
      await settle(800);
      const docs = printer.documents().slice(docsBefore);
      expect(docs).toHaveLength(1);
      const d = decodeEscPos(docs[0]!);
      const text = norm(d.text);
      const lines = d.lines.map(norm);

      expect(d.tables[0]).toBe(profile.preferred.latin); // CP858 for French
      expect(text).toContain(f.app.env.store.name);
      expect(lines.filter((l) => l.includes(`Reçu n° ${receiptNo}`))).toHaveLength(1);
      expect(text).toContain('Perceuse sans fil');
      expect(text).toContain('Mèches à bois (jeu)');
      expect(lines.find((l) => /^TOTAL\b/.test(l))).toMatch(new RegExp(`${esc(total)}$`));
      expect(lines.find((l) => l.startsWith('Comptant - Reçu'))).toMatch(new RegExp(`${esc(cad(5000))}$`));
      expect(lines.find((l) => l.startsWith('Monnaie rendue'))).toMatch(new RegExp(`${esc(change)}$`));
      expect(text).not.toContain('?');

      // one drawer pulse, with the profile's pin and pulse times (ESC p m t1 t2, t in 2 ms units)
      const pulse = [
        0x1b,
        0x70,
        profile.drawer.pin === 2 ? 0 : 1,
        profile.drawer.onMs / 2,
        profile.drawer.offMs / 2,
      ];
      expect(d.kicks.map((k) => [...k])).toEqual([pulse]);
      expect(decodeEscPos(printer.bytes()).kicks.length).toBe(kicksBefore + 1);
      expect(d.cuts).toBe(1);

      // the ledger agrees: this receipt number, one job, printed once
      const sale = f.app.call('sale.byReceipt', { receiptNumber: Number(receiptNo) }, f.clerk)!;
      expect(sale.tenders[0]).toMatchObject({ method: 'cash', tendered: 5000, change: 2130 });
      // the QR is the receipt's chain anchor, the sale id last (History opens it)
      expect(sale.chain).not.toBeNull();
      expect(d.qr).toEqual([receiptQr(sale.chain!, sale.id)]);
      const jobs = f.app.env.sqlite
        .prepare("SELECT status, attempts FROM print_jobs WHERE kind = 'sale_receipt' AND ref_id = ?")
        .all(sale.id);
      expect(jobs).toEqual([{ status: 'done', attempts: 1 }]);

      // the status bar shows the printer as ready
      await page.getByTestId('status-printer').filter({ hasText: 'prête' }).waitFor({ timeout: 20_000 });
      expect(norm(await page.getByTestId('status-printer').textContent())).toBe('Imprimante prête');
      await shot(page, '15-printed-receipt');
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await worker.stop();
      await printer.stop();
      await till.close();
    }
  });
});

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

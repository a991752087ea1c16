import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatMoney, intlLocale } from '../../renderer/lib/format.ts';
import { BOM, windows } from '../../renderer/lib/reports.ts';
import { ManagerScreen } from '../../renderer/screens/Manager.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import type { Sale } from '../../shared/api/types.ts';
import { CLERK_PIN, MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const money = (minor: number) => norm(formatMoney(minor, 'CAD', intlLocale('fr', 'fr-CA')));
const HOUR = 3_600_000;

let h: Harness;
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  h?.f.cleanup();
});

function tokens() {
  return {
    clerk: h.f.app.call('auth.login', { userId: h.f.clerkId, pin: CLERK_PIN }).token,
    manager: h.f.app.call('auth.login', { userId: h.f.managerId, pin: MANAGER_PIN }).token,
  };
}

function sellCash(token: string, productId: string): Sale {
  return h.f.app.call(
    'sale.checkout',
    { lines: [{ productId, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 100_000 }] },
    token,
  ).sale;
}

/** Yesterday a card sale; today two sales by two people, one of them cancelled and refunded in cash. */
async function twoDays() {
  h = await setup();
  h.f.app.call('drawer.open', { float: { '2000': 5 } }, h.f.manager);
  const drill = productByName(h.f, 'Perceuse sans fil');
  const bits = productByName(h.f, 'Mèches à bois (jeu)');
  const card = (token: string, productId: string, amount: number) =>
    h.f.app.call(
      'sale.checkout',
      {
        lines: [{ productId, quantity: 1000 }],
        tenders: [{ method: 'card', amount, reference: 'AUTH' }],
      },
      token,
    ).sale;
  const yesterday = card(h.f.clerk, drill.id, 2298);
  h.f.clock.advance(24 * HOUR);
  const tk = tokens();
  const kept = sellCash(tk.clerk, bits.id);
  h.f.clock.advance(HOUR);
  const refunded = sellCash(tk.manager, drill.id);
  h.f.app.call('sale.cancel', { saleId: refunded.id, reason: 'customer_request' }, tk.manager);
  h.f.app.call(
    'sale.refundCash',
    { saleId: refunded.id, customerConfirmed: true, saleConfirmed: true },
    tk.manager,
  );
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(h.f.clock.now);
  await useSession.getState().login(h.f.managerId, MANAGER_PIN);
  return { yesterday, kept, refunded, today: kept.businessDate!, tk };
}

/** The figures a chart shows (its screen-reader table): label → [current, previous]. */
function chartTable(id: string): [string, string, string][] {
  const table = screen.getByTestId(`table-${id}`);
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => {
      const [label, ...cells] = [within(r).getByRole('rowheader'), ...within(r).getAllByRole('cell')];
      return [norm(label!.textContent), norm(cells[0]!.textContent), norm(cells[1]!.textContent)];
    });
}

describe('manager screen: statistics with axes, legends, the previous period and CSV', () => {
  it('by day, hour, tender, clerk and category agree with the ledger after a refund; axes and legend drawn', async () => {
    const { yesterday, kept, today, tk } = await twoDays();
    renderUi(<ManagerScreen />);
    await waitFor(() => expect(chartTable('trend')).toHaveLength(30));
    const day = h.f.app.call('report.sales', { from: today, to: today, groupBy: 'day' }, tk.manager);
    expect(day).toEqual([expect.objectContaining({ count: 1, amount: kept.paid })]);

    // the last bucket is today (the refunded sale is not revenue), the one before it yesterday
    const trend = chartTable('trend');
    expect(trend.at(-1)![1]).toBe(money(kept.paid));
    expect(trend.at(-2)![1]).toBe(money(yesterday.paid));
    // every chart of today adds up to the same figure (the hour and tender charts disagreed)
    const sum = (rows: [string, string, string][]) => rows.map((r) => r[1]).filter((v) => v !== money(0));
    expect(sum(chartTable('hour'))).toEqual([money(kept.paid)]);
    expect(chartTable('hour').map((r) => r[2])).toContain(money(yesterday.paid));
    // tenders, clerks, categories: the 30 days (yesterday's card sale and today's cash sale)
    expect(chartTable('tender')).toEqual(
      expect.arrayContaining([
        ['Carte', money(yesterday.paid), money(0)],
        ['Espèces', money(kept.paid), money(0)],
      ]),
    );
    expect(chartTable('clerk').map((r) => r[0])).toContain('Camille Tremblay');
    expect(chartTable('clerk').map((r) => r[0])).not.toContain('Martin Gagnon');
    const cats = h.f.app.call(
      'report.sales',
      { from: yesterday.businessDate!, to: today, groupBy: 'category' },
      tk.manager,
    );
    // the same net as the other charts: each sale kept, shared among its lines' categories
    expect(cats.reduce((a, r) => a + r.amount, 0)).toBe(yesterday.paid + kept.paid);
    expect(chartTable('category').map((r) => r[1])).toEqual(cats.map((r) => money(r.amount)));

    // recharts draws axes and a legend that names both periods
    const trendFig = screen.getByTestId('chart-trend');
    expect(trendFig.querySelector('.recharts-xAxis')).not.toBeNull();
    expect(trendFig.querySelector('.recharts-yAxis')).not.toBeNull();
    expect([...trendFig.querySelectorAll('.recharts-legend-item-text')].map((e) => e.textContent)).toEqual([
      'Période',
      'Période précédente',
    ]);
  });

  it('week and month windows: 13 weeks and 12 months beside the ones before', async () => {
    const { today } = await twoDays();
    const user = userEvent.setup();
    renderUi(<ManagerScreen />);
    await waitFor(() => expect(chartTable('trend')).toHaveLength(30));
    await user.click(screen.getByLabelText('Mois'));
    await waitFor(() => expect(chartTable('trend')).toHaveLength(12));
    const w = windows('month', today);
    expect(w.previous.to < w.current.from).toBe(true);
    await user.click(screen.getByLabelText('Semaine'));
    await waitFor(() => expect(chartTable('trend')).toHaveLength(13));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Gestion');
  });

  it('CSV of a report: ";" and decimal comma in French, parsed back to the ledger figures', async () => {
    const { yesterday, kept } = await twoDays();
    const files: { name: string; blob: Blob }[] = [];
    // jsdom has no blob URLs: capture what the download link would save
    URL.createObjectURL = ((b: Blob) => {
      files.push({ name: '', blob: b });
      return 'blob:test';
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = () => undefined;
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      files.at(-1)!.name = this.download;
    });
    const user = userEvent.setup();
    renderUi(<ManagerScreen />);
    await waitFor(() => expect(chartTable('tender').length).toBeGreaterThan(0));
    await user.click(screen.getByTestId('csv-tender'));
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toMatch(/^comptoir-sales-by-tender-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
    // UTF-8 with a byte-order mark (Excel reads the accents right); Blob.text() drops the mark
    const bytes = new Uint8Array(await files[0]!.blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([...new TextEncoder().encode(BOM)]);
    const text = await files[0]!.blob.text();
    const parsed = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [header, ...rows] = parsed.data;
    expect(header).toEqual([
      'Mode de paiement',
      'Nombre',
      'Montant',
      'Taxes',
      'Nombre (période précédente)',
      'Montant (période précédente)',
      'Taxes (période précédente)',
    ]);
    const decimal = (minor: number) => `${Math.trunc(minor / 100)},${String(minor % 100).padStart(2, '0')}`;
    expect(rows).toEqual(
      expect.arrayContaining([
        ['Carte', '1', decimal(yesterday.paid), '0,00', '0', '0,00', '0,00'],
        ['Espèces', '1', decimal(kept.paid), '0,00', '0', '0,00', '0,00'],
      ]),
    );

    // the trend's CSV in English: "," and a decimal point, one line per day of the window
    const { setLang } = await import('../../renderer/i18n/index.ts');
    setLang('en');
    await user.click(await screen.findByTestId('csv-trend'));
    const en = Papa.parse<string[]>(await files.at(-1)!.blob.text(), {
      delimiter: ',',
      skipEmptyLines: true,
    });
    expect(en.data).toHaveLength(31);
    expect(en.data[0]![0]).toBe('Start');
    expect(en.data.at(-1)!.slice(0, 3)).toEqual([
      kept.businessDate,
      '1',
      `${Math.trunc(kept.paid / 100)}.${String(kept.paid % 100).padStart(2, '0')}`,
    ]);
  });
});

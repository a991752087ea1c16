import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { lastOverPeriod, previousPeriod, storeToday, suggestPeriod } from '../../renderer/lib/closings.ts';
import { formatMoney, intlLocale } from '../../renderer/lib/format.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import type { PeriodClosing, Sale, StoreInfo } from '../../shared/api/types.ts';
import { businessDate } from '../../shared/business-date.ts';
import { DEFAULT_STORE } from '../../shared/store-settings.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const money = (minor: number) => norm(formatMoney(minor, 'CAD', intlLocale('fr', 'fr-CA')));
const HOUR = 3_600_000;

let h: Harness;
afterEach(() => {
  vi.useRealTimers();
  h?.f.cleanup();
});

/** Sales on the fixture's business day (a cash sale and a card sale), then the clock moves on. */
async function dayWithSales(): Promise<{ sales: Sale[]; day: string }> {
  h = await setup();
  h.f.app.call('drawer.open', { float: { '2000': 5 } }, h.f.manager);
  const drill = productByName(h.f, 'Perceuse sans fil');
  const bits = productByName(h.f, 'Mèches à bois (jeu)');
  const sales = [
    h.f.app.call(
      'sale.checkout',
      { lines: [{ productId: drill.id, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 5000 }] },
      h.f.clerk,
    ).sale,
    h.f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: bits.id, quantity: 2000 }],
        tenders: [{ method: 'card', amount: 1148, reference: 'AUTH-1' }],
      },
      h.f.clerk,
    ).sale,
  ];
  const day = sales[0]!.businessDate!;
  expect(sales.map((s) => s.businessDate)).toEqual([day, day]);
  // the next morning after the store's closing hour (04:00): the day of the sales is over
  h.f.clock.advance(19 * HOUR);
  return { sales, day };
}

/** The manager logged in (the renderer's clock is the ledger's), the app on the closings screen (Alt+C). */
async function openClosings() {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(h.f.clock.now);
  await useSession.getState().login(h.f.managerId, MANAGER_PIN);
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}c{/Alt}');
  await screen.findByRole('heading', { name: 'Clôtures', level: 1 });
  return user;
}

/** The ledger's closings, asked with a fresh manager session (the fixture's may have expired). */
function ledgerClosings() {
  const token = h.f.app.call('auth.login', { userId: h.f.managerId, pin: MANAGER_PIN }).token;
  return h.f.app.call('period.list', {}, token);
}
function closeInLedger(input: { kind: 'day' | 'month'; period: string }) {
  const token = h.f.app.call('auth.login', { userId: h.f.managerId, pin: MANAGER_PIN }).token;
  return h.f.app.call('period.close', input as never, token);
}

const periodField = () => screen.getByTestId('close-period') as HTMLInputElement;

describe('closings screen', () => {
  it('closes the day of the sales: prefilled, confirmed in a dialog, the row and detail carry the ledger figures', async () => {
    const { sales, day } = await dayWithSales();
    const user = await openClosings();
    expect(useUi.getState().screen).toBe('closings');
    await screen.findByText("Aucune clôture pour l'instant.");
    // yesterday's business date is offered
    await waitFor(() => expect(periodField().value).toBe(day));
    expect(screen.getByLabelText('Type de clôture')).toHaveProperty('value', 'day');

    // the dialog says it is final; cancelling writes nothing
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    let dialog = screen.getByRole('dialog', { name: 'Confirmer la clôture' });
    expect(dialog.textContent).toContain('Cette clôture est définitive : elle ne pourra pas être annulée.');
    expect(dialog.textContent).toContain(
      'Plus aucune vente ni aucun remboursement ne sera accepté à la date de ce jour.',
    );
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Annuler' }));
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(ledgerClosings()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    dialog = screen.getByRole('dialog', { name: 'Confirmer la clôture' });
    await user.click(within(dialog).getByRole('button', { name: 'Clôturer définitivement' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    const [closing, ...more] = ledgerClosings();
    expect(more).toEqual([]);
    const paid = sales.reduce((a, s) => a + s.paid, 0);
    expect(closing).toMatchObject({
      kind: 'day',
      period: day,
      salesCount: sales.length,
      periodGrandTotal: paid,
      perpetualGrandTotal: paid,
    });
    expect(screen.getByRole('status').textContent).toMatch(/^Clôture journalière enregistrée : /);

    const row = await screen.findByTestId(`closing-day-${day}`);
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => norm(c.textContent));
    expect(cells[0]).toBe('Journalière');
    expect(cells[2]).toBe(String(sales.length));
    expect(cells[3]).toBe(money(closing!.periodGrandTotal));
    expect(cells[4]).toBe(money(closing!.perpetualGrandTotal));
    expect(cells[6]).toBe('Martin Gagnon');

    // the new closing's detail is shown: totals, taxes per rate, tenders per method
    const report = screen.getByTestId('closing-report');
    expect(norm(within(report).getByTestId('closing-sales').textContent)).toBe(money(closing!.salesTotal));
    expect(norm(within(report).getByTestId('closing-period-total').textContent)).toBe(money(paid));
    expect(norm(within(report).getByTestId('closing-perpetual-total').textContent)).toBe(money(paid));
    expect(within(report).getByText(`Ventes (${sales.length})`)).toBeTruthy();
    const taxRows = within(within(report).getByRole('table', { name: 'Taxes par taux' }))
      .getAllByRole('row')
      .slice(1);
    expect(taxRows).toHaveLength(closing!.taxes.length);
    expect(closing!.taxes.map((x) => x.code)).toEqual(['QC-GST', 'QC-QST']);
    for (const [i, x] of closing!.taxes.entries()) {
      const c = within(taxRows[i]!)
        .getAllByRole('cell')
        .map((td) => norm(td.textContent));
      expect(c.slice(2)).toEqual([money(x.base), money(x.tax)]);
    }
    expect(norm(taxRows[1]!.textContent)).toContain('9,975 %');
    const tenderRows = within(within(report).getByRole('table', { name: 'Par mode de paiement' }))
      .getAllByRole('row')
      .slice(1)
      .map((r) => norm(r.textContent));
    expect(tenderRows).toEqual([`Carte1${money(sales[1]!.paid)}`, `Espèces1${money(sales[0]!.paid)}`]);

    // everything over is closed now: nothing is offered any more
    expect(periodField().value).toBe('');
    expect(screen.getByText(/et les périodes précédentes sont déjà clôturées\.$/)).toBeTruthy();
  });

  it('a second close of the same day shows the server error and changes nothing', async () => {
    const { day } = await dayWithSales();
    const first = closeInLedger({ kind: 'day', period: day });
    const user = await openClosings();
    await screen.findByTestId(`closing-day-${day}`);
    await user.clear(periodField());
    await user.type(periodField(), day);
    expect(periodField().value).toBe(day);
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    await user.click(screen.getByRole('button', { name: 'Clôturer définitivement' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toContain('Conflit : déjà fait (ex. : tiroir déjà ouvert).');
    expect(screen.getByText('Cette période est déjà clôturée : une clôture ne se refait pas.')).toBeTruthy();
    expect(ledgerClosings()).toEqual([first]);
    expect(screen.getAllByTestId(/^closing-day-/)).toHaveLength(1);
  });

  it('a day inside a closed month is refused (CONFLICT) with the month named, in words; nothing written', async () => {
    const { day } = await dayWithSales();
    const month = day.slice(0, 7);
    // the month of the sales is closed by the ledger itself once it is over: move past it
    const [y, m] = month.split('-').map(Number) as [number, number];
    h.f.clock.now = new Date(Date.UTC(y, m, 2, 15));
    const closedMonth = closeInLedger({ kind: 'month', period: month });
    const user = await openClosings();
    await screen.findByTestId(`closing-month-${month}`);
    await user.clear(periodField());
    await user.type(periodField(), day);
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    await user.click(screen.getByRole('button', { name: 'Clôturer définitivement' }));
    const refusal = await screen.findByTestId('close-refusal');
    expect(refusal.textContent).toMatch(
      /^Ce jour ou ce mois fait partie de : Clôture mensuelle .+, déjà clôturée/,
    );
    expect(ledgerClosings()).toEqual([closedMonth]);
  });

  it('tomorrow is refused by the server (INVALID_STATE); today warns that selling stops; a malformed year shows beside the field', async () => {
    await dayWithSales();
    const user = await openClosings();
    await screen.findByText("Aucune clôture pour l'instant.");
    // the ledger's business day now (the store's zone and closing hour, as the main process decides it)
    const today = businessDate(h.f.clock.now, DEFAULT_STORE.timeZone, DEFAULT_STORE.closingHour);
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    const tomorrow = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
    await user.clear(periodField());
    await user.type(periodField(), tomorrow);
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    expect(screen.getByRole('dialog').textContent).not.toContain("c'est la journée en cours");
    await user.click(screen.getByRole('button', { name: 'Clôturer définitivement' }));
    await screen.findByText("Cette période n'est pas terminée : elle ne peut pas encore être clôturée.");
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain(
      "Impossible dans l'état actuel (ex. : une vente doit être annulée avant d'être remboursée).",
    );
    expect(ledgerClosings()).toEqual([]);

    // today can be closed, and the dialog says the till stops selling (not confirmed here)
    await user.clear(periodField());
    await user.type(periodField(), today);
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    expect(screen.getByRole('dialog').textContent).toContain(
      "Attention : c'est la journée en cours. La caisse ne pourra plus vendre avant le prochain jour d'activité.",
    );
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(ledgerClosings()).toEqual([]);

    // a year of five digits: the contract's VALIDATION on `period`, shown next to the field
    await user.selectOptions(screen.getByLabelText('Type de clôture'), 'year');
    expect(periodField().value).toBe(String(y - 1));
    await user.clear(periodField());
    await user.type(periodField(), '20260');
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    await user.click(screen.getByRole('button', { name: 'Clôturer définitivement' }));
    const err = await screen.findByText('Année attendue (AAAA)');
    expect(err.getAttribute('data-path')).toBe('period');
    expect(periodField().getAttribute('aria-invalid')).toBe('true');
    expect(ledgerClosings()).toEqual([]);
  });

  it('a month closing with the printed report: last month is offered, the job is queued', async () => {
    const { day } = await dayWithSales();
    const user = await openClosings();
    await screen.findByText("Aucune clôture pour l'instant.");
    await user.selectOptions(screen.getByLabelText('Type de clôture'), 'month');
    const [y, m] = day.split('-').map(Number) as [number, number];
    const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    expect(periodField().value).toBe(lastMonth);
    const print = screen.getByLabelText('Imprimer le rapport de clôture') as HTMLInputElement;
    if (!print.checked) await user.click(print);
    await user.click(screen.getByRole('button', { name: 'Clôturer…' }));
    const dialog = screen.getByRole('dialog', { name: 'Confirmer la clôture' });
    expect(dialog.textContent).toContain('Les totaux de la période seront figés dans le journal.');
    expect(dialog.textContent).toContain('Le rapport de clôture sera imprimé.');
    await user.click(within(dialog).getByRole('button', { name: 'Clôturer définitivement' }));
    await screen.findByTestId(`closing-month-${lastMonth}`);
    const [closing] = ledgerClosings();
    expect(closing).toMatchObject({ kind: 'month', period: lastMonth, salesCount: 0, periodGrandTotal: 0 });
    const token = h.f.app.call('auth.login', { userId: h.f.managerId, pin: MANAGER_PIN }).token;
    const jobs = h.f.app.call('print.jobs', {}, token).filter((j) => j.refId === closing!.id);
    expect(jobs.map((j) => j.kind)).toEqual(['period_closing']);
  });

  it('newest first; clicking a row shows that closing', async () => {
    const { day, sales } = await dayWithSales();
    // the day before the sales (nothing sold), then the day of the sales, closed in the ledger
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const before = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
    const empty = closeInLedger({ kind: 'day', period: before });
    h.f.clock.advance(60_000);
    const full = closeInLedger({ kind: 'day', period: day });
    const user = await openClosings();
    await screen.findByTestId(`closing-day-${day}`);
    expect(screen.getAllByTestId(/^closing-day-/).map((r) => r.dataset.testid)).toEqual([
      `closing-day-${day}`,
      `closing-day-${before}`,
    ]);
    expect(screen.getByText('Choisissez une clôture dans la liste pour voir son détail.')).toBeTruthy();

    await user.click(within(screen.getByTestId(`closing-day-${before}`)).getAllByRole('cell')[3]!);
    let report = screen.getByTestId('closing-report');
    expect(norm(within(report).getByTestId('closing-period-total').textContent)).toBe(
      money(empty.periodGrandTotal),
    );
    expect(within(report).getByText('Ventes (0)')).toBeTruthy();

    await user.click(
      within(screen.getByTestId(`closing-day-${day}`)).getByRole('button', { name: 'Journalière' }),
    );
    report = screen.getByTestId('closing-report');
    expect(norm(within(report).getByTestId('closing-perpetual-total').textContent)).toBe(
      money(full.perpetualGrandTotal),
    );
    expect(full.perpetualGrandTotal).toBe(sales.reduce((a, s) => a + s.paid, 0));
  });

  it('clerks have no closings tab and Alt+C does nothing for them', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<App />);
    await screen.findByRole('searchbox');
    expect(screen.queryByRole('button', { name: 'Clôtures' })).toBeNull();
    await user.keyboard('{Alt>}c{/Alt}');
    expect(useUi.getState().screen).toBe('counter');
    expect(screen.queryByRole('heading', { name: 'Clôtures' })).toBeNull();
  });
});

describe('which period is offered', () => {
  const closed = (kind: 'day' | 'month' | 'year', ...periods: string[]) =>
    periods.map((period) => ({ kind, period }) as PeriodClosing);

  it('the last period over: yesterday, last month, last year (across month and year ends)', () => {
    expect(lastOverPeriod('day', '2026-03-01')).toBe('2026-02-28');
    expect(lastOverPeriod('day', '2028-03-01')).toBe('2028-02-29');
    expect(lastOverPeriod('month', '2027-01-15')).toBe('2026-12');
    expect(lastOverPeriod('year', '2027-01-01')).toBe('2026');
    expect(previousPeriod('day', '2027-01-01')).toBe('2026-12-31');
  });

  it('skips what is closed back to a gap; nothing when all is closed since the first closing', () => {
    expect(suggestPeriod('day', '2026-11-27', [])).toEqual({ period: '2026-11-26', upTo: null });
    expect(suggestPeriod('day', '2026-11-27', closed('day', '2026-11-26', '2026-11-24'))).toEqual({
      period: '2026-11-25',
      upTo: null,
    });
    expect(suggestPeriod('day', '2026-11-27', closed('day', '2026-11-26', '2026-11-25'))).toEqual({
      period: '',
      upTo: '2026-11-26',
    });
    // a day of a closed month, a month of a closed year is covered: never offered
    expect(suggestPeriod('day', '2026-12-01', closed('month', '2026-11'))).toEqual({
      period: '',
      upTo: '2026-11-30',
    });
    expect(suggestPeriod('day', '2026-12-02', closed('month', '2026-11'))).toEqual({
      period: '2026-12-01',
      upTo: null,
    });
    expect(suggestPeriod('month', '2027-02-10', closed('year', '2026'))).toEqual({
      period: '2027-01',
      upTo: null,
    });
    expect(suggestPeriod('month', '2027-01-10', closed('year', '2026'))).toEqual({
      period: '',
      upTo: '2026-12',
    });
    // smaller kinds' closings do not count
    expect(suggestPeriod('month', '2026-11-27', closed('day', '2026-10-31'))).toEqual({
      period: '2026-10',
      upTo: null,
    });
  });

  it('the business day turns at the store closing hour in the store zone, not at midnight UTC', () => {
    const store = { timeZone: 'America/Toronto', closingHour: 4 } as StoreInfo;
    // 03:30 in Toronto on the 27th (08:30 UTC) still belongs to the 26th; 04:30 is the 27th
    expect(storeToday(store, new Date('2026-11-27T08:30:00Z'))).toBe('2026-11-26');
    expect(storeToday(store, new Date('2026-11-27T09:30:00Z'))).toBe('2026-11-27');
    // a store whose day turns at 06:00 (store.info carries the hour)
    expect(storeToday({ ...store, closingHour: 6 }, new Date('2026-11-27T10:30:00Z'))).toBe('2026-11-26');
  });
});

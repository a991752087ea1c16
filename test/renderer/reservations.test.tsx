import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { PAGE } from '../../renderer/screens/Reservations.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import type { Reservation } from '../../shared/api/types.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { addRentalItem, est, type RentalItem } from '../helpers/rental.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
let mixer: RentalItem;
afterEach(() => {
  vi.useRealTimers();
  h?.f.cleanup();
});

/** A fresh ledger (Thursday 26 Nov 2026 in Toronto, the renderer's clock too), a mixer with two units. */
async function start(opts: { manager?: boolean } = {}) {
  h = await setup({ login: !opts.manager });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(h.f.clock.now);
  if (opts.manager) await useSession.getState().login(h.f.managerId, MANAGER_PIN);
  mixer = addRentalItem(h.f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01', 'BET-02'] });
}

function reserve(
  pickup: string,
  ret: string,
  opts: { customerId?: string; status?: 'quote' | 'confirmed'; quantity?: number } = {},
): Reservation {
  return h.f.app.call(
    'reservation.create',
    {
      customerId: opts.customerId ?? h.f.customerId,
      pickupAt: est(pickup),
      returnAt: est(ret),
      status: opts.status ?? 'confirmed',
      lines: [{ productId: mixer.id, quantity: opts.quantity ?? 1 }],
    },
    h.f.clerk,
  );
}

/** The app rendered, Alt+B: the reservations screen on its list. */
async function openReservations() {
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}b{/Alt}');
  await screen.findByRole('heading', { name: 'Réservations', level: 1 });
  return user;
}

const listed = () =>
  screen
    .queryAllByTestId(/^reservation-/)
    .filter((e) => e.tagName === 'TR')
    .map((e) => e.getAttribute('data-testid')?.slice('reservation-'.length));

describe('reservations screen', () => {
  it('lists, searches and filters by status, customer and dates; Enter opens the highlighted one', async () => {
    await start();
    const paul = h.f.app.call('customer.create', { name: 'Paul Côté' }, h.f.clerk).id;
    const a = reserve('2026-12-01T09:00', '2026-12-02T09:00');
    const b = reserve('2026-12-03T09:00', '2026-12-04T09:00', { customerId: paul, status: 'quote' });
    const c = reserve('2026-12-10T09:00', '2026-12-11T09:00', { customerId: paul });
    const user = await openReservations();
    expect(useUi.getState().screen).toBe('reservations');
    await waitFor(() => expect(listed()).toEqual([a.number, b.number, c.number]));

    // search as you type: the customer's name
    const search = screen.getByRole('searchbox', { name: 'Rechercher' });
    await user.type(search, 'Paul');
    await waitFor(() => expect(listed()).toEqual([b.number, c.number]));
    await user.clear(search);

    // status
    await user.selectOptions(screen.getByRole('combobox', { name: 'Statut' }), 'Devis');
    await waitFor(() => expect(listed()).toEqual([b.number]));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Statut' }), 'Tous');

    // customer
    await user.selectOptions(screen.getByRole('combobox', { name: 'Client' }), 'Julie Roy');
    await waitFor(() => expect(listed()).toEqual([a.number]));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Client' }), 'Tous les clients');

    // dates: the rentals that meet 3 to 5 December
    await user.type(screen.getByLabelText('Du'), '2026-12-03');
    await user.type(screen.getByLabelText('Au'), '2026-12-05');
    await waitFor(() => expect(listed()).toEqual([b.number]));
    await user.clear(screen.getByLabelText('Du'));
    await user.clear(screen.getByLabelText('Au'));
    await waitFor(() => expect(listed()).toHaveLength(3));
    await new Promise((r) => setTimeout(r, 300)); // the list's last reload (it puts the highlight back on top)

    // ↓ then Enter in the search box opens the second one
    await user.click(search);
    await user.keyboard('{ArrowDown}{Enter}');
    const detail = await screen.findByTestId('reservation-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe(`Réservation ${b.number}`);
    expect(within(detail).getByText('Devis')).toBeTruthy();
    expect(within(detail).getByTestId('reservation-balance').textContent).toMatch(/\d/);
  });

  it('cancel from the screen, after a confirmation: refused while the deposit is held (nothing changes), done once it is not', async () => {
    await start();
    h.f.app.call('drawer.open', { float: { '2000': 5 } }, h.f.manager);
    const held = h.f.app.call(
      'reservation.create',
      {
        customerId: h.f.customerId,
        pickupAt: est('2026-12-01T09:00'),
        returnAt: est('2026-12-02T09:00'),
        status: 'confirmed',
        lines: [{ productId: mixer.id, quantity: 1 }],
        deposit: 10_000,
      },
      h.f.clerk,
    );
    h.f.app.call('reservation.takeDeposit', { reservationId: held.id }, h.f.clerk);
    const free = reserve('2026-12-03T09:00', '2026-12-04T09:00');
    const user = await openReservations();
    await waitFor(() => expect(listed()).toEqual([held.number, free.number]));
    const search = screen.getByRole('searchbox', { name: 'Rechercher' });

    await user.click(search);
    await user.keyboard('{Enter}');
    let detail = await screen.findByTestId('reservation-detail');
    await user.click(within(detail).getByRole('button', { name: 'Annuler la réservation' }));
    let dialog = screen.getByRole('dialog', { name: `Annuler la réservation ${held.number} ?` });
    const before = stateHash(h.f.app.env.sqlite);
    await user.type(within(dialog).getByLabelText('Motif (facultatif)'), 'Client malade');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler la réservation' }));
    await screen.findByText(/De l’argent est encore sur cette réservation/);
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);

    // the other one: "Garder" changes nothing, then cancel for real
    await user.click(search);
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() =>
      expect(
        within(screen.getByTestId('reservation-detail')).getByRole('heading', { level: 2 }).textContent,
      ).toBe(`Réservation ${free.number}`),
    );
    detail = screen.getByTestId('reservation-detail');
    await user.click(within(detail).getByRole('button', { name: 'Annuler la réservation' }));
    dialog = screen.getByRole('dialog', { name: `Annuler la réservation ${free.number} ?` });
    await user.click(within(dialog).getByRole('button', { name: 'Garder la réservation' }));
    expect(h.f.app.call('reservation.get', { reservationId: free.id }, h.f.clerk).status).toBe('confirmed');
    await user.click(within(detail).getByRole('button', { name: 'Annuler la réservation' }));
    dialog = screen.getByRole('dialog', { name: `Annuler la réservation ${free.number} ?` });
    await user.click(within(dialog).getByRole('button', { name: 'Annuler la réservation' }));
    // the reservation shown is the one the command returned: cancelled, with nothing left to do
    await waitFor(() =>
      expect(within(screen.getByTestId('reservation-detail')).getByText('Annulée')).toBeTruthy(),
    );
    expect(
      within(screen.getByTestId('reservation-detail')).queryByRole('button', {
        name: 'Annuler la réservation',
      }),
    ).toBeNull();
    expect(h.f.app.call('reservation.get', { reservationId: free.id }, h.f.clerk).status).toBe('cancelled');
  });

  it('a manager sets the buffer between rentals beside the availability it changes; a bad value is refused at its field', async () => {
    await start({ manager: true });
    const user = await openReservations();
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(await screen.findByRole('searchbox', { name: 'Article' }), 'Bét');
    await screen.findByRole('button', { name: /Bétonnière/ });
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('availability-summary').textContent).toContain('60 minutes'),
    );
    const field = screen.getByLabelText('Battement entre deux locations (minutes)');
    const before = stateHash(h.f.app.env.sqlite);
    await user.clear(field);
    await user.type(field, '20000');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le battement' }));
    await waitFor(() => expect(document.querySelector('.res-buffer .field-error')).not.toBeNull());
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);
    await user.clear(field);
    await user.type(field, '120');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le battement' }));
    await waitFor(() =>
      expect(screen.getByTestId('availability-summary').textContent).toContain('120 minutes'),
    );
    const last = h.f.app.env.sqlite
      .prepare("SELECT payload FROM journal WHERE type = 'rental.bufferSet' ORDER BY seq DESC LIMIT 1")
      .get() as { payload: string };
    expect(JSON.parse(last.payload)).toEqual({ minutes: 120 });
  });

  it('a clerk sees the buffer but cannot change it', async () => {
    await start();
    await openReservations();
    const user = userEvent.setup();
    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(await screen.findByRole('searchbox', { name: 'Article' }), 'Bét');
    await screen.findByRole('button', { name: /Bétonnière/ });
    await user.keyboard('{Enter}');
    await waitFor(() =>
      expect(screen.getByTestId('availability-summary').textContent).toContain('60 minutes'),
    );
    expect(screen.queryByLabelText('Battement entre deux locations (minutes)')).toBeNull();
  });

  it('pages of 50 by cursor: the next ones come after the last, none twice', async () => {
    await start();
    const made: string[] = [];
    for (let i = 0; i < PAGE + 7; i++) {
      const d = String(1 + (i % 28)).padStart(2, '0');
      made.push(reserve(`2027-01-${d}T09:00`, `2027-01-${d}T17:00`, { status: 'quote' }).number);
    }
    const user = await openReservations();
    await waitFor(() => expect(listed()).toHaveLength(PAGE));
    expect(screen.getByText(`${PAGE} réservations affichées`)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Afficher les suivantes' }));
    await waitFor(() => expect(listed()).toHaveLength(PAGE + 7));
    const shown = listed();
    expect(new Set(shown).size).toBe(PAGE + 7);
    expect([...shown].sort()).toEqual([...made].sort());
    expect(screen.queryByRole('button', { name: 'Afficher les suivantes' })).toBeNull();
  });

  it('calendar by month, week and day from the keyboard; a chip opens the reservation', async () => {
    await start();
    const a = reserve('2026-12-01T09:00', '2026-12-03T09:00');
    const cancelled = reserve('2026-12-01T10:00', '2026-12-01T12:00');
    h.f.app.call('reservation.cancel', { reservationId: cancelled.id }, h.f.clerk);
    const user = await openReservations();
    await user.keyboard('{Alt>}2{/Alt}');
    const cal = await screen.findByTestId('calendar');
    expect(cal.getAttribute('data-mode')).toBe('month');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('novembre 2026');
    // November's grid ends on Sunday 6 December: the rental shows on 1, 2 and 3 December, not on 4
    const cell = (d: string) => document.querySelector(`.cal-cell[data-date="${d}"]`) as HTMLElement;
    await waitFor(() => expect(cell('2026-12-01').textContent).toContain(a.number));
    expect(cell('2026-12-03').textContent).toContain(a.number);
    expect(cell('2026-12-04').textContent).not.toContain(a.number);
    expect(cell('2026-12-01').textContent).not.toContain(cancelled.number); // cancelled: left out

    await user.keyboard('{PageDown}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('décembre 2026'));
    await user.keyboard('{Home}');
    await waitFor(() => expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('novembre 2026'));

    // 2 = week (Monday 23 to Sunday 29 November: nothing), PageDown → the week of 30 November
    await user.keyboard('2');
    await waitFor(() => expect(screen.getByTestId('calendar').getAttribute('data-mode')).toBe('week'));
    await user.keyboard('{PageDown}');
    const week = await screen.findByTestId('week-grid');
    await waitFor(() =>
      expect(within(week).getAllByRole('button', { name: new RegExp(a.number) })).toHaveLength(3),
    );

    // a day's header opens the day: its list
    await user.click(within(week).getByRole('button', { name: /mar\. 1 déc\./ }));
    const day = await screen.findByTestId('day-list');
    expect(within(day).getByRole('button', { name: a.number })).toBeTruthy();
    await user.click(within(day).getByRole('button', { name: a.number }));
    const dialog = await screen.findByRole('dialog', { name: 'Réservation' });
    expect(within(dialog).getByText(`Réservation ${a.number}`)).toBeTruthy();
  });

  it('a month with more reservations than one page (2,000) reads them all, by cursor, and says nothing is cut', async () => {
    await start();
    // 2,005 quotes (they hold no unit) over November, written as one transaction for speed
    h.f.app.env.sqlite.transaction(() => {
      for (let i = 0; i < 2005; i++) {
        const d = String(1 + (i % 28)).padStart(2, '0');
        reserve(`2026-11-${d}T09:00`, `2026-11-${d}T17:00`, { status: 'quote' });
      }
    })();
    const user = await openReservations();
    await user.keyboard('{Alt>}2{/Alt}');
    await screen.findByTestId('calendar');
    await waitFor(() => expect(screen.getByText('2005 réservations')).toBeTruthy(), { timeout: 15_000 });
    expect(screen.queryByText(/Seules les .* premières réservations/)).toBeNull();
  }, 60_000);

  it('a crowded day shows three chips and +N; the item availability shows units free per day', async () => {
    await start();
    for (let i = 0; i < 5; i++) reserve(`2026-11-30T0${i + 1}:00`, '2026-11-30T18:00', { status: 'quote' });
    reserve('2026-12-01T09:00', '2026-12-02T09:00'); // one of the two mixers, 1 and 2 December
    reserve('2026-12-02T08:00', '2026-12-02T12:00'); // the other on the 2nd, at the same time
    const user = await openReservations();
    await user.keyboard('{Alt>}2{/Alt}');
    const cell = (d: string) => document.querySelector(`.cal-cell[data-date="${d}"]`) as HTMLElement;
    await waitFor(() => expect(cell('2026-11-30').getAttribute('data-count')).toBe('5'));
    expect(cell('2026-11-30').querySelectorAll('.cal-chip')).toHaveLength(3);
    expect(within(cell('2026-11-30')).getByRole('button', { name: '+2 autres' })).toBeTruthy();

    await user.keyboard('{Alt>}3{/Alt}');
    await user.type(await screen.findByRole('searchbox', { name: 'Article' }), 'Bét');
    await screen.findByRole('button', { name: /Bétonnière/ });
    await user.keyboard('{Enter}');
    await screen.findByTestId('availability');
    expect(screen.getByTestId('availability-summary').textContent).toContain('2 unités louables');
    const free = (d: string) => screen.getByTestId(`avail-${d}`).querySelector('.avail-free')?.textContent;
    await user.keyboard('{PageDown}');
    await waitFor(() => expect(free('2026-12-01')).toBe('1 / 2 libres'));
    expect(free('2026-12-02')).toBe('0 / 2 libres');
    expect(free('2026-12-03')).toBe('2 / 2 libres');
    expect(screen.getByTestId('avail-2026-12-02').className).toContain('avail-none');
  });

  it("head office's conflict flag shows on the reservation and in the manager's conflicts list; resolving clears it", async () => {
    await start({ manager: true });
    const a = reserve('2026-12-01T09:00', '2026-12-02T09:00');
    const b = reserve('2026-12-05T09:00', '2026-12-06T09:00');
    // head office's change feed applies the flag through the command
    h.f.app.call(
      'reservation.setConflict',
      { reservationId: b.id, note: 'Caisse 2 a réservé BET-01 hors ligne (CAISSE2-14)' },
      h.f.manager,
    );
    const user = await openReservations();
    const row = await screen.findByTestId(`reservation-${b.number}`);
    expect(within(row).getByText('Conflit')).toBeTruthy();
    expect(within(screen.getByTestId(`reservation-${a.number}`)).queryByText('Conflit')).toBeNull();

    await user.keyboard('{Alt>}4{/Alt}');
    const list = await screen.findByTestId('conflicts');
    await waitFor(() => expect(within(list).getAllByRole('row')).toHaveLength(2)); // head + one
    expect(within(list).getByText(/Caisse 2 a réservé BET-01/)).toBeTruthy();
    await user.click(within(list).getByRole('button', { name: b.number }));
    const alert = await screen.findByTestId('reservation-conflict');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('Conflit signalé par le siège');
    expect(alert.textContent).toContain('Caisse 2 a réservé BET-01 hors ligne (CAISSE2-14)');

    await user.click(within(alert).getByRole('button', { name: 'Marquer comme résolu' }));
    await waitFor(() => expect(screen.queryByTestId('reservation-conflict')).toBeNull());
    expect(h.f.app.call('reservation.get', { reservationId: b.id }, h.f.manager).conflict).toBeNull();
    await waitFor(() => expect(screen.getByText('Aucun conflit')).toBeTruthy());
  });

  it('a clerk sees the flag but has no conflicts list', async () => {
    await start();
    const b = reserve('2026-12-05T09:00', '2026-12-06T09:00');
    h.f.app.call('reservation.setConflict', { reservationId: b.id, note: 'doublon' }, h.f.manager);
    const user = await openReservations();
    expect(screen.queryByRole('button', { name: /Conflits/ })).toBeNull();
    await user.click(
      within(await screen.findByTestId(`reservation-${b.number}`)).getByRole('button', { name: b.number }),
    );
    const alert = await screen.findByTestId('reservation-conflict');
    expect(alert.textContent).toContain('doublon');
    expect(within(alert).queryByRole('button')).toBeNull();
  });
});

import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { addRentalItem, est } from '../helpers/rental.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

/** A fresh ledger, a clerk logged in, Julie Roy's record open on the customers screen. */
async function openJulie() {
  h = await setup({ login: true });
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}t{/Alt}');
  await user.click(within(await screen.findByTestId('customer-Julie Roy')).getByRole('button'));
  await screen.findByRole('heading', { name: 'Julie Roy', level: 2 });
  return user;
}

const newDocs = () => within(screen.getByRole('group', { name: 'Nouveau document' }));
const interventions = () => h.f.app.call('intervention.list', {}, h.f.clerk);

describe('new documents from a customer', () => {
  it('"Nouvelle vente" asks first; confirmed, the counter opens with Julie on the ticket', async () => {
    const user = await openJulie();
    await user.click(newDocs().getByRole('button', { name: 'Nouvelle vente' }));
    let dialog = screen.getByRole('dialog', { name: 'Nouvelle vente pour Julie Roy ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(useUi.getState().screen).toBe('customers');
    expect(useCart.getState().customer).toBeNull();

    await user.click(newDocs().getByRole('button', { name: 'Nouvelle vente' }));
    dialog = screen.getByRole('dialog', { name: 'Nouvelle vente pour Julie Roy ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Ouvrir la vente' }));
    expect(useUi.getState().screen).toBe('counter');
    expect(useCart.getState().customer).toMatchObject({ id: h.f.customerId, name: 'Julie Roy' });
  });

  it('"Nouvelle location": a confirmed reservation for Julie, tomorrow 09:00 → the day after, opened on the reservations screen', async () => {
    const user = await openJulie();
    const mixer = addRentalItem(h.f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01', 'BET-02'] });
    await user.click(newDocs().getByRole('button', { name: 'Nouvelle location' }));
    const dialog = screen.getByRole('dialog', { name: 'Nouvelle location pour Julie Roy' });
    await within(dialog).findByRole('option', { name: 'Bétonnière' });
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);

    await user.click(newDocs().getByRole('button', { name: 'Nouvelle location' }));
    const form = within(screen.getByRole('dialog', { name: 'Nouvelle location pour Julie Roy' }));
    await form.findByRole('option', { name: 'Bétonnière' });
    await user.click(form.getByRole('radio', { name: /Réservation confirmée/ }));
    await user.clear(form.getByLabelText('Quantité'));
    await user.type(form.getByLabelText('Quantité'), '2');
    await user.click(form.getByRole('button', { name: 'Confirmer la réservation' }));
    await waitFor(() => expect(useUi.getState().screen).toBe('reservations'));

    const list = h.f.app.call('reservation.list', { customerId: h.f.customerId }, h.f.clerk);
    expect(list).toHaveLength(1);
    const r = h.f.app.call('reservation.get', { reservationId: list[0]!.id }, h.f.clerk);
    // tomorrow and the day after in the store's zone (Toronto, EST in December), 09:00
    const day = (n: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(Date.now() + n * 86_400_000);
    expect(r).toMatchObject({ status: 'confirmed', customerId: h.f.customerId });
    expect(Date.parse(r.pickupAt)).toBe(Date.parse(est(`${day(1)}T09:00`)));
    expect(Date.parse(r.returnAt)).toBe(Date.parse(est(`${day(2)}T09:00`)));
    expect(r.lines.map((l) => [l.productId, l.quantity])).toEqual([[mixer.id, 2]]);
    // the screen opened on it
    expect(useUi.getState().openId).toBe(r.id);
    const shown = await screen.findByTestId('reservation-detail');
    expect(within(shown).getByRole('heading', { level: 2 }).textContent).toContain(r.number);
  });

  it('"Nouvelle location" on a daylight-saving day: 09:00 in Toronto is 09:00 EDT, not the day\'s start plus nine hours', async () => {
    const user = await openJulie();
    addRentalItem(h.f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01'] });
    await user.click(newDocs().getByRole('button', { name: 'Nouvelle location' }));
    const form = within(screen.getByRole('dialog', { name: 'Nouvelle location pour Julie Roy' }));
    await form.findByRole('option', { name: 'Bétonnière' });
    // 2027-03-14: Toronto goes from EST (-05:00) to EDT (-04:00) at 02:00
    fireEvent.change(form.getByLabelText('Départ le'), { target: { value: '2027-03-14' } });
    fireEvent.change(form.getByLabelText('Retour le'), { target: { value: '2027-03-15' } });
    await user.click(form.getByRole('button', { name: 'Créer le devis' }));
    await waitFor(() => expect(useUi.getState().screen).toBe('reservations'));
    const [one] = h.f.app.call('reservation.list', { customerId: h.f.customerId }, h.f.clerk);
    const r = h.f.app.call('reservation.get', { reservationId: one!.id }, h.f.clerk);
    expect(new Date(r.pickupAt).toISOString()).toBe('2027-03-14T13:00:00.000Z');
    expect(new Date(r.returnAt).toISOString()).toBe('2027-03-15T13:00:00.000Z');
  });

  it('"Nouvelle intervention" → the interventions screen: lines, payments, the balance and the status, all from the keyboard-sized form', async () => {
    const user = await openJulie();
    await user.click(newDocs().getByRole('button', { name: 'Nouvelle intervention' }));
    let dialog = within(screen.getByRole('dialog', { name: 'Nouvelle intervention pour Julie Roy' }));
    // nothing to do the job on: refused next to the field, nothing written
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(dialog.getByRole('button', { name: 'Créer l’intervention' }));
    expect((await dialog.findByRole('alert')).getAttribute('data-path')).toBe('description');
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);
    await user.click(dialog.getByRole('button', { name: 'Annuler' }));
    expect(interventions()).toEqual([]);

    await user.click(newDocs().getByRole('button', { name: 'Nouvelle intervention' }));
    dialog = within(screen.getByRole('dialog', { name: 'Nouvelle intervention pour Julie Roy' }));
    await user.type(dialog.getByLabelText('Travaux'), 'Réparation tronçonneuse');
    await user.click(dialog.getByRole('radio', { name: 'Commande' }));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(useUi.getState().screen).toBe('interventions'));
    const [created] = interventions();
    expect(created).toMatchObject({
      status: 'order',
      customerId: h.f.customerId,
      description: 'Réparation tronçonneuse',
    });
    const detail = within(await screen.findByTestId('intervention-detail'));
    await detail.findByRole('heading', { name: `${created!.number} — Réparation tronçonneuse` });

    // a line: 1.5 h at 60.00 → 90.00 + GST 4.50 + QST 8.98 = 103.48
    const lineForm = within(detail.getByRole('form', { name: 'Ajouter une ligne' }));
    await user.type(lineForm.getByLabelText('Description'), 'Main-d’œuvre');
    await user.clear(lineForm.getByLabelText('Quantité'));
    await user.type(lineForm.getByLabelText('Quantité'), '-1');
    await user.type(lineForm.getByLabelText('Prix unitaire'), '60,00');
    const beforeLine = stateHash(h.f.app.env.sqlite);
    await user.click(lineForm.getByRole('button', { name: 'Ajouter la ligne' }));
    expect((await lineForm.findByRole('alert')).getAttribute('data-path')).toBe('lines.0.quantity');
    expect(stateHash(h.f.app.env.sqlite)).toBe(beforeLine);
    await user.clear(lineForm.getByLabelText('Quantité'));
    await user.type(lineForm.getByLabelText('Quantité'), '1,5');
    await user.click(lineForm.getByRole('button', { name: 'Ajouter la ligne' }));
    await waitFor(() =>
      expect(detail.getByTestId('intervention-balance').textContent).toMatch(/^103,48\s\$$/),
    );
    expect(within(detail.getByTestId('intervention-lines')).getByText('Main-d’œuvre')).toBeTruthy();

    // 50.00 by card: the balance drops
    const pay = within(
      detail.getByRole('heading', { name: 'Ajouter un paiement' }).nextElementSibling as HTMLElement,
    );
    await user.clear(pay.getByLabelText('Montant'));
    await user.type(pay.getByLabelText('Montant'), '50,00');
    await user.selectOptions(pay.getByLabelText('Mode de paiement'), 'card');
    await user.type(pay.getByLabelText(/référence/), 'AUTH-42');
    await user.click(pay.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() =>
      expect(detail.getByTestId('intervention-balance').textContent).toMatch(/^53,48\s\$$/),
    );

    // done, then closing is refused while 53.48 is due
    await user.click(detail.getByRole('button', { name: 'Travaux terminés' }));
    await detail.findByRole('button', { name: 'Clôturer' });
    expect(detail.queryByRole('form', { name: 'Ajouter une ligne' })).toBeNull();
    const beforeClose = stateHash(h.f.app.env.sqlite);
    await user.click(detail.getByRole('button', { name: 'Clôturer' }));
    await detail.findByRole('alert');
    expect(stateHash(h.f.app.env.sqlite)).toBe(beforeClose);
    expect(h.f.app.call('intervention.get', { interventionId: created!.id }, h.f.clerk)).toMatchObject({
      status: 'done',
      paid: 5000,
      balance: 5348,
    });
  });
});

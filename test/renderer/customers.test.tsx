import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { useUi } from '../../renderer/stores/ui.ts';
import { addRentalItem, est } from '../helpers/rental.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

/** A fresh ledger, a clerk logged in, the customers screen opened with Alt+T. */
async function openCustomers() {
  h = await setup({ login: true });
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}t{/Alt}');
  await screen.findByRole('heading', { name: 'Clients', level: 1 });
  await screen.findByTestId('customer-Julie Roy');
  return user;
}

const ledgerCustomer = (name: string) =>
  h.f.app.call('customer.search', { q: name }, h.f.clerk).find((c) => c.name === name);

/** Julie Roy holds a confirmed reservation: a document in progress. */
function reserveForJulie() {
  const mixer = addRentalItem(h.f, { name: 'Bétonnière', sku: 'LOC-BET', units: ['BET-01'] });
  return h.f.app.call(
    'reservation.create',
    {
      customerId: h.f.customerId,
      pickupAt: est('2026-12-01T09:00'),
      returnAt: est('2026-12-02T09:00'),
      status: 'confirmed',
      lines: [{ productId: mixer.id, quantity: 1 }],
    },
    h.f.clerk,
  );
}

describe('customers screen', () => {
  it('creates a customer from the keyboard (Alt+N), then edits it; the ledger has both', async () => {
    const user = await openCustomers();
    expect(useUi.getState().screen).toBe('customers');
    await user.keyboard('{Alt>}n{/Alt}');
    const form = await screen.findByRole('form', { name: 'Fiche client' });
    await user.type(within(form).getByLabelText('Nom'), 'Marc Gagnon');
    await user.type(within(form).getByLabelText('Téléphone'), '450 555-0199');
    await user.type(within(form).getByLabelText('Ville'), 'Saint-Jérôme');
    await user.keyboard('{Enter}');
    await screen.findByText('Client enregistré');
    expect(ledgerCustomer('Marc Gagnon')).toMatchObject({
      phone: '450 555-0199',
      city: 'Saint-Jérôme',
      email: null,
    });
    await screen.findByTestId('customer-Marc Gagnon');

    const phone = within(screen.getByRole('form', { name: 'Fiche client' })).getByLabelText('Téléphone');
    await user.clear(phone);
    await user.type(phone, '450 555-0100');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(ledgerCustomer('Marc Gagnon')?.phone).toBe('450 555-0100'));
  });

  it('a bad e-mail is refused next to its field and nothing is written', async () => {
    const user = await openCustomers();
    await user.click(screen.getByRole('button', { name: /Nouveau client/ }));
    const form = await screen.findByRole('form', { name: 'Fiche client' });
    await user.type(within(form).getByLabelText('Nom'), 'Léa Tremblay');
    await user.type(within(form).getByLabelText('Courriel'), 'lea-at-example');
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(within(form).getByRole('button', { name: 'Créer le client' }));
    const alert = await within(form).findByRole('alert');
    expect(alert.getAttribute('data-path')).toBe('email');
    expect(alert.previousElementSibling?.textContent).toContain('Courriel');
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);
    expect(ledgerCustomer('Léa Tremblay')).toBeUndefined();
  });

  it('deleting a customer with a reservation is refused, listing it; a multi-delete deletes the others and reports her', async () => {
    const user = await openCustomers();
    const r = reserveForJulie();
    h.f.app.call('customer.create', { name: 'Paul Côté' }, h.f.clerk);
    await user.click(within(await screen.findByTestId('customer-Julie Roy')).getByRole('button'));
    // her record lists the document in progress
    expect((await screen.findByTestId('open-documents')).textContent).toBe(`Réservation ${r.number}`);

    // delete her alone: refused, with the reservation named; nothing changed
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(
      within(screen.getByRole('form', { name: 'Fiche client' })).getByRole('button', { name: 'Supprimer' }),
    );
    let dialog = screen.getByRole('dialog', { name: 'Supprimer ce client ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
    let report = await screen.findByTestId('delete-report');
    expect(report.textContent).toContain('Suppression refusée : documents en cours.');
    expect(report.textContent).toContain(`Julie Roy : Réservation ${r.number}`);
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);

    // select both: Paul is deleted (his data erased), Julie is kept and reported
    await screen.findByTestId('customer-Paul Côté');
    await user.click(screen.getByRole('checkbox', { name: 'Sélectionner Julie Roy' }));
    await user.click(screen.getByRole('checkbox', { name: 'Sélectionner Paul Côté' }));
    await user.click(screen.getByRole('button', { name: 'Supprimer la sélection (2)' }));
    dialog = screen.getByRole('dialog', { name: 'Supprimer 2 clients ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
    await waitFor(() =>
      expect(screen.getByTestId('delete-report').textContent).toContain('1 client supprimé.'),
    );
    report = screen.getByTestId('delete-report');
    expect(report.textContent).toContain(`Julie Roy : Réservation ${r.number}`);
    expect(ledgerCustomer('Paul Côté')).toBeUndefined();
    expect(ledgerCustomer('Julie Roy')).toBeDefined();
    await waitFor(() => expect(screen.queryByTestId('customer-Paul Côté')).toBeNull());
  });

  it('"Localiser" is disabled without an address; with one (accents, Cyrillic) it asks the shell for the map search', async () => {
    const user = await openCustomers();
    const opened = vi.spyOn(window, 'open').mockImplementation(() => null);
    try {
      await user.click(within(await screen.findByTestId('customer-Julie Roy')).getByRole('button'));
      const form = await screen.findByRole('form', { name: 'Fiche client' });
      const locate = within(form).getByRole('button', { name: 'Localiser' });
      expect(locate).toHaveProperty('disabled', true);
      await user.click(locate);
      expect(opened).not.toHaveBeenCalled();

      const bg = h.f.app.call(
        'customer.create',
        { name: 'Иван Петров', address: 'ул. Витоша 15', postalCode: '1000', city: 'София' },
        h.f.clerk,
      );
      const fr = h.f.app.call(
        'customer.create',
        { name: 'Élodie Brûlé', address: '8 rue de l’Église', postalCode: '69002', city: 'Lyon' },
        h.f.clerk,
      );
      for (const [c, query] of [
        [
          bg,
          '%D1%83%D0%BB.%20%D0%92%D0%B8%D1%82%D0%BE%D1%88%D0%B0%2015%2C%201000%2C%20%D0%A1%D0%BE%D1%84%D0%B8%D1%8F',
        ],
        [fr, '8%20rue%20de%20l%E2%80%99%C3%89glise%2C%2069002%2C%20Lyon'],
      ] as const) {
        opened.mockClear();
        await user.click(within(await screen.findByTestId(`customer-${c.name}`)).getByRole('button'));
        await screen.findByRole('heading', { name: c.name, level: 2 });
        const button = within(screen.getByRole('form', { name: 'Fiche client' })).getByRole('button', {
          name: 'Localiser',
        });
        expect(button).toHaveProperty('disabled', false);
        await user.click(button);
        expect(opened.mock.calls).toEqual([
          [`https://www.openstreetmap.org/search?query=${query}`, '_blank', 'noopener,noreferrer'],
        ]);
      }
    } finally {
      opened.mockRestore();
    }
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CounterScreen } from '../../renderer/screens/Counter.tsx';
import { SettingsScreen } from '../../renderer/screens/Settings.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

describe('tickets on hold at the counter (F10)', () => {
  it('F10 parks the cart in the ledger and empties it; F10 on the empty cart lists it, Enter recalls it', async () => {
    h = await setup({ login: true, openDrawer: true });
    const drill = productByName(h.f, 'Perceuse sans fil');
    const screw = productByName(h.f, 'Vis à bois');
    const customer = h.f.app.call('customer.search', { q: 'Julie' }, h.f.clerk)[0]!;
    useCart.getState().add(drill);
    useCart.getState().add(screw, 3000);
    useCart.getState().attach(customer);
    const user = userEvent.setup();
    renderUi(<CounterScreen />);
    await user.keyboard('{F10}');
    await waitFor(() => expect(useCart.getState().lines).toEqual([]));
    expect(norm(screen.getByTestId('counter-notice').textContent)).toBe('Ticket mis en attente');
    const waiting = h.f.app.call('ticket.parked', {}, h.f.clerk);
    expect(waiting.map((t) => [t.lineCount, t.customerName])).toEqual([[2, 'Julie Roy']]);
    expect(norm(screen.getByTestId('hold').textContent)).toBe('En attente : 1 F10');

    await user.keyboard('{F10}');
    const dialog = await screen.findByRole('dialog', { name: 'Tickets en attente' });
    const rows = within(dialog).getAllByRole('button', { name: /Julie Roy/ });
    expect(rows).toHaveLength(1);
    expect(norm(rows[0]!.textContent)).toMatch(/Julie Roy2 lignes · Camille Tremblay/);
    expect(document.activeElement).toBe(rows[0]);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(useCart.getState().lines).toHaveLength(2));
    const cart = useCart.getState();
    expect(cart.lines.map((l) => [l.product.name, l.quantity])).toEqual([
      ['Perceuse sans fil', 1000],
      ['Vis à bois', 3000],
    ]);
    expect(cart.customer?.name).toBe('Julie Roy');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(h.f.app.call('ticket.parked', {}, h.f.clerk)).toEqual([]);
  });
});

describe('quick keys', () => {
  it("the counter shows the manager's grid while the search box is empty; a key adds its item", async () => {
    h = await setup({ login: true, openDrawer: true });
    const drill = productByName(h.f, 'Perceuse sans fil');
    const bits = productByName(h.f, 'Mèches à bois (jeu)');
    h.f.app.call('quickKeys.set', { productIds: [bits.id, drill.id] }, h.f.manager);
    const user = userEvent.setup();
    renderUi(<CounterScreen />);
    const grid = await screen.findByTestId('quick-keys');
    const keys = within(grid).getAllByRole('button');
    expect(keys.map((k) => norm(k.textContent))).toEqual([
      'Mèches à bois (jeu)4,99 $',
      'Perceuse sans fil19,99 $',
    ]);
    await user.click(keys[1]!);
    expect(useCart.getState().lines.map((l) => l.product.name)).toEqual(['Perceuse sans fil']);
    // typing searches instead: the grid gives way to the results
    await user.type(screen.getByRole('searchbox'), 'vis');
    expect(screen.queryByTestId('quick-keys')).toBeNull();
  });

  it('a manager builds the grid on the settings screen and saves it in the ledger; a clerk does not see it', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    const { unmount } = renderUi(<SettingsScreen />);
    expect(screen.queryByRole('heading', { name: 'Touches rapides' })).toBeNull();
    unmount();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(<SettingsScreen />);
    const card = screen.getByRole('region', { name: 'Touches rapides' });
    await user.type(within(card).getByLabelText('Trouver un article'), 'perc');
    const found = await within(card).findByRole('list', { name: 'Articles trouvés' });
    await user.click(within(found).getAllByRole('button', { name: 'Ajouter' })[0]!);
    await user.clear(within(card).getByLabelText('Trouver un article'));
    await user.type(within(card).getByLabelText('Trouver un article'), 'vis');
    await waitFor(() => expect(within(card).getByText(/^Vis à bois/)).toBeTruthy());
    await user.click(
      within(within(card).getByRole('list', { name: 'Articles trouvés' })).getAllByRole('button')[0]!,
    );
    // Vis à bois first
    await user.click(within(card).getByRole('button', { name: 'Monter Vis à bois' }));
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }));
    await within(card).findByText('Touches rapides enregistrées');
    expect(h.f.app.call('quickKeys.list', {}, h.f.clerk).map((p) => p.name)).toEqual([
      'Vis à bois',
      'Perceuse sans fil',
    ]);
  });
});

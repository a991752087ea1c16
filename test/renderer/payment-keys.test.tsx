import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { PaymentScreen } from '../../renderer/screens/Payment.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

/** Keys pressed through user-event, counted: every key the clerk presses goes through `press`. */
function keyboard(user: ReturnType<typeof userEvent.setup>) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async press(keys: string) {
      // '{F5}', '{Enter}', '{Alt>}{2}{/Alt}' count as one key each (a chord is one press); plain
      // characters one each
      const chords = keys.match(/\{[^}/]+>\}.*?\{\/[^}]+\}|\{[^}]+\}|./g) ?? [];
      count += chords.length;
      await user.keyboard(keys);
    },
  };
}

const stored = () => h.f.app.call('sale.list', { limit: 10 }, h.f.clerk);

describe('payment by keyboard', () => {
  it('card in a few keys: F5, the reference, Enter adds it and focuses Validate, Enter validates', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil')); // 22,98 $
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const keys = keyboard(user);
    await keys.press('{F5}');
    expect(document.activeElement).toBe(screen.getByLabelText(/autorisation/));
    await keys.press('A12345');
    await keys.press('{Enter}');
    // nothing left to pay in cash: the focus is on Validate, not lost on the page
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('validate')));
    await keys.press('{Enter}');
    await waitFor(() => expect(screen.getByTestId('final-change')).toBeTruthy());
    // 'A12345' is 6 keys: the rest is F5 and two Enters
    expect(keys.count - 'A12345'.length).toBe(3);
    const sale = h.f.app.call('sale.byReceipt', { receiptNumber: 1 }, h.f.clerk)!;
    expect(sale.tenders.map((t) => [t.method, t.amount, t.reference])).toEqual([['card', 2298, 'A12345']]);
  });

  it('quick-cash buttons show their keys; Alt+2 puts that amount in the tendered field', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil')); // cash 23,00 $
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const quick = within(screen.getByRole('group', { name: 'Montants rapides' })).getAllByRole('button');
    expect(quick.map((b) => norm(b.textContent))).toEqual([
      'Montant exact Alt+1',
      '25,00 $ Alt+2',
      '30,00 $ Alt+3',
      '40,00 $ Alt+4',
      '50,00 $ Alt+5',
    ]);
    const keys = keyboard(user);
    await keys.press('{Alt>}{2}{/Alt}');
    expect((screen.getByLabelText('Montant remis') as HTMLInputElement).value).toBe('25.00');
    expect(norm(screen.getByTestId('change-due').textContent)).toBe('2,00 $');
    await keys.press('{Enter}');
    await waitFor(() => expect(screen.getByTestId('final-change')).toBeTruthy());
    expect(keys.count).toBe(2);
  });
});

describe('payment amounts: one message, Enter refused while Validate is disabled, bad text said', () => {
  it('too little cash: Enter sends nothing, "Montant remis insuffisant" is said once', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil')); // cash 23,00 $
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const before = h.transport.calls.length;
    await user.type(screen.getByLabelText('Montant remis'), '20{Enter}');
    expect((screen.getByTestId('validate') as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.getAllByText('Montant remis insuffisant')).toHaveLength(1));
    // no command went out, nothing stored
    expect(h.transport.calls.slice(before).map((c) => c.op)).not.toContain('sale.checkout');
    expect(stored()).toEqual([]);
    // typing again takes the message away; enough cash validates
    await user.clear(screen.getByLabelText('Montant remis'));
    expect(screen.queryByText('Montant remis insuffisant')).toBeNull();
    await user.type(screen.getByLabelText('Montant remis'), '25{Enter}');
    await waitFor(() => expect(screen.getByTestId('final-change')).toBeTruthy());
  });

  it('"1abc" in the tendered field is refused with a visible error', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil'));
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const tendered = screen.getByLabelText('Montant remis');
    await user.type(tendered, '1abc{Enter}');
    expect(norm(screen.getByTestId('tendered-error').textContent)).toBe('Montant invalide');
    expect(tendered.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('validate') as HTMLButtonElement).disabled).toBe(true);
    expect(stored()).toEqual([]);
  });

  it('"1abc" as a card amount is refused with a visible error, no tender added', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil'));
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const side = screen.getByRole('complementary');
    await user.type(within(side).getByLabelText('Montant'), '1abc');
    await user.type(within(side).getByLabelText(/autorisation/), 'A1{Enter}');
    expect(norm(screen.getByTestId('other-error').textContent)).toBe('Montant invalide');
    // the whole sale is still due in cash: the card was not taken for the rest
    expect(norm(screen.getByTestId('cash-due').textContent)).toBe('23,00 $');
    expect(within(side).queryByRole('list')).toBeNull();
  });
});

import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { PaymentScreen, quickCash } from '../../renderer/screens/Payment.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

describe('payment', () => {
  it('quick-cash amounts: exact, then rounded up to each banknote', () => {
    expect(quickCash(2300, [10_000, 5_000, 2_000, 1_000, 500])).toEqual([2300, 2500, 3000, 4000, 5000]);
    expect(quickCash(0, [500])).toEqual([]);
  });

  it('cash: rounding to 5 ¢ shown, big change due, commit stores the sale and shows the receipt', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil')); // 22,98 $ TTC
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    expect(norm(screen.getByTestId('pay-total').textContent)).toBe('22,98 $');
    expect(norm(screen.getByTestId('cash-due').textContent)).toBe('23,00 $');
    expect(norm(screen.getByTestId('rounding').textContent)).toBe('0,02 $');
    expect(norm(screen.getByTestId('change-due').textContent)).toBe('—');
    const tendered = screen.getByLabelText('Montant remis');
    expect(document.activeElement).toBe(tendered);
    await user.type(tendered, '20');
    // not enough: no change, cannot validate
    expect(norm(screen.getByTestId('change-due').textContent)).toBe('—');
    expect((screen.getByTestId('validate') as HTMLButtonElement).disabled).toBe(true);
    await user.clear(tendered);
    await user.click(screen.getByRole('button', { name: /^50,00/ }));
    expect((tendered as HTMLInputElement).value).toBe('50.00');
    expect(norm(screen.getByTestId('change-due').textContent)).toBe('27,00 $');
    await user.click(screen.getByTestId('validate'));
    await waitFor(() => expect(screen.getByTestId('final-change')).toBeTruthy());
    expect(norm(screen.getByTestId('final-change').textContent)).toBe('27,00 $');
    // the receipt preview is the virtual printer's rendering of the receipt job's bytes
    const printed = await screen.findByTestId('printed-receipt');
    expect(printed.textContent).toContain('Perceuse sans fil');
    expect(printed.textContent).toMatch(/50,00/);
    expect(printed.textContent).toMatch(/27,00/);
    // what the ledger stored
    const sale = h.f.app.call('sale.byReceipt', { receiptNumber: 1 }, h.f.clerk)!;
    expect(sale.total).toBe(2298);
    expect(sale.cashRounding).toBe(2);
    expect(sale.tenders[0]).toMatchObject({ method: 'cash', amount: 2300, tendered: 5000, change: 2700 });
  });

  it('split tender: card with its approval reference, the rest in cash', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil'));
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil')); // 2 × → 45,97 $
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    const side = screen.getByRole('complementary');
    await user.type(within(side).getByLabelText('Montant'), '30');
    await user.type(within(side).getByLabelText(/autorisation/), 'A12345');
    await user.click(within(side).getByRole('button', { name: 'Ajouter ce paiement' }));
    // 45,97 − 30,00 = 15,97 → 15,95 in cash
    expect(norm(screen.getByTestId('cash-due').textContent)).toBe('15,95 $');
    await user.type(screen.getByLabelText('Montant remis'), '20{Enter}');
    await waitFor(() => expect(screen.getByTestId('final-change')).toBeTruthy());
    expect(norm(screen.getByTestId('final-change').textContent)).toBe('4,05 $');
    const sale = h.f.app.call('sale.byReceipt', { receiptNumber: 1 }, h.f.clerk)!;
    expect(sale.tenders.map((t) => [t.method, t.amount, t.reference])).toEqual([
      ['card', 3000, 'A12345'],
      ['cash', 1595, null],
    ]);
  });

  it('a price override approved with a wrong manager PIN is refused, shown in French, nothing stored', async () => {
    h = await setup({ login: true, openDrawer: true });
    const p = productByName(h.f, 'Perceuse sans fil');
    useCart.getState().add(p);
    const key = useCart.getState().lines[0]!.key;
    useCart.getState().overridePrice(key, 1500, { managerId: h.f.managerId, pin: '0000', reason: 'abîmé' });
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    await user.type(screen.getByLabelText('Montant remis'), '20{Enter}');
    await waitFor(() => expect(screen.getByText('NIP erroné')).toBeTruthy());
    expect(h.f.app.call('sale.list', { limit: 10 }, h.f.clerk)).toHaveLength(0);
  });
});

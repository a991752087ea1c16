import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CounterScreen } from '../../renderer/screens/Counter.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

describe('counter cart', () => {
  it('search-as-you-type adds an item; totals show GST and QST on the pre-tax amount', async () => {
    h = await setup({ login: true, openDrawer: true });
    const user = userEvent.setup();
    renderUi(<CounterScreen />);
    const search = screen.getByRole('searchbox');
    await user.type(search, 'perce');
    const results = screen.getByTestId('results');
    await waitFor(() => expect(within(results).getAllByRole('button')).toHaveLength(1));
    expect(results.textContent).toContain('Perceuse sans fil');
    await user.keyboard('{ArrowDown}{Enter}');
    expect(useCart.getState().lines).toHaveLength(1);
    // 19,99 $ + TPS 5 % (1,00) + TVQ 9,975 % (1,99) = 22,98 $
    expect(norm(screen.getByTestId('subtotal').textContent)).toBe('19,99 $');
    expect(norm(screen.getByTestId('total').textContent)).toBe('22,98 $');
    expect(screen.getByText(/^TPS/)).toBeTruthy();
    expect(screen.getByText(/^TVQ/)).toBeTruthy();
  });

  it('+ and − change the selected line quantity; Delete removes it; totals follow', async () => {
    h = await setup({ login: true, openDrawer: true });
    const user = userEvent.setup();
    renderUi(<CounterScreen />);
    await user.type(screen.getByRole('searchbox'), 'perceuse');
    await waitFor(() => expect(screen.getByTestId('results').textContent).toContain('Perceuse'));
    await user.keyboard('{ArrowDown}{Enter}');
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('+');
    expect(useCart.getState().lines[0]!.quantity).toBe(2000);
    // 2 × 19,99 = 39,98 + 2,00 + 3,99 = 45,97
    expect(norm(screen.getByTestId('total').textContent)).toBe('45,97 $');
    await user.keyboard('-');
    expect(useCart.getState().lines[0]!.quantity).toBe(1000);
    await user.keyboard('-'); // never below one
    expect(useCart.getState().lines[0]!.quantity).toBe(1000);
    await user.keyboard('{Delete}');
    expect(useCart.getState().lines).toHaveLength(0);
    expect(norm(screen.getByTestId('total').textContent)).toBe('0,00 $');
  });

  it('a barcode typed by a scanner (fast keys + Enter) adds the product by barcode', async () => {
    h = await setup({ login: true, openDrawer: true });
    renderUi(<CounterScreen />);
    const search = screen.getByRole('searchbox') as HTMLInputElement;
    // keyboard wedge: characters a few ms apart, then Enter
    let value = '';
    for (const ch of '060000000001') {
      value += ch;
      fireEvent.keyDown(search, { key: ch });
      fireEvent.change(search, { target: { value } });
    }
    await act(async () => {
      fireEvent.keyDown(search, { key: 'Enter' });
    });
    await waitFor(() => expect(useCart.getState().lines).toHaveLength(1));
    expect(useCart.getState().lines[0]!.product.name).toBe('Mèches à bois (jeu)');
    expect(h.transport.calls.some((c) => c.op === 'catalogue.byBarcode')).toBe(true);
    expect(search.value).toBe('');
  });

  it('a percent discount is priced like the ledger prices it', async () => {
    h = await setup({ login: true, openDrawer: true });
    const user = userEvent.setup();
    renderUi(<CounterScreen />);
    await user.type(screen.getByRole('searchbox'), 'perceuse');
    await waitFor(() => expect(screen.getByTestId('results').textContent).toContain('Perceuse'));
    await user.keyboard('{ArrowDown}{Enter}{F6}');
    const dialog = screen.getByRole('dialog');
    await user.type(within(dialog).getByRole('textbox'), '10{Enter}');
    expect(useCart.getState().lines[0]!.discount).toEqual({ kind: 'percent', basisPoints: 1000 });
    // 19,99 − 2,00 = 17,99 ; TPS 0,90 ; TVQ 1,79 → 20,68
    expect(norm(screen.getByTestId('total').textContent)).toBe('20,68 $');
    const c = h.f.app.call(
      'sale.checkout',
      {
        lines: [
          {
            productId: useCart.getState().lines[0]!.product.id,
            quantity: 1000,
            discount: { kind: 'percent', basisPoints: 1000 },
          },
        ],
        tenders: [{ method: 'card', amount: 2068, reference: 'T1' }],
      },
      h.f.clerk,
    );
    expect(c.sale.total).toBe(2068);
  });
});

import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CounterScreen } from '../../renderer/screens/Counter.tsx';
import { PaymentScreen } from '../../renderer/screens/Payment.tsx';
import { useCart } from '../../renderer/stores/cart.ts';
import { useDrawer } from '../../renderer/stores/drawer.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

/** Web Audio as jsdom lacks it: records the oscillators started (the beep), plays nothing. */
let beeps = 0;
class FakeAudioContext {
  currentTime = 0;
  destination = {};
  createOscillator() {
    return {
      type: '',
      frequency: { value: 0 },
      connect() {},
      start() {
        beeps++;
      },
      stop() {},
    };
  }
  createGain() {
    return { gain: { value: 0, setValueAtTime() {} }, connect() {} };
  }
}
beforeEach(() => {
  beeps = 0;
  (globalThis as { AudioContext?: unknown }).AudioContext = FakeAudioContext;
});

/** A keyboard wedge: characters a few ms apart into `el`, then Enter. */
async function scanInto(el: HTMLElement, code: string, input = el instanceof HTMLInputElement) {
  let value = (el as HTMLInputElement).value ?? '';
  for (const ch of code) {
    fireEvent.keyDown(el, { key: ch });
    if (input) {
      value += ch;
      fireEvent.change(el, { target: { value } });
    }
  }
  await act(async () => {
    fireEvent.keyDown(el, { key: 'Enter' });
  });
}

describe('counter: scans, Enter and the highlighted row', () => {
  it('an unknown barcode is cleared from the search box, said in red with a beep, and the next scan works', async () => {
    h = await setup({ login: true, openDrawer: true });
    renderUi(<CounterScreen />);
    const search = screen.getByRole('searchbox') as HTMLInputElement;
    await scanInto(search, '999999999999');
    const notice = screen.getByTestId('counter-notice');
    await waitFor(() => expect(notice.textContent).toBe('Code inconnu : 999999999999'));
    expect(notice.classList.contains('notice-error')).toBe(true);
    expect(beeps).toBe(1);
    expect(search.value).toBe('');
    expect(useCart.getState().lines).toHaveLength(0);
    // the next scan is not appended to the unknown one
    await scanInto(search, '060000000001');
    await waitFor(() => expect(useCart.getState().lines).toHaveLength(1));
    expect(useCart.getState().lines[0]!.product.name).toBe('Mèches à bois (jeu)');
    expect(notice.classList.contains('notice-error')).toBe(false);
    expect(beeps).toBe(1);
  });

  it('the closed drawer is said on the counter before F8, not only after it', async () => {
    h = await setup({ login: true });
    await useDrawer.getState().refresh();
    renderUi(<CounterScreen />);
    expect(screen.getByTestId('drawer-closed').textContent).toMatch(/Tiroir-caisse fermé/);
    h.f.app.call('drawer.open', { float: { '2000': 5 } }, h.f.manager);
    await act(() => useDrawer.getState().refresh());
    expect(screen.queryByTestId('drawer-closed')).toBeNull();
  });

  it('Enter adds nothing blindly: only the row highlighted with the arrows, or an exact code', async () => {
    h = await setup({ login: true, openDrawer: true });
    // typed by a person (50 ms a key), not a scanner
    const user = userEvent.setup({ delay: 50 });
    renderUi(<CounterScreen />);
    const search = screen.getByRole('searchbox') as HTMLInputElement;
    await user.type(search, 'bois');
    const results = screen.getByTestId('results');
    await waitFor(() => expect(within(results).getAllByRole('button')).toHaveLength(2));
    await user.keyboard('{Enter}');
    expect(useCart.getState().lines).toHaveLength(0);
    expect(screen.getByTestId('counter-notice').textContent).toMatch(/Choisissez l'article/);
    expect(search.value).toBe('bois');
    // ↓ ↓ ↑ ↓: the second row, shown as highlighted, is the one added
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}{ArrowDown}');
    const rows = within(results).getAllByRole('button');
    expect(rows[1]!.getAttribute('aria-current')).toBe('true');
    expect(search.getAttribute('aria-activedescendant')).toBe(rows[1]!.id);
    expect(document.activeElement).toBe(search);
    const name = rows[1]!.querySelector('.result-name')!.textContent;
    await user.keyboard('{Enter}');
    expect(useCart.getState().lines.map((l) => l.product.name)).toEqual([name]);
    expect(search.value).toBe('');
    // an exact SKU typed by hand is a code: Enter adds it
    await user.type(search, 'SKU-1{Enter}');
    await waitFor(() => expect(useCart.getState().lines).toHaveLength(2));
    expect(useCart.getState().lines[1]!.product.name).toBe('Perceuse sans fil');
  });
});

describe('sale done: a scan starts the next sale', () => {
  it('scanning on the "sale done" screen empties the cart, adds the scanned item and goes to the counter', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil'));
    useUi.setState({ screen: 'payment' });
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    await user.type(screen.getByLabelText('Montant remis'), '50{Enter}');
    await screen.findByTestId('final-change');
    const next = screen.getByRole('button', { name: /Nouvelle vente/ });
    expect(document.activeElement).toBe(next);
    await scanInto(next, '060000000001', false);
    await waitFor(() => expect(useUi.getState().screen).toBe('counter'));
    expect(useCart.getState().lines.map((l) => [l.product.name, l.quantity])).toEqual([
      ['Mèches à bois (jeu)', 1000],
    ]);
  });

  it('an unknown code on the "sale done" screen is said with a beep; the plain Enter still starts a new sale', async () => {
    h = await setup({ login: true, openDrawer: true });
    useCart.getState().add(productByName(h.f, 'Perceuse sans fil'));
    useUi.setState({ screen: 'payment' });
    const user = userEvent.setup();
    renderUi(<PaymentScreen />);
    await user.type(screen.getByLabelText('Montant remis'), '50{Enter}');
    await screen.findByTestId('final-change');
    await scanInto(document.activeElement as HTMLElement, '999999999999', false);
    await screen.findByText('Code inconnu : 999999999999');
    expect(beeps).toBe(1);
    expect(useUi.getState().screen).toBe('payment');
    await user.keyboard('{Enter}');
    expect(useUi.getState().screen).toBe('counter');
    expect(useCart.getState().lines).toHaveLength(0);
  });
});

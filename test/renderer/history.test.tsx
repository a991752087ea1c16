import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIsoDate, parseLocalDate } from '../../renderer/lib/date-field.ts';
import { readHistoryQuery } from '../../renderer/lib/history.ts';
import { HistoryScreen } from '../../renderer/screens/History.tsx';
import type { Sale } from '../../shared/api/types.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

// jsdom lays nothing out: the history's scroll pane gets the height it has on a 768-px till
// (the virtual list shows what fits in it), every other element keeps jsdom's 0
const props = ['clientHeight', 'clientWidth'] as const;
const saved = props.map((k) => Object.getOwnPropertyDescriptor(Element.prototype, k));
beforeAll(() => {
  for (const k of props) {
    Object.defineProperty(Element.prototype, k, {
      configurable: true,
      get(this: Element) {
        if ((this as HTMLElement).dataset?.testid !== 'history-scroll') return 0;
        return k === 'clientHeight' ? 480 : 760;
      },
    });
  }
});
afterAll(() => {
  for (const [i, k] of props.entries()) Object.defineProperty(Element.prototype, k, saved[i]!);
});

function sell(name: string, customerId?: string): Sale {
  const p = productByName(h.f, name);
  const sale = h.f.app.call(
    'sale.checkout',
    {
      lines: [{ productId: p.id, quantity: 1000 }],
      tenders: [{ method: 'cash', tendered: 100_000 }],
      ...(customerId ? { customerId } : {}),
    },
    h.f.clerk,
  ).sale;
  h.f.clock.advance(60_000);
  return sale;
}

/** Three sales: Thibault's first, then two newer ones without a customer (the newest is the trap). */
async function threeSales() {
  h = await setup({ login: true, openDrawer: true });
  const thibault = h.f.app.call('customer.create', { name: 'Réjean Thibault' }, h.f.clerk);
  const his = sell('Perceuse sans fil', thibault.id);
  sell('Vis à bois');
  const newest = sell('Mèches à bois (jeu)');
  return { his, newest };
}

/** The open sale's heading ("Vente n° 2"), or null when none is open. */
function openSaleHeading(): string | null {
  const pane = screen.getByRole('region', { name: 'Détail de la vente' });
  return within(pane).queryByRole('heading', { level: 2 })?.textContent ?? null;
}

async function renderHistory() {
  const user = userEvent.setup();
  renderUi(<HistoryScreen />);
  await waitFor(() => expect(screen.getAllByTestId('sale-row')).toHaveLength(3));
  return user;
}

describe('sales history: Enter opens only what the clerk named', () => {
  it('typing a name and Enter opens nothing (not the newest sale); ↓ then Enter opens the highlighted row', async () => {
    const { his, newest } = await threeSales();
    const user = await renderHistory();
    await user.type(screen.getByLabelText('N° de reçu ou client'), 'Thibault{Enter}');
    expect(await screen.findByTestId('history-miss')).toBeTruthy();
    expect(openSaleHeading()).toBeNull();
    expect(screen.queryByRole('button', { name: 'Annuler la vente' })).toBeNull();
    // the list is filtered to his one sale; the arrow key chooses it, Enter opens it
    await waitFor(() => expect(screen.getAllByTestId('sale-row')).toHaveLength(1));
    await user.keyboard('{ArrowDown}{Enter}');
    await waitFor(() => expect(openSaleHeading()).toContain(`n° ${his.receiptNumber}`));
    expect(openSaleHeading()).not.toContain(`n° ${newest.receiptNumber}`);
  });

  it("scanning the receipt's QR (the sale's id, then Enter) opens that sale, even typed in lower case", async () => {
    const { his, newest } = await threeSales();
    const user = await renderHistory();
    const box = screen.getByLabelText('N° de reçu ou client');
    await user.type(box, `${his.id}{Enter}`);
    await waitFor(() => expect(openSaleHeading()).toContain(`n° ${his.receiptNumber}`));
    await user.clear(box);
    await user.type(box, `${newest.id.toLowerCase()}{Enter}`);
    await waitFor(() => expect(openSaleHeading()).toContain(`n° ${newest.receiptNumber}`));
  });

  it('a receipt number opens that receipt; an unknown number or code opens nothing and says so', async () => {
    const { his } = await threeSales();
    const user = await renderHistory();
    const box = screen.getByLabelText('N° de reçu ou client');
    await user.type(box, `${his.receiptNumber}{Enter}`);
    await waitFor(() => expect(openSaleHeading()).toContain(`n° ${his.receiptNumber}`));
    await user.clear(box);
    await user.type(box, '9999{Enter}');
    expect((await screen.findByTestId('history-miss')).textContent).toBe('Aucune vente n° 9999.');
    await user.clear(box);
    await user.type(box, '01ARZ3NDEKTSV4RRFFQ69G5FAV{Enter}');
    expect((await screen.findByTestId('history-miss')).textContent).toBe(
      'Aucune vente ne correspond à ce code de reçu.',
    );
  });
});

describe('a long history', () => {
  it('1,203 sales: a virtual list (a screenful of rows in the DOM) that asks for the next page as it scrolls, down to the first sale', async () => {
    h = await setup({ login: true, openDrawer: true });
    const p = productByName(h.f, 'Vis à bois');
    const SALES = 1_203;
    for (let i = 0; i < SALES; i++) {
      h.f.app.call(
        'sale.checkout',
        { lines: [{ productId: p.id, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 1000 }] },
        h.f.clerk,
      );
      // several sales share a second: the cursor's order breaks the ties
      if (i % 4 === 3) h.f.clock.advance(1_000);
    }
    renderUi(<HistoryScreen />);
    const count = () => screen.getByTestId('history-count').textContent;
    await waitFor(() => expect(count()).toBe('500 ventes chargées, la suite en défilant'));
    // 480 px of 48-px rows and the overscan: far fewer rows in the DOM than in the list
    const rendered = screen.getAllByTestId('sale-row').length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    const scroller = screen.getByTestId('history-scroll');
    const receipts = () =>
      screen.getAllByTestId('sale-row').map((r) => Number(r.querySelector('button')!.textContent));
    // scroll to the end of what is loaded, as a clerk dragging the list would: the next pages come
    for (let i = 0; i < 5 && count() !== `${SALES} ventes`; i++) {
      const before = count();
      scroller.scrollTop = 100_000;
      scroller.dispatchEvent(new Event('scroll'));
      await waitFor(() => expect(count()).not.toBe(before));
    }
    expect(count()).toBe(`${SALES} ventes`);
    scroller.scrollTop = SALES * 48;
    scroller.dispatchEvent(new Event('scroll'));
    // the oldest sale, receipt no. 1, is on screen; receipts run down one by one with none missing
    await waitFor(() => expect(receipts()).toContain(1));
    const shown = receipts();
    expect(shown).toEqual(shown.map((_, i) => shown[0]! - i));
    expect(shown.at(-1)).toBe(1);
    expect(screen.getAllByTestId('sale-row').length).toBeLessThan(40);
  });
});

describe('what the search box reads', () => {
  it('ids, receipt numbers and names', () => {
    expect(readHistoryQuery(' 01ARZ3NDEKTSV4RRFFQ69G5FAV ')).toEqual({
      kind: 'saleId',
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    // the receipt's QR: CPT1:<device>:<seq>:<hash>:<sale id> (the id last)
    expect(readHistoryQuery(`CPT1:till-01J:4217:${'ab'.repeat(32)}:01ARZ3NDEKTSV4RRFFQ69G5FAV`)).toEqual({
      kind: 'saleId',
      id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
    });
    expect(readHistoryQuery('n° 4273')).toEqual({ kind: 'receipt', number: 4273 });
    expect(readHistoryQuery('#12')).toEqual({ kind: 'receipt', number: 12 });
    expect(readHistoryQuery('0')).toEqual({ kind: 'text', text: '0' });
    expect(readHistoryQuery('Thibault')).toEqual({ kind: 'text', text: 'Thibault' });
    expect(readHistoryQuery('')).toEqual({ kind: 'empty' });
  });
});

describe('dates in the locale of the store', () => {
  it('written and read as France, Bulgaria and Québec write them; calendar errors refused', () => {
    expect(formatIsoDate('2026-11-30', 'fr-FR')).toBe('30/11/2026');
    expect(formatIsoDate('2026-11-30', 'bg-BG')).toBe('30.11.2026 г.');
    expect(formatIsoDate('2026-11-30', 'fr-CA')).toBe('2026-11-30');
    expect(formatIsoDate('2026-11', 'fr-FR', 'month')).toBe('11/2026');
    expect(parseLocalDate('30/11/2026', 'fr-FR')).toBe('2026-11-30');
    expect(parseLocalDate('30.11.2026 г.', 'bg-BG')).toBe('2026-11-30');
    expect(parseLocalDate('2026-11-30', 'fr-CA')).toBe('2026-11-30');
    expect(parseLocalDate('31/04/2026', 'fr-FR')).toBeNull();
    expect(parseLocalDate('29/02/2027', 'fr-FR')).toBeNull();
    expect(parseLocalDate('11/30/2026', 'fr-FR')).toBeNull();
    expect(parseLocalDate('11.2026', 'bg-BG', 'month')).toBe('2026-11');
  });
});

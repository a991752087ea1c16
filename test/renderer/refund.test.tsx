import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelDialog, RefundDialog, ReturnDialog } from '../../renderer/screens/History.tsx';
import type { Sale } from '../../shared/api/types.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

function sell(name: string, qty = 1000): Sale {
  const p = productByName(h.f, name);
  return h.f.app.call(
    'sale.checkout',
    { lines: [{ productId: p.id, quantity: qty }], tenders: [{ method: 'cash', tendered: 100_000 }] },
    h.f.clerk,
  ).sale;
}

describe('cancel and refund dialogs', () => {
  it('cancel: reason from the list + message for the customer', async () => {
    h = await setup({ login: true, openDrawer: true });
    const sale = sell('Perceuse sans fil');
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<CancelDialog sale={sale} onDone={(s) => (done = s)} onClose={() => undefined} />);
    await user.selectOptions(screen.getByLabelText('Motif'), 'defective');
    await user.type(screen.getByLabelText('Message pour le client'), 'Désolés, perceuse défectueuse.');
    await user.click(screen.getByRole('button', { name: "Confirmer l'annulation" }));
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!.status).toBe('cancelled');
    expect(done!.cancelReason).toBe('defective');
    expect(done!.cancelMessage).toBe('Désolés, perceuse défectueuse.');
  });

  it('refund: shows the cash to hand back and the drawer impact; both confirmations are required', async () => {
    h = await setup({ login: true, openDrawer: true });
    const sale = sell('Perceuse sans fil'); // paid 23,00 $ (rounded)
    const cancelled = h.f.app.call('sale.cancel', { saleId: sale.id, reason: 'customer_request' }, h.f.clerk);
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<RefundDialog sale={cancelled} onDone={(s) => (done = s)} onClose={() => undefined} />);
    expect(norm(screen.getByTestId('refund-amount').textContent)).toBe('23,00 $');
    expect(norm(screen.getByTestId('drawer-impact').textContent)).toBe('-23,00 $');
    // submit without the confirmations: the contract's field errors, translated, next to the boxes
    await user.click(screen.getByRole('button', { name: 'Rembourser' }));
    await waitFor(() => expect(screen.getByText('Identifiez le client')).toBeTruthy());
    expect(screen.getByText('Confirmez la vente avec le client')).toBeTruthy();
    expect(h.f.app.call('sale.get', { saleId: sale.id }, h.f.clerk).status).toBe('cancelled');
    await user.click(screen.getByLabelText("J'ai identifié le client"));
    await user.click(screen.getByLabelText("J'ai confirmé la vente avec le client"));
    await user.click(screen.getByRole('button', { name: 'Rembourser' }));
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!.status).toBe('refunded');
    expect(done!.refundedAmount).toBe(2300);
  });

  it('refund above the threshold asks a manager PIN (APPROVAL_REQUIRED), then succeeds', async () => {
    h = await setup({ login: true, openDrawer: true, store: { refundApprovalThreshold: 1000 } });
    const sale = sell('Perceuse sans fil');
    const cancelled = h.f.app.call('sale.cancel', { saleId: sale.id, reason: 'wrong_item' }, h.f.clerk);
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<RefundDialog sale={cancelled} onDone={(s) => (done = s)} onClose={() => undefined} />);
    await user.click(screen.getByLabelText("J'ai identifié le client"));
    await user.click(screen.getByLabelText("J'ai confirmé la vente avec le client"));
    await user.click(screen.getByRole('button', { name: 'Rembourser' }));
    const approval = await screen.findByRole('dialog', { name: "Approbation d'un·e gérant·e" });
    // the manager (not the admin) is proposed first
    expect((within(approval).getByLabelText('Gérant·e') as HTMLSelectElement).value).toBe(h.f.managerId);
    await user.type(within(approval).getByLabelText('NIP du gérant'), '1111{Enter}');
    await waitFor(() => expect(within(approval).getByText('NIP erroné')).toBeTruthy());
    expect(done).toBeNull();
    await user.type(within(approval).getByLabelText('NIP du gérant'), `${MANAGER_PIN}{Enter}`);
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!.status).toBe('refunded');
  });

  it('a card sale refunded in cash: 22.98 → 23.00 shown, the hint says a manager approves, and the PIN is asked under the threshold', async () => {
    h = await setup({ login: true, openDrawer: true });
    const p = productByName(h.f, 'Perceuse sans fil');
    const sale = h.f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.id, quantity: 1000 }],
        tenders: [{ method: 'card', amount: 2298, reference: 'A' }],
      },
      h.f.clerk,
    ).sale;
    const cancelled = h.f.app.call('sale.cancel', { saleId: sale.id, reason: 'defective' }, h.f.clerk);
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<RefundDialog sale={cancelled} onDone={(s) => (done = s)} onClose={() => undefined} />);
    // a card sale goes back to the card unless the clerk chooses cash
    await user.click(screen.getByLabelText('En espèces, à la caisse'));
    expect(norm(screen.getByTestId('refund-amount').textContent)).toBe('23,00 $');
    expect(screen.getByText(/Vente non payée en espèces/)).toBeTruthy();
    await user.click(screen.getByLabelText("J'ai identifié le client"));
    await user.click(screen.getByLabelText("J'ai confirmé la vente avec le client"));
    await user.click(screen.getByRole('button', { name: 'Rembourser' }));
    const approval = await screen.findByRole('dialog', { name: "Approbation d'un·e gérant·e" });
    await user.type(within(approval).getByLabelText('NIP du gérant'), `${MANAGER_PIN}{Enter}`);
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!).toMatchObject({ status: 'refunded', refundedAmount: 2300 });
  });

  it('a card sale back to the card: the channel is chosen, the reference prefilled from the card payment; the sale waits for head office, the drawer is untouched', async () => {
    h = await setup({ login: true, openDrawer: true });
    const p = productByName(h.f, 'Perceuse sans fil');
    const sale = h.f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.id, quantity: 1000 }],
        tenders: [{ method: 'card', amount: 2298, reference: 'TPE 004417' }],
      },
      h.f.clerk,
    ).sale;
    const cancelled = h.f.app.call('sale.cancel', { saleId: sale.id, reason: 'defective' }, h.f.clerk);
    const drawerBefore = h.f.app.call('report.x', {}, h.f.manager).expectedCash;
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<RefundDialog sale={cancelled} onDone={(s) => (done = s)} onClose={() => undefined} />);
    expect((screen.getByLabelText('Sur la carte (par le siège)') as HTMLInputElement).checked).toBe(true);
    // the exact card amount, not the cash rule's 23,00
    expect(norm(screen.getByTestId('refund-amount').textContent)).toBe('22,98 $');
    expect(norm(screen.getByTestId('drawer-impact').textContent)).toBe('0,00 $');
    const ref = screen.getByLabelText('Référence du paiement par carte') as HTMLInputElement;
    expect(ref.value).toBe('TPE 004417');
    await user.clear(ref);
    await user.type(ref, 'TPE 004417 / lot 12');
    await user.click(screen.getByRole('button', { name: 'Demander le remboursement' }));
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!).toMatchObject({ status: 'refund_pending', refundedAmount: 2298 });
    expect(h.f.app.call('report.x', {}, h.f.manager).expectedCash).toBe(drawerBefore);
    const entry = h.f.app.env.sqlite
      .prepare("SELECT payload FROM journal WHERE type = 'sale.refundRequested'")
      .get() as { payload: string };
    expect(JSON.parse(entry.payload)).toMatchObject({
      saleId: sale.id,
      amount: 2298,
      cardReference: 'TPE 004417 / lot 12',
    });
  });

  it('Bulgarian: the same error and statuses in Cyrillic', async () => {
    h = await setup({ login: true, openDrawer: true });
    const { setLang } = await import('../../renderer/i18n/index.ts');
    setLang('bg');
    const sale = sell('Vis à bois');
    const cancelled = h.f.app.call('sale.cancel', { saleId: sale.id, reason: 'other' }, h.f.clerk);
    const user = userEvent.setup();
    renderUi(<RefundDialog sale={cancelled} onDone={() => undefined} onClose={() => undefined} />);
    await user.click(screen.getByRole('button', { name: 'Възстанови' }));
    await waitFor(() => expect(screen.getByText('Идентифицирайте клиента')).toBeTruthy());
    expect(norm(screen.getByTestId('refund-amount').textContent)).toMatch(/0,10/);
  });

  it('return of lines: 2 of 3 bits back shows the cash and the taxes of those lines, refunds them, and the rest can still come back', async () => {
    h = await setup({ login: true, openDrawer: true });
    const drill = productByName(h.f, 'Perceuse sans fil');
    const bits = productByName(h.f, 'Mèches à bois (jeu)');
    const sale = h.f.app.call(
      'sale.checkout',
      {
        lines: [
          { productId: drill.id, quantity: 1000 },
          { productId: bits.id, quantity: 3000 },
        ],
        tenders: [{ method: 'cash', tendered: 5000 }],
      },
      h.f.clerk,
    ).sale;
    let done: Sale | null = null;
    const user = userEvent.setup();
    renderUi(<ReturnDialog sale={sale} onDone={(s) => (done = s)} onClose={() => undefined} />);
    expect(screen.getAllByTestId('return-line')).toHaveLength(2);
    const confirm = screen.getByRole('button', { name: 'Rembourser le retour' }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    await user.type(screen.getByLabelText('Quantité retournée : Mèches à bois (jeu)'), '2');
    // 9.98 + GST 0.50 + QST 1.00 = 11.48 → 11.50 in cash
    expect(norm(screen.getByTestId('return-amount').textContent)).toBe('11,50 $');
    // one rate a line (a Bulgarian line of two rates ran past the dialog)
    const rates = [...screen.getByTestId('return-taxes').children].map((el) => norm(el.textContent));
    expect(rates).toEqual(['TPS 0,50 $', 'TVQ 1,00 $']);
    // a quantity over what is left is the ledger's refusal, said under the field
    await user.clear(screen.getByLabelText('Quantité retournée : Mèches à bois (jeu)'));
    await user.type(screen.getByLabelText('Quantité retournée : Mèches à bois (jeu)'), '4');
    await user.click(screen.getByLabelText("J'ai identifié le client"));
    await user.click(confirm);
    await waitFor(() => expect(screen.getByText('Plus que ce qui reste à retourner')).toBeTruthy());
    expect(done).toBeNull();
    await user.clear(screen.getByLabelText('Quantité retournée : Mèches à bois (jeu)'));
    await user.type(screen.getByLabelText('Quantité retournée : Mèches à bois (jeu)'), '2');
    await user.click(confirm);
    await waitFor(() => expect(done).not.toBeNull());
    expect(done!).toMatchObject({ status: 'completed', refundedAmount: 1150 });
    expect(done!.lines[1]).toMatchObject({ returnedQuantity: 2000, returnedAmount: 998 });
  });
});

import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { DenominationGrid } from '../../renderer/components/DenominationGrid.tsx';
import { DrawerScreen } from '../../renderer/screens/Drawer.tsx';
import type { DenominationCount } from '../../shared/denominations.ts';
import { type Harness, productByName, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

function Grid({ onCount }: { onCount: (c: DenominationCount) => void }) {
  const [count, setCount] = useState<DenominationCount>({});
  return (
    <form>
      <DenominationGrid
        currency="CAD"
        count={count}
        field="float"
        onChange={(c) => {
          setCount(c);
          onCount(c);
        }}
      />
    </form>
  );
}

describe('denomination grid', () => {
  it('lists CAD notes and coins (no 1 ¢), totals the count, Enter moves to the next row', async () => {
    h = await setup({ login: true });
    let last: DenominationCount = {};
    const user = userEvent.setup();
    renderUi(<Grid onCount={(c) => (last = c)} />);
    const inputs = screen.getAllByRole('textbox');
    expect(inputs).toHaveLength(10); // 100 50 20 10 5 | 2 1 0,25 0,10 0,05
    expect(screen.queryByLabelText(/^0,01/)).toBeNull();
    await user.type(screen.getByLabelText(/^20,00/), '3{Enter}');
    expect(document.activeElement).toBe(screen.getByLabelText(/^10,00/));
    await user.type(screen.getByLabelText(/^0,25/), '4');
    await user.type(screen.getByLabelText(/^0,05/), 'x7'); // letters are ignored
    expect(last).toEqual({ '2000': 3, '25': 4, '5': 7 });
    expect(norm(screen.getByTestId('count-total').textContent)).toBe('61,35 $');
    await user.clear(screen.getByLabelText(/^0,25/));
    expect(last).toEqual({ '2000': 3, '5': 7 });
  });

  it('opens the drawer with the counted float, then a blind close shows the shortfall on the Z report', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<DrawerScreen />);
    await user.type(await screen.findByLabelText(/^20,00/), '5'); // 100 $ float
    await user.click(screen.getByTestId('open-drawer'));
    await waitFor(() => expect(screen.getByRole('heading', { name: /Tiroir n° 1 ouvert/ })).toBeTruthy());
    expect(h.f.app.call('drawer.current', {}, h.f.clerk)!.float).toBe(10_000);
    // a 22,98 $ sale paid 23,00 in cash → 123,00 $ expected
    h.f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: productByName(h.f, 'Perceuse sans fil').id, quantity: 1000 }],
        tenders: [{ method: 'cash', tendered: 2300 }],
      },
      h.f.clerk,
    );
    await user.click(screen.getByRole('button', { name: 'Fermer le tiroir' }));
    const dialog = screen.getByRole('dialog');
    // blind: nothing in the close dialog shows the expected 123,00 $
    expect(norm(dialog.textContent)).not.toContain('123,00');
    await user.type(screen.getByLabelText(/^100,00/), '1');
    await user.type(screen.getByLabelText(/^20,00/), '1'); // 120 $ counted: 3 $ short
    await user.click(screen.getByTestId('confirm-close'));
    // a confirmation step with the counted total; nothing is closed yet
    expect(norm(screen.getByTestId('close-counted').textContent)).toBe('120,00 $');
    expect(h.f.app.call('drawer.current', {}, h.f.clerk)).not.toBeNull();
    await user.click(screen.getByTestId('confirm-close-final'));
    await waitFor(() => expect(screen.getByTestId('over-short')).toBeTruthy());
    expect(norm(screen.getByTestId('over-short').textContent)).toMatch(/^Manque ?-3,00 \$$/);
    expect(norm(screen.getByTestId('expected').textContent)).toBe('123,00 $');
    expect(screen.getByRole('heading', { name: /Rapport Z n° 1/ })).toBeTruthy();
    expect(h.f.app.call('report.z', { number: 1 }, h.f.clerk).overShort).toBe(-300);
  });

  it('Enter on the last coin row of a blind close never closes the drawer; closing needs the final confirmation', async () => {
    h = await setup({ login: true, openDrawer: true });
    const user = userEvent.setup();
    renderUi(<DrawerScreen />);
    await user.click(await screen.findByRole('button', { name: 'Fermer le tiroir' }));
    const seqBefore = h.f.app.env.sqlite.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number };
    await user.type(screen.getByLabelText(/^20,00/), '5');
    // Enter on the last coin row (0,05 $): the focus moves on to the note, nothing is closed
    await user.type(screen.getByLabelText(/^0,05/), '3{Enter}');
    expect(document.activeElement).toBe(screen.getByLabelText('Note (facultative)'));
    expect(h.f.app.call('drawer.current', {}, h.f.clerk)).not.toBeNull();
    expect(h.f.app.env.sqlite.prepare('SELECT max(seq) AS s FROM journal').get()).toEqual(seqBefore);
    // Ctrl+Enter in a count field (or Enter in the note, or the button) only reaches the
    // summary: counted total and "this is final"
    await user.type(screen.getByLabelText(/^20,00/), '{Control>}{Enter}{/Control}');
    expect(norm(screen.getByTestId('close-counted').textContent)).toBe('100,15 $');
    expect(screen.getByRole('alert').textContent).toMatch(/définitive/);
    // the focus is on "back to the count": a stray Enter goes back, it does not close
    expect(document.activeElement?.textContent).toBe('Revenir au comptage');
    await user.keyboard('{Enter}');
    expect(screen.getByLabelText(/^0,05/)).toHaveProperty('value', '3');
    await user.type(screen.getByLabelText('Note (facultative)'), '{Enter}');
    expect(screen.getByTestId('close-summary')).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(h.f.app.call('drawer.current', {}, h.f.clerk)).not.toBeNull();
    expect(h.f.app.env.sqlite.prepare('SELECT max(seq) AS s FROM journal').get()).toEqual(seqBefore);
    await user.click(screen.getByTestId('confirm-close'));
    await user.click(screen.getByTestId('confirm-close-final'));
    await waitFor(() => expect(screen.getByTestId('over-short')).toBeTruthy());
    expect(h.f.app.call('drawer.current', {}, h.f.clerk)).toBeNull();
    expect(h.f.app.call('report.z', { number: 1 }, h.f.clerk).countedCash).toBe(10_015);
  });
});

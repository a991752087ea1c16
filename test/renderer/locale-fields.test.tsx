import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLang } from '../../renderer/i18n/index.ts';
import { ClosingsScreen } from '../../renderer/screens/Closings.tsx';
import { OrdersScreen } from '../../renderer/screens/Orders.tsx';
import { PrinterScreen } from '../../renderer/screens/Printer.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => {
  vi.useRealTimers();
  h?.f.cleanup();
});

describe('fields written the way the language writes them', () => {
  it("an order's balance is prefilled with a decimal comma in French and Bulgarian, a point in English", async () => {
    h = await setup({ login: true });
    const order = h.f.app.call(
      'order.create',
      { description: 'Location — cloueuse', total: 6998 },
      h.f.clerk,
    );
    for (const [lang, want] of [
      ['fr', '69,98'],
      ['bg', '69,98'],
      ['en', '69.98'],
    ] as const) {
      setLang(lang);
      const user = userEvent.setup();
      const { unmount } = renderUi(<OrdersScreen />);
      await user.click(await screen.findByRole('button', { name: order.number }));
      await screen.findByTestId('order-balance');
      const input = document.querySelector('.history-detail form input') as HTMLInputElement;
      expect(input.value).toBe(want);
      unmount();
    }
  });

  it('the closing period reads 29.11.2026 г. in Bulgarian, 2026-11-29 in Québec French, 11.2026 г. for a month', async () => {
    h = await setup();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(h.f.clock.now);
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    setLang('bg');
    const user = userEvent.setup();
    const { unmount } = renderUi(<ClosingsScreen />);
    const field = () => screen.getByTestId('close-period') as HTMLInputElement;
    await waitFor(() => expect(field().value).toMatch(/^\d{2}\.\d{2}\.\d{4} г\.$/));
    expect(field().type).toBe('text');
    expect(field().placeholder).toBe('дд.мм.гггг г.');
    await user.selectOptions(screen.getByRole('combobox'), 'month');
    await waitFor(() => expect(field().value).toMatch(/^\d{2}\.\d{4} г\.$/));
    unmount();
    setLang('fr');
    renderUi(<ClosingsScreen />);
    await waitFor(() => expect(field().value).toMatch(/^\d{4}-\d{2}-\d{2}$/));
  });

  it('printer profiles are named in the language of the screen', async () => {
    h = await setup();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    setLang('bg');
    renderUi(<PrinterScreen />);
    await waitFor(() => expect(screen.getAllByRole('option', { name: /колони/ }).length).toBe(3));
    expect(screen.queryByRole('option', { name: /columns/ })).toBeNull();
  });
});

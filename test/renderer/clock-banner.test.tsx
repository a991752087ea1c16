import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ClockBanner } from '../../renderer/components/ClockBanner.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

const HOUR = 3_600_000;

/** The till's clock set back a day after a sale: the journal keeps its order, the manager is told. */
async function clockSetBack() {
  h = await setup();
  h.f.app.call('sale.open', {}, h.f.clerk);
  h.f.clock.setWall(new Date(h.f.clock.now.getTime() - 24 * HOUR));
  h.f.app.call('sale.open', {}, h.f.clerk);
}

describe('clock banner', () => {
  it('tells a manager the clock is behind, in French by default', async () => {
    await clockSetBack();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(<ClockBanner />);
    const alert = await screen.findByTestId('clock-banner');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toMatch(/L'horloge de la caisse retarde de 1440 min/);
  });

  it('once the clock is right, the last setting-back stays as a note the manager dismisses', async () => {
    await clockSetBack();
    h.f.clock.setWall(new Date(h.f.clock.now.getTime() + 24 * HOUR + 60_000));
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(<ClockBanner />);
    const note = await screen.findByTestId('clock-banner');
    expect(note.getAttribute('role')).toBe('status');
    expect(note.textContent).toMatch(/a été reculée/);
    await userEvent.click(screen.getByRole('button', { name: 'Compris' }));
    await waitFor(() => expect(screen.queryByTestId('clock-banner')).toBeNull());
  });

  it('shows nothing when the clock was never set back', async () => {
    h = await setup();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(<ClockBanner />);
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('clock-banner')).toBeNull();
  });
});

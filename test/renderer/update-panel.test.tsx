import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { startUpdates, type Updates } from '../../electron/app/updates.ts';
import { UpdatePanel } from '../../renderer/components/UpdatePanel.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
let u: Updates | null = null;
afterEach(async () => {
  await u?.stop();
  u = null;
  h?.f.cleanup();
});

describe('update panel (manager screen)', () => {
  it('shows the version offered, that it waits for the Z, and postpones it by a day', async () => {
    h = await setup();
    h.f.app.call('drawer.open', { float: { '2000': 5 } }, h.f.clerk);
    const installs: string[] = [];
    u = startUpdates(
      h.f.app,
      {
        setFeedURL: () => undefined,
        check: async () => '0.2.0',
        download: async () => undefined,
        install: () => installs.push('install'),
      },
      { current: '0.1.0', feedUrl: 'https://hq.example/updates/', now: () => h.f.clock.now },
    );
    u.start();
    await u.check();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(<UpdatePanel />);
    expect((await screen.findByTestId('update-available')).textContent).toBe('Version 0.2.0 téléchargée.');
    expect(screen.getByText(/Elle s'installera après : la fermeture du tiroir \(Z\)/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: "Reporter d'un jour" }));
    await waitFor(() => expect(screen.getByText(/le report jusqu'au/)).toBeTruthy());
    const n = h.f.app.env.sqlite
      .prepare("SELECT count(*) AS n FROM journal WHERE type = 'update.postponed'")
      .get() as {
      n: number;
    };
    expect(n.n).toBe(1);
    expect(installs).toEqual([]);
  });

  it('is not shown where no updater runs (the web host, a dev build)', async () => {
    h = await setup();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    const { container } = renderUi(<UpdatePanel />);
    await new Promise((r) => setTimeout(r, 50));
    expect(container.querySelector('.update-panel')).toBeNull();
  });
});

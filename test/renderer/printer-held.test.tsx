import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { PrinterScreen } from '../../renderer/screens/Printer.tsx';
import { usePrinter } from '../../renderer/stores/printer.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

/**
 * Old print jobs wait for a manager's choice (issue 11: a printer configured for the first time
 * received ~4,700 old jobs at once). Against a real ledger; no print worker runs here, so the
 * jobs stay where the choice puts them.
 */
let h: Harness;
afterEach(() => h?.f.cleanup());

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

async function withOldJobs(n: number) {
  h = await setup();
  const { f } = h;
  f.app.call(
    'printer.configure',
    { name: 'Comptoir', transport: { kind: 'virtual' }, profileId: 'epson-tm-t20iii', jobRetentionDays: 90 },
    f.manager,
  );
  const ins = f.app.env.sqlite.prepare(
    `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts)
     VALUES (?, ?, 'test_page', NULL, '{}', 0, 'pending', 0)`,
  );
  // the fixture's clock: 26 Nov 10:00 in Toronto; these were queued two days before
  for (let i = 0; i < n; i++) ins.run(`01JBOLD${String(i).padStart(19, '0')}`, '2026-11-24T15:00:00.000Z');
  ins.run('01JBNEW0000000000000000000', '2026-11-26T14:30:00.000Z'); // today's: not held
  await useSession.getState().login(f.managerId, MANAGER_PIN);
  await usePrinter.getState().refresh();
}

const statuses = () =>
  h.f.app.env.sqlite.prepare('SELECT status, released_at FROM print_jobs ORDER BY id').all() as {
    status: string;
    released_at: string | null;
  }[];

describe("old print jobs: the manager's choice", () => {
  it('the printer screen says how many wait and since when; printing them releases them all', async () => {
    await withOldJobs(12);
    const user = userEvent.setup();
    renderUi(<PrinterScreen />);
    const card = await screen.findByTestId('held-jobs');
    expect(within(card).getByRole('heading').textContent).toBe('12 anciennes impressions en attente');
    expect(norm(card.textContent)).toContain("Elles datent d'avant le 2026-11-26 04 h 00");
    await waitFor(() => expect(screen.getAllByText('Retenue (ancienne)')).toHaveLength(12));
    expect(screen.getAllByText('En attente')).toHaveLength(1); // today's job
    await user.click(within(card).getByRole('button', { name: 'Imprimer les 12 impressions' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe("12 impressions envoyées à l'imprimante"),
    );
    expect(screen.queryByTestId('held-jobs')).toBeNull();
    expect(statuses().filter((r) => r.released_at !== null)).toHaveLength(12);
    expect(h.f.app.call('printer.status', {}, h.f.manager).heldJobs).toBe(0);
    await waitFor(() => expect(screen.queryAllByText('Retenue (ancienne)')).toHaveLength(0));
  });

  it('discarding asks first; Back keeps them, confirming cancels them', async () => {
    await withOldJobs(3);
    const user = userEvent.setup();
    renderUi(<PrinterScreen />);
    const card = await screen.findByTestId('held-jobs');
    await user.click(within(card).getByRole('button', { name: 'Les abandonner' }));
    const dialog = screen.getByRole('dialog', { name: 'Abandonner 3 impressions ?' });
    await user.click(within(dialog).getByRole('button', { name: 'Retour' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(statuses().filter((r) => r.status === 'pending')).toHaveLength(4);
    await user.click(within(card).getByRole('button', { name: 'Les abandonner' }));
    await user.click(screen.getByRole('button', { name: 'Abandonner les 3' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('3 impressions abandonnées'));
    expect(statuses().map((r) => r.status)).toEqual(['pending', 'cancelled', 'cancelled', 'cancelled']);
  });

  it('the hold age is set on the printer screen, and saving keeps the retention the screen does not show', async () => {
    await withOldJobs(1);
    const user = userEvent.setup();
    renderUi(<PrinterScreen />);
    const field = await screen.findByLabelText('Retenir les impressions plus anciennes que (heures)');
    await waitFor(() => expect(screen.getByLabelText('Nom')).toHaveProperty('value', 'Comptoir'));
    await user.type(field, '48');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Réglages enregistrés'));
    expect(h.f.app.call('printer.config', {}, h.f.manager)).toMatchObject({
      holdOlderThanHours: 48,
      jobRetentionDays: 90,
    });
    // 48 h before 26 Nov 15:00Z: the jobs of the 24th at 15:00Z are no longer held
    await waitFor(() => expect(screen.queryByTestId('held-jobs')).toBeNull());
  });

  it('a manager sees a banner on every other screen, which leads to the printer; a clerk does not', async () => {
    await withOldJobs(5);
    const user = userEvent.setup();
    renderUi(<App />);
    const banner = await screen.findByTestId('held-banner');
    expect(norm(banner.textContent)).toContain('5 anciennes impressions attendent votre choix');
    await user.click(within(banner).getByRole('button', { name: "Voir l'imprimante" }));
    expect(useUi.getState().screen).toBe('printer');
    expect(screen.queryByTestId('held-banner')).toBeNull();
    expect(await screen.findByTestId('held-jobs')).toBeTruthy();
    await act(async () => {
      await useSession.getState().logout();
      await useSession.getState().login(h.f.clerkId, '1234');
      await usePrinter.getState().refresh();
    });
    await screen.findByRole('searchbox');
    expect(screen.queryByTestId('held-banner')).toBeNull();
  });
});

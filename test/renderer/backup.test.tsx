import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backups, startBackups } from '../../electron/app/backups.ts';
import { BackupPanel } from '../../renderer/components/BackupPanel.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
let b: Backups | null = null;
afterEach(async () => {
  await b?.stop();
  b = null;
  h?.f.cleanup();
});

async function asManager() {
  h = await setup();
  await useSession.getState().login(h.f.managerId, MANAGER_PIN);
}

describe('backup panel (manager screen)', () => {
  it('shows the last verified copy from the running scheduler', async () => {
    await asManager();
    b = startBackups(h.f.app, { dir: join(h.f.dir, 'backups') });
    await b.run();
    renderUi(<BackupPanel />);
    expect(await screen.findByText(/Dernière copie vérifiée/)).toBeTruthy();
    expect(screen.getByText(/les 30 dernières copies sont gardées/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says so loudly when the last copy failed', async () => {
    await asManager();
    const dir = join(h.f.dir, 'blocked');
    writeFileSync(dir, 'a file where the folder should be');
    b = startBackups(h.f.app, { dir });
    await b.run();
    renderUi(<BackupPanel />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Échec de la dernière copie/);
    expect(screen.getByText("Aucune copie pour l'instant.")).toBeTruthy();
  });

  it('tells when no scheduler runs beside this ledger', async () => {
    await asManager();
    renderUi(<BackupPanel />);
    expect(await screen.findByText(/ne tournent pas dans ce processus/)).toBeTruthy();
  });

  it('Sauvegarder maintenant: a progress bar while the copy runs, then the new copy; the button waits', async () => {
    await asManager();
    // a ledger of a few thousand pages: the copy takes several steps
    h.f.app.env.sqlite
      .prepare("INSERT INTO settings (key, value) VALUES ('padding', ?)")
      .run(JSON.stringify('x'.repeat(12_000_000)));
    let tick = 0; // a second later for every copy: the files are named by the second
    b = startBackups(h.f.app, {
      dir: join(h.f.dir, 'backups'),
      now: () => new Date(h.f.clock.now.getTime() + 1000 * ++tick),
    });
    await b.run();
    const first = b.status().lastFile;
    const user = userEvent.setup();
    renderUi(<BackupPanel />);
    const button = await screen.findByRole('button', { name: 'Sauvegarder maintenant' });
    await user.click(button);
    const bar = await screen.findByTestId('backup-progress');
    expect(bar.querySelector('progress')).toBeTruthy();
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(screen.queryByTestId('backup-progress')).toBeNull(), { timeout: 10_000 });
    expect(b.status().lastFile).not.toBe(first);
    expect((button as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('backup-last').textContent).toMatch(/Dernière copie vérifiée/);
  });

  it('shows how far an automatic copy is: pages copied of the ledger', async () => {
    await asManager();
    b = startBackups(h.f.app, { dir: join(h.f.dir, 'backups') });
    await b.run();
    // the scheduler's status mid-copy, as its progress callback leaves it
    h.f.app.env.runtime.backup!.running = { step: 'copy', done: 1000, total: 4000 };
    renderUi(<BackupPanel />);
    const bar = await screen.findByTestId('backup-progress');
    expect(bar.textContent).toBe('Copie du journal : 25 % (1000 / 4000 pages)');
    const p = bar.querySelector('progress')!;
    expect([p.value, p.max]).toEqual([1000, 4000]);
    expect(
      (screen.getByRole('button', { name: 'Sauvegarder maintenant' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    h.f.app.env.runtime.backup!.running = null;
    await waitFor(() => expect(screen.queryByTestId('backup-progress')).toBeNull());
  });
});

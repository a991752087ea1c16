import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen } from '@testing-library/react';
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
});

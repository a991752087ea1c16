import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { CommandError } from '../../shared/errors.ts';
import { ADMIN_PIN, CLERK_PIN, MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

type Who = 'manager' | 'admin';

/** A fresh ledger, `who` logged in, the app on the staff screen (opened with Alt+U). */
async function openStaff(who: Who, before?: () => void) {
  h = await setup();
  before?.();
  if (who === 'manager') await useSession.getState().login(h.f.managerId, MANAGER_PIN);
  else await useSession.getState().login(h.f.adminId, ADMIN_PIN);
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}u{/Alt}');
  await screen.findByRole('heading', { name: 'Personnel', level: 1 });
  await screen.findByTestId(`user-${h.f.clerkId}`);
  return user;
}

const usersFromLedger = () => h.f.app.call('users.list', {}, h.f.manager);
const row = (id: string) => screen.getByTestId(`user-${id}`);
const buttons = (id: string) =>
  within(row(id))
    .queryAllByRole('button')
    .map((b) => b.textContent);

async function openAddDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: 'Ajouter un utilisateur' }));
  return screen.getByRole('dialog', { name: 'Ajouter un utilisateur' });
}

describe('staff screen', () => {
  it('a manager adds a clerk: the ledger lists them, they log in with their PIN, their tile appears', async () => {
    const user = await openStaff('manager');
    expect(useUi.getState().screen).toBe('staff');
    const dialog = await openAddDialog(user);
    // a manager may only create clerks: the only role offered
    const role = within(dialog).getByLabelText('Rôle') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['clerk']);
    await user.type(within(dialog).getByLabelText('Nom'), 'Léa Bouchard');
    await user.type(within(dialog).getByLabelText('NIP (4 à 8 chiffres)'), '2468');
    await user.type(within(dialog).getByLabelText('Confirmer le NIP'), '2468');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter un utilisateur' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('Utilisateur ajouté : Léa Bouchard');
    const lea = usersFromLedger().find((u) => u.name === 'Léa Bouchard');
    expect(lea).toMatchObject({ role: 'clerk', active: true, lockedUntil: null });
    expect(within(row(lea!.id)).getByText('Caissier·ère')).toBeTruthy();
    expect(within(row(lea!.id)).getByText('Actif')).toBeTruthy();
    const session = h.f.app.call('auth.login', { userId: lea!.id, pin: '2468' });
    expect(session.user).toEqual({ id: lea!.id, name: 'Léa Bouchard', role: 'clerk' });
    // the login screen's tiles were refreshed from the ledger too
    expect(useSession.getState().tiles.map((t) => t.name)).toContain('Léa Bouchard');
  });

  it('a manager deactivates a clerk (no login, no tile), then reactivates them', async () => {
    const user = await openStaff('manager');
    await user.click(within(row(h.f.clerkId)).getByRole('button', { name: 'Désactiver' }));
    await waitFor(() => expect(within(row(h.f.clerkId)).getByText('Inactif')).toBeTruthy());
    expect(usersFromLedger().find((u) => u.id === h.f.clerkId)?.active).toBe(false);
    expect(() => h.f.app.call('auth.login', { userId: h.f.clerkId, pin: CLERK_PIN })).toThrow(CommandError);
    expect(useSession.getState().tiles.map((t) => t.id)).not.toContain(h.f.clerkId);

    await user.click(within(row(h.f.clerkId)).getByRole('button', { name: 'Réactiver' }));
    await waitFor(() => expect(within(row(h.f.clerkId)).getByText('Actif')).toBeTruthy());
    expect(usersFromLedger().find((u) => u.id === h.f.clerkId)?.active).toBe(true);
    expect(h.f.app.call('auth.login', { userId: h.f.clerkId, pin: CLERK_PIN }).user.id).toBe(h.f.clerkId);
  });

  it('a manager sees actions only on clerks (and a new PIN for themselves)', async () => {
    await openStaff('manager');
    expect(buttons(h.f.clerkId)).toEqual(['Modifier', 'Nouveau NIP', 'Désactiver']);
    expect(buttons(h.f.managerId)).toEqual(['Nouveau NIP']);
    expect(buttons(h.f.adminId)).toEqual([]);
    expect(within(row(h.f.managerId)).getByText('(vous)')).toBeTruthy();
  });

  it('an administrator manages everyone but cannot deactivate themselves, and may create every role', async () => {
    const user = await openStaff('admin');
    expect(buttons(h.f.managerId)).toEqual(['Modifier', 'Nouveau NIP', 'Désactiver']);
    expect(buttons(h.f.adminId)).toEqual(['Modifier', 'Nouveau NIP']);
    const dialog = await openAddDialog(user);
    const role = within(dialog).getByLabelText('Rôle') as HTMLSelectElement;
    expect([...role.options].map((o) => o.value)).toEqual(['clerk', 'manager', 'admin']);
  });

  it('an administrator promotes a clerk to manager and renames them', async () => {
    const user = await openStaff('admin');
    await user.click(within(row(h.f.clerkId)).getByRole('button', { name: 'Modifier' }));
    const dialog = screen.getByRole('dialog', { name: 'Modifier : Camille Tremblay' });
    const name = within(dialog).getByLabelText('Nom');
    await user.clear(name);
    await user.type(name, 'Camille Tremblay-Roy');
    await user.selectOptions(within(dialog).getByLabelText('Rôle'), 'manager');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(usersFromLedger().find((u) => u.id === h.f.clerkId)).toMatchObject({
      name: 'Camille Tremblay-Roy',
      role: 'manager',
    });
    expect(within(row(h.f.clerkId)).getByText('Gérant·e')).toBeTruthy();
  });

  it('a PIN mismatch shows before submitting and blocks it: nothing reaches the ledger', async () => {
    const user = await openStaff('manager');
    const before = usersFromLedger().length;
    const dialog = await openAddDialog(user);
    await user.type(within(dialog).getByLabelText('Nom'), 'Léa Bouchard');
    await user.type(within(dialog).getByLabelText('NIP (4 à 8 chiffres)'), '2468');
    await user.type(within(dialog).getByLabelText('Confirmer le NIP'), '2469');
    // shown as soon as the confirmation is complete, before any submit
    expect(within(dialog).getByText('Les deux NIP ne correspondent pas')).toBeTruthy();
    expect(within(dialog).getByLabelText('Confirmer le NIP').getAttribute('aria-invalid')).toBe('true');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter un utilisateur' }));
    expect(h.transport.calls.filter((c) => c.op === 'users.create')).toEqual([]);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Confirmer le NIP'));
    expect(usersFromLedger()).toHaveLength(before);
  });

  it("the server's VALIDATION errors are shown beside the fields (PIN too short, empty name)", async () => {
    const user = await openStaff('manager');
    const before = usersFromLedger().length;
    const dialog = await openAddDialog(user);
    await user.type(within(dialog).getByLabelText('NIP (4 à 8 chiffres)'), '12');
    await user.type(within(dialog).getByLabelText('Confirmer le NIP'), '12');
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter un utilisateur' }));
    const pinError = await within(dialog).findByText('Le NIP compte 4 à 8 chiffres');
    expect(pinError.getAttribute('data-path')).toBe('pin');
    expect(within(dialog).getByText('Obligatoire').getAttribute('data-path')).toBe('name');
    expect(within(dialog).getByText('Certains champs sont invalides.')).toBeTruthy();
    expect(within(dialog).getByLabelText('NIP (4 à 8 chiffres)').getAttribute('aria-invalid')).toBe('true');
    expect(h.transport.calls.filter((c) => c.op === 'users.create')).toHaveLength(1);
    expect(usersFromLedger()).toHaveLength(before);
  });

  it('a clerk locked out by wrong PINs shows "locked until"; a new PIN lifts the lockout', async () => {
    const user = await openStaff('manager', () => {
      for (let i = 0; i < 5; i++) {
        expect(() => h.f.app.call('auth.login', { userId: h.f.clerkId, pin: '0000' })).toThrow(CommandError);
      }
    });
    // 15:00 UTC (the fixture's clock) + 5 minutes, in Montréal
    expect(within(row(h.f.clerkId)).getByText("Bloqué jusqu'à 10 h 05")).toBeTruthy();
    await user.click(within(row(h.f.clerkId)).getByRole('button', { name: 'Nouveau NIP' }));
    const dialog = screen.getByRole('dialog', { name: 'Nouveau NIP : Camille Tremblay' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('NIP (4 à 8 chiffres)'));
    await user.keyboard('8642');
    await user.tab();
    await user.keyboard('8642{Enter}');
    await waitFor(() => expect(within(row(h.f.clerkId)).getByText('Actif')).toBeTruthy());
    expect(usersFromLedger().find((u) => u.id === h.f.clerkId)?.lockedUntil).toBeNull();
    expect(h.f.app.call('auth.login', { userId: h.f.clerkId, pin: '8642' }).user.id).toBe(h.f.clerkId);
  });

  it('a clerk has no staff screen (no tab, Alt+U does nothing)', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<App />);
    await screen.findByRole('searchbox');
    expect(screen.queryByRole('button', { name: 'Personnel' })).toBeNull();
    await user.keyboard('{Alt>}u{/Alt}');
    expect(useUi.getState().screen).toBe('counter');
  });
});

import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { ApprovalDialog } from '../../renderer/components/Approval.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { CLERK_PIN, MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.f.cleanup());

describe('app shell', () => {
  it('PIN login with user tiles: a wrong PIN is shown next to the PIN, the right one opens the counter', async () => {
    h = await setup();
    const user = userEvent.setup();
    renderUi(<App />);
    await user.click(await screen.findByRole('button', { name: /Camille Tremblay/ }));
    await user.keyboard('1111{Enter}');
    await waitFor(() => expect(screen.getByText('NIP erroné')).toBeTruthy());
    await user.click(screen.getByRole('button', { name: '1' }));
    await user.click(screen.getByRole('button', { name: '2' }));
    await user.click(screen.getByRole('button', { name: '3' }));
    await user.click(screen.getByRole('button', { name: '4' }));
    await user.click(screen.getByRole('button', { name: 'Entrer' }));
    await waitFor(() => expect(screen.getByRole('searchbox')).toBeTruthy());
    expect(useSession.getState().user?.id).toBe(h.f.clerkId);
    expect(screen.getByTestId('status-drawer').textContent).toContain('fermé');
  });

  it('language switch: French by default, then English, then Bulgarian in Cyrillic; money per locale', async () => {
    h = await setup({ login: true, openDrawer: true });
    const user = userEvent.setup();
    renderUi(<App />);
    await screen.findByRole('searchbox');
    expect(screen.getByRole('button', { name: /Payer/ })).toBeTruthy();
    expect(norm(screen.getByTestId('total').textContent)).toBe('0,00 $');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Langue' }), 'en');
    expect(screen.getByRole('button', { name: /^Pay/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Cash drawer/ })).toBeTruthy();
    expect(norm(screen.getByTestId('total').textContent)).toBe('$0.00');
    expect(document.documentElement.lang).toBe('en');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'bg');
    expect(screen.getByRole('button', { name: /Плащане/ })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Чекмедже/ })).toBeTruthy();
    expect(screen.getByText('Кошница', { selector: 'h2' })).toBeTruthy();
    expect(norm(screen.getByTestId('total').textContent)).toBe('0,00 CAD');
    expect(screen.getByTestId('status-drawer').textContent).toContain('отворено');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Език' }), 'fr');
    expect(screen.getByRole('button', { name: /Payer/ })).toBeTruthy();
  });

  it('locks after inactivity and unlocks with the same PIN; live events refresh the drawer state', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<App />);
    await screen.findByRole('searchbox');
    // another till/window opens the drawer: the ledger event refreshes the status bar
    act(() => {
      h.f.app.call('drawer.open', { float: { '1000': 2 } }, h.f.manager);
    });
    await waitFor(() => expect(screen.getByTestId('status-drawer').textContent).toContain('ouvert'));
    vi.useFakeTimers();
    try {
      act(() => useUi.setState({ lockMinutes: 2 })); // re-arms the inactivity timer
      act(() => vi.advanceTimersByTime(60_000));
      expect(useSession.getState().locked).toBe(false);
      act(() => vi.advanceTimersByTime(60_001));
      expect(useSession.getState().locked).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(await screen.findByRole('heading', { name: 'Caisse verrouillée' })).toBeTruthy();
    await user.keyboard(`${CLERK_PIN}{Enter}`);
    await waitFor(() => expect(screen.getByRole('searchbox')).toBeTruthy());
  });
});

describe('session changes', () => {
  it('a user who logs in after a manager locked on a manager-only screen starts on the counter', async () => {
    h = await setup();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    useUi.getState().go('printer');
    useSession.getState().lock();
    await useSession.getState().logout();
    expect(useUi.getState().screen).toBe('counter');
    useUi.getState().go('manager'); // even a stale screen left behind is reset by the next login
    await useSession.getState().login(h.f.clerkId, CLERK_PIN);
    expect(useUi.getState().screen).toBe('counter');
    expect(useSession.getState().user?.role).toBe('clerk');
  });
});

/** A button that opens the approval dialog, as the drawer's no-sale open does. */
function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Ouvrir le tiroir
      </button>
      {open ? (
        <ApprovalDialog
          reason="Ouverture sans vente"
          onApprove={async () => undefined}
          onCancel={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}

describe('approval, lock and login focus (issue 11)', () => {
  it('the approval dialog starts on the manager PIN, and closing it gives the focus back', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<Opener />);
    const opener = screen.getByRole('button', { name: 'Ouvrir le tiroir' });
    await user.click(opener);
    const pin = await screen.findByLabelText('NIP du gérant');
    expect(document.activeElement).toBe(pin);
    // the manager can type the PIN at once: digits go to the PIN, not to the manager list
    await user.keyboard(MANAGER_PIN);
    expect((pin as HTMLInputElement).value).toBe(MANAGER_PIN);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('Alt+L: the lock screen says who locked it; after inactivity it says so', async () => {
    h = await setup({ login: true });
    const user = userEvent.setup();
    renderUi(<App />);
    await screen.findByRole('searchbox');
    await user.keyboard('{Alt>}l{/Alt}');
    expect(await screen.findByRole('heading', { name: 'Caisse verrouillée' })).toBeTruthy();
    expect(norm(screen.getByTestId('lock-why').textContent)).toBe(
      'Verrouillée par Camille Tremblay. Saisissez votre NIP pour continuer.',
    );
    await user.keyboard(`${CLERK_PIN}{Enter}`);
    await waitFor(() => expect(screen.getByRole('searchbox')).toBeTruthy());
    vi.useFakeTimers();
    try {
      act(() => useUi.setState({ lockMinutes: 1 }));
      act(() => vi.advanceTimersByTime(60_001));
    } finally {
      vi.useRealTimers();
    }
    expect(await screen.findByRole('heading', { name: 'Caisse verrouillée' })).toBeTruthy();
    expect(norm(screen.getByTestId('lock-why').textContent)).toBe(
      'Verrouillée après inactivité. Saisissez votre NIP pour continuer.',
    );
  });

  it('login tiles: clerks first, then managers, then administrators; the focus starts on a clerk', async () => {
    h = await setup();
    renderUi(<App />);
    await screen.findByRole('button', { name: /Camille Tremblay/ });
    const tiles = screen.getAllByRole('button').filter((b) => b.classList.contains('tile'));
    expect(tiles.map((b) => b.querySelector('.tile-name')?.textContent)).toEqual([
      'Camille Tremblay',
      'Martin Gagnon',
      'Admin',
    ]);
    expect(document.activeElement).toBe(tiles[0]);
  });
});

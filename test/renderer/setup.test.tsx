import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { type EmptyLedger, renderUi, setupEmpty } from './harness.tsx';

let ledger: EmptyLedger | undefined;
afterEach(() => {
  ledger?.cleanup();
  ledger = undefined;
});

const norm = (s: string | null | undefined) => (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
const setupCalls = () => ledger!.transport.calls.filter((c) => c.op === 'setup.initialize');

async function openSetup() {
  ledger = await setupEmpty();
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('heading', { name: 'Bienvenue dans Comptoir' });
  return user;
}

describe('first run: the setup screen', () => {
  it('a ledger with no user shows the setup screen instead of the login tiles', async () => {
    const user = await openSetup();
    expect(ledger!.app.call('store.info', {}).needsSetup).toBe(true);
    expect(screen.queryByRole('heading', { name: 'Qui est à la caisse ?' })).toBeNull();
    // the new ledger's placeholder store is not presented as this store
    expect(document.querySelector('.statusbar')?.textContent).not.toContain('Location Outils Laurentides');
    // the store's name has the focus; the till's name is filled in
    expect(document.activeElement).toBe(screen.getByLabelText('Nom du magasin'));
    expect((screen.getByLabelText('Nom de la caisse') as HTMLInputElement).value).toBe('Caisse 1');
    // untouched, it follows the UI language
    await user.click(screen.getByRole('button', { name: 'Български' }));
    expect((screen.getByLabelText('Име на касата') as HTMLInputElement).value).toBe('Каса 1');
    await user.click(screen.getByRole('button', { name: 'Français' }));
    const jurisdiction = screen.getByLabelText('Pays ou province') as HTMLSelectElement;
    expect([...jurisdiction.options].map((o) => o.textContent)).toEqual([
      'Québec — CAD',
      'France — EUR',
      'Bulgarie — EUR',
    ]);
  });

  it('set up for France: the administrator is logged in on the counter, the ledger holds a euro store', async () => {
    const user = await openSetup();
    await user.type(screen.getByLabelText('Nom du magasin'), 'Loc’Outils Lyon 7e');
    await user.type(screen.getByLabelText('Adresse'), '12 rue de Gerland, 69007 Lyon');
    await user.type(
      screen.getByLabelText('Numéros de taxes (un par ligne, 4 au maximum)'),
      'SIRET 123 456 789 00012{Enter}{Enter}TVA FR12 123456789',
    );
    const till = screen.getByLabelText('Nom de la caisse');
    await user.clear(till);
    await user.type(till, 'Caisse 2');
    await user.selectOptions(screen.getByLabelText('Pays ou province'), 'FR');
    // the store's language follows the jurisdiction; currency and time zone are shown
    expect((screen.getByLabelText('Langue du magasin (reçus)') as HTMLSelectElement).value).toBe('fr-FR');
    expect(norm(screen.getByTestId('setup-implies').textContent)).toBe(
      'Monnaie : EUR · fuseau horaire : Europe/Paris',
    );
    await user.type(screen.getByLabelText("Nom de l'administrateur"), 'Claire Martin');
    await user.type(screen.getByLabelText('NIP (4 à 8 chiffres)'), '246810');
    await user.type(screen.getByLabelText('Confirmer le NIP'), '246810');
    await user.click(screen.getByRole('button', { name: 'Créer le magasin et commencer' }));

    await screen.findByRole('searchbox');
    const me = useSession.getState().user;
    expect(me).toMatchObject({ name: 'Claire Martin', role: 'admin' });
    expect(ledger!.app.call('store.info', {})).toMatchObject({
      needsSetup: false,
      name: 'Loc’Outils Lyon 7e',
      address: '12 rue de Gerland, 69007 Lyon',
      taxNumbers: ['SIRET 123 456 789 00012', 'TVA FR12 123456789'],
      tillName: 'Caisse 2',
      jurisdiction: 'FR',
      currency: 'EUR',
      cashRoundingStep: 1,
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    });
    // the renderer reloaded the store: euros on the counter, the new name in the status bar
    expect(useSession.getState().store).toMatchObject({ currency: 'EUR', needsSetup: false });
    expect(norm(screen.getByTestId('total').textContent)).toBe('0,00 €');
    expect(norm(document.querySelector('.statusbar')?.textContent)).toContain(
      'Loc’Outils Lyon 7e · Caisse 2',
    );
    // the administrator has the staff screen, and the ledger's session is theirs
    expect(screen.getByRole('button', { name: 'Personnel' })).toBeTruthy();
    expect(ledger!.app.call('users.tiles', {})).toEqual([
      { id: me!.id, name: 'Claire Martin', role: 'admin' },
    ]);
    expect(ledger!.app.call('auth.login', { userId: me!.id, pin: '246810' }).user.role).toBe('admin');
  });

  it("the server's VALIDATION errors are shown beside the fields, and nothing is written", async () => {
    const user = await openSetup();
    await user.type(
      screen.getByLabelText('Numéros de taxes (un par ligne, 4 au maximum)'),
      'A 1{Enter}B 2{Enter}C 3{Enter}D 4{Enter}E 5',
    );
    await user.type(screen.getByLabelText("Nom de l'administrateur"), 'Claire Martin');
    await user.type(screen.getByLabelText('NIP (4 à 8 chiffres)'), '12');
    await user.type(screen.getByLabelText('Confirmer le NIP'), '12');
    await user.click(screen.getByRole('button', { name: 'Créer le magasin et commencer' }));

    const nameError = await screen.findByText('Obligatoire');
    expect(nameError.getAttribute('data-path')).toBe('store.name');
    expect(screen.getByText('Le NIP compte 4 à 8 chiffres').getAttribute('data-path')).toBe('admin.pin');
    // zod's own message, in French (zod's fr locale), from the code and params
    expect(screen.getByText('Trop grand : tableau doit avoir <=4 éléments').getAttribute('data-path')).toBe(
      'store.taxNumbers',
    );
    expect(screen.getByLabelText('Nom du magasin').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Certains champs sont invalides.')).toBeTruthy();
    expect(setupCalls()).toHaveLength(1);
    expect(ledger!.app.call('store.info', {}).needsSetup).toBe(true);
    expect(ledger!.app.call('users.tiles', {})).toEqual([]);
    expect(useSession.getState().user).toBeNull();
  });

  it('a PIN mismatch is shown before submitting and nothing is sent', async () => {
    const user = await openSetup();
    await user.type(screen.getByLabelText('Nom du magasin'), 'Магазин София');
    await user.selectOptions(screen.getByLabelText('Pays ou province'), 'BG');
    expect((screen.getByLabelText('Langue du magasin (reçus)') as HTMLSelectElement).value).toBe('bg-BG');
    await user.type(screen.getByLabelText("Nom de l'administrateur"), 'Иван Петров');
    await user.type(screen.getByLabelText('NIP (4 à 8 chiffres)'), '1357');
    await user.type(screen.getByLabelText('Confirmer le NIP'), '1358');
    expect(screen.getByText('Les deux NIP ne correspondent pas')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Créer le magasin et commencer' }));
    expect(setupCalls()).toEqual([]);
    expect(document.activeElement).toBe(screen.getByLabelText('Confirmer le NIP'));
    // fixed: the setup goes through
    await user.clear(screen.getByLabelText('Confirmer le NIP'));
    await user.type(screen.getByLabelText('Confirmer le NIP'), '1357{Enter}');
    await screen.findByRole('searchbox');
    expect(ledger!.app.call('store.info', {})).toMatchObject({
      jurisdiction: 'BG',
      currency: 'EUR',
      locale: 'bg-BG',
    });
  });

  it('the Québec default rounds cash to 5 cents; a chosen language is kept when the jurisdiction changes', async () => {
    const user = await openSetup();
    expect(norm(screen.getByTestId('setup-implies').textContent)).toBe(
      'Monnaie : CAD · fuseau horaire : America/Toronto · espèces arrondies à 0,05 $',
    );
    await user.selectOptions(screen.getByLabelText('Langue du magasin (reçus)'), 'en-CA');
    await user.selectOptions(screen.getByLabelText('Pays ou province'), 'FR');
    await user.selectOptions(screen.getByLabelText('Pays ou province'), 'CA-QC');
    expect((screen.getByLabelText('Langue du magasin (reçus)') as HTMLSelectElement).value).toBe('en-CA');
    await waitFor(() => expect(screen.getByTestId('setup-implies').textContent).toContain('CAD'));
  });
});

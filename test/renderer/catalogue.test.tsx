import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../renderer/app/App.tsx';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { MANAGER_PIN } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

let h: Harness;
afterEach(() => h?.f.cleanup());

/** A fresh ledger, the manager logged in, the catalogue opened with Alt+K. */
async function openCatalogue() {
  h = await setup();
  await useSession.getState().login(h.f.managerId, MANAGER_PIN);
  const user = userEvent.setup();
  renderUi(<App />);
  await screen.findByRole('searchbox');
  await user.keyboard('{Alt>}k{/Alt}');
  await screen.findByRole('heading', { name: 'Catalogue', level: 1 });
  await screen.findByTestId('product-SKU-1');
  return user;
}

const ledgerProducts = () => h.f.app.call('catalogue.list', { q: '' }, h.f.manager);

describe('catalogue screen (manager)', () => {
  it('adds a category, then an item with its rental rates from the keyboard (Alt+N, fields, Enter)', async () => {
    const user = await openCatalogue();
    expect(useUi.getState().screen).toBe('catalogue');
    await user.click(screen.getByRole('button', { name: 'Ajouter une catégorie' }));
    let dialog = screen.getByRole('dialog', { name: 'Ajouter une catégorie' });
    await user.type(within(dialog).getByLabelText('Nom de la catégorie'), 'Bétonnières{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(h.f.app.call('catalogue.categories', {}, h.f.manager).map((c) => c.name)).toContain('Bétonnières');
    await user.click(screen.getByTestId('category-Bétonnières'));

    await user.keyboard('{Alt>}n{/Alt}');
    dialog = await screen.findByRole('dialog', { name: 'Ajouter un équipement' });
    await user.type(within(dialog).getByLabelText('Nom'), 'Bétonnière 160 L');
    await user.type(within(dialog).getByLabelText('Prix de vente'), '899,90');
    await user.type(within(dialog).getByLabelText('Jour'), '55');
    await user.type(within(dialog).getByLabelText('Fin de semaine'), '90,00');
    await user.type(within(dialog).getByLabelText('Dépôt de garantie'), '200');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Bétonnière 160 L' })).toBeTruthy());
    const made = ledgerProducts().find((p) => p.name === 'Bétonnière 160 L')!;
    expect(made).toMatchObject({
      price: 89_990,
      deposit: 20_000,
      categoryName: 'Bétonnières',
      rates: { fourHours: null, day: 5500, weekend: 9000, week: null, month: null },
      onWebsite: true,
    });
  });

  it('a negative price is refused next to the field and nothing is written', async () => {
    const user = await openCatalogue();
    await user.keyboard('{Alt>}n{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Ajouter un équipement' });
    await user.type(within(dialog).getByLabelText('Nom'), 'Pelle');
    await user.type(within(dialog).getByLabelText('Prix de vente'), '-5');
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(within(dialog).getByRole('button', { name: 'Créer' }));
    const alert = await within(dialog).findByText('Montant invalide');
    expect(alert.closest('label')?.textContent).toContain('Prix de vente');
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);
  });

  it('delete of an item with units is refused with the reason; "archive instead" archives it; units are added by batch', async () => {
    const user = await openCatalogue();
    const drill = h.f.products[0]!.id;
    h.f.app.call('unit.create', { productId: drill, units: [{ assetId: 'PER-01' }] }, h.f.manager);
    await user.click(within(screen.getByTestId('product-SKU-1')).getByRole('button'));
    const dialog = await screen.findByRole('dialog', { name: 'Perceuse sans fil' });
    await user.click(within(dialog).getByRole('tab', { name: /Unités/ }));
    await within(dialog).findByTestId('unit-PER-01');
    const batch = within(dialog).getByRole('form', { name: 'Ajouter un lot' });
    await user.clear(within(batch).getByLabelText('Préfixe'));
    await user.type(within(batch).getByLabelText('Préfixe'), 'PER-');
    await user.clear(within(batch).getByLabelText('Premier numéro'));
    await user.type(within(batch).getByLabelText('Premier numéro'), '2');
    await user.clear(within(batch).getByLabelText('Nombre'));
    await user.type(within(batch).getByLabelText('Nombre'), '3');
    await user.click(within(batch).getByRole('button', { name: 'Ajouter un lot' }));
    await within(dialog).findByTestId('unit-PER-0004');
    expect(h.f.app.call('unit.list', { productId: drill }, h.f.manager).map((u) => u.assetId)).toEqual([
      'PER-0002',
      'PER-0003',
      'PER-0004',
      'PER-01',
    ]);

    await user.click(within(dialog).getByRole('tab', { name: 'Fiche' }));
    const before = stateHash(h.f.app.env.sqlite);
    await user.click(within(dialog).getByRole('button', { name: 'Supprimer' }));
    const refusal = await within(dialog).findByText(/Suppression impossible : 4 unités/);
    expect(refusal.textContent).toContain('Archivez-le plutôt');
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);
    await user.click(within(dialog).getByRole('button', { name: 'Archiver à la place' }));
    await waitFor(() =>
      expect(h.f.app.call('product.get', { productId: drill }, h.f.manager)?.active).toBe(false),
    );
  });

  it('CSV import: the preview names every bad row and Import stays disabled; a good file imports in one go', async () => {
    const user = await openCatalogue();
    await user.keyboard('{Alt>}i{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Importer le catalogue (CSV)' });
    const input = dialog.querySelector('input[type="file"]') as HTMLInputElement;
    const bad = new File(['sku;name;price\nA-1;Pelle;12,50\nA-2;Râteau;-3\nA-3;;4'], 'bad.csv', {
      type: 'text/csv',
    });
    const before = stateHash(h.f.app.env.sqlite);
    fireEvent.change(input, { target: { files: [bad] } });
    await within(dialog).findByText('1 à créer, 0 à modifier, 0 inchangé(s), 2 en erreur');
    expect(within(dialog).getByTestId('csv-line-3').textContent).toContain('price: ne peut pas être négatif');
    expect(within(dialog).getByTestId('csv-line-4').textContent).toContain('name: obligatoire');
    expect((within(dialog).getByRole('button', { name: /^Importer/ }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(stateHash(h.f.app.env.sqlite)).toBe(before);

    const good = new File(
      ['sku;name;price;category\nA-1;Pelle;12,50;Jardin\nA-2;Râteau;3;Jardin'],
      'good.csv',
    );
    fireEvent.change(input, { target: { files: [good] } });
    await within(dialog).findByText('2 à créer, 0 à modifier, 0 inchangé(s), 0 en erreur');
    await user.click(within(dialog).getByRole('button', { name: 'Importer 2 article(s)' }));
    await screen.findByText('Import terminé : 2 créé(s), 0 modifié(s).');
    expect(
      ledgerProducts()
        .filter((p) => p.categoryName === 'Jardin')
        .map((p) => [p.sku, p.price]),
    ).toEqual([
      ['A-1', 1250],
      ['A-2', 300],
    ]);
  });

  it('CSV import: while the file is read and while it imports, a busy bar says so and Import waits', async () => {
    const user = await openCatalogue();
    // hold the ledger's answers back until the test lets them through
    const gates: Record<string, () => void> = {};
    const invoke = h.transport.invoke.bind(h.transport);
    h.transport.invoke = async (op, input, token) => {
      if (op === 'catalogue.importPreview' || op === 'catalogue.import') {
        await new Promise<void>((r) => {
          gates[op] = r;
        });
      }
      return invoke(op, input, token);
    };
    await user.keyboard('{Alt>}i{/Alt}');
    const dialog = await screen.findByRole('dialog', { name: 'Importer le catalogue (CSV)' });
    const input = dialog.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['sku;name;price\nB-1;Bêche;20'], 'b.csv')] } });
    expect((await within(dialog).findByTestId('csv-busy')).textContent).toBe(
      'Lecture et vérification du fichier…',
    );
    await waitFor(() => expect(gates['catalogue.importPreview']).toBeDefined());
    gates['catalogue.importPreview']!();
    const run = await within(dialog).findByRole('button', { name: 'Importer 1 article(s)' });
    await waitFor(() => expect(within(dialog).queryByTestId('csv-busy')).toBeNull());
    await user.click(run);
    const busy = await within(dialog).findByTestId('csv-busy');
    expect(busy.textContent).toBe('Import de 1 article(s) en cours…');
    expect(busy.querySelector('progress')).toBeTruthy();
    expect((run as HTMLButtonElement).disabled).toBe(true);
    await waitFor(() => expect(gates['catalogue.import']).toBeDefined());
    gates['catalogue.import']!();
    await screen.findByText('Import terminé : 1 créé(s), 0 modifié(s).');
    expect(ledgerProducts().some((p) => p.sku === 'B-1')).toBe(true);
  });
});

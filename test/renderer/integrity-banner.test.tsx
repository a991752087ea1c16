import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { startTill, type Till } from '../../electron/app/till.ts';
import { IntegrityBanner, IntegrityItem } from '../../renderer/components/IntegrityBanner.tsx';
import { initI18n } from '../../renderer/i18n/index.ts';
import { useIntegrity } from '../../renderer/stores/integrity.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { CLERK_PIN, MANAGER_PIN } from '../helpers/fixture.ts';
import { type Harness, renderUi, setup } from './harness.tsx';

/**
 * The start-up check's verdict where a manager looks: a banner above every screen with what to do,
 * and the status bar's "Registre" item; a clerk's screen stays as it was.
 */
let h: Harness;
let till: Till | null = null;
afterEach(async () => {
  await till?.stop();
  till = null;
  useIntegrity.getState().clear();
  initI18n('fr');
  h?.f.cleanup();
});

/** Journal entry 3 edited by someone with the file (triggers dropped), then the till starts. */
async function damagedTill(): Promise<void> {
  h = await setup();
  for (let i = 0; i < 3; i++) h.f.app.call('sale.open', {}, h.f.clerk);
  const db = h.f.app.env.sqlite;
  const triggers = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'")
    .all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
  db.prepare("UPDATE journal SET actor = 'x' WHERE seq = 3").run();
  for (const t of triggers) db.exec(t.sql);
  till = startTill(h.f.app, { printing: false });
}

describe('integrity banner', () => {
  it('a manager reads what is damaged and what to do, in fr, en and bg; the status bar says DAMAGED', {
    timeout: 30_000,
  }, async () => {
    await damagedTill();
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(
      <>
        <IntegrityBanner />
        <IntegrityItem />
      </>,
    );
    const banner = await screen.findByTestId('integrity-banner', {}, { timeout: 20_000 });
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toContain("l'écriture n° 3 du journal ne correspond plus");
    expect(banner.textContent).toContain('restaurez la dernière bonne sauvegarde');
    expect(screen.getByTestId('status-integrity').textContent).toContain('ENDOMMAGÉ');
    for (const [lang, words] of [
      ['en', ['journal entry no. 3 no longer matches', 'restore the newest good backup', 'DAMAGED']],
      ['bg', ['запис № 3 вече не съответства', 'възстановете последното добро', 'ПОВРЕДЕН']],
    ] as const) {
      await act(async () => {
        initI18n(lang);
      });
      const text = `${screen.getByTestId('integrity-banner').textContent} ${screen.getByTestId('status-integrity').textContent}`;
      for (const w of words) expect(text, lang).toContain(w);
    }
  });

  it('a clean ledger: no banner, the status bar says verified', { timeout: 30_000 }, async () => {
    h = await setup();
    h.f.app.call('sale.open', {}, h.f.clerk);
    till = startTill(h.f.app, { printing: false });
    await useSession.getState().login(h.f.managerId, MANAGER_PIN);
    renderUi(
      <>
        <IntegrityBanner />
        <IntegrityItem />
      </>,
    );
    await waitFor(() => expect(screen.getByTestId('status-integrity').textContent).toContain('vérifié'), {
      timeout: 20_000,
    });
    expect(screen.queryByTestId('integrity-banner')).toBeNull();
  });

  it('a clerk sees neither the banner nor the item', { timeout: 30_000 }, async () => {
    await damagedTill();
    await useSession.getState().login(h.f.clerkId, CLERK_PIN);
    renderUi(
      <>
        <IntegrityBanner />
        <IntegrityItem />
      </>,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(screen.queryByTestId('integrity-banner')).toBeNull();
    expect(screen.queryByTestId('status-integrity')).toBeNull();
  });
});

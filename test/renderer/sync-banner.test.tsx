import { act, render, screen } from '@testing-library/react';
import Database from 'better-sqlite3';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { HeadOfficeCard } from '../../renderer/components/HeadOfficeCard.tsx';
import { lastErrorText, SyncBanner } from '../../renderer/components/SyncBanner.tsx';
import { initI18n } from '../../renderer/i18n/index.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { useSync } from '../../renderer/stores/sync.ts';
import { CLERK_PIN, MANAGER_PIN } from '../helpers/fixture.ts';
import {
  type HarnessTill,
  type HeadOffice,
  makeTill,
  startHeadOffice,
  until,
  untilSynced,
} from '../helpers/sync-harness.ts';
import { pglite } from '../server/backends.ts';
import { attach } from './harness.tsx';

/**
 * The banner a manager reads when head office refused this till's journal: a real till whose
 * journal tail was deleted after head office acknowledged it, pushed by the real worker to the
 * real head office (PGlite), which answers LEDGER_REWRITTEN. The manager reads why, with the
 * numbers (what head office holds, where the till differs), in fr/en/bg; a clerk is told to fetch
 * a manager, not the details.
 */
const STORE = 'qc-banner';
let hq: HeadOffice | null = null;
let till: HarnessTill | null = null;
afterEach(async () => {
  await till?.close();
  await hq?.close();
  till = null;
  hq = null;
});

async function rewrittenTill(): Promise<{ t: HarnessTill; acked: number; cut: number }> {
  hq = await startHeadOffice(pglite());
  till = makeTill('Caisse B');
  const t = till;
  t.start();
  await t.enrol(hq.url, await hq.code(STORE));
  t.work(25, 11);
  await untilSynced([t]);
  await t.stop();
  const acked = t.status().ackedSeq;
  const cut = acked - 5;
  // what someone with the file does: drop the append-only triggers, delete the tail, put them back
  const db = new Database(t.f.file);
  try {
    db.pragma('foreign_keys = OFF');
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
      sql: string;
    }[];
    for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
    db.prepare('DELETE FROM journal WHERE seq > ?').run(cut);
    for (const tr of triggers) db.exec(tr.sql);
  } finally {
    db.close();
  }
  t.start();
  await until(
    () => t.status().state === 'stopped',
    () => JSON.stringify(t.status()),
  );
  return { t, acked, cut };
}

async function bannerAs(t: HarnessTill, userId: string, pin: string): Promise<string> {
  await attach(t.app);
  await useSession.getState().login(userId, pin);
  await act(() => useSync.getState().refresh());
  render(<SyncBanner />);
  return (await screen.findByTestId('sync-banner')).textContent ?? '';
}

describe('head office refused the journal: the banner', () => {
  it('tells a manager why, with the numbers, in fr, en and bg', { timeout: 60_000 }, async () => {
    const { t, acked, cut } = await rewrittenTill();
    const fr = await bannerAs(t, t.f.managerId, MANAGER_PIN);
    expect(fr).toContain('Le siège refuse le journal de cette caisse');
    expect(fr).toContain(`le siège détient jusqu'au n° ${acked}`);
    expect(fr).toContain(`à partir du n° ${cut + 1}`);
    expect(fr).toContain('ne supprimez rien');
    // the refusal is named in words, not by its code
    expect(fr).toContain('(journal réécrit)');
    expect(fr).not.toContain('LEDGER_REWRITTEN');

    for (const [lang, words] of [
      [
        'en',
        [
          `head office holds up to no. ${acked}`,
          `from no. ${cut + 1}`,
          'delete nothing',
          '(journal rewritten)',
        ],
      ],
      [
        'bg',
        [
          `централата пази до № ${acked}`,
          `записи от № ${cut + 1}`,
          'не изтривайте нищо',
          '(пренаписан дневник)',
        ],
      ],
    ] as const) {
      await act(async () => {
        initI18n(lang);
      });
      const text = screen.getByTestId('sync-banner').textContent ?? '';
      for (const w of words) expect(text, lang).toContain(w);
      expect(text, lang).not.toContain('LEDGER_REWRITTEN');
    }
  });

  it('tells a clerk to fetch a manager, without the details', { timeout: 60_000 }, async () => {
    const { t, acked } = await rewrittenTill();
    const text = await bannerAs(t, t.f.clerkId, CLERK_PIN);
    expect(text).toContain('prévenez un·e gérant·e');
    expect(text).not.toContain(String(acked));
  });
});

describe('the settings card names the last failure in words', () => {
  it('head office gone: "siège injoignable", not UNREACHABLE, in fr/en/bg', { timeout: 60_000 }, async () => {
    hq = await startHeadOffice(pglite());
    till = makeTill('Caisse C');
    const t = till;
    t.start();
    await t.enrol(hq.url, await hq.code(STORE));
    await untilSynced([t]);
    await hq.close();
    hq = null;
    t.work(5, 3);
    await until(
      () => t.status().lastError === 'UNREACHABLE',
      () => JSON.stringify(t.status()),
    );
    await attach(t.app);
    await useSession.getState().login(t.f.managerId, MANAGER_PIN);
    await act(() => useSync.getState().refresh());
    await act(async () => {
      initI18n('fr');
    });
    render(<HeadOfficeCard />);
    const cell = await screen.findByTestId('sync-last-error');
    expect(cell.textContent).toBe('siège injoignable');
    for (const [lang, text] of [
      ['en', 'head office unreachable'],
      ['bg', 'централата е недостъпна'],
    ] as const) {
      await act(async () => {
        initI18n(lang);
      });
      expect(screen.getByTestId('sync-last-error').textContent, lang).toBe(text);
    }
  });

  it('every code the worker records has words; HTTP_<status> and unknown codes too', () => {
    initI18n('fr');
    const t = i18next.t.bind(i18next);
    for (const code of [
      'UNREACHABLE',
      'TIMEOUT',
      'RESET',
      'BAD_ANSWER',
      'NO_TOKEN',
      'RATE_LIMITED',
      'ENTRY_INVALID',
      'CHAIN_BROKEN',
      'SIGNATURE_INVALID',
      'VALIDATION',
      'BATCH_TOO_LARGE',
      'INTERNAL',
    ]) {
      const text = lastErrorText(t, code);
      expect(text, code).not.toContain(code);
      expect(text, code).not.toContain('sync.');
    }
    expect(lastErrorText(t, 'HTTP_503')).toBe('le siège a répondu 503');
    expect(lastErrorText(t, 'WEIRD')).toBe('erreur WEIRD');
  });
});

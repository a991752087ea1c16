import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next from 'i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../electron/app/index.ts';
import bgJson from '../../renderer/i18n/bg.json';
import enJson from '../../renderer/i18n/en.json';
import frJson from '../../renderer/i18n/fr.json';
import { setLang } from '../../renderer/i18n/index.ts';
import { errorText, fieldMessage } from '../../renderer/lib/errors.ts';
import { fieldIssues } from '../../shared/api/validate.ts';
import { CommandError, FIELD_CODES, type FieldIssue, issue } from '../../shared/errors.ts';

/**
 * The renderer words an error by its code and params, in the UI language: our codes from the
 * translation files, zod's codes with zod's own locale (fr, en, bg). The English `message` is
 * never read — each issue below carries a message that would mislead if it were.
 */
const t = (...a: Parameters<typeof i18next.t>) => i18next.t(...a);
afterEach(() => setLang('fr'));

const misleading = 'PIN is 4 to 8 digits'; // the old regex table matched this text
const cases: { issue: FieldIssue; fr: string; en: string; bg: string }[] = [
  {
    issue: issue('lines.1.productId', 'notFound', misleading, { what: 'product' }),
    fr: 'Article inconnu ou inactif',
    en: 'Unknown or inactive item',
    bg: 'Непознат или неактивен артикул',
  },
  {
    issue: issue('pin', 'wrongPin', 'unknown customer', { attemptsLeft: 2 }),
    fr: 'NIP erroné',
    en: 'Wrong PIN',
    bg: 'Грешен ПИН',
  },
  {
    issue: issue('categoryId', 'notFound', misleading, { what: 'category' }),
    fr: 'Catégorie inconnue',
    en: 'Unknown category',
    bg: 'Непозната категория',
  },
  {
    issue: issue('lines.0.quantity', 'returnTooMany', misleading, { left: 2 }),
    fr: 'Plus que ce qui reste à retourner',
    en: 'More than is left to return',
    bg: 'Повече от остатъка за връщане',
  },
];

/** zod's own codes are worded by zod's locale; every other code needs its own translation. */
const ZOD_OWN = new Set([
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'invalid_value',
  'custom',
]);

describe('errors by code', () => {
  it.each(['fr', 'en', 'bg'] as const)('our codes in %s, whatever the English message says', (lang) => {
    setLang(lang);
    for (const c of cases) expect(fieldMessage(t as never, c.issue)).toBe(c[lang]);
  });

  it.each([
    ['fr', frJson],
    ['en', enJson],
    ['bg', bgJson],
  ] as const)('every field code of ours has its wording in %s', (_lang, json) => {
    const field = (json as { errors: { field: Record<string, string> } }).errors.field;
    const missing = FIELD_CODES.filter((c) => !ZOD_OWN.has(c) && !field[c]);
    expect(missing).toEqual([]);
  });

  it('zod codes are worded by zod in the UI language (its fr and bg locales)', () => {
    const [tooBig] = fieldIssues([
      { code: 'too_big', origin: 'string', maximum: 200, inclusive: true, path: ['name'], message: 'x' },
    ] as never);
    const said: Record<string, string> = {};
    for (const lang of ['fr', 'en', 'bg'] as const) {
      setLang(lang);
      said[lang] = fieldMessage(t as never, tooBig!);
    }
    expect(said.en).toContain('200');
    expect(said.fr).toMatch(/Trop grand/);
    expect(said.bg).toMatch(/Твърде голямо/);
    expect(new Set(Object.values(said)).size).toBe(3);
  });

  it('a server error is translated by code, its details interpolated', () => {
    setLang('bg');
    const e = new CommandError('PAYLOAD_TOO_LARGE', 'request body larger than 1024 bytes', {
      details: { limit: 1024 },
    });
    expect(errorText(t as never, e)).toBe(i18next.t('errors.code.PAYLOAD_TOO_LARGE'));
    expect(errorText(t as never, e)).not.toContain('request body');
  });

  it('the errors a real till sends carry a code the renderer knows in every language', () => {
    const dir = mkdtempSync(join(tmpdir(), 'comptoir-errors-'));
    const app = createApp({ file: join(dir, 'ledger.sqlite') });
    try {
      let err: unknown;
      try {
        app.callUntyped('auth.login', { userId: 'nope', pin: '12', colour: 1 });
      } catch (e) {
        err = e;
      }
      const fields = (err as CommandError).fields ?? [];
      expect(fields.map((f) => f.code)).toEqual(['id', 'pinFormat', 'unrecognized_keys']);
      for (const lang of ['fr', 'en', 'bg'] as const) {
        setLang(lang);
        for (const f of fields)
          expect(fieldMessage(t as never, f)).not.toBe(i18next.t('errors.field.invalid'));
      }
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

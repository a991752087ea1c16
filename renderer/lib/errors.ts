import i18next, { type TFunction } from 'i18next';
import { z } from 'zod';
import { bg, en, fr } from 'zod/locales';
import { CommandError, type FieldCode, type FieldIssue } from '../../shared/errors.ts';

/**
 * Errors in the user's language, by code: a CommandError's `code` picks errors.code.<CODE>, a field
 * issue's `code` and `params` pick errors.field.<code> (ours) or zod's own message from zod's
 * locale (zod's codes). The server's English `message` is never read here.
 */

/** zod's issue codes: worded by zod's locale of the UI language. */
const ZOD_CODES: ReadonlySet<FieldCode> = new Set<FieldCode>([
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

const ZOD_LOCALES = { fr, en, bg } as const;
type ZodLang = keyof typeof ZOD_LOCALES;
const zodMaps = new Map<ZodLang, z.core.$ZodErrorMap>();

function zodMap(lang: string): z.core.$ZodErrorMap {
  const l: ZodLang = lang in ZOD_LOCALES ? (lang as ZodLang) : 'fr';
  let m = zodMaps.get(l);
  if (!m) {
    m = ZOD_LOCALES[l]().localeError;
    zodMaps.set(l, m);
  }
  return m;
}

/**
 * zod's messages of the renderer's own parsing (a form checked before it is sent) follow the UI
 * language too: called when the language is set.
 */
export function setZodLanguage(lang: string): void {
  z.config({ localeError: zodMap(lang) });
}

function zodMessage(lang: string, issue: FieldIssue): string | null {
  const raw = {
    ...issue.params,
    code: issue.code,
    path: [],
    input: undefined,
  } as unknown as Parameters<z.core.$ZodErrorMap>[0];
  const r = zodMap(lang)(raw);
  return typeof r === 'string' ? r : (r?.message ?? null);
}

export function fieldMessage(t: TFunction, issue: FieldIssue): string {
  if (ZOD_CODES.has(issue.code)) {
    return zodMessage(i18next.resolvedLanguage ?? i18next.language, issue) ?? t('errors.field.invalid');
  }
  const key = `errors.field.${issue.code}`;
  // a NOT_FOUND issue says what it did not find (notFound_product …: i18next's context)
  return t(key, { ...issue.params, context: issue.params?.what, defaultValue: t('errors.field.invalid') });
}

/** Issues whose path is `path` or below it (`tenders.0` matches `tenders.0.tendered`). */
export function issuesFor(err: unknown, path: string): FieldIssue[] {
  if (!(err instanceof CommandError) || !err.fields) return [];
  return err.fields.filter((f) => f.path === path || f.path.startsWith(`${path}.`));
}

export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof CommandError) {
    if (err.code === 'INTERNAL' && err.details?.transport) return t('errors.offline');
    // a refusal that says why (details.reason, a stable code) has its own sentence when one exists
    const reason = err.details?.reason;
    if (typeof reason === 'string' && /^[A-Za-z]+$/.test(reason)) {
      const own = t(`errors.state.${reason}`, { ...err.details, defaultValue: '' });
      if (own) return own;
    }
    return t(`errors.code.${err.code}`, { ...err.details });
  }
  return t('errors.code.INTERNAL');
}

export function isApprovalRequired(err: unknown): boolean {
  return err instanceof CommandError && err.code === 'APPROVAL_REQUIRED';
}

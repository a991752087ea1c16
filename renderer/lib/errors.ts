import type { TFunction } from 'i18next';
import { CommandError, type FieldIssue } from '../../shared/errors.ts';

/** Known server/zod messages → translation keys; anything else is "invalid value". */
const FIELD_MESSAGES: [RegExp, string][] = [
  [/^required$/i, 'errors.field.required'],
  [/PIN is 4 to 8 digits/i, 'errors.field.pinFormat'],
  [/^wrong PIN$/i, 'errors.field.wrongPin'],
  [/^unknown user$/i, 'errors.field.unknownUser'],
  [/^not a manager$/i, 'errors.field.notManager'],
  [/cash tendered is less than/i, 'errors.field.tenderedShort'],
  [/non-cash tenders exceed the total/i, 'errors.field.nonCashExceeds'],
  [/tenders do not cover the total/i, 'errors.field.notCovered'],
  [/nothing is left to pay in cash/i, 'errors.field.nothingLeft'],
  [/only one cash tender/i, 'errors.field.oneCash'],
  [/customer must be identified/i, 'errors.field.customerConfirm'],
  [/sale must be confirmed/i, 'errors.field.saleConfirm'],
  [/not a \w+ denomination/i, 'errors.field.denomination'],
  [/unknown or inactive product/i, 'errors.field.product'],
  [/^already used by /i, 'errors.field.alreadyUsed'],
  [/is already a unit of|twice in the batch/i, 'errors.field.assetTaken'],
  [/^unknown category$/i, 'errors.field.unknownCategory'],
  [/^unknown tax category/i, 'errors.field.unknownTax'],
  [/^not an image/i, 'errors.field.notImage'],
  [/^letters, digits/i, 'errors.field.codeFormat'],
  [/a category of that name/i, 'errors.field.categoryName'],
  [/inside the category itself/i, 'errors.field.categoryCycle'],
  [/goes out by a reservation check-out/i, 'errors.field.outByCheckout'],
  [/unknown customer/i, 'errors.field.customer'],
  [/left to return$/i, 'errors.field.returnTooMany'],
  [/already returned$/i, 'errors.field.alreadyReturned'],
  [/email/i, 'errors.field.email'],
  [/expected string to have <=/i, 'errors.field.tooLong'],
  [/expected array to have <=/i, 'errors.field.tooMany'],
  [/cannot manage a/i, 'errors.field.cannotManage'],
  [/^date as YYYY-MM-DD$/, 'errors.field.date'],
  [/^month as YYYY-MM$/, 'errors.field.month'],
  [/^year as YYYY$/, 'errors.field.year'],
  [/too (small|big)|expected number|must be whole/i, 'errors.field.amount'],
];

export function fieldMessage(t: TFunction, issue: FieldIssue): string {
  for (const [re, key] of FIELD_MESSAGES) if (re.test(issue.message)) return t(key);
  return t('errors.field.invalid');
}

/** Issues whose path is `path` or below it (`tenders.0` matches `tenders.0.tendered`). */
export function issuesFor(err: unknown, path: string): FieldIssue[] {
  if (!(err instanceof CommandError) || !err.fields) return [];
  return err.fields.filter((f) => f.path === path || f.path.startsWith(`${path}.`));
}

export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof CommandError) {
    if (err.code === 'INTERNAL' && err.details?.transport) return t('errors.offline');
    return t(`errors.code.${err.code}`);
  }
  return t('errors.code.INTERNAL');
}

export function isApprovalRequired(err: unknown): boolean {
  return err instanceof CommandError && err.code === 'APPROVAL_REQUIRED';
}

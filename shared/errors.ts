/**
 * Typed error codes shared by every process. A command either returns its result or
 * fails with one of these; the renderer shows `fields` next to the matching inputs.
 */
export const ERROR_CODES = [
  'VALIDATION', // input does not match the command's schema; `fields` lists the paths
  'UNAUTHENTICATED', // no (or expired) session
  'FORBIDDEN', // the actor's role may not do this
  'APPROVAL_REQUIRED', // a manager PIN approval must accompany this command
  'LOCKED', // too many wrong PINs: locked until `until`
  'RATE_LIMITED', // too many attempts from this till (or client): details.retryAfterMs
  'NOT_FOUND', // an id the input names does not exist: details {field, id}, and `fields` names the input
  'PAYLOAD_TOO_LARGE', // the request body is over the transport's limit (HTTP 413): details {limit}
  'METHOD_NOT_ALLOWED', // the web host's path does not take this HTTP method (405): details {allow}
  'UNSUPPORTED_MEDIA_TYPE', // the web host's API takes JSON bodies only (415): details {expected}
  'INVALID_STATE', // e.g. refunding a sale that is not cancelled
  'DRAWER_CLOSED', // cash movement with no open drawer session
  'CONFLICT', // e.g. a drawer already open, a period already closed
  'HEAD_OFFICE', // head office refused or could not be reached; details.reason says which
  'LEDGER_BUSY', // the ledger file was locked by something else for longer than the wait: nothing written, try again
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Stable codes of a field issue. The renderer translates an issue by its code and params, never
 * by its English `message` (which is for logs and the CLI).
 *
 * - zod's own issue codes, passed through with zod's params (maximum, origin, expected …): the
 *   renderer words them with zod's locale in the user's language (z.locales.fr() …);
 * - the formats this contract defines with a regex (shared/api/schemas.ts registers each one);
 * - the rules the main process checks beyond the schema.
 */
/** Why a check-out or return scan is refused (the issue's code; details.reason says it too). */
export const SCAN_REFUSALS = [
  'unknownUnit', // no unit has the scanned asset ID
  'notOnReservation',
  'alreadyOut', // already out on this reservation
  'unitOut', // out on another rental
  'inMaintenance',
  'retired',
  'alreadyReturned',
  'heldByAnother', // booked on another reservation over the period
] as const;
export type ScanRefusal = (typeof SCAN_REFUSALS)[number];

export const FIELD_CODES = [
  // zod's
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
  // formats (shared/api/schemas.ts)
  'required', // an empty text where one is needed (zod too_small, minimum 1, on a string)
  'id',
  'pinFormat',
  'denomination',
  'date',
  'month',
  'year',
  'profileId',
  'queueName',
  'headOfficeUrl',
  'email',
  // the main process's rules
  'notFound', // the id names nothing (or a retired product): the issue of a NOT_FOUND error
  'unknownUser',
  'wrongPin',
  'notManager',
  'cannotManage',
  'tenderedShort', // params {due}
  'nonCashExceeds',
  'notCovered',
  'nothingLeft',
  'oneCash',
  'cashOnly',
  'overBalance', // params {balance}
  'customerConfirm',
  'saleConfirm',
  'listedTwice',
  'notCalendarPeriod', // params {kind}
  'nothingToChange',
  'oneOf', // give exactly one of the fields in params.fields
  'invalidJson',
  // catalogue, units, returns
  'codeFormat', // letters, digits, . - / (barcode, SKU, asset ID, prefix)
  'alreadyUsed', // params {name}: the item that has this SKU/barcode
  'unknownTax', // params {allowed}: the jurisdiction's tax classes
  'notImage',
  'assetTaken', // params {assetId, productName?}: twice in the batch, or a unit of productName
  'categoryName',
  'categoryCycle',
  'outByCheckout',
  'sameStatus', // params {status}
  'retired',
  'importRow', // params {rowCode}: the row's own code (catalogue.csv.errors.*); details.rows has them all
  'noRows',
  'alreadyReturned',
  'returnTooMany', // params {left}: items left to return
  'nothingToReturn',
  // rentals (services/reservations.ts)
  'returnBeforePickup',
  'noRate', // no rate of the item's table covers the period
  'rentalTooLong',
  'overDeposit', // params {due}
  'negativeTotal', // an invoice (not a credit note) would total below zero
  'creditTooMany', // params {left}: what is left to credit on the invoice's line (or in all)
  // scan refusals (SCAN_REFUSALS; 'retired' and 'alreadyReturned' are above)
  'unknownUnit',
  'notOnReservation',
  'alreadyOut',
  'unitOut',
  'inMaintenance',
  'heldByAnother',
  // the renderer's own checks before a command is sent
  'amount', // a money field whose text is not an amount (12.50 or 12,50)
] as const;
export type FieldCode = (typeof FIELD_CODES)[number];

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `tenders.0.tendered`; an unknown key's own path */
  path: string;
  /** what is wrong, stable (FIELD_CODES) */
  code: FieldCode;
  /** what a translation needs to say it (zod's issue fields, or ours: due, balance, kind …) */
  params?: Record<string, unknown>;
  /** English, for logs and the CLI; the UI never shows it */
  message: string;
}

/** A field issue (the message is English, for logs). */
export function issue(
  path: string,
  code: FieldCode,
  message: string,
  params?: Record<string, unknown>,
): FieldIssue {
  return params ? { path, code, params, message } : { path, code, message };
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

export class CommandError extends Error {
  override name = 'CommandError';
  readonly code: ErrorCode;
  readonly fields: FieldIssue[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
  }

  toJSON(): ErrorPayload {
    const out: ErrorPayload = { code: this.code, message: this.message };
    if (this.fields) out.fields = this.fields;
    if (this.details) out.details = this.details;
    return out;
  }

  static fromJSON(p: ErrorPayload): CommandError {
    const extra: { fields?: FieldIssue[]; details?: Record<string, unknown> } = {};
    if (p.fields) extra.fields = p.fields;
    if (p.details) extra.details = p.details;
    return new CommandError(p.code, p.message, extra);
  }
}

export function validationError(fields: FieldIssue[], message?: string): CommandError {
  return new CommandError(
    'VALIDATION',
    message ?? `invalid input: ${fields.map((f) => f.path || '(root)').join(', ')}`,
    {
      fields,
    },
  );
}

export function isCommandError(e: unknown): e is CommandError {
  return e instanceof CommandError;
}

/**
 * An id the input names does not exist (a product, a customer, a sale …): NOT_FOUND, whatever
 * the id's kind, with the input's path in details.field and as a field issue (the screen marks
 * the input as it does a VALIDATION issue).
 */
export function notFound(field: string, id: string | number, what: string): CommandError {
  return new CommandError('NOT_FOUND', `${what} ${id} not found`, {
    details: { field, id },
    fields: [issue(field, 'notFound', `unknown ${what}`, { what })],
  });
}

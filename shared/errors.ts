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
  'NOT_FOUND',
  'INVALID_STATE', // e.g. refunding a sale that is not cancelled
  'DRAWER_CLOSED', // cash movement with no open drawer session
  'CONFLICT', // e.g. a drawer already open, a period already closed
  'HEAD_OFFICE', // head office refused or could not be reached; details.reason says which
  'LEDGER_BUSY', // the ledger file was locked by something else for longer than the wait: nothing written, try again
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `tenders.0.tendered` */
  path: string;
  message: string;
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

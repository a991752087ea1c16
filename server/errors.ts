import { SYNC_HTTP_STATUS, type SyncErrorBody, type SyncErrorCode } from '../shared/sync/protocol.ts';

/** A refusal with a stable code (shared/sync/protocol.ts) and its HTTP status. */
export class SyncError extends Error {
  override name = 'SyncError';
  readonly code: SyncErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: SyncErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return SYNC_HTTP_STATUS[this.code];
  }

  toJSON(): SyncErrorBody {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isSyncError(e: unknown): e is SyncError {
  return e instanceof SyncError;
}

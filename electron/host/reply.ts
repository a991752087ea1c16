import type { Reply } from '../../shared/api/client.ts';
import { type ErrorCode, type ErrorPayload, isCommandError } from '../../shared/errors.ts';

/**
 * The one place a call's outcome becomes a wire `Reply`, used by both transports (HTTP host
 * and Electron IPC) so the renderer cannot tell them apart. Results go through JSON so IPC
 * delivers exactly what HTTP would (no Dates, no undefined keys, no class instances).
 */
export function runToReply(fn: () => unknown, onInternal?: (e: unknown) => void): Reply {
  try {
    const result = fn();
    return { ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (e) {
    return { ok: false, error: errorPayload(e, onInternal) };
  }
}

export function errorPayload(e: unknown, onInternal?: (e: unknown) => void): ErrorPayload {
  if (isCommandError(e)) return e.toJSON();
  // never leak stack traces or SQL to the renderer; the log has the details
  onInternal?.(e);
  return { code: 'INTERNAL', message: 'internal error' };
}

/** HTTP status for each contract error code. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  APPROVAL_REQUIRED: 403,
  LOCKED: 423,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  DRAWER_CLOSED: 409,
  CONFLICT: 409,
  INTERNAL: 500,
};

export function replyStatus(r: Reply): number {
  return r.ok ? 200 : (HTTP_STATUS[r.error.code] ?? 500);
}

import type { Reply } from '../../shared/api/client.ts';
import { type ErrorCode, type ErrorPayload, isCommandError } from '../../shared/errors.ts';

/**
 * What both transports (Electron IPC and the web host's HTTP) share, so that the renderer cannot
 * tell them apart: how a call's outcome becomes a wire `Reply`, the HTTP status of each error
 * code, and the strict Content-Security-Policy (and friends) every page of ours is served with.
 * Neither transport imports the other.
 */

/** Our pages load nothing from anywhere but their own origin (app://comptoir or 127.0.0.1). */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=()',
};

/**
 * The one place a call's outcome becomes a wire `Reply`, used by both transports (HTTP host
 * and Electron IPC) so the renderer cannot tell them apart. Results go through JSON so IPC
 * delivers exactly what HTTP would (no Dates, no undefined keys, no class instances).
 */
export function runToReply(fn: () => unknown, onInternal?: (e: unknown) => void): Reply | Promise<Reply> {
  const ok = (result: unknown): Reply => ({
    ok: true,
    result: result === undefined ? null : JSON.parse(JSON.stringify(result)),
  });
  try {
    const result = fn();
    // the few operations that wait on the network (enrolment) answer later
    if (result instanceof Promise) {
      return result.then(ok, (e: unknown): Reply => ({ ok: false, error: errorPayload(e, onInternal) }));
    }
    return ok(result);
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
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_STATE: 409,
  DRAWER_CLOSED: 409,
  CONFLICT: 409,
  HEAD_OFFICE: 502,
  LEDGER_BUSY: 503,
  INTERNAL: 500,
};

export function replyStatus(r: Reply): number {
  return r.ok ? 200 : (HTTP_STATUS[r.error.code] ?? 500);
}

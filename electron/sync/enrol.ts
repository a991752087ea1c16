import { CommandError } from '../../shared/errors.ts';
import { type EnrolResponse, enrolResponse, SYNC_PATHS, syncErrorBody } from '../../shared/sync/protocol.ts';
import { type HttpClientOptions, httpClient, NetworkError } from './http.ts';

/**
 * Trade a one-time enrolment code for this till's device token (POST /api/v1/enrol). Runs
 * before, and outside, the command that records the enrolment: no transaction waits on the
 * network. Every failure is a typed HEAD_OFFICE error whose `details.reason` the settings screen
 * translates: head office's own code (ENROL_CODE_INVALID, ENROL_CODE_EXPIRED, ENROL_CODE_USED,
 * DEVICE_CONFLICT, RATE_LIMITED, …) or the network's (UNREACHABLE, TIMEOUT, RESET, BAD_ANSWER).
 * The token is returned to the caller only; it is never part of an error or a log line.
 */
export async function requestEnrolment(
  headOffice: string,
  req: { code: string; deviceId: string; tillName: string; publicKeyPem: string },
  opts: HttpClientOptions = {},
): Promise<EnrolResponse> {
  const client = httpClient({ timeoutMs: 15_000, keepAlive: false, ...opts });
  try {
    let answer: { status: number; body: unknown };
    try {
      answer = await client.request('POST', new URL(SYNC_PATHS.enrol, headOffice), req);
    } catch (e) {
      const reason = e instanceof NetworkError ? e.code : 'UNREACHABLE';
      throw new CommandError('HEAD_OFFICE', `head office at ${headOffice} did not answer (${reason})`, {
        details: { reason },
      });
    }
    if (answer.status === 200) {
      const ok = enrolResponse.safeParse(answer.body);
      if (!ok.success || ok.data.deviceId !== req.deviceId) {
        throw new CommandError('HEAD_OFFICE', 'head office answered something that is not an enrolment', {
          details: { reason: 'BAD_ANSWER' },
        });
      }
      return ok.data;
    }
    const err = syncErrorBody.safeParse(answer.body);
    const reason = err.success ? err.data.code : `HTTP_${answer.status}`;
    const details: Record<string, unknown> = { reason, status: answer.status };
    const retry = err.success ? (err.data.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
    if (typeof retry?.retryAfterSeconds === 'number') details.retryAfterSeconds = retry.retryAfterSeconds;
    throw new CommandError('HEAD_OFFICE', `head office refused the enrolment: ${reason}`, { details });
  } finally {
    client.close();
  }
}

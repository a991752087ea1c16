import http from 'node:http';
import https from 'node:https';

/**
 * The till's one way to talk to head office: JSON over HTTP(S) with a deadline on the whole
 * exchange, keep-alive connections, and every failure sorted into what the worker must do:
 *  - an answer (any status, a JSON body or none) → `HttpAnswer`;
 *  - no answer (refused, reset, DNS, TLS, deadline, a body cut short or not JSON) → `NetworkError`
 *    with a stable code; the worker retries those with backoff.
 * No secret reaches an error message: the token travels in a header and is never echoed.
 */
export interface HttpAnswer {
  status: number;
  body: unknown;
}

export type NetworkCode = 'UNREACHABLE' | 'TIMEOUT' | 'RESET' | 'BAD_ANSWER';

export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly code: NetworkCode,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpClientOptions {
  /** deadline for one exchange, connect to last byte (default 15 s) */
  timeoutMs?: number;
  /** largest answer accepted (default 1 MiB) */
  maxAnswerBytes?: number;
  /** keep connections open between batches (default true) */
  keepAlive?: boolean;
}

export interface HttpClient {
  request(
    method: 'GET' | 'POST',
    url: URL,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
  close(): void;
}

export function httpClient(opts: HttpClientOptions = {}): HttpClient {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const maxBytes = opts.maxAnswerBytes ?? 1024 * 1024;
  const keepAlive = opts.keepAlive ?? true;
  const agents = {
    'http:': new http.Agent({ keepAlive, maxSockets: 4 }),
    'https:': new https.Agent({ keepAlive, maxSockets: 4 }),
  };

  function request(
    method: 'GET' | 'POST',
    url: URL,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const lib = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
      if (!lib) {
        reject(new NetworkError('UNREACHABLE', `unsupported protocol ${url.protocol}`));
        return;
      }
      const payload = body === undefined ? null : Buffer.from(JSON.stringify(body), 'utf8');
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const req = lib.request(url, {
        method,
        agent: agents[url.protocol as 'http:' | 'https:'],
        headers: {
          Accept: 'application/json',
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) }
            : {}),
          ...headers,
        },
      });
      const timer = setTimeout(() => {
        done(() =>
          reject(new NetworkError('TIMEOUT', `no answer from ${url.origin} within ${timeoutMs} ms`)),
        );
        req.destroy();
      }, timeoutMs);
      req.on('error', (e: NodeJS.ErrnoException) => {
        const code: NetworkCode = e.code === 'ECONNRESET' || e.code === 'EPIPE' ? 'RESET' : 'UNREACHABLE';
        done(() => reject(new NetworkError(code, `${url.origin}: ${e.code ?? e.message}`)));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) {
            done(() => reject(new NetworkError('BAD_ANSWER', `answer larger than ${maxBytes} bytes`)));
            req.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('aborted', () =>
          done(() => reject(new NetworkError('RESET', `${url.origin}: answer cut short`))),
        );
        res.on('error', () =>
          done(() => reject(new NetworkError('RESET', `${url.origin}: answer cut short`))),
        );
        res.on('end', () => {
          if (!res.complete) {
            done(() => reject(new NetworkError('RESET', `${url.origin}: answer cut short`)));
            return;
          }
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = null;
          if (text.length > 0) {
            try {
              parsed = JSON.parse(text);
            } catch {
              // a proxy's HTML error page: an answer from something, but not from head office
              if (res.statusCode && res.statusCode >= 500) parsed = null;
              else {
                done(() => reject(new NetworkError('BAD_ANSWER', `${url.origin}: answer is not JSON`)));
                return;
              }
            }
          }
          done(() => resolve({ status: res.statusCode ?? 0, body: parsed }));
        });
      });
      if (payload) req.end(payload);
      else req.end();
    });
  }

  return {
    request,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** JSON over real HTTP on 127.0.0.1 (what a till sends). */
export async function call<T = Record<string, unknown>>(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  opts: { token?: string; body?: unknown; raw?: string; contentType?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  const r = await fetch(url + path, { method, headers, body });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : {}) as T };
}

import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run host` as a child process on an existing ledger, for the tests that need a real second
 * process (one writer per ledger, stderr on a full disk, fsyncs under strace): started, its URL
 * read from stdout, the launch secret traded for the cookie, then `api(op, input, token)`.
 */
export const HOST_CLI = join(process.cwd(), 'electron/host/cli.ts');

export interface HostChild {
  child: ChildProcess;
  origin: string;
  /** POST /api/<op>: HTTP status and the reply */
  api(
    op: string,
    input: unknown,
    token?: string | null,
  ): Promise<{ status: number; body: { ok: boolean; result?: unknown; error?: { code: string } } }>;
  /** what the child printed so far */
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** run the host under another program (strace …): its argv before node's */
  wrap?: string[];
  /** stderr of the child: 'pipe' (default) or a file descriptor (e.g. /dev/full opened) */
  stderr?: 'pipe' | number;
  env?: NodeJS.ProcessEnv;
  args?: string[];
}

/** Start the host; resolves once it printed its URL, rejects with its output if it exited first. */
export function spawnHost(file: string, opts: SpawnOptions = {}): Promise<HostChild> {
  const argv = [
    process.execPath,
    '--import',
    'tsx',
    HOST_CLI,
    '--db',
    file,
    '--port',
    '0',
    ...(opts.args ?? []),
  ];
  const cmd = opts.wrap ? [...opts.wrap, ...argv] : argv;
  const stdio: StdioOptions = ['ignore', 'pipe', opts.stderr ?? 'pipe'];
  const child = spawn(cmd[0]!, cmd.slice(1), { cwd: process.cwd(), env: opts.env ?? process.env, stdio });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(Object.assign(new Error(`host exited ${code}: ${out}`), { code, out }));
    child.once('exit', onExit);
    const timer = setTimeout(() => reject(new Error(`host did not start in 60 s: ${out}`)), 60_000);
    const poll = setInterval(async () => {
      const m = /Open: (http:\/\/[^\s]+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(timer);
      child.off('exit', onExit);
      const url = new URL(m[1]!);
      const origin = url.origin;
      const r = await fetch(url, { redirect: 'manual' });
      const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
      resolve({
        child,
        origin,
        async api(op, input, token = null) {
          let res: Response;
          try {
            res = await fetch(`${origin}/api/${op}`, {
              method: 'POST',
              headers: { cookie, origin, 'content-type': 'application/json' },
              body: JSON.stringify({ input, token }),
            });
          } catch (e) {
            // the connection failed (the host died, or reset it): status 0, the cause as the code
            const cause = (e as { cause?: { code?: string } }).cause?.code ?? String(e);
            return { status: 0, body: { ok: false, error: { code: `NETWORK ${cause}` } } };
          }
          const text = await res.text();
          let body: { ok: boolean; result?: unknown; error?: { code: string } };
          try {
            body = JSON.parse(text);
          } catch {
            body = { ok: false, error: { code: `NOT_JSON ${text.slice(0, 80)}` } };
          }
          return { status: res.status, body };
        },
        output: () => out,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
            await exited;
            clearTimeout(t);
          }
        },
      });
    }, 50);
  });
}

/** Run a CLI to its end: exit code and everything it printed. */
export function runChild(
  argv: string[],
  opts: { stdio?: StdioOptions } = {},
): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const c = spawn(argv[0]!, argv.slice(1), {
      cwd: process.cwd(),
      stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    c.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.once('exit', (code) => res({ code, out }));
  });
}

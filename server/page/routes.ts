import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HqDatabase } from '../db.ts';
import {
  type PageUser,
  readCookies,
  SESSION_COOKIE,
  SESSION_HOURS,
  sessionUser,
  signIn,
  signOut,
} from './auth.ts';
import { type StoreView, storeView, visibleStores } from './data.ts';
import { dashboardPage, loginPage, makeFmt } from './html.ts';
import { type PageLang, pickLang } from './i18n.ts';

/**
 * The read-only head-office page under /hq/: sign-in (hq_users), then every store the user may
 * see with its tills (last sync, pending, state), the alerts (forks, rewritten ledgers, tills
 * silent for more than `silentHours`), sales by day as a Chart.js bar chart, and the Z reports of
 * each till. Strict Content-Security-Policy: scripts and styles from this origin only, nothing
 * inline, no framing.
 */
export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const HERE = dirname(fileURLToPath(import.meta.url));
// Chart.js's own browser build, served as it ships (no bundler at run time)
const CHART_UMD = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');
const ASSETS: Record<string, { file: string; type: string }> = {
  'chart.umd.min.js': { file: CHART_UMD, type: 'text/javascript; charset=utf-8' },
  'page.js': { file: join(HERE, 'assets/page.js'), type: 'text/javascript; charset=utf-8' },
  'page.css': { file: join(HERE, 'assets/page.css'), type: 'text/css; charset=utf-8' },
};

/** sign-in attempts per address and minute (each instance keeps its own count) */
const SIGN_INS_PER_MINUTE = 10;

export interface PageOptions {
  now: () => Date;
  silentHours?: number;
}

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

function html(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return secure(reply)
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

function langOf(req: FastifyRequest, reply: FastifyReply): PageLang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  const cookies = readCookies(req.headers.cookie);
  const lang = pickLang(q, cookies.hq_lang, req.headers['accept-language']);
  if (q === lang && cookies.hq_lang !== lang)
    reply.header('set-cookie', `hq_lang=${lang}; Path=/hq; SameSite=Strict; Max-Age=31536000`);
  return lang;
}

export async function registerPage(
  app: FastifyInstance,
  database: HqDatabase,
  opts: PageOptions,
): Promise<void> {
  const { db } = database;
  const silentHours = opts.silentHours ?? 48;
  const attempts = new Map<string, number[]>();

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );

  const user = async (req: FastifyRequest): Promise<PageUser | null> =>
    sessionUser(db, readCookies(req.headers.cookie)[SESSION_COOKIE], opts.now());

  app.get('/hq', (_req, reply) => reply.redirect('/hq/', 302));

  app.get('/hq/', async (req, reply) => {
    const lang = langOf(req, reply);
    const u = await user(req);
    if (!u) return secure(reply).redirect(`/hq/login?lang=${lang}`, 303);
    const now = opts.now();
    const views: StoreView[] = [];
    for (const storeId of await visibleStores(db, u.stores)) {
      const v = await storeView(db, storeId, { now, silentHours, days: 30, zPerTill: 10 });
      if (v) views.push(v);
    }
    return html(reply, dashboardPage(makeFmt(lang), { user: u.username, stores: views, now, silentHours }));
  });

  app.get('/hq/login', async (req, reply) => {
    const lang = langOf(req, reply);
    if (await user(req)) return secure(reply).redirect('/hq/', 303);
    return html(reply, loginPage(makeFmt(lang)));
  });

  app.post('/hq/login', async (req, reply) => {
    const lang = langOf(req, reply);
    const f = makeFmt(lang);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
    const t = opts.now().getTime();
    const recent = (attempts.get(req.ip) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= SIGN_INS_PER_MINUTE) {
      attempts.set(req.ip, recent);
      return html(reply.header('retry-after', '60'), loginPage(f, { error: 'tooMany', username }), 429);
    }
    attempts.set(req.ip, [...recent, t]);
    const got = username && password ? await signIn(db, username, password, opts.now()) : null;
    if (!got) return html(reply, loginPage(f, { error: 'badLogin', username }), 401);
    return secure(reply)
      .header(
        'set-cookie',
        `${SESSION_COOKIE}=${got.token}; Path=/hq; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`,
      )
      .redirect('/hq/', 303);
  });

  app.post('/hq/logout', async (req, reply) => {
    await signOut(db, readCookies(req.headers.cookie)[SESSION_COOKIE]);
    return secure(reply)
      .header('set-cookie', `${SESSION_COOKIE}=; Path=/hq; HttpOnly; SameSite=Strict; Max-Age=0`)
      .redirect('/hq/login', 303);
  });

  const cache = new Map<string, Buffer>();
  app.get('/hq/assets/:name', async (req, reply) => {
    const { name } = req.params as { name: string };
    const a = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!a) return secure(reply).code(404).type('text/plain').send('not found');
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(a.file);
      cache.set(name, body);
    }
    return secure(reply).header('cache-control', 'public, max-age=3600').type(a.type).send(body);
  });
}

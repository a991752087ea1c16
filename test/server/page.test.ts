import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { CSP } from '../../server/page/routes.ts';
import { PAGE_PASSWORD, SEED_NOW, type Seeded, seedHeadOffice } from '../helpers/hq-page-seed.ts';
import { BACKENDS } from './backends.ts';

/**
 * The head-office page over real HTTP: only signed-in head-office users see it, each only the
 * stores on their row; sessions expire, end at sign-out and when the user is disabled; only a
 * hash of the session token is stored; sign-ins are rate-limited and audited. What it shows is
 * what the tills pushed: tills with last sync and pending count, the fork, the rewritten ledger
 * and the silent till as alerts, sales by day (the chart's data and the table) and the Z reports.
 */
interface Got {
  status: number;
  headers: Headers;
  text: string;
}

describe.each(BACKENDS)('head-office page on $name', (backend) => {
  let hq: RunningServer;
  const clock = { now: SEED_NOW };
  let seeded: Seeded;

  const get = async (path: string, cookie?: string): Promise<Got> => {
    const r = await fetch(hq.url + path, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    return { status: r.status, headers: r.headers, text: await r.text() };
  };
  const post = async (path: string, form: Record<string, string>, cookie?: string): Promise<Got> => {
    const r = await fetch(hq.url + path, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(form).toString(),
    });
    return { status: r.status, headers: r.headers, text: await r.text() };
  };
  const signIn = async (username: string, password = PAGE_PASSWORD): Promise<string> => {
    const r = await post('/hq/login', { username, password });
    expect(r.status, r.text.slice(0, 200)).toBe(303);
    const c = r.headers.get('set-cookie') ?? '';
    expect(c).toMatch(/HttpOnly/);
    expect(c).toMatch(/SameSite=Strict/);
    return c.split(';')[0]!;
  };
  const count = async (table: string) =>
    Number(
      (
        await query<{ n: string }>(hq.database.db, sql`SELECT count(*) AS n FROM ${sql.identifier(table)}`)
      )[0]!.n,
    );

  beforeAll(async () => {
    hq = await startServer({ ...(await backend.options()), now: () => clock.now, enrolPerMinute: 1000 });
    seeded = await seedHeadOffice(hq, clock);
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });

  it('without a session: the sign-in form, never the figures; strict CSP', async () => {
    const r = await get('/hq/');
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/hq/login?lang=fr');
    const form = await get('/hq/login');
    expect(form.status).toBe(200);
    expect(form.headers.get('content-security-policy')).toBe(CSP);
    expect(form.text).toContain('Connexion au siège');
    expect(form.text).not.toContain('Montréal');
    // a forged or unknown cookie is no session
    expect((await get('/hq/', 'hq_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(303);
  });

  it('a wrong password or an unknown user: 401, no session stored, the refusal audited', async () => {
    const sessions = await count('hq_sessions');
    const bad = await post('/hq/login', { username: seeded.users.all, password: 'not the password' });
    expect(bad.status).toBe(401);
    expect(bad.text).toContain('Nom d&#39;utilisateur ou mot de passe incorrect.');
    expect(bad.headers.get('set-cookie')).toBeNull();
    expect((await post('/hq/login', { username: 'nobody', password: PAGE_PASSWORD })).status).toBe(401);
    expect(await count('hq_sessions')).toBe(sessions);
    const audited = await query<{ action: string; actor: string }>(
      hq.database.db,
      sql`SELECT action, actor FROM audit_log WHERE store_id = '*' AND action = 'page.signIn.refused' ORDER BY id`,
    );
    expect(audited.map((a) => a.actor)).toEqual([`page:${seeded.users.all}`, 'page:nobody']);
  });

  it('a user sees only the stores on their row; the token is stored hashed', async () => {
    const cookie = await signIn(seeded.users.que);
    const token = cookie.split('=')[1]!;
    const stored = await query<{ token_hash: string }>(
      hq.database.db,
      sql`SELECT token_hash FROM hq_sessions WHERE username = ${seeded.users.que}`,
    );
    expect(stored.length).toBe(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    const page = await get('/hq/', cookie);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.text).toContain('Québec — Limoilou');
    expect(page.text).not.toContain('Montréal');
    expect(page.text).not.toContain('qc-mtl');
    const all = await get('/hq/', await signIn(seeded.users.all));
    expect(all.text).toContain('Québec — Limoilou');
    expect(all.text).toContain('Montréal — Plateau');
  });

  it('what the tills pushed: last sync, pending, the three alerts, sales by day, Z reports', async () => {
    const page = (await get('/hq/?lang=en', await signIn(seeded.users.all))).text;
    // alerts: the fork, the rewritten ledger, the till silent since the 27th
    const alerts = [...page.matchAll(/<li class="alert [^"]*" data-kind="(\w+)">(.*?)<\/li>/g)].map((m) => [
      m[1],
      m[2]!.replace(/<[^>]+>/g, ''),
    ]);
    expect(alerts.map((a) => a[0]).sort()).toEqual(['FORK', 'LEDGER_REWRITTEN', 'SILENT']);
    const text = (k: string) => alerts.find((a) => a[0] === k)![1]!;
    const { mtl2, que2 } = seeded.tills;
    expect(text('FORK')).toContain('Caisse 2: the journal diverges at no.');
    expect(text('LEDGER_REWRITTEN')).toContain(`holds up to no. ${que2.head.seq + 5}`);
    expect(text('SILENT')).toMatch(
      /Caisse 1: silent for more than 48 h \(last contact: Nov 27, 2026 13:00\)/,
    );
    expect(page).toContain(`refused (FORK)`);
    expect(mtl2.head.seq).toBeGreaterThan(0);
    // mtl-1 reported two entries head office has not received
    const row = /<tr data-device="mtl-1">([\s\S]*?)<\/tr>/.exec(page)![1]!;
    expect(row).toContain('behind');
    expect(row).toMatch(/<td class="num">2<\/td>/);
    expect(row).toContain('Nov 30, 2026 16:00');

    // the chart's data: every day's total as pushed, for each store
    for (const [storeId, days] of Object.entries(seeded.salesByDay)) {
      const json = new RegExp(
        `<script type="application/json" id="chart-data-${storeId}">(.*?)</script>`,
      ).exec(page)![1]!;
      const data = JSON.parse(json) as {
        config: { data: { labels: string[]; datasets: { data: number[] }[] } };
      };
      const values = data.config.data.datasets[0]!.data;
      expect(values.length).toBe(30);
      const sum = values.reduce((a, b) => a + b, 0);
      const want = Object.values(days).reduce((a, d) => a + d.total, 0);
      expect(Math.round(sum * 100)).toBe(want);
      expect(values[29]).toBe((days['2026-11-30']?.total ?? 0) / 100);
    }
    // Z reports: one table per till, the newest first, sealed ones verified
    const z = /<table class="z" data-device="mtl-1">([\s\S]*?)<\/table>/.exec(page)![1]!;
    const numbers = [...z.matchAll(/<th scope="row">(\d+)<\/th>/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([14, 13, 12, 11, 10, 9, 8, 7, 6, 5]);
    expect(z).toContain('verified');
  });

  it('the page in fr, en and bg (?lang= remembered in a cookie)', async () => {
    const cookie = await signIn(seeded.users.all);
    const fr = await get('/hq/', cookie);
    expect(fr.text).toContain('<html lang="fr">');
    expect(fr.text).toContain('Ventes par jour');
    const bg = await get('/hq/?lang=bg', cookie);
    expect(bg.text).toContain('<html lang="bg">');
    expect(bg.text).toContain('Продажби по дни');
    expect(bg.text).toContain('мълчи повече от 48 ч');
    const remembered = bg.headers.get('set-cookie')!.split(';')[0]!;
    expect((await get('/hq/', `${cookie}; ${remembered}`)).text).toContain('<html lang="bg">');
  });

  it('sessions end: sign-out, expiry after 12 h, a disabled user', async () => {
    const a = await signIn(seeded.users.all);
    expect((await get('/hq/', a)).status).toBe(200);
    const out = await post('/hq/logout', {}, a);
    expect(out.status).toBe(303);
    expect((await get('/hq/', a)).status).toBe(303);

    const b = await signIn(seeded.users.all);
    clock.now = new Date(SEED_NOW.getTime() + 12 * 3_600_000 + 1000);
    expect((await get('/hq/', b)).status).toBe(303);
    clock.now = SEED_NOW;

    const c = await signIn(seeded.users.que);
    expect((await get('/hq/', c)).status).toBe(200);
    await hq.database.db.execute(
      sql`UPDATE hq_users SET disabled_at = now() WHERE username = ${seeded.users.que}`,
    );
    expect((await get('/hq/', c)).status).toBe(303);
    expect((await post('/hq/login', { username: seeded.users.que, password: PAGE_PASSWORD })).status).toBe(
      401,
    );
    await hq.database.db.execute(
      sql`UPDATE hq_users SET disabled_at = NULL WHERE username = ${seeded.users.que}`,
    );
  });

  it('sign-ins are rate-limited per address: the 11th in a minute is 429, even with the right password', async () => {
    clock.now = new Date(SEED_NOW.getTime() + 3_600_000); // a fresh minute for this address
    try {
      for (let i = 0; i < 10; i++)
        expect((await post('/hq/login', { username: 'nobody', password: 'x' })).status).toBe(401);
      const sessions = await count('hq_sessions');
      const r = await post('/hq/login', { username: seeded.users.all, password: PAGE_PASSWORD });
      expect(r.status).toBe(429);
      expect(r.text).toContain('Trop de tentatives');
      expect(await count('hq_sessions')).toBe(sessions);
    } finally {
      clock.now = SEED_NOW;
    }
  });

  it('assets: Chart.js and the page script from this origin, nothing else', async () => {
    const js = await get('/hq/assets/chart.umd.min.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(js.text.length).toBeGreaterThan(100_000);
    expect((await get('/hq/assets/page.js')).status).toBe(200);
    expect((await get('/hq/assets/..%2Fauth.ts')).status).toBe(404);
    expect((await get('/hq/assets/constructor')).status).toBe(404);
  });
});

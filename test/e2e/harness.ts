import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type App, createApp } from '../../electron/app/index.ts';
import { startTill as startTillRuntime } from '../../electron/app/till.ts';
import { type Host, startHost } from '../../electron/host/server.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

export const ROOT = join(import.meta.dirname, '../..');
// Screenshots go to test/artifacts (git-ignored) so a test run leaves the tree clean;
// COMPTOIR_DOCS_SCREENSHOTS=1 refreshes the ones committed in docs/screenshots.
export const SHOTS = process.env.COMPTOIR_DOCS_SCREENSHOTS
  ? join(ROOT, 'docs/screenshots')
  : join(ROOT, 'test/artifacts/screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface Till {
  f: Fixture;
  host: Host;
  close(): Promise<void>;
}

/**
 * A fresh ledger seeded like test/helpers/fixture.ts, served by the web host on a random port,
 * with its automatic backups running as beside a real till (into the fixture's folder).
 */
export async function startTill(): Promise<Till> {
  const f = makeFixture();
  const host = await startHost({
    app: f.app,
    port: 0,
    staticDir: join(ROOT, 'out/renderer'),
    log: () => undefined,
  });
  // the till's runtime as the web host runs it; the e2e printing test starts its own worker
  const runtime = startTillRuntime(f.app, { printing: false, backups: { dir: join(f.dir, 'backups') } });
  return {
    f,
    host,
    async close() {
      await runtime.stop();
      await host.close();
      f.cleanup();
    },
  };
}

/** A brand-new ledger with no user (the first run of a till), served by the web host. */
export interface EmptyTill {
  app: App;
  host: Host;
  close(): Promise<void>;
}

/** `now`: the till's wall clock (a test moves it to return a rental late); the real one by default. */
export async function startEmptyTill(opts: { now?: () => Date } = {}): Promise<EmptyTill> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-e2e-first-run-'));
  const app = createApp({ file: join(dir, 'ledger.sqlite'), ...(opts.now ? { now: opts.now } : {}) });
  const host = await startHost({ app, port: 0, staticDir: join(ROOT, 'out/renderer'), log: () => undefined });
  return {
    app,
    host,
    async close() {
      await host.close();
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPage(browser: Browser, till: { host: Host }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'fr-CA' });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(till.host.url);
  return page;
}

export const pageErrors = (page: Page): string[] => (page as Page & { errors: string[] }).errors ?? [];

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core on the current screen (evaluated through the DevTools protocol, so the CSP holds). */
export async function axe(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time
    const r = await (window as any).axe.run(document, { resultTypes: ['violations'] });
    return (r.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

/** Money as shown, with any kind of space normalised. */
export const norm = (s: string | null | undefined): string =>
  (s ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

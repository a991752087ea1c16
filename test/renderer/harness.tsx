import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { type App, createApp } from '../../electron/app/index.ts';
import { setClient } from '../../renderer/lib/api.ts';
import { useCart } from '../../renderer/stores/cart.ts';
import { useDrawer } from '../../renderer/stores/drawer.ts';
import { useSession } from '../../renderer/stores/session.ts';
import { useUi } from '../../renderer/stores/ui.ts';
import { createClient, type Reply, type Transport } from '../../shared/api/client.ts';
import type { OpName } from '../../shared/api/contract.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { CLERK_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';

/**
 * The renderer against a real ledger (no mocked results): an in-process transport that
 * JSON round-trips every call through createApp's callUntyped, like the web host does.
 */
export function ledgerTransport(f: Fixture): Transport & { calls: { op: string; input: unknown }[] } {
  return appTransport(f.app);
}

/** The same transport on any App (a ledger without users, for the first-run setup). */
export function appTransport(app: App): Transport & { calls: { op: string; input: unknown }[] } {
  const calls: { op: string; input: unknown }[] = [];
  return {
    calls,
    async invoke(op: OpName, input: unknown, token: string | null): Promise<Reply> {
      calls.push({ op, input });
      try {
        const result = await app.callUntyped(op, JSON.parse(JSON.stringify(input ?? {})), token ?? undefined);
        return JSON.parse(JSON.stringify({ ok: true, result: result ?? null })) as Reply;
      } catch (e) {
        if (e instanceof CommandError) return { ok: false, error: e.toJSON() };
        return { ok: false, error: { code: 'INTERNAL', message: String(e) } };
      }
    },
    subscribe(fn: (e: LedgerEvent) => void) {
      return app.subscribe(fn);
    },
  };
}

export interface Harness {
  f: Fixture;
  transport: ReturnType<typeof ledgerTransport>;
}

/** A fresh ledger, the renderer's stores reset, a clerk logged in if `login`. */
export async function setup(
  opts: { login?: boolean; store?: Partial<StoreSettings>; openDrawer?: boolean } = {},
): Promise<Harness> {
  const f = makeFixture(opts.store ? { store: opts.store } : {});
  const transport = await attach(f.app);
  if (opts.login) await useSession.getState().login(f.clerkId, CLERK_PIN);
  if (opts.openDrawer) {
    f.app.call('drawer.open', { float: { '2000': 5 } }, f.manager);
    await useDrawer.getState().refresh();
  }
  return { f, transport };
}

/** The renderer's client on `app`'s ledger, the stores reset, store info and tiles loaded. */
export async function attach(app: App): Promise<ReturnType<typeof appTransport>> {
  const transport = appTransport(app);
  setClient(createClient(transport));
  useCart.getState().clear();
  useDrawer.setState({ current: null, loaded: false });
  useUi.setState({ screen: 'counter', lastEvent: null, eventCount: 0 });
  useSession.setState({ store: null, tiles: [], user: null, locked: false });
  await useSession.getState().loadBoot();
  return transport;
}

/** A brand-new ledger with no user at all (the first run of a till), in a temp dir. */
export interface EmptyLedger {
  app: App;
  file: string;
  transport: ReturnType<typeof appTransport>;
  cleanup(): void;
}

export async function setupEmpty(opts: { now?: () => Date } = {}): Promise<EmptyLedger> {
  const dir = mkdtempSync(join(tmpdir(), 'comptoir-first-run-'));
  const file = join(dir, 'ledger.sqlite');
  const app = createApp({ file, ...(opts.now ? { now: opts.now } : {}) });
  const transport = await attach(app);
  return {
    app,
    file,
    transport,
    cleanup() {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function renderUi(ui: ReactElement) {
  return render(ui);
}

export function productByName(f: Fixture, name: string) {
  const all = f.app.call('catalogue.search', { q: '', limit: 50 }, f.clerk);
  const p = all.find((x) => x.name === name);
  if (!p) throw new Error(`no product ${name}`);
  return p;
}

import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
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
  const calls: { op: string; input: unknown }[] = [];
  return {
    calls,
    async invoke(op: OpName, input: unknown, token: string | null): Promise<Reply> {
      calls.push({ op, input });
      try {
        const result = f.app.callUntyped(op, JSON.parse(JSON.stringify(input ?? {})), token ?? undefined);
        return JSON.parse(JSON.stringify({ ok: true, result: result ?? null })) as Reply;
      } catch (e) {
        if (e instanceof CommandError) return { ok: false, error: e.toJSON() };
        return { ok: false, error: { code: 'INTERNAL', message: String(e) } };
      }
    },
    subscribe(fn: (e: LedgerEvent) => void) {
      return f.app.subscribe(fn);
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
  const transport = ledgerTransport(f);
  const client = createClient(transport);
  setClient(client);
  useCart.getState().clear();
  useDrawer.setState({ current: null, loaded: false });
  useUi.setState({ screen: 'counter', lastEvent: null, eventCount: 0 });
  useSession.setState({ store: null, tiles: [], user: null, locked: false });
  await useSession.getState().loadBoot();
  if (opts.login) await useSession.getState().login(f.clerkId, CLERK_PIN);
  if (opts.openDrawer) {
    f.app.call('drawer.open', { float: { '2000': 5 } }, f.manager);
    await useDrawer.getState().refresh();
  }
  return { f, transport };
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

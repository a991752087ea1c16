import type { Client, Transport } from '../../shared/api/client.ts';
import { contract } from '../../shared/api/contract.ts';

/** The one client of the running renderer (set at boot by main.tsx, or by a test). */
let current: Client | null = null;

export function setClient(c: Client | null): void {
  current = c;
}

export function api(): Client {
  if (!current) throw new Error('client not set');
  return current;
}

/** Is an operation in the contract? (printing ops arrive with the printing work.) */
export function hasOp(op: string): boolean {
  return Object.hasOwn(contract, op);
}

/** Wrap a transport to report whether the host answers (status bar: online/offline). */
export function watchTransport(t: Transport, report: (reachable: boolean) => void): Transport {
  return {
    async invoke(op, input, token) {
      const r = await t.invoke(op, input, token);
      const failed = !r.ok && r.error.code === 'INTERNAL' && !!r.error.details?.transport;
      report(!failed);
      return r;
    },
    subscribe: (fn) => t.subscribe(fn),
  };
}

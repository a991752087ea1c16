import { afterEach, describe, expect, it, vi } from 'vitest';
import { setClient } from '../../renderer/lib/api.ts';
import { PENDING_RECHECK_MS, usePrinter } from '../../renderer/stores/printer.ts';
import { createClient, type Reply } from '../../shared/api/client.ts';
import type { PrinterStatus } from '../../shared/api/types.ts';

/** A transport that answers printer.status from a script: this tests when the store asks. */
function scripted(states: Partial<PrinterStatus>[]) {
  const asked: number[] = [];
  const client = createClient({
    async invoke(op): Promise<Reply> {
      if (op === 'auth.login')
        return {
          ok: true,
          result: { token: 't', user: { id: 'u', name: 'U', role: 'clerk' }, expiresAt: '' },
        };
      asked.push(Date.now());
      const s = states[Math.min(asked.length - 1, states.length - 1)]!;
      return { ok: true, result: { state: 'ready', pendingJobs: 0, heldJobs: 0, ...s } };
    },
    subscribe: () => () => undefined,
  });
  return { client, asked };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('printer store', () => {
  it('looks again every 1.5 s while jobs wait on a ready printer, and stops once they are printed', async () => {
    vi.useFakeTimers();
    const { client, asked } = scripted([{ pendingJobs: 2 }, { pendingJobs: 1 }, { pendingJobs: 0 }]);
    setClient(client);
    await client.login('u', '1234');
    await usePrinter.getState().refresh();
    expect(asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PENDING_RECHECK_MS);
    expect(asked).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(PENDING_RECHECK_MS);
    expect(asked).toHaveLength(3);
    expect(usePrinter.getState().status?.pendingJobs).toBe(0);
    await vi.advanceTimersByTimeAsync(10 * PENDING_RECHECK_MS);
    expect(asked).toHaveLength(3);
  });

  it('does not hurry an offline printer (its jobs wait for it anyway)', async () => {
    vi.useFakeTimers();
    const { client, asked } = scripted([{ state: 'offline', pendingJobs: 3 }]);
    setClient(client);
    await client.login('u', '1234');
    await usePrinter.getState().refresh();
    await vi.advanceTimersByTimeAsync(10 * PENDING_RECHECK_MS);
    expect(asked).toHaveLength(1);
  });

  it('does not hurry for held jobs: they wait for a manager, not for the printer', async () => {
    vi.useFakeTimers();
    const { client, asked } = scripted([{ pendingJobs: 3, heldJobs: 3 }]);
    setClient(client);
    await client.login('u', '1234');
    await usePrinter.getState().refresh();
    await vi.advanceTimersByTimeAsync(10 * PENDING_RECHECK_MS);
    expect(asked).toHaveLength(1);
  });
});

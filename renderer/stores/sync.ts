import { create } from 'zustand';
import type { SyncStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';

/**
 * The link to head office as the status bar and the settings screen show it. Refreshed on the
 * worker's `sync.status` events and on ledger events (a sale adds one to the pending count),
 * and by a slow poll (the 48-h banner is a matter of time passing); every second while a long
 * catch-up runs, so the progress bar moves.
 */
export const SYNC_POLL_MS = 15_000;
export const CATCH_UP_POLL_MS = 1000;

interface SyncStore {
  status: SyncStatus | null;
  refresh(): Promise<void>;
  set(s: SyncStatus): void;
}

let fast: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;

export const useSync = create<SyncStore>()((set, get) => ({
  status: null,
  set(status) {
    set({ status });
  },
  refresh() {
    if (!api().token) return Promise.resolve();
    // a burst of events (a catch-up) makes one request at a time
    inFlight ??= (async () => {
      try {
        set({ status: await api().call('sync.status', {}) });
      } catch {
        // keep the last status: the host's own reachability is shown beside it
      } finally {
        inFlight = null;
      }
      const s = get().status;
      if (fast) clearTimeout(fast);
      fast = s?.catchUp
        ? setTimeout(() => {
            fast = null;
            void get().refresh();
          }, CATCH_UP_POLL_MS)
        : null;
    })();
    return inFlight;
  },
}));

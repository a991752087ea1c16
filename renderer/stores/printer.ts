import { create } from 'zustand';
import type { PrinterStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';

/**
 * While jobs are waiting, look again soon: a receipt prints a second or two after its sale,
 * and printing writes no ledger entry that would tell the status bar (which otherwise polls
 * every 15 s). A printer that is offline keeps its jobs pending: back off to the slow poll then.
 */
export const PENDING_RECHECK_MS = 1500;

interface PrinterStore {
  status: PrinterStatus | null;
  refresh(): Promise<void>;
}

let recheck: ReturnType<typeof setTimeout> | null = null;

export const usePrinter = create<PrinterStore>()((set, get) => ({
  status: null,
  async refresh() {
    if (!api().token) return; // logged out: nothing to ask
    try {
      set({ status: await api().call('printer.status', {}) });
    } catch {
      set({ status: null });
    }
    const s = get().status;
    if (recheck) clearTimeout(recheck);
    recheck =
      // held jobs (older than the hold age) wait for a manager: no quick poll for those
      s && s.pendingJobs - s.heldJobs > 0 && s.state === 'ready'
        ? setTimeout(() => {
            recheck = null;
            void get().refresh();
          }, PENDING_RECHECK_MS)
        : null;
  },
}));

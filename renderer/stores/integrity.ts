import { create } from 'zustand';
import type { IntegrityStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';

/**
 * The start-up check of the whole ledger (ledger.integrity, managers only), for the banner and
 * the status bar. Polled every second while it checks (its progress moves), every minute after;
 * the check's own `ledger.integrity` event reloads at once.
 */
export const INTEGRITY_POLL_MS = 60_000;
export const INTEGRITY_CHECKING_POLL_MS = 1000;

interface IntegrityStore {
  status: IntegrityStatus | null;
  refresh(): Promise<void>;
  clear(): void;
}

export const useIntegrity = create<IntegrityStore>()((set) => ({
  status: null,
  clear() {
    set({ status: null });
  },
  async refresh() {
    if (!api().token) return;
    try {
      set({ status: await api().call('ledger.integrity', {}) });
    } catch {
      // a clerk's session (FORBIDDEN) or a host that is away: keep what was shown
    }
  },
}));

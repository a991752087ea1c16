import { create } from 'zustand';
import type { LedgerEvent } from '../../shared/api/types.ts';

export type Screen =
  | 'counter'
  | 'payment'
  | 'history'
  | 'drawer'
  | 'orders'
  | 'customers'
  | 'reservations'
  | 'interventions'
  | 'manager'
  | 'settings'
  | 'printer'
  | 'staff'
  | 'closings'
  | 'catalogue';

const LOCK_KEY = 'comptoir.lockMinutes';

function readLockMinutes(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(LOCK_KEY));
    return Number.isInteger(v) && v >= 0 && v <= 120 && v !== 0 ? v : 5;
  } catch {
    return 5;
  }
}

/** Which screen is shown, connectivity, and the last ledger event (screens refresh on it). */
interface UiState {
  screen: Screen;
  /** the document a screen opens on when it was reached from another one (a customer's new reservation) */
  openId: string | null;
  online: boolean;
  hostReachable: boolean;
  lastEvent: LedgerEvent | null;
  eventCount: number;
  lockMinutes: number;
  go(screen: Screen, openId?: string | null): void;
  setOnline(online: boolean): void;
  setHostReachable(ok: boolean): void;
  event(e: LedgerEvent): void;
  setLockMinutes(m: number): void;
}

export const useUi = create<UiState>()((set) => ({
  screen: 'counter',
  openId: null,
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  hostReachable: true,
  lastEvent: null,
  eventCount: 0,
  lockMinutes: readLockMinutes(),
  go(screen, openId = null) {
    set({ screen, openId });
  },
  setOnline(online) {
    set({ online });
  },
  setHostReachable(hostReachable) {
    set({ hostReachable });
  },
  event(e) {
    set((s) => ({ lastEvent: e, eventCount: s.eventCount + 1, hostReachable: true }));
  },
  setLockMinutes(m) {
    try {
      globalThis.localStorage?.setItem(LOCK_KEY, String(m));
    } catch {
      // private mode: keep it for this run
    }
    set({ lockMinutes: m });
  },
}));

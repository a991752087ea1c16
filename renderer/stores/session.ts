import { create } from 'zustand';
import type { OpInput } from '../../shared/api/contract.ts';
import type { StoreInfo, UserTile } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useUi } from './ui.ts';

/** Who is at the till, the store it belongs to, and whether the screen is locked. */
interface SessionState {
  store: StoreInfo | null;
  tiles: UserTile[];
  user: UserTile | null;
  locked: boolean;
  /** why the screen is locked: the clerk pressed Alt+L, or nobody touched the till for a while */
  lockedBy: 'user' | 'idle';
  loadBoot(): Promise<void>;
  /** the login screen's user tiles again (after the staff screen changed someone) */
  refreshTiles(): Promise<void>;
  /** first run: set the till up; the new administrator is logged in, on the counter */
  setup(input: OpInput<'setup.initialize'>): Promise<void>;
  /** the logged-in user was renamed on the staff screen */
  renamed(user: UserTile): void;
  login(userId: string, pin: string): Promise<void>;
  logout(): Promise<void>;
  lock(why?: 'user' | 'idle'): void;
  unlock(pin: string): Promise<void>;
}

export const useSession = create<SessionState>()((set, get) => ({
  store: null,
  tiles: [],
  user: null,
  locked: false,
  lockedBy: 'user',
  async loadBoot() {
    const [store, tiles] = await Promise.all([api().call('store.info', {}), api().call('users.tiles', {})]);
    set({ store, tiles });
  },
  async refreshTiles() {
    set({ tiles: await api().call('users.tiles', {}) });
  },
  async setup(input) {
    const s = await api().setup(input);
    try {
      // the store's name, currency and language come from the setup just committed
      await get().loadBoot();
    } finally {
      useUi.getState().go('counter');
      set({ user: s.user, locked: false });
    }
  },
  renamed(user) {
    if (get().user?.id === user.id) set({ user });
  },
  async login(userId, pin) {
    const s = await api().login(userId, pin);
    // a new session always starts on the counter: never on the previous user's (maybe
    // manager-only) screen, even for one render
    useUi.getState().go('counter');
    set({ user: s.user, locked: false });
  },
  async logout() {
    await api().logout();
    useUi.getState().go('counter');
    set({ user: null, locked: false });
  },
  lock(why = 'user') {
    if (get().user) set({ locked: true, lockedBy: why });
  },
  async unlock(pin) {
    const u = get().user;
    if (!u) return;
    const s = await api().login(u.id, pin);
    set({ user: s.user, locked: false });
  },
}));

export const isManager = (u: UserTile | null): boolean => u?.role === 'manager' || u?.role === 'admin';

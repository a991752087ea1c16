import { create } from 'zustand';
import type { DrawerState } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';

interface DrawerStore {
  current: DrawerState | null;
  loaded: boolean;
  refresh(): Promise<void>;
}

export const useDrawer = create<DrawerStore>()((set) => ({
  current: null,
  loaded: false,
  async refresh() {
    const current = await api().call('drawer.current', {});
    set({ current, loaded: true });
  },
}));

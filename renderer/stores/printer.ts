import { create } from 'zustand';
import type { PrinterStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';

interface PrinterStore {
  status: PrinterStatus | null;
  refresh(): Promise<void>;
}

export const usePrinter = create<PrinterStore>()((set) => ({
  status: null,
  async refresh() {
    if (!api().token) return; // logged out: nothing to ask
    try {
      set({ status: await api().call('printer.status', {}) });
    } catch {
      set({ status: null });
    }
  },
}));

import type {
  PrinterConfig,
  PrinterProfileInfo,
  PrinterStatus,
  ReceiptPreview,
} from '../../shared/api/types.ts';
import type { PrintDocument } from '../../shared/ledger/print-jobs.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';

/**
 * What the printing service needs of the printer hardware. Services never import hardware/
 * (hardware/ works the queue the services fill: importing back would make a cycle); the
 * composition root (app/) hands them this port, built from hardware/.
 */
export interface PrinterDriver {
  /** the printer profiles the till knows (shipped as resources/printer-profiles/*.json) */
  profiles(): PrinterProfileInfo[];
  hasProfile(id: string): boolean;
  /** the virtual printer's page for a job: the very bytes the printer gets, decoded */
  preview(
    store: StoreSettings,
    doc: PrintDocument,
    opts: PreviewOptions,
    config: PrinterConfig | null,
  ): PreviewPage;
}

export interface PreviewOptions {
  kickDrawer: boolean;
  /** the OFFLINE mark's time for a job made then (db/print-queue.ts offlineSince), or null */
  offlineSince: string | null;
}

export type PreviewPage = Omit<ReceiptPreview, 'jobId' | 'kind'>;

/** The running print worker, as the queries see it (set by app/ while the worker runs). */
export interface PrinterRuntime {
  status(): PrinterStatus;
}

/** A till with no printer hardware wired (a bench generator, a tool): every use says so. */
export const NO_PRINTER_DRIVER: PrinterDriver = {
  profiles: () => [],
  hasProfile: () => false,
  preview: () => {
    throw new Error('no printer driver is wired into this environment');
  },
};

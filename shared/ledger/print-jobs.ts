/**
 * Print-job kinds: what the print worker lays out. Each job's payload names what it prints (the
 * sale, the Z, the closing…); the job is laid out from the ledger when it prints.
 */
export const PRINT_JOB_KINDS = [
  'sale_receipt',
  'refund_receipt',
  'cancel_slip',
  'payment_slip',
  'drawer_slip',
  'drawer_kick',
  'x_report',
  'z_report',
  'period_closing',
  'test_page',
  'asset_label',
] as const;
export type PrintJobKind = (typeof PRINT_JOB_KINDS)[number];

/** A unit's asset label: what is printed on it, frozen when it was queued. */
export interface AssetLabelJob {
  unitId: string;
  assetId: string;
  productName: string;
  sku: string;
  serial: string | null;
}

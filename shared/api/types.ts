import type { ReceiptChain } from '../ledger/receipt-code.ts';
import type { Currency } from '../money.ts';
import type { Role } from '../roles.ts';
import type {
  ClosingKind,
  DrawerMovementKind,
  InterventionStatus,
  InvoiceKind,
  InvoiceSource,
  InvoiceStatus,
  OrderStatus,
  PrintJobStatus,
  ReservationStatus,
  SaleStatus,
  SyncStopReason,
  UnitMovementKind,
} from '../statuses.ts';
import type { CancelReason, Discount, PaymentMethod, TenderMethod, UnitStatus } from './schemas.ts';

export type { DrawerMovementKind, PrintJobStatus, SaleStatus } from '../statuses.ts';

/** Result shapes of the contract. Amounts are integer minor units in `currency`. */

export interface UserTile {
  id: string;
  name: string;
  role: Role;
}

export interface SessionInfo {
  token: string;
  user: UserTile;
  expiresAt: string;
}

export interface StoreInfo {
  storeId: string;
  name: string;
  deviceId: string;
  tillName: string;
  currency: Currency;
  jurisdiction: 'CA-QC' | 'FR' | 'BG';
  locale: string;
  timeZone: string;
  /** the business day starts at this local hour (sales at 01:30 belong to the day before) */
  closingHour: number;
  cashRoundingStep: number;
  refundApprovalThreshold: number;
  address: string;
  taxNumbers: string[];
  /** a new till with no users yet: the login screen shows the first-run setup instead */
  needsSetup: boolean;
}

/** The wall clock found behind the time elapsed since the journal's previous entry. */
export interface ClockSkew {
  /** what the clock said */
  wallAt: string;
  /** what the journal stamped instead (the previous entry plus the time elapsed since) */
  ledgerAt: string;
  behindMs: number;
}

/** For the manager: the clock is behind now (null when right), and the newest time it was. */
export interface ClockStatus {
  behind: ClockSkew | null;
  last: ClockSkew | null;
}

/**
 * The whole-ledger check every start runs in the background (electron/app/integrity.ts): every
 * page (PRAGMA quick_check) and every journal entry. `broken` names what failed and the way out.
 */
export interface IntegrityStatus {
  state: 'checking' | 'ok' | 'broken' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** while checking: which part, and how far */
  phase: 'pages' | 'chain' | null;
  done: number;
  total: number;
  /** entries verified (when the chain was walked) */
  entries: number;
  /** what is wrong: damaged pages (quick_check's first findings) or the first broken entry */
  problem: { kind: 'pages'; details: string[] } | { kind: 'chain'; seq: number; reason: string } | null;
  /** `failed`: the check itself could not run (not a verdict on the ledger) */
  error: string | null;
}

/** What a downloaded update waits for before it installs (electron/app/updates.ts). */
export type UpdateWait = 'postponed' | 'drawer' | 'outbox';

/** The till app's updates, for the manager: the version here, the one offered, what it waits for. */
export interface UpdateStatus {
  current: string;
  /** the newest version the feed offers (null: none newer, or not looked yet) */
  available: string | null;
  downloaded: boolean;
  /** empty: it installs at the next chance (after the Z, once head office holds everything) */
  waitingFor: UpdateWait[];
  postponedUntil: string | null;
  lastCheckAt: string | null;
  lastError: string | null;
  feedUrl: string | null;
}

/** The till's automatic backups (a folder of verified copies of the ledger). */
export interface BackupStatus {
  dir: string;
  keep: number;
  /** the newest good copy: when, which file, up to which journal seq */
  lastAt: string | null;
  lastFile: string | null;
  lastSeq: number | null;
  /** the last attempt's failure (cleared by the next good copy) */
  lastError: string | null;
  lastErrorAt: string | null;
  /**
   * the copy under way, for the manager's progress bar: pages copied of the ledger's pages, then
   * the copy's check (its chain verified) — null when no copy is running
   */
  running: { step: 'copy' | 'check'; done: number; total: number } | null;
}

/**
 * The till's link to head office, for the status bar, the settings screen and receipts.
 * `standalone`: never enrolled (no offline mark on receipts); `offline`: enrolled, head office
 * not answering; `stopped`: head office refused this till's journal (fork, rewritten ledger) or
 * its token — pushing stopped until the till is enrolled again, `stopped` says why.
 */
export interface SyncStatus {
  enrolled: boolean;
  state: 'standalone' | 'online' | 'offline' | 'stopped';
  headOffice: string | null;
  storeId: string | null;
  enrolledAt: string | null;
  /** the till's journal head */
  lastSeq: number;
  /** what head office acknowledged holding (seq and hash) */
  ackedSeq: number;
  ackedHash: string | null;
  /** entries head office has not acknowledged yet */
  pending: number;
  /** the last time head office answered */
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  /** first failed attempt since head office last answered (null when it answers) */
  offlineSince: string | null;
  /** code of the last failure: UNREACHABLE, TIMEOUT, RESET, HTTP_503, ENTRY_INVALID, NO_TOKEN… */
  lastError: string | null;
  stopped: {
    reason: SyncStopReason;
    at: string;
    detail: Record<string, unknown> | null;
  } | null;
  /** the banner shows after this long without an answer (Québec SRM: 48 h) */
  staleHours: number;
  stale: boolean;
  /** a push is under way */
  pushing: boolean;
  /** a long catch-up under way: entries acknowledged so far out of `total` */
  catchUp: { fromSeq: number; toSeq: number; done: number; total: number } | null;
}

/** A user as managers see them on the staff screen (never the PIN hash). */
export interface UserInfo {
  id: string;
  name: string;
  role: Role;
  active: boolean;
  /** set while wrong PINs keep the user out (ISO time it ends) */
  lockedUntil: string | null;
  createdAt: string;
}

export interface SaleLine {
  id: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number; // thousandths
  unitPrice: number;
  listPrice: number;
  discount: number; // amount taken off this line
  amount: number; // line amount after discount
  taxCategory: string;
  /** what returns of this line took back so far (quantity in thousandths, amount); 0 when none */
  returnedQuantity?: number;
  returnedAmount?: number;
}

export interface SaleTax {
  code: string;
  ratePpm: number;
  base: number;
  tax: number;
}

export interface Tender {
  id: string;
  method: TenderMethod;
  amount: number; // applied to the sale
  tendered: number | null; // cash handed over
  change: number | null; // cash given back
  reference: string | null;
}

export interface Sale {
  id: string;
  receiptNumber: number | null; // gapless per till, given at completion
  status: SaleStatus;
  currency: Currency;
  customerId: string | null;
  customerName: string | null;
  clerkId: string;
  clerkName: string;
  openedAt: string;
  completedAt: string | null;
  businessDate: string | null;
  lines: SaleLine[];
  taxes: SaleTax[];
  subtotal: number;
  taxTotal: number;
  total: number;
  cashRounding: number; // adjustment added by cash rounding
  paid: number; // what the customer paid (total + cash rounding)
  tenders: Tender[];
  cancelReason: CancelReason | null;
  cancelMessage: string | null;
  refundedAmount: number;
  refundedAt: string | null;
  /** the taxes per rate that returns of lines took back (absent or empty when none) */
  returnedTaxes?: SaleTax[];
  journalHash: string | null; // short form (16 hex) of the completion entry's chain hash
  /** the completion entry (device, seq, full hash): printed and in the receipt's QR code */
  chain?: ReceiptChain | null;
}

export interface SaleSummary {
  id: string;
  receiptNumber: number | null;
  status: SaleStatus;
  total: number;
  paid: number;
  currency: Currency;
  customerName: string | null;
  clerkName: string;
  completedAt: string | null;
}

export interface CheckoutResult {
  sale: Sale;
  changeDue: number;
}

export interface Product {
  id: string;
  sku: string;
  barcode: string | null;
  name: string;
  manufacturer: string | null;
  model: string | null;
  categoryId: string | null;
  categoryName: string | null;
  price: number;
  taxCategory: string;
  rentalDay: number | null;
  deposit: number | null;
}

export interface Category {
  id: string;
  name: string;
  parentId: string | null;
}

/** rental rates in minor units; null = not rented for that period */
export interface RentalRates {
  fourHours: number | null;
  day: number | null;
  weekend: number | null;
  week: number | null;
  month: number | null;
}

/** A catalogue item as the manager edits it. */
export interface ProductDetail extends Product {
  description: string | null;
  rates: RentalRates;
  onWebsite: boolean;
  /** false = archived */
  active: boolean;
  /** the photo's content hash (files beside the ledger), null without one */
  photo: string | null;
  units: { total: number; available: number };
  updatedAt: string;
}

export interface Unit {
  id: string;
  productId: string;
  productName: string;
  assetId: string;
  serial: string | null;
  status: UnitStatus;
  condition: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UnitMovement {
  id: string;
  at: string;
  actorName: string;
  kind: UnitMovementKind;
  fromStatus: UnitStatus | null;
  toStatus: UnitStatus | null;
  note: string | null;
  refId: string | null;
}

/** One CSV row as the import would apply it, or why it cannot. */
export interface ImportRowPlan {
  /** 1-based line of the file (the header is line 1) */
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'error';
  sku: string;
  name: string;
  /** the product an update changes */
  productId: string | null;
  /** the CSV columns that change (update) */
  changed: string[];
  errors: { column: string; code: string; message: string }[];
}

export interface ImportPreview {
  rows: ImportRowPlan[];
  /** category paths the import would add ("Outillage > Perceuses") */
  newCategories: string[];
  counts: { create: number; update: number; unchanged: number; error: number };
}

export interface Customer {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  postalCode: string | null;
  city: string | null;
  notes: string | null;
}

/**
 * A customer's document that is still in progress — what makes a deletion impossible until it
 * is closed: an open ticket, an unpaid order, a rental quote, a reservation, a rental contract
 * (checked out), an intervention.
 */
export interface CustomerDocument {
  kind: 'sale' | 'order' | 'quote' | 'reservation' | 'contract' | 'intervention' | 'invoice';
  id: string;
  /** the number the clerk reads (order/reservation number, ticket id for an open ticket) */
  number: string;
  status: string;
}

export interface CustomerDetail extends Customer {
  createdAt: string;
  /** documents in progress (block a deletion) */
  openDocuments: CustomerDocument[];
}

export interface CustomerDeleteReport {
  deleted: string[];
  refused: { customerId: string; name: string; documents: CustomerDocument[] }[];
}

export interface OrderPayment {
  id: string;
  amount: number;
  method: PaymentMethod;
  explanation: string | null;
  reference: string | null;
  at: string;
  clerkName: string;
}

export interface Order {
  id: string;
  number: string;
  customerId: string | null;
  customerName: string | null;
  description: string;
  total: number;
  paid: number;
  balance: number;
  currency: Currency;
  status: OrderStatus;
  payments: OrderPayment[];
}

export interface DrawerMovement {
  id: string;
  kind: DrawerMovementKind;
  amount: number; // signed: + into the drawer, − out of it
  reason: string | null;
  at: string;
  userName: string;
}

export interface DrawerState {
  sessionId: string;
  number: number;
  openedAt: string;
  openedBy: string;
  float: number;
  currency: Currency;
}

export interface TenderTotal {
  method: string;
  count: number;
  amount: number;
}

export interface TaxTotal {
  code: string;
  ratePpm: number;
  base: number;
  tax: number;
}

/**
 * What a closing (Z, day/month/year) closes over: the last journal entry before it, signed with
 * the till's Ed25519 key (printed: seq, hash, key fingerprint).
 */
export interface ClosingSeal {
  coversSeq: number;
  coversHash: string;
  keyFingerprint: string;
  signature: string;
}

/** X (mid-shift, not stored) and Z (closing, numbered, stored) reports share this shape. */
export interface DrawerReport {
  kind: 'X' | 'Z';
  number: number | null; // Z number, gapless per till
  sessionId: string;
  sessionNumber: number;
  currency: Currency;
  openedAt: string;
  closedAt: string | null;
  generatedAt: string;
  openedBy: string;
  closedBy: string | null;
  float: number;
  salesCount: number;
  salesTotal: number; // gross sales completed in this session (tax incl.)
  refundsCount: number;
  refundsTotal: number;
  net: number;
  /** net taxes per rate: salesTaxes − refundTaxes (what the store files for the session) */
  taxes: TaxTotal[];
  /**
   * Taxes of the sales taken in the session, and the contra entries of the refunds made in it
   * (positive amounts, subtracted). Absent from Z reports stored before they existed, whose
   * `taxes` were the sales' alone.
   */
  salesTaxes?: TaxTotal[];
  refundTaxes?: TaxTotal[];
  tenders: TenderTotal[];
  cashSales: number;
  cashRefunds: number;
  orderPaymentsCash: number;
  /** rental deposits taken in cash, and handed back (positive); absent on reports made before deposits */
  depositsIn?: number;
  depositsOut?: number;
  payIns: number;
  payOuts: number;
  noSales: number;
  expectedCash: number;
  countedCash: number | null;
  overShort: number | null; // counted − expected
  count: Record<string, number> | null;
  byHour: { hour: number; amount: number }[];
  /** Z reports only (absent from those made before seals existed) */
  seal?: ClosingSeal;
}

export interface PeriodClosing {
  id: string;
  kind: ClosingKind;
  period: string;
  currency: Currency;
  salesCount: number;
  salesTotal: number;
  refundsTotal: number;
  periodGrandTotal: number; // net of the period
  perpetualGrandTotal: number; // net since the till's first sale
  taxes: TaxTotal[];
  tenders: TenderTotal[];
  /**
   * Money received on orders (deposits, balances) in the period, by method: cash as collected
   * (with its rounding). Not revenue, so outside both grand totals; the books need it.
   * Absent from closings made before it existed.
   */
  orderPayments?: TenderTotal[];
  closedAt: string;
  closedBy: string;
  /** absent from closings made before seals existed */
  seal?: ClosingSeal;
}

export interface SalesReportRow {
  key: string;
  count: number;
  amount: number;
  tax: number;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/**
 * Pushed to the renderer after each commit (`seq` of the journal entry), and for runtime news
 * that is not a journal entry (`seq` 0, e.g. type `sync.status`): never replayed.
 */
export interface LedgerEvent {
  seq: number;
  type: string;
  at: string;
}

// --- printing (issue 5) ---------------------------------------------------------------------

export type PrinterState = 'ready' | 'paper_low' | 'paper_out' | 'cover_open' | 'offline' | 'none';

export interface PrinterStatus {
  state: PrinterState;
  /** from the drawer sensor (DLE EOT 1) when the profile and transport can read it */
  drawerOpen: boolean | null;
  drawerOpenSince: string | null;
  /** the drawer has stayed open longer than the configured time */
  drawerWarning: boolean;
  pendingJobs: number;
  failedJobs: number;
  /** waiting jobs older than the hold age (part of pendingJobs): not printed until a manager chooses */
  heldJobs: number;
  /** the hold age's cutoff: jobs queued before it are held */
  heldBefore: string | null;
  name: string | null;
  profileId: string | null;
  lastError: string | null;
  checkedAt: string | null;
}

export type PrinterTransport =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usb'; vendorId: number; productId: number }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'spooler'; queue: string }
  | { kind: 'virtual' };

export interface PrinterConfig {
  name: string;
  transport: PrinterTransport;
  profileId: string;
  /** warn when the drawer stays open longer than this */
  drawerWarnSeconds: number;
  /**
   * printed and cancelled jobs are pruned after this many days (30 when absent: configured
   * before it existed); the journal and what a reprint reads are never pruned
   */
  jobRetentionDays?: number;
  /**
   * jobs queued longer ago than this wait for a manager's choice (print or discard); null or
   * absent: jobs from before the current business day
   */
  holdOlderThanHours?: number | null;
}

export interface PrinterProfileInfo {
  id: string;
  name: string;
  paperWidthMm: number;
  columns: number;
  codePages: { number: number; encoding: string }[];
  cutter: 'partial' | 'full' | 'none';
  drawer: { command: 'esc-p' | 'dle-dc4'; pin: 2 | 5; onMs: number; offMs: number };
  drawerSensor: 'open-high' | 'open-low' | 'none';
}

export interface PrintJobInfo {
  id: string;
  createdAt: string;
  kind: string;
  refId: string | null;
  status: PrintJobStatus;
  kickDrawer: boolean;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  printedAt: string | null;
  /** a manager chose to print it although it was older than the hold age (null: not released) */
  releasedAt: string | null;
}

/** The virtual printer's rendering of a job's bytes, for the UI's receipt preview. */
export interface ReceiptPreview {
  jobId: string | null;
  kind: string;
  columns: number;
  lines: string[];
  qr: string[];
  drawerKick: boolean;
  cut: boolean;
}

/** A cart put on hold at the counter (ticket.park), waiting to be recalled. */
export interface ParkedTicket {
  id: string;
  label: string;
  customerId: string | null;
  customerName: string | null;
  lines: { productId: string; quantity: number; unitPrice?: number; discount?: Discount }[];
  lineCount: number;
  /** the preview total when parked */
  total: number;
  currency: Currency;
  parkedAt: string;
  parkedBy: string;
}

/** ticket.recall's answer: what the renderer needs to rebuild the cart. */
export interface RecalledTicket {
  ticket: ParkedTicket;
  /** the lines' products as the catalogue has them now; a product since retired is left out */
  products: Product[];
  /** lines whose product is no longer sold */
  missing: string[];
  customer: Customer | null;
}

// --- reservations (rental orders) ---

export interface ReservationUnit {
  unitId: string;
  assetId: string;
  serial: string | null;
  outAt: string;
  returnedAt: string | null;
  condition: string | null;
  lateFee: number;
}

export interface ReservationLine {
  id: string;
  productId: string;
  name: string;
  /** the specific unit asked for, or null (any unit of the item) */
  unitId: string | null;
  assetId: string | null;
  quantity: number;
  /** price of one item for the period, from the rate table */
  unitPrice: number;
  amount: number;
  taxCategory: string;
  /** deposit for the line's items */
  deposit: number;
  /** the rate periods that make the price, longest first */
  blocks: { period: 'fourHours' | 'day' | 'weekend' | 'week' | 'month'; count: number }[];
  units: ReservationUnit[];
}

export interface Reservation {
  id: string;
  number: string;
  status: ReservationStatus;
  customerId: string;
  customerName: string;
  pickupAt: string;
  returnAt: string;
  lines: ReservationLine[];
  subtotal: number;
  lateFees: number;
  taxes: { code: string; ratePpm: number; base: number; tax: number }[];
  taxTotal: number;
  total: number;
  paid: number;
  /** total − paid: always shown */
  balance: number;
  deposit: number;
  /** the deposit in the drawer now */
  depositHeld: number;
  currency: Currency;
  notes: string | null;
  /** set by head office when two tills booked the same units offline */
  conflict: { note: string; at: string } | null;
  payments: OrderPayment[];
  createdAt: string;
}

export interface ReservationSummary {
  id: string;
  number: string;
  status: Reservation['status'];
  customerId: string;
  customerName: string;
  pickupAt: string;
  returnAt: string;
  /** "Bétonnière ×2, Échafaudage" */
  items: string;
  total: number;
  balance: number;
  conflict: boolean;
  /** head office's note and when it flagged the conflict (null when none) */
  conflictNote: string | null;
  conflictAt: string | null;
}

export interface AvailabilityCalendar {
  productId: string;
  /** units that can be rented (not retired) */
  capacity: number;
  bufferMinutes: number;
  days: { date: string; booked: number; free: number }[];
}

export interface RentalPriceQuote {
  price: number;
  blocks: ReservationLine['blocks'];
  deposit: number;
}

export interface InterventionLine {
  id: string;
  /** the catalogue item, or null for labour or a part described by hand */
  productId: string | null;
  description: string;
  /** thousandths */
  quantity: number;
  unitPrice: number;
  amount: number;
  taxCategory: string;
}

/** A repair or service job for a customer: an order of kind 'intervention'. */
export interface Intervention {
  id: string;
  number: string;
  status: InterventionStatus;
  customerId: string;
  customerName: string;
  description: string;
  lines: InterventionLine[];
  subtotal: number;
  taxes: { code: string; ratePpm: number; base: number; tax: number }[];
  taxTotal: number;
  total: number;
  paid: number;
  /** total − paid: always shown */
  balance: number;
  currency: Currency;
  notes: string | null;
  payments: OrderPayment[];
  createdAt: string;
  updatedAt: string | null;
}

export interface InterventionSummary {
  id: string;
  number: string;
  status: InterventionStatus;
  customerId: string;
  customerName: string;
  description: string;
  total: number;
  balance: number;
  createdAt: string;
}

export interface InvoiceLine {
  id: string;
  productId: string | null;
  description: string;
  /** thousandths */
  quantity: number;
  unitPrice: number;
  discount: Discount | null;
  /** the discount's amount in minor units */
  discountAmount: number;
  amount: number;
  taxCategory: string;
}

export interface InvoicePayment {
  id: string;
  amount: number;
  method: PaymentMethod;
  reference: string | null;
  clerkId: string;
  at: string;
}

/** An invoice or a credit note. Amounts of a credit note are positive: what it gives back. */
export interface Invoice {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  /** null while a draft */
  number: string | null;
  series: string | null;
  customerId: string;
  customerName: string;
  source: InvoiceSource;
  sourceId: string | null;
  /** a credit note: the invoice it corrects (id and number) */
  creditOf: { id: string; number: string } | null;
  /** an invoice: its credit notes */
  credits: { id: string; number: string; total: number }[];
  lines: InvoiceLine[];
  subtotal: number;
  taxes: { code: string; ratePpm: number; base: number; tax: number }[];
  taxTotal: number;
  total: number;
  paid: number;
  credited: number;
  /** total − credited − paid */
  balance: number;
  currency: Currency;
  notes: string | null;
  dueDate: string | null;
  payments: InvoicePayment[];
  createdAt: string;
  updatedAt: string;
  issuedAt: string | null;
}

export interface InvoiceSummary {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  number: string | null;
  customerId: string;
  customerName: string;
  total: number;
  balance: number;
  createdAt: string;
  issuedAt: string | null;
}

import { z } from 'zod';
import { ROLES, type Role } from '../roles.ts';
import { STORE_LOCALES } from '../store-settings.ts';
import { JURISDICTION_IDS } from '../tax.ts';
import {
  amount,
  approval,
  CANCEL_REASONS,
  denominationCount,
  discount,
  id,
  isoDate,
  isoMonth,
  isoYear,
  longText,
  PAYMENT_METHODS,
  pin,
  positiveAmount,
  quantity,
  saleLineInput,
  shortText,
  tender,
} from './schemas.ts';
import type {
  BackupStatus,
  Category,
  CheckoutResult,
  Customer,
  DrawerMovement,
  DrawerReport,
  DrawerState,
  Order,
  PeriodClosing,
  PrinterConfig,
  PrinterProfileInfo,
  PrinterStatus,
  PrintJobInfo,
  Product,
  ReceiptPreview,
  Sale,
  SaleSummary,
  SalesReportRow,
  SessionInfo,
  StoreInfo,
  SyncStatus,
  UserInfo,
  UserTile,
  VerifyResult,
} from './types.ts';

/**
 * The command/query contract: one entry per operation, shared by the Electron IPC bridge,
 * the web host and the renderer's client (Actual Budget's typed handler map, in spirit).
 * `role` is the minimum role; `null` means callable without a session (login screen).
 * The main process enforces it — the renderer only uses it to hide what it cannot do.
 */
interface Def<I extends z.ZodType, O, K extends 'command' | 'query' = 'command' | 'query'> {
  input: I;
  role: Role | null;
  /** commands write (one transaction, one journal entry); queries only read */
  kind: K;
  _out?: O;
}

/** `command<Output>()(schema, role)`: curried so the input type is inferred from the schema. */
function command<O>() {
  return <I extends z.ZodType>(input: I, role: Role | null): Def<I, O, 'command'> => ({
    input,
    role,
    kind: 'command',
  });
}
function query<O>() {
  return <I extends z.ZodType>(input: I, role: Role | null): Def<I, O, 'query'> => ({
    input,
    role,
    kind: 'query',
  });
}

const empty = z.object({}).strict();
const saleRef = z.object({ saleId: id }).strict();
const jobRef = z.object({ jobId: id }).strict();

const printerTransport = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('tcp'),
      host: z.string().trim().min(1).max(253),
      port: z.number().int().min(1).max(65535).default(9100),
    })
    .strict(),
  z
    .object({
      kind: z.literal('usb'),
      vendorId: z.number().int().min(0).max(0xffff),
      productId: z.number().int().min(0).max(0xffff),
    })
    .strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: z.string().trim().min(1).max(200),
      baudRate: z.number().int().min(1200).max(921600).default(9600),
    })
    .strict(),
  z
    .object({
      kind: z.literal('spooler'),
      queue: z.string().regex(/^[A-Za-z0-9_.-]{1,127}$/, 'a CUPS queue name'),
    })
    .strict(),
  z.object({ kind: z.literal('virtual') }).strict(),
]);

export const contract = {
  // --- sessions ---------------------------------------------------------------------------
  'auth.login': command<SessionInfo>()(z.object({ userId: id, pin }).strict(), null),
  'auth.logout': command<{ ok: true }>()(empty, 'clerk'),
  'auth.session': query<SessionInfo | null>()(empty, null),
  'users.tiles': query<UserTile[]>()(empty, null),
  'store.info': query<StoreInfo>()(empty, null),
  /**
   * First run of a till: the store's identity and the first administrator, who is logged in.
   * Callable without a session, and only while the ledger has no user at all.
   */
  'setup.initialize': command<SessionInfo>()(
    z
      .object({
        store: z
          .object({
            name: shortText,
            address: z.string().trim().max(300).default(''),
            taxNumbers: z.array(shortText).max(4).default([]),
            tillName: shortText.default('Caisse 1'),
            jurisdiction: z.enum(JURISDICTION_IDS),
            locale: z.enum(STORE_LOCALES).optional(),
          })
          .strict(),
        admin: z.object({ name: shortText, pin }).strict(),
      })
      .strict(),
    null,
  ),

  // --- staff (managers manage clerks; administrators manage everyone) ----------------------
  'users.list': query<UserInfo[]>()(empty, 'manager'),
  /** automatic backups, when the process that owns the ledger runs them (null otherwise) */
  'backup.status': query<BackupStatus | null>()(empty, 'manager'),
  /** the link to head office (status bar, settings) */
  'sync.status': query<SyncStatus>()(empty, 'clerk'),
  /**
   * Enrol this till with head office: trade a one-time code for a device token (kept outside
   * the ledger), register the till's signing key. Journaled: the fact, the URL, the store id.
   * Head office's refusals come back as HEAD_OFFICE with details.reason.
   */
  'sync.enrol': command<SyncStatus>()(
    z
      .object({
        url: z
          .string()
          .trim()
          .max(200)
          .regex(/^https?:\/\/[^\s/?#]+(:\d+)?(\/[^\s?#]*)?$/, 'head office URL as http(s)://host[:port]'),
        code: z.string().trim().min(4).max(64),
        staleHours: z.number().int().min(1).max(720).default(48),
      })
      .strict(),
    'admin',
  ),
  'users.create': command<UserInfo>()(
    z.object({ name: shortText, role: z.enum(ROLES), pin }).strict(),
    'manager',
  ),
  'users.update': command<UserInfo>()(
    z
      .object({
        userId: id,
        name: shortText.optional(),
        role: z.enum(ROLES).optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    'manager',
  ),
  /** a new PIN, chosen by a manager with the user at the counter; also lifts a lockout */
  'users.setPin': command<UserInfo>()(z.object({ userId: id, pin }).strict(), 'manager'),

  // --- catalogue & customers ---------------------------------------------------------------
  'catalogue.search': query<Product[]>()(
    z
      .object({
        q: z.string().max(100).default(''),
        categoryId: id.optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    'clerk',
  ),
  'catalogue.byBarcode': query<Product | null>()(
    z.object({ code: z.string().trim().min(1).max(64) }).strict(),
    'clerk',
  ),
  'catalogue.categories': query<Category[]>()(empty, 'clerk'),
  'customer.search': query<Customer[]>()(z.object({ q: z.string().max(100) }).strict(), 'clerk'),
  'customer.create': command<Customer>()(
    z
      .object({
        name: shortText,
        email: z.email('must be an email address').max(200).optional(),
        phone: z.string().trim().max(40).optional(),
      })
      .strict(),
    'clerk',
  ),

  // --- sales (tickets) ----------------------------------------------------------------------
  'sale.open': command<Sale>()(z.object({ customerId: id.optional() }).strict(), 'clerk'),
  'sale.addLine': command<Sale>()(
    saleLineInput.extend({ saleId: id, approval: approval.optional() }).strict(),
    'clerk',
  ),
  'sale.updateLine': command<Sale>()(
    z
      .object({
        saleId: id,
        lineId: id,
        quantity: quantity.optional(),
        unitPrice: amount.optional(),
        discount: discount.nullable().optional(),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  'sale.removeLine': command<Sale>()(z.object({ saleId: id, lineId: id }).strict(), 'clerk'),
  'sale.attachCustomer': command<Sale>()(
    z.object({ saleId: id, customerId: id.nullable() }).strict(),
    'clerk',
  ),
  'sale.complete': command<CheckoutResult>()(
    z.object({ saleId: id, tenders: z.array(tender).min(1).max(10) }).strict(),
    'clerk',
  ),
  /** The counter's fast path: the cart lives in the renderer, one command commits it. */
  'sale.checkout': command<CheckoutResult>()(
    z
      .object({
        lines: z.array(saleLineInput).min(1).max(500),
        customerId: id.optional(),
        tenders: z.array(tender).min(1).max(10),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  // a clerk needs a manager's PIN; a manager voiding a ticket approves it by their own login
  'sale.void': command<Sale>()(z.object({ saleId: id, approval: approval.optional() }).strict(), 'clerk'),
  'sale.cancel': command<Sale>()(
    z
      .object({
        saleId: id,
        reason: z.enum(CANCEL_REASONS),
        message: longText.default(''),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  /** Cash-channel refund: the clerk has identified the customer and the sale. */
  'sale.refundCash': command<Sale>()(
    z
      .object({
        saleId: id,
        customerConfirmed: z.literal(true, 'the customer must be identified'),
        saleConfirmed: z.literal(true, 'the sale must be confirmed with the customer'),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  /** Card/online-channel refund: pending until head office completes it. */
  'sale.refundToCard': command<Sale>()(
    z.object({ saleId: id, approval: approval.optional() }).strict(),
    'clerk',
  ),
  'sale.completeRefund': command<Sale>()(z.object({ saleId: id, reference: shortText }).strict(), 'admin'),
  'sale.get': query<Sale>()(saleRef, 'clerk'),
  'sale.byReceipt': query<Sale | null>()(
    z.object({ receiptNumber: z.number().int().min(1) }).strict(),
    'clerk',
  ),
  'sale.list': query<SaleSummary[]>()(
    z
      .object({
        q: z.string().max(100).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        status: z.enum(['open', 'completed', 'voided', 'cancelled', 'refund_pending', 'refunded']).optional(),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    'clerk',
  ),

  // --- orders: the counter "add a payment" flow -----------------------------------------------
  'order.create': command<Order>()(
    z
      .object({
        customerId: id.optional(),
        description: shortText,
        total: positiveAmount,
      })
      .strict(),
    'clerk',
  ),
  'order.recordPayment': command<Order>()(
    z
      .object({
        orderId: id,
        amount: positiveAmount,
        method: z.enum(PAYMENT_METHODS),
        explanation: z.string().trim().max(500).optional(),
        reference: z.string().trim().max(200).optional(),
        tendered: positiveAmount.optional(),
      })
      .strict(),
    'clerk',
  ),
  'order.get': query<Order>()(z.object({ orderId: id }).strict(), 'clerk'),
  'order.list': query<Order[]>()(z.object({ q: z.string().max(100).optional() }).strict(), 'clerk'),

  // --- drawer -----------------------------------------------------------------------------
  'drawer.open': command<DrawerState>()(z.object({ float: denominationCount }).strict(), 'clerk'),
  'drawer.payIn': command<DrawerMovement>()(
    z.object({ amount: positiveAmount, reason: shortText }).strict(),
    'clerk',
  ),
  'drawer.payOut': command<DrawerMovement>()(
    z.object({ amount: positiveAmount, reason: shortText, approval: approval.optional() }).strict(),
    'clerk',
  ),
  'drawer.noSale': command<DrawerMovement>()(
    z.object({ reason: shortText, approval: approval.optional() }).strict(),
    'clerk',
  ),
  /** Blind close: the clerk counts without seeing what is expected. */
  'drawer.close': command<DrawerReport>()(
    z.object({ count: denominationCount, note: z.string().trim().max(500).optional() }).strict(),
    'clerk',
  ),
  'drawer.printX': command<DrawerReport>()(empty, 'manager'),
  'drawer.current': query<DrawerState | null>()(empty, 'clerk'),
  'drawer.movements': query<DrawerMovement[]>()(empty, 'manager'),
  'report.x': query<DrawerReport>()(empty, 'manager'),
  'report.z': query<DrawerReport>()(z.object({ number: z.number().int().min(1) }).strict(), 'clerk'),
  'report.zList': query<DrawerReport[]>()(empty, 'manager'),

  // --- closings & statistics -------------------------------------------------------------------
  'period.close': command<PeriodClosing>()(
    // `print`: also queue the closing report on the receipt printer
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('day'), period: isoDate, print: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('month'), period: isoMonth, print: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('year'), period: isoYear, print: z.boolean().optional() }).strict(),
    ]),
    'manager',
  ),
  'period.list': query<PeriodClosing[]>()(empty, 'manager'),
  'report.sales': query<SalesReportRow[]>()(
    z
      .object({
        from: isoDate,
        to: isoDate,
        groupBy: z.enum(['day', 'tender', 'taxRate', 'clerk', 'hour', 'category']),
      })
      .strict(),
    'manager',
  ),
  'ledger.verify': query<VerifyResult>()(empty, 'manager'),

  // --- printers & drawer hardware ---------------------------------------------------------------
  'printer.status': query<PrinterStatus>()(empty, 'clerk'),
  'printer.config': query<PrinterConfig | null>()(empty, 'manager'),
  'printer.configure': command<PrinterConfig>()(
    z
      .object({
        name: shortText.default('Imprimante'),
        transport: printerTransport,
        profileId: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a printer profile id'),
        drawerWarnSeconds: z.number().int().min(5).max(3600).default(60),
      })
      .strict(),
    'manager',
  ),
  'printer.profiles': query<PrinterProfileInfo[]>()(empty, 'manager'),
  'printer.testPage': command<PrintJobInfo>()(empty, 'manager'),
  'print.jobs': query<PrintJobInfo[]>()(
    z
      .object({
        status: z.enum(['pending', 'printing', 'done', 'failed', 'cancelled']).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    'manager',
  ),
  'print.retry': command<PrintJobInfo>()(jobRef, 'manager'),
  'print.cancel': command<PrintJobInfo>()(jobRef, 'manager'),
  /** a DUPLICATA-marked copy of a sale's receipt, numbered and journaled (NF525 counts duplicates) */
  'print.reprint': command<PrintJobInfo>()(saleRef, 'clerk'),
  'receipt.preview': query<ReceiptPreview>()(
    z
      .object({ saleId: id.optional(), jobId: id.optional() })
      .strict()
      .refine((v) => (v.saleId === undefined) !== (v.jobId === undefined), {
        message: 'give either saleId or jobId',
        path: ['saleId'],
      }),
    'clerk',
  ),
} as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export type CommandName = { [K in OpName]: Contract[K]['kind'] extends 'command' ? K : never }[OpName];
export type QueryName = { [K in OpName]: Contract[K]['kind'] extends 'query' ? K : never }[OpName];
export type OpInput<K extends OpName> = z.input<Contract[K]['input']>;
export type OpParsed<K extends OpName> = z.output<Contract[K]['input']>;
export type OpOutput<K extends OpName> = Exclude<Contract[K]['_out'], undefined>;

export const OP_NAMES = Object.keys(contract) as OpName[];

import { z } from 'zod';
import {
  CANCEL_REASONS,
  CUSTOMER_FIELDS,
  PAYMENT_METHODS,
  TENDER_METHODS,
  UNIT_STATUSES,
} from '../api/schemas.ts';
import { ROLES } from '../roles.ts';
import { RESERVATION_STATUSES } from '../state/reservation.ts';
import { CLOSING_KINDS, INTERVENTION_STATUSES, INVOICE_SOURCES, INVOICE_STATUSES } from '../statuses.ts';
import { JURISDICTION_IDS } from '../tax.ts';
import { PRINT_JOB_KINDS } from './print-jobs.ts';
import {
  approvedBy,
  closingSeal,
  count,
  currency,
  denominationCount,
  isoDate,
  isoTime,
  minor,
  minorAmount,
  quantity,
  text,
  ulid,
} from './wire.ts';

/**
 * The journal's entry types: one zod schema per type, each with a version. This is the ledger's
 * wire format — the till writes it (`ctx.record(type, payload)` is typed by it), head office
 * parses every entry it receives with it, `ledger verify --deep` checks a whole ledger with it,
 * and docs/ledger/entries.schema.json publishes it for auditors.
 *
 * Versioning: a payload written today is version 1 of its type and carries no version field.
 * A change that is not purely additive-and-optional becomes version 2 of that type: new payloads
 * then carry `"v": 2` and the version-1 schema stays here, forever, because entries are never
 * rewritten. The schemas are strict: a field the schema does not name is an error, so a service
 * that starts writing a new field must say so here first.
 */

const discountInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('amount'), amount: minorAmount }),
  z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(10_000) }),
]);

const printerTransport = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tcp'), host: text, port: z.number().int().min(1).max(65535) }),
  z.strictObject({ kind: z.literal('usb'), vendorId: z.number().int(), productId: z.number().int() }),
  z.strictObject({ kind: z.literal('serial'), path: text, baudRate: z.number().int() }),
  z.strictObject({ kind: z.literal('spooler'), queue: text }),
  z.strictObject({ kind: z.literal('virtual') }),
]);

/** a completed sale's line as journaled (the frozen copy: name and tax category included) */
const completedLine = z.strictObject({
  lineId: ulid,
  productId: ulid,
  sku: text,
  quantity,
  unitPrice: minorAmount,
  listPrice: minorAmount,
  /** the amount taken off this line */
  discount: minorAmount,
  amount: minorAmount,
  taxCategory: text,
});

/** a reservation's line as journaled: priced from the rate table */
const reservationLine = z.strictObject({
  lineId: ulid,
  productId: ulid,
  unitId: ulid.nullable(),
  /** whole items */
  quantity: z.number().int().min(1),
  unitPrice: minorAmount,
  amount: minorAmount,
  taxCategory: text,
  deposit: minorAmount,
});

/** an invoice's line as journaled */
const invoiceLine = z.strictObject({
  lineId: ulid,
  productId: ulid.nullable(),
  description: text,
  quantity,
  unitPrice: minor,
  discount: discountInput.nullable(),
  discountAmount: minorAmount,
  amount: minor,
  taxCategory: text,
});

/** an intervention's line as journaled (its description: labour, a part, or the item's name) */
const interventionLine = z.strictObject({
  lineId: ulid,
  productId: ulid.nullable(),
  description: text,
  quantity,
  unitPrice: minorAmount,
  amount: minorAmount,
  taxCategory: text,
});

const appliedTender = z.strictObject({
  method: z.enum(TENDER_METHODS),
  amount: minorAmount,
  tendered: minorAmount.nullable(),
  change: minorAmount.nullable(),
  reference: text.nullable(),
});

/** a product's rental rates, minor units; null = not rented for that period */
const rentalRates = z.strictObject({
  fourHours: minorAmount.nullable(),
  day: minorAmount.nullable(),
  weekend: minorAmount.nullable(),
  week: minorAmount.nullable(),
  month: minorAmount.nullable(),
});

/**
 * A catalogue item as journaled: everything head office needs to rebuild the store's catalogue
 * (the photo travels apart: its hash is in product.photoSet).
 */
const productRecord = z.strictObject({
  sku: text,
  barcode: text.nullable(),
  name: text,
  manufacturer: text.nullable(),
  model: text.nullable(),
  description: text.nullable(),
  categoryId: ulid.nullable(),
  price: minorAmount,
  taxCategory: text,
  rates: rentalRates,
  deposit: minorAmount.nullable(),
  onWebsite: z.boolean(),
});

const categoryRecord = z.strictObject({ categoryId: ulid, name: text, parentId: ulid.nullable() });
const unitRecord = z.strictObject({
  unitId: ulid,
  assetId: text,
  serial: text.nullable(),
  status: z.enum(UNIT_STATUSES),
  condition: text.nullable(),
});

interface Def<S extends z.ZodType> {
  version: 1;
  schema: S;
  description: string;
}
const v1 = <S extends z.ZodType>(description: string, schema: S): Def<S> => ({
  version: 1,
  schema,
  description,
});

export const entryDefs = {
  // --- sessions and staff ---
  'auth.login': v1('a user logged in with their PIN', z.strictObject({ userId: ulid })),
  'auth.logout': v1('a user logged out', z.strictObject({ userId: ulid })),
  'auth.pinRejected': v1(
    'a wrong PIN; the user is locked until lockedUntil after too many',
    z.strictObject({ userId: ulid, attempts: count, lockedUntil: isoTime.nullable() }),
  ),
  'update.postponed': v1(
    'a manager held an update of the app back until a time',
    z.strictObject({ version: text.min(1), until: isoTime }),
  ),
  'clock.wentBack': v1(
    "the till's wall clock was found behind the time elapsed since the previous entry: entries are stamped from ledgerAt on, never earlier; wallAt is what the clock said",
    z.strictObject({ wallAt: isoTime, ledgerAt: isoTime, behindMs: count }),
  ),
  'store.initialized': v1(
    "the first-run setup: the store's identity and its first administrator",
    z.strictObject({
      storeId: text.min(1),
      jurisdiction: z.enum(JURISDICTION_IDS),
      currency,
      adminId: ulid,
    }),
  ),
  'user.created': v1('a user was added', z.strictObject({ userId: ulid, role: z.enum(ROLES) })),
  'user.updated': v1(
    'a user was changed: the new role, the new active flag, or renamed (the name itself stays out of the journal)',
    z.strictObject({
      userId: ulid,
      role: z.enum(ROLES).optional(),
      active: z.boolean().optional(),
      renamed: z.literal(true).optional(),
    }),
  ),
  'user.pinChanged': v1(
    "a user's PIN was set, by themselves or by a manager",
    z.strictObject({ userId: ulid, by: z.enum(['self', 'manager']) }),
  ),
  'customer.created': v1(
    'a customer was added (the id only: personal details stay erasable, outside the journal)',
    z.strictObject({ customerId: ulid }),
  ),
  'customer.updated': v1(
    "a customer's details were changed: which fields, never their values (personal data stays erasable)",
    z.strictObject({
      customerId: ulid,
      fields: z.array(z.enum(CUSTOMER_FIELDS)).min(1),
    }),
  ),
  'customer.deleted': v1(
    'customers were deleted: their personal details erased from the customers table (their ids stay, for the documents that name them)',
    z.strictObject({ customerIds: z.array(ulid).min(1) }),
  ),

  // --- catalogue (manager) ---
  'category.created': v1('a catalogue category (or subcategory, under parentId) was added', categoryRecord),
  'category.updated': v1('a category was renamed or moved: its new name and parent', categoryRecord),
  'category.deleted': v1('an empty category was deleted', z.strictObject({ categoryId: ulid })),
  'product.created': v1(
    'a product or piece of equipment was added to the catalogue',
    z.strictObject({ productId: ulid, product: productRecord }),
  ),
  'product.updated': v1(
    "a catalogue item was changed: the changed fields' new values (onWebsite false = removed from the website)",
    z.strictObject({ productId: ulid, changes: productRecord.partial() }),
  ),
  'product.archived': v1(
    'a catalogue item was archived (no longer sold or shown; kept for what references it)',
    z.strictObject({ productId: ulid }),
  ),
  'product.restored': v1('an archived catalogue item was put back', z.strictObject({ productId: ulid })),
  'product.deleted': v1(
    'a catalogue item that nothing referenced was deleted',
    z.strictObject({ productId: ulid }),
  ),
  'product.photoSet': v1(
    "a catalogue item's photo was set or removed (the image files stay beside the ledger, named by their hash)",
    z.strictObject({
      productId: ulid,
      photo: z
        .strictObject({
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          width: z.number().int().min(1),
          height: z.number().int().min(1),
          bytes: z.number().int().min(1),
        })
        .nullable(),
    }),
  ),
  'catalogue.imported': v1(
    'a CSV import: every category and item it created and every change it made, as one entry',
    z.strictObject({
      categories: z.array(categoryRecord),
      created: z.array(z.strictObject({ productId: ulid, product: productRecord })),
      updated: z.array(z.strictObject({ productId: ulid, changes: productRecord.partial() })),
    }),
  ),

  // --- units ---
  'unit.created': v1(
    'units of a rentable item were added (one, or a batch)',
    z.strictObject({ productId: ulid, units: z.array(unitRecord).min(1) }),
  ),
  'unit.updated': v1(
    "a unit's serial number or condition notes were changed",
    z.strictObject({
      unitId: ulid,
      serial: text.nullable().optional(),
      condition: text.nullable().optional(),
    }),
  ),
  'unit.statusChanged': v1(
    "a unit's status was changed by a manager (available, out, maintenance, retired)",
    z.strictObject({
      unitId: ulid,
      from: z.enum(UNIT_STATUSES),
      to: z.enum(UNIT_STATUSES),
      note: text.nullable(),
    }),
  ),
  'unit.labelPrinted': v1(
    "a unit's asset label was queued for the receipt printer",
    z.strictObject({ unitId: ulid, jobId: ulid }),
  ),

  // --- sales ---
  'sale.opened': v1(
    'a ticket was opened at the counter',
    z.strictObject({ saleId: ulid, customerId: ulid.nullable() }),
  ),
  'sale.lineAdded': v1(
    'a line was added to an open ticket',
    z.strictObject({
      saleId: ulid,
      lineId: ulid,
      productId: ulid,
      quantity,
      unitPrice: minorAmount,
      discount: discountInput.nullable(),
      approval: approvedBy,
    }),
  ),
  'sale.lineChanged': v1(
    "an open ticket's line was changed",
    z.strictObject({
      saleId: ulid,
      lineId: ulid,
      quantity,
      unitPrice: minorAmount,
      discount: discountInput.nullable(),
      approval: approvedBy,
    }),
  ),
  'sale.lineRemoved': v1("an open ticket's line was removed", z.strictObject({ saleId: ulid, lineId: ulid })),
  'sale.customerAttached': v1(
    'a customer was attached to (or removed from) an open ticket',
    z.strictObject({ saleId: ulid, customerId: ulid.nullable() }),
  ),
  'sale.voided': v1('an open ticket was voided', z.strictObject({ saleId: ulid, approval: approvedBy })),
  'sale.completed': v1(
    'a sale was completed: priced, paid, numbered — the frozen copy the sale rows are rebuilt from',
    z.strictObject({
      saleId: ulid,
      receiptNumber: z.number().int().min(1),
      businessDate: isoDate,
      drawerSessionId: ulid,
      customerId: ulid.nullable(),
      currency,
      lines: z.array(completedLine).min(1),
      taxes: z.array(z.strictObject({ code: text, base: minor, tax: minor })),
      subtotal: minor,
      taxTotal: minor,
      total: minor,
      cashRounding: minor,
      paid: minor,
      tenders: z.array(appliedTender),
      approval: approvedBy,
    }),
  ),
  'sale.cancelled': v1(
    'a completed sale was cancelled (reason, message for the customer)',
    z.strictObject({
      saleId: ulid,
      receiptNumber: z.number().int().min(1).nullable(),
      reason: z.enum(CANCEL_REASONS),
      message: text,
    }),
  ),
  'sale.refunded': v1(
    'a cancelled sale was refunded in cash at the till',
    z.strictObject({
      saleId: ulid,
      refundId: ulid,
      receiptNumber: z.number().int().min(1).nullable(),
      channel: z.literal('cash'),
      amount: minorAmount,
      drawerSessionId: ulid,
      customerConfirmed: z.literal(true),
      saleConfirmed: z.literal(true),
      approval: approvedBy,
    }),
  ),
  'sale.refundRequested': v1(
    'a cancelled sale is to be refunded to the card, by head office',
    z.strictObject({
      saleId: ulid,
      refundId: ulid,
      channel: z.literal('card'),
      amount: minorAmount,
      /** the card payment's reference the clerk gave (absent when none was given, and before it existed) */
      cardReference: text.optional(),
      approval: approvedBy,
    }),
  ),
  'sale.linesReturned': v1(
    'lines of a completed sale were returned and refunded in cash at the till',
    z.strictObject({
      saleId: ulid,
      refundId: ulid,
      receiptNumber: z.number().int().min(1).nullable(),
      channel: z.literal('cash'),
      /** each returned line: its quantity (thousandths) and its share of the line amount */
      lines: z
        .array(z.strictObject({ lineId: ulid, quantity: z.number().int().min(1), amount: minorAmount }))
        .min(1),
      /** the contra entry per tax rate of the returned lines */
      taxes: z.array(
        z.strictObject({
          code: text,
          ratePpm: z.number().int(),
          base: z.number().int(),
          tax: z.number().int(),
        }),
      ),
      /** what the returned lines cost; `amount` is the cash handed back (the store's cash rule) */
      total: minorAmount,
      amount: minorAmount,
      drawerSessionId: ulid,
      customerConfirmed: z.literal(true),
      approval: approvedBy,
    }),
  ),
  'sale.refundCompleted': v1(
    'head office completed a card refund',
    z.strictObject({ saleId: ulid, reference: text }),
  ),

  // --- cash drawer ---
  'drawer.opened': v1(
    'a drawer session was opened with a counted float',
    z.strictObject({
      sessionId: ulid,
      number: z.number().int().min(1),
      float: minorAmount,
      count: denominationCount,
    }),
  ),
  'drawer.paidIn': v1(
    'cash put into the drawer',
    z.strictObject({ movementId: ulid, amount: minorAmount, reason: text }),
  ),
  'drawer.paidOut': v1(
    'cash taken out of the drawer (manager approval)',
    z.strictObject({ movementId: ulid, amount: minorAmount, reason: text, approval: approvedBy }),
  ),
  'drawer.noSale': v1(
    'the drawer was opened without a sale (manager approval)',
    z.strictObject({ movementId: ulid, reason: text, approval: approvedBy }),
  ),
  'drawer.closed': v1(
    'a drawer session was closed: blind count, over/short, Z report number',
    z.strictObject({
      sessionId: ulid,
      zNumber: z.number().int().min(1),
      expected: minor,
      counted: minorAmount,
      overShort: minor,
      count: denominationCount,
      salesTotal: minor,
      refundsTotal: minor,
      note: text.nullable(),
      seal: closingSeal.optional(),
    }),
  ),
  'drawer.xPrinted': v1(
    'an X report (mid-shift) was printed',
    z.strictObject({ sessionId: ulid, expected: minor, salesTotal: minor }),
  ),

  // --- orders ---
  'order.created': v1(
    'an order (reservation) was created',
    z.strictObject({ orderId: ulid, number: text, customerId: ulid.nullable(), total: minorAmount }),
  ),
  'order.paymentRecorded': v1(
    'money was received on an order',
    z.strictObject({
      orderId: ulid,
      paymentId: ulid,
      amount: minorAmount,
      method: z.enum(PAYMENT_METHODS),
      explanation: text.nullable(),
      reference: text.nullable(),
      cashRounding: minor,
      tendered: minorAmount.nullable(),
      change: minorAmount.nullable(),
    }),
  ),

  // --- reservations (rental orders; payments are order.paymentRecorded) ---
  'reservation.created': v1(
    'a reservation was made at the counter: a quote, or confirmed (its units held); priced from the rate tables',
    z.strictObject({
      reservationId: ulid,
      number: text,
      customerId: ulid,
      status: z.enum(['quote', 'confirmed']),
      pickupAt: isoTime,
      returnAt: isoTime,
      lines: z.array(reservationLine).min(1),
      deposit: minorAmount,
      subtotal: minorAmount,
      taxTotal: minorAmount,
      total: minorAmount,
      currency,
    }),
  ),
  'reservation.linesAdded': v1(
    'lines were added to a reservation (the new totals)',
    z.strictObject({
      reservationId: ulid,
      lines: z.array(reservationLine).min(1),
      deposit: minorAmount,
      subtotal: minorAmount,
      taxTotal: minorAmount,
      total: minorAmount,
    }),
  ),
  'reservation.statusChanged': v1(
    'a reservation was confirmed, cancelled or closed',
    z.strictObject({
      reservationId: ulid,
      from: z.enum(RESERVATION_STATUSES),
      to: z.enum(RESERVATION_STATUSES),
      reason: text.nullable(),
    }),
  ),
  'reservation.unitCheckedOut': v1(
    'a unit left the store on a reservation (scanned at check-out); the first one starts the rental contract',
    z.strictObject({
      reservationId: ulid,
      lineId: ulid,
      unitId: ulid,
      status: z.enum(RESERVATION_STATUSES),
    }),
  ),
  'reservation.unitReturned': v1(
    'a unit came back (scanned at return): its condition notes and the late fee from the rate table',
    z.strictObject({
      reservationId: ulid,
      lineId: ulid,
      unitId: ulid,
      condition: text.nullable(),
      toMaintenance: z.boolean(),
      lateFee: minorAmount,
      total: minorAmount,
      status: z.enum(RESERVATION_STATUSES),
    }),
  ),
  'reservation.depositTaken': v1(
    "a reservation's deposit was taken in cash (into the drawer)",
    z.strictObject({ reservationId: ulid, amount: minorAmount, drawerSessionId: ulid }),
  ),
  'reservation.depositReturned': v1(
    "a reservation's deposit was handed back in cash (out of the drawer)",
    z.strictObject({ reservationId: ulid, amount: minorAmount, drawerSessionId: ulid }),
  ),
  'reservation.conflictSet': v1(
    'the conflict flag of a reservation was set (two tills booked the same units offline) or cleared',
    z.strictObject({ reservationId: ulid, note: text.nullable() }),
  ),
  // --- invoices and credit notes ---
  'invoice.created': v1(
    'an invoice draft was made for a customer (from a sale or a reservation: their lines copied)',
    z.strictObject({
      invoiceId: ulid,
      customerId: ulid,
      source: z.enum(INVOICE_SOURCES),
      sourceId: ulid.nullable(),
      lines: z.array(invoiceLine),
      subtotal: minor,
      taxTotal: minor,
      total: minor,
      currency,
      notes: text.nullable(),
      dueDate: isoDate.nullable(),
    }),
  ),
  'invoice.updated': v1(
    "a draft's lines, notes or due date were replaced (the whole new content)",
    z.strictObject({
      invoiceId: ulid,
      lines: z.array(invoiceLine),
      subtotal: minor,
      taxTotal: minor,
      total: minor,
      notes: text.nullable(),
      dueDate: isoDate.nullable(),
    }),
  ),
  'invoice.deleted': v1('a draft (never issued, no number) was deleted', z.strictObject({ invoiceId: ulid })),
  'invoice.issued': v1(
    'an invoice was issued: the next number of its series; frozen from then on',
    z.strictObject({
      invoiceId: ulid,
      series: text,
      seqInSeries: count,
      number: text,
      total: minor,
    }),
  ),
  'invoice.statusChanged': v1(
    'an invoice changed status: by hand (a manager, with the reason) or automatically (paid in full)',
    z.strictObject({
      invoiceId: ulid,
      from: z.enum(INVOICE_STATUSES),
      to: z.enum(INVOICE_STATUSES),
      manual: z.boolean(),
      reason: text.nullable(),
    }),
  ),
  'invoice.paymentRecorded': v1(
    'money was received against an issued invoice (its new balance; Paid at zero)',
    z.strictObject({
      invoiceId: ulid,
      paymentId: ulid,
      amount: minorAmount,
      method: z.enum(PAYMENT_METHODS),
      reference: text.nullable(),
      balance: minor,
      status: z.enum(INVOICE_STATUSES),
    }),
  ),
  'invoice.credited': v1(
    'a credit note (avoir) was issued against an invoice: its own number and lines, the amount credited',
    z.strictObject({
      creditId: ulid,
      invoiceId: ulid,
      series: text,
      seqInSeries: count,
      number: text,
      lines: z.array(invoiceLine.extend({ creditedLineId: ulid })),
      subtotal: minorAmount,
      taxTotal: minorAmount,
      total: minorAmount,
      currency,
      reason: text,
    }),
  ),

  // --- interventions (repair or service jobs; payments are order.paymentRecorded) ---
  'intervention.created': v1(
    'an intervention (a repair or service job) was opened for a customer: a quote, or an order',
    z.strictObject({
      interventionId: ulid,
      number: text,
      customerId: ulid,
      status: z.enum(['quote', 'order']),
      lines: z.array(interventionLine),
      subtotal: minorAmount,
      taxTotal: minorAmount,
      total: minorAmount,
      currency,
    }),
  ),
  'intervention.linesAdded': v1(
    'lines were added to an intervention (the new totals)',
    z.strictObject({
      interventionId: ulid,
      lines: z.array(interventionLine).min(1),
      subtotal: minorAmount,
      taxTotal: minorAmount,
      total: minorAmount,
    }),
  ),
  'intervention.statusChanged': v1(
    'an intervention was accepted (order), finished (done), closed (paid) or cancelled',
    z.strictObject({
      interventionId: ulid,
      from: z.enum(INTERVENTION_STATUSES),
      to: z.enum(INTERVENTION_STATUSES),
      reason: text.nullable(),
    }),
  ),
  'rental.bufferSet': v1(
    'the time kept free between two rentals of a unit was set',
    z.strictObject({ minutes: z.number().int().min(0) }),
  ),

  // --- closings (NF525) ---
  'period.closed': v1(
    'a business day, month or year was closed (final): period and perpetual grand totals',
    z.strictObject({
      closingId: ulid,
      kind: z.enum(CLOSING_KINDS),
      period: text,
      salesTotal: minor,
      refundsTotal: minor,
      periodGrandTotal: minor,
      perpetualGrandTotal: minor,
      seal: closingSeal.optional(),
    }),
  ),

  // --- the counter: tickets on hold, quick keys ---
  'ticket.parked': v1(
    'a cart was put on hold at the counter: its lines as the clerk built them (priced again when it is paid)',
    z.strictObject({
      ticketId: ulid,
      customerId: ulid.nullable(),
      label: text,
      lines: z
        .array(
          z.strictObject({
            productId: ulid,
            quantity,
            /** a price override (approved again when the recalled cart is paid) */
            unitPrice: minorAmount.nullable(),
            discount: discountInput.nullable(),
          }),
        )
        .min(1),
      /** the preview total when parked, as the list of held tickets shows it */
      total: minor,
    }),
  ),
  'ticket.recalled': v1('a ticket on hold was taken back into the cart', z.strictObject({ ticketId: ulid })),
  'quickKeys.set': v1(
    "a manager set the counter's quick keys: the favourite items, in the order of the grid",
    z.strictObject({ productIds: z.array(ulid).max(24) }),
  ),

  // --- printing ---
  'printer.configured': v1(
    'the receipt printer was configured',
    z.strictObject({
      name: text,
      transport: printerTransport,
      profileId: text,
      /** written until the OFFLINE mark followed head office's reachability (no longer a printer setting) */
      offlineMarkHours: z.number().int().min(1).optional(),
      drawerWarnSeconds: z.number().int().min(1),
      /** absent before done print jobs were pruned (they were kept forever) */
      jobRetentionDays: z.number().int().min(1).optional(),
      /** absent before old jobs were held back (null: the current business day) */
      holdOlderThanHours: z.number().int().min(1).nullable().optional(),
    }),
  ),
  // --- head office ---
  'sync.enrolled': v1(
    'the till was enrolled with head office (the device token stays outside the ledger)',
    z.strictObject({
      headOffice: text.url(),
      storeId: text.min(1),
      deviceId: text.min(1),
      tillName: text,
      staleHours: z.number().int().min(1).max(720),
    }),
  ),
  'feed.applied': v1(
    "a page of head office's change feed was applied (catalogue, prices, categories, customers): the store, the cursor range (from, to], how many records and history rows, and the SHA-256 of the page's canonical JSON",
    z.strictObject({
      storeId: text.min(1),
      from: count,
      to: count,
      records: count,
      history: count,
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
  'printer.testPage': v1('a test page was queued', z.strictObject({ jobId: ulid, profileId: text })),
  'print.retried': v1(
    'a failed or waiting print job was queued again',
    z.strictObject({
      jobId: ulid,
      kind: z.enum(PRINT_JOB_KINDS),
      refId: text.nullable(),
      previous: z.enum(['failed', 'pending']),
    }),
  ),
  'print.heldReleased': v1(
    "a manager's choice for the jobs held back for their age: printed, or discarded (cancelled)",
    z.strictObject({ action: z.enum(['print', 'discard']), count: z.number().int().min(1), before: isoTime }),
  ),
  'print.cancelled': v1(
    'a failed or waiting print job was cancelled',
    z.strictObject({
      jobId: ulid,
      kind: z.enum(PRINT_JOB_KINDS),
      refId: text.nullable(),
      previous: z.enum(['failed', 'pending']),
    }),
  ),
  'receipt.duplicated': v1(
    'a numbered DUPLICATA of a receipt was queued',
    z.strictObject({
      saleId: ulid,
      receiptNumber: z.number().int().min(1),
      duplicateNumber: z.number().int().min(1),
      copy: z.number().int().min(1),
      jobId: ulid,
    }),
  ),
} as const satisfies Record<string, Def<z.ZodType>>;

export type EntryType = keyof typeof entryDefs;
export const ENTRY_TYPES = Object.keys(entryDefs).sort() as EntryType[];

/** type → its current schema */
export const entrySchemas = Object.fromEntries(Object.entries(entryDefs).map(([k, d]) => [k, d.schema])) as {
  [K in EntryType]: (typeof entryDefs)[K]['schema'];
};

/** The payload of an entry of type K, as the till writes it and head office reads it. */
export type Entry<K extends EntryType> = z.infer<(typeof entryDefs)[K]['schema']>;

/** A journaled entry, typed by its type: `switch (e.type)` narrows `e.payload`. */
export type AnyEntry = { [K in EntryType]: { type: K; payload: Entry<K> } }[EntryType];

export function isEntryType(type: string): type is EntryType {
  return Object.hasOwn(entryDefs, type);
}

export interface EntryIssue {
  /** the field, dotted: `lines.0.amount`; '' for the payload itself */
  path: string;
  message: string;
}

export type ParsedEntry =
  | ({ ok: true } & AnyEntry)
  | { ok: false; code: 'UNKNOWN_ENTRY_TYPE' | 'ENTRY_INVALID'; type: string; issues: EntryIssue[] };

/**
 * Parse one journal entry's payload with its type's schema. `payload` is the stored canonical
 * JSON text or the value it decodes to. Never throws: a bad entry is a typed result naming the
 * type and the fields.
 */
export function parseEntry(type: string, payload: unknown): ParsedEntry {
  if (!isEntryType(type)) {
    return {
      ok: false,
      code: 'UNKNOWN_ENTRY_TYPE',
      type,
      issues: [{ path: '', message: `unknown entry type ${type}` }],
    };
  }
  let value = payload;
  if (typeof payload === 'string') {
    try {
      value = JSON.parse(payload);
    } catch {
      return {
        ok: false,
        code: 'ENTRY_INVALID',
        type,
        issues: [{ path: '', message: 'payload is not JSON' }],
      };
    }
  }
  const r = entryDefs[type].schema.safeParse(value);
  if (!r.success) {
    return {
      ok: false,
      code: 'ENTRY_INVALID',
      type,
      issues: r.error.issues.map((i) => ({ path: issuePath(i), message: i.message })),
    };
  }
  return { ok: true, type, payload: r.data } as ParsedEntry;
}

function issuePath(i: z.core.$ZodIssue): string {
  const base = i.path.map(String).join('.');
  // an unknown key is reported on its parent: name the key itself
  if (i.code === 'unrecognized_keys') return i.keys.map((k) => (base ? `${base}.${k}` : k)).join(', ');
  return base;
}

import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Head office's PostgreSQL schema. Every table but the two head-office login tables carries
 * `store_id` as the first column of its primary key: that is the distribution column when one
 * PostgreSQL is no longer enough (Citus `create_distributed_table(t, 'store_id')`, all co-located),
 * and every query of server/ names one store (docs/head-office.md lists each table).
 * `hq_users` and `hq_sessions` are small and global: Citus reference tables.
 *
 * Amounts are integer minor units (bigint: a year of a store's sales fits in int4 but grand
 * totals of years do not). Timestamps are timestamptz; the till's `at` stays the text it hashed.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });
const money = (name: string) => bigint(name, { mode: 'number' });

export const stores = pgTable('stores', {
  storeId: text('store_id').primaryKey(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  timeZone: text('time_zone').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** A till: its token (SHA-256 of a 256-bit random secret: no salt or scrypt needed) and what head office acknowledged. */
export const devices = pgTable(
  'devices',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    tillName: text('till_name').notNull(),
    tokenHash: text('token_hash').notNull(),
    publicKeyPem: text('public_key_pem').notNull(),
    ackSeq: integer('ack_seq').notNull().default(0),
    ackHash: text('ack_hash').notNull(),
    /** FORK or LEDGER_REWRITTEN once head office refused this till's journal */
    refused: text('refused'),
    /** what the till last reported */
    tillHeadSeq: integer('till_head_seq').notNull().default(0),
    pending: integer('pending').notNull().default(0),
    lastSeenAt: ts('last_seen_at'),
    lastStoredAt: ts('last_stored_at'),
    enrolledAt: ts('enrolled_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.deviceId] }),
    uniqueIndex('devices_token').on(t.storeId, t.tokenHash),
  ],
);

/** One-time enrolment codes: stored hashed, expiring, single use. */
export const enrolCodes = pgTable(
  'enrol_codes',
  {
    storeId: text('store_id').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    usedBy: text('used_by'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.codeHash] })],
);

/** Every till's journal, exactly as it hashed it; unique (store, device, seq) makes storing idempotent. */
export const entries = pgTable(
  'entries',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    id: text('id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.seq] })],
);

export const sales = pgTable(
  'sales',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    saleId: text('sale_id').notNull(),
    receiptNumber: integer('receipt_number').notNull(),
    businessDate: text('business_date').notNull(),
    currency: text('currency').notNull(),
    subtotal: money('subtotal').notNull(),
    taxTotal: money('tax_total').notNull(),
    total: money('total').notNull(),
    /** completed, cancelled, refunded, refund_pending */
    status: text('status').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.deviceId, t.saleId] }),
    index('sales_by_day').on(t.storeId, t.businessDate),
  ],
);

/** Money received: a sale's tenders and payments recorded on orders. */
export const payments = pgTable(
  'payments',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    /** position within the entry (a sale has one row per tender) */
    n: integer('n').notNull(),
    kind: text('kind').notNull(), // sale, order
    refId: text('ref_id').notNull(),
    method: text('method').notNull(),
    amount: money('amount').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.seq, t.n] })],
);

export const refunds = pgTable(
  'refunds',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    seq: integer('seq').notNull(),
    saleId: text('sale_id').notNull(),
    channel: text('channel').notNull(),
    amount: money('amount'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.seq] })],
);

export const drawerSessions = pgTable(
  'drawer_sessions',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    sessionId: text('session_id').notNull(),
    number: integer('number'),
    float: money('float'),
    openedAt: text('opened_at'),
    closedAt: text('closed_at'),
    expected: money('expected'),
    counted: money('counted'),
    overShort: money('over_short'),
    zNumber: integer('z_number'),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.sessionId] })],
);

export const zReports = pgTable(
  'z_reports',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    zNumber: integer('z_number').notNull(),
    sessionId: text('session_id').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    expected: money('expected').notNull(),
    counted: money('counted').notNull(),
    overShort: money('over_short').notNull(),
    salesTotal: money('sales_total').notNull(),
    refundsTotal: money('refunds_total').notNull(),
    /** 'verified' when the entry carried a seal whose signature held under the registered key */
    seal: text('seal'),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.zNumber] })],
);

export const closings = pgTable(
  'closings',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    closingId: text('closing_id').notNull(),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    seq: integer('seq').notNull(),
    at: text('at').notNull(),
    salesTotal: money('sales_total').notNull(),
    refundsTotal: money('refunds_total').notNull(),
    periodGrandTotal: money('period_grand_total').notNull(),
    perpetualGrandTotal: money('perpetual_grand_total').notNull(),
    seal: text('seal'),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.closingId] })],
);

/** Forks and rewritten ledgers, one open alert per (device, kind, seq). */
export const alerts = pgTable(
  'alerts',
  {
    storeId: text('store_id').notNull(),
    deviceId: text('device_id').notNull(),
    kind: text('kind').notNull(), // FORK, LEDGER_REWRITTEN
    seq: integer('seq').notNull(),
    details: text('details').notNull(),
    firstAt: ts('first_at').notNull().defaultNow(),
    lastAt: ts('last_at').notNull().defaultNow(),
    count: integer('count').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.deviceId, t.kind, t.seq] })],
);

/** Every admin action (CLI and enrolments), with the store it concerns ('*' for head-office-wide ones). */
export const auditLog = pgTable(
  'audit_log',
  {
    storeId: text('store_id').notNull(),
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    at: ts('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    details: text('details').notNull().default(sql`'{}'`),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] })],
);

/** Head-office users of the page; `stores` lists the store ids they see ('*' = all). */
export const hqUsers = pgTable('hq_users', {
  username: text('username').primaryKey(),
  passwordHash: text('password_hash').notNull(),
  stores: text('stores').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  disabledAt: ts('disabled_at'),
});

export const hqSessions = pgTable('hq_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  username: text('username').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

// ---- master data and the change feed (issue 14: server/master-data.ts, server/feed.ts) ----

/**
 * A store's catalogue items, categories and customers as head office holds them: the current
 * fields (JSON text), which edit set each field (`origins`: field → origin, `till:<device>#<seq>`
 * or `hq:<actor>`), and `change_seq`, the store's change sequence at the record's latest change —
 * the feed's cursor (index by store and sequence).
 */
export const masterRecords = pgTable(
  'master_records',
  {
    storeId: text('store_id').notNull(),
    entity: text('entity').notNull(), // category, product, customer
    entityId: text('entity_id').notNull(),
    fields: text('fields').notNull(),
    origins: text('origins').notNull(),
    deleted: integer('deleted').notNull().default(0),
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.entity, t.entityId] }),
    uniqueIndex('master_records_feed').on(t.storeId, t.changeSeq),
  ],
);

/** Each store's last change sequence (the row is locked while an edit takes the next numbers). */
export const masterSeq = pgTable('master_seq', {
  storeId: text('store_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull().default(0),
});

/** Edits that lost: a field's value replaced by an edit from elsewhere received later (sent in the feed). */
export const masterHistory = pgTable(
  'master_history',
  {
    storeId: text('store_id').notNull(),
    changeSeq: bigint('change_seq', { mode: 'number' }).notNull(),
    n: integer('n').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    lost: text('lost').notNull(),
    lostOrigin: text('lost_origin').notNull(),
    won: text('won').notNull(),
    wonOrigin: text('won_origin').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.changeSeq, t.n] }),
    index('master_history_record').on(t.storeId, t.entity, t.entityId),
  ],
);

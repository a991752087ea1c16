import { z } from 'zod';
import type { FieldCode } from '../errors.ts';
import { CURRENCIES } from '../money.ts';

/** Building blocks shared by command and query schemas. */

const FORMAT_CODES = new Map<string, FieldCode>();

/**
 * A string that must match `re`, reported with a stable code: zod's issue names the pattern
 * (re.toString()), parseInput turns it into `code`, the renderer says it in the user's language.
 * The pattern stays in the schema, so docs/api/openapi.json shows it.
 */
export function format(re: RegExp, code: FieldCode, message: string) {
  return z.string().regex(coded(re, code), message);
}

/** Register `re` under `code` and return it (for a regex check chained after others). */
export function coded(re: RegExp, code: FieldCode): RegExp {
  FORMAT_CODES.set(re.toString(), code);
  return re;
}

/** The code a format() pattern was registered with (zod's issue.pattern). */
export function formatCode(pattern: unknown): FieldCode | undefined {
  return typeof pattern === 'string' ? FORMAT_CODES.get(pattern) : undefined;
}

export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const id = format(ULID_RE, 'id', 'must be an id (ULID)');

/** An amount of money in minor units; 10^10 cents caps a till at 100 million. */
export const MAX_AMOUNT = 10_000_000_000;
export const amount = z.number().int('must be whole minor units (cents)').min(0).max(MAX_AMOUNT);
export const positiveAmount = z.number().int('must be whole minor units (cents)').min(1).max(MAX_AMOUNT);
export const currency = z.enum(CURRENCIES);

/** Quantity in thousandths (1 item = 1000); at most 1 000 000 items on a line. */
export const quantity = z.number().int('must be whole thousandths').min(1).max(1_000_000_000);

export const pin = format(/^\d{4,8}$/, 'pinFormat', 'PIN is 4 to 8 digits');

export const shortText = z.string().trim().min(1, 'required').max(200);
export const longText = z.string().trim().max(2000);

/** Manager approval by PIN, attached to the command that needs it. */
export const approval = z.object({
  managerId: id,
  pin,
  reason: shortText,
});
export type Approval = z.infer<typeof approval>;

/** A drawer count by denomination: { "2000": 3, "25": 40 } (minor units → pieces). */
export const denominationCount = z.record(
  format(/^[1-9]\d{0,6}$/, 'denomination', 'denomination in minor units'),
  z.number().int().min(0).max(100_000),
);

export const discount = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amount'), amount: positiveAmount }),
  z.object({ kind: z.literal('percent'), basisPoints: z.number().int().min(1).max(10_000) }),
]);
export type Discount = z.infer<typeof discount>;

export const TENDER_METHODS = ['cash', 'card', 'cheque', 'transfer', 'store_credit', 'gift_card'] as const;
export type TenderMethod = (typeof TENDER_METHODS)[number];

export const tender = z.discriminatedUnion('method', [
  /** cash: what the customer handed over; the ledger computes cash due, rounding and change */
  z.object({ method: z.literal('cash'), tendered: positiveAmount }),
  /** card on an external terminal: the terminal's approval reference */
  z.object({ method: z.literal('card'), amount: positiveAmount, reference: shortText }),
  z.object({ method: z.literal('cheque'), amount: positiveAmount, reference: shortText }),
  z.object({ method: z.literal('transfer'), amount: positiveAmount, reference: shortText }),
  z.object({ method: z.literal('store_credit'), amount: positiveAmount, reference: shortText }),
  z.object({ method: z.literal('gift_card'), amount: positiveAmount, reference: shortText }),
]);
export type TenderInput = z.infer<typeof tender>;

export const CANCEL_REASONS = [
  'customer_request',
  'wrong_item',
  'duplicate',
  'event_cancelled',
  'defective',
  'pricing_error',
  'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** a customer's personal fields (named, never copied, by the journal's customer.updated) */
export const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'address', 'postalCode', 'city', 'notes'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

export const PAYMENT_METHODS = ['cash', 'card', 'cheque', 'transfer', 'gift_card', 'account'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const saleLineInput = z.object({
  productId: id,
  quantity,
  /** price override in minor units; requires a manager approval */
  unitPrice: amount.optional(),
  discount: discount.optional(),
});

export const isoDate = format(/^\d{4}-\d{2}-\d{2}$/, 'date', 'date as YYYY-MM-DD');
export const isoMonth = format(/^\d{4}-\d{2}$/, 'month', 'month as YYYY-MM');
export const isoYear = format(/^\d{4}$/, 'year', 'year as YYYY');

/** a unit's status: on the shelf, rented out, in the workshop, or out of the fleet for good */
export const UNIT_STATUSES = ['available', 'out', 'maintenance', 'retired'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

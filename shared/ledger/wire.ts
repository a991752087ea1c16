import { z } from 'zod';
import { CURRENCIES } from '../money.ts';

/**
 * Building blocks of the ledger's wire format (journal payloads, print jobs, outbox messages).
 * They describe what was *written*, not what a user may type: no trimming, no defaults, and
 * signed amounts where the ledger stores signed amounts (over/short, cash rounding).
 */

/** ids minted on the till: ULIDs */
export const ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'an id (ULID)');
/** integer minor units, signed (a correction or a rounding may be negative) */
export const minor = z.number().int('whole minor units');
/** integer minor units, never negative */
export const minorAmount = minor.min(0);
export const currency = z.enum(CURRENCIES);
/** thousandths of an item */
export const quantity = z.number().int().min(1);
export const count = z.number().int().min(0);
export const isoTime = z.iso.datetime();
export const isoDate = z.iso.date();
export const text = z.string();

/** a counted drawer: denomination in minor units → pieces */
export const denominationCount = z.record(z.string().regex(/^[1-9]\d{0,6}$/), count);

/** the manager who approved (PIN checked before the transaction), or null when none was needed */
export const approvedBy = z.strictObject({ managerId: ulid, reason: text }).nullable();

/**
 * A closing's seal: the journal seq and hash it closes over, signed with the till's key (kept
 * outside the ledger). Optional in entries: closings made before seals existed have none.
 */
export const closingSeal = z.strictObject({
  coversSeq: z.number().int().min(0),
  coversHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash (hex)'),
  keyFingerprint: text,
  signature: text,
});

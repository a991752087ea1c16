import type { Sale } from './api/types.ts';
import { roundCash } from './cash-rounding.ts';
import { money } from './money.ts';

/**
 * How much cash a refund hands back, and when a manager must approve it — the ledger's rule,
 * which the refund dialog previews with the same functions.
 */

/**
 * Cash handed back: the store's cash rule, as for a cash sale (nearest 5 ¢ in CAD: 22.98 → 23.00,
 * 11.54 → 11.55). A sale paid in cash was already rounded, so it gets back what it paid.
 */
export function cashRefundAmount(amount: number, step: number, currency: Sale['currency']): number {
  return roundCash(money(amount, currency), { step }).amount;
}

/**
 * Cash out of the drawer for money that never came into it (card, cheque, transfer, gift card):
 * a manager approves it, whatever the amount.
 */
export function paidOtherThanCash(sale: Pick<Sale, 'tenders'>): boolean {
  return sale.tenders.some((t) => t.method !== 'cash');
}

import { run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Sale } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { cashRefundAmount, paidOtherThanCash } from '../../shared/refund-rules.ts';
import { priceReturn } from '../../shared/returns.ts';
import type { CommandContext } from './context.ts';
import { assertDayOpen, currentSession, moveCash, requireOpenDrawer } from './drawer-session.ts';
import { loadSale } from './sale-read.ts';
import { saleTransition } from './sales.ts';

/**
 * Cancellation and refunds — corrections are new rows and new journal entries; the
 * completed sale's rows are never edited except for its status.
 *
 * A sale must be cancelled (reason + message for the customer) before it can be refunded.
 * Cash channel: the clerk confirms the customer and the sale, the money leaves the open
 * drawer, status → refunded. Card/online channel: status → refund_pending, a request is
 * queued for head office, which completes it (→ refunded).
 */

export { cashRefundAmount, paidOtherThanCash };

/** The contra entry per rate of a refund, on the refund's business day (Z reports and closings subtract it). */
function bookRefundTaxes(
  ctx: CommandContext,
  refundId: string,
  taxes: readonly Sale['taxes'][number][],
): void {
  for (const t of taxes) {
    run(
      ctx.sqlite,
      'INSERT INTO refund_taxes (refund_id, code, rate_ppm, base, tax, business_date) VALUES (?, ?, ?, ?, ?, ?)',
      refundId,
      t.code,
      t.ratePpm,
      t.base,
      t.tax,
      ctx.businessDate(),
    );
  }
}

export const refundHandlers = {
  'sale.cancel'(ctx: CommandContext, input: OpParsed<'sale.cancel'>): Sale {
    const sale = loadSale(ctx.sqlite, input.saleId);
    const to = saleTransition(sale.status, 'cancel');
    if (sale.lines.some((l) => (l.returnedQuantity ?? 0) > 0)) {
      // the whole sale's refund would hand its returned lines back a second time
      throw new CommandError(
        'INVALID_STATE',
        'lines of this sale were returned: return the others line by line',
        {
          details: { reason: 'linesReturned' },
        },
      );
    }
    run(
      ctx.sqlite,
      'UPDATE sales SET status = ?, cancel_reason = ?, cancel_message = ?, cancelled_at = ?, cancelled_by = ? WHERE id = ?',
      to,
      input.reason,
      input.message,
      ctx.atIso,
      ctx.actor.id,
      sale.id,
    );
    ctx.record('sale.cancelled', {
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      reason: input.reason,
      message: input.message,
    });
    if (input.message && sale.customerId) {
      // the message for the customer is e-mailed by head office
      ctx.enqueue('customer.email', {
        kind: 'sale_cancelled',
        saleId: sale.id,
        customerId: sale.customerId,
        message: input.message,
      });
    }
    const out = loadSale(ctx.sqlite, sale.id);
    ctx.print('cancel_slip', { saleId: sale.id });
    return out;
  },

  'sale.refundCash'(ctx: CommandContext, input: OpParsed<'sale.refundCash'>): Sale {
    const sale = loadSale(ctx.sqlite, input.saleId);
    const to = saleTransition(sale.status, 'refundCash');
    // a refund is a contra entry on today's business day: never on a day already closed
    assertDayOpen(ctx, ctx.businessDate());
    const session = requireOpenDrawer(ctx.sqlite);
    const amount = cashRefundAmount(sale.paid, ctx.store.cashRoundingStep, sale.currency);
    const aboveThreshold = amount > ctx.store.refundApprovalThreshold;
    const notCash = paidOtherThanCash(sale);
    const approved = ctx.requireApproval(
      aboveThreshold || notCash,
      notCash ? 'cash refund of a sale not paid in cash' : 'refund above threshold',
      sale.id,
    );
    const refundId = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO refunds (id, sale_id, channel, status, amount, drawer_session_id, created_at, created_by, business_date, completed_at)
       VALUES (?, ?, 'cash', 'completed', ?, ?, ?, ?, ?, ?)`,
      refundId,
      sale.id,
      amount,
      session.id,
      ctx.atIso,
      ctx.actor.id,
      ctx.businessDate(),
      ctx.atIso,
    );
    run(
      ctx.sqlite,
      'UPDATE sales SET status = ?, refunded_amount = ?, refunded_at = ? WHERE id = ?',
      to,
      amount,
      ctx.atIso,
      sale.id,
    );
    moveCash(ctx, session.id, 'refund', -amount, null, sale.id);
    bookRefundTaxes(ctx, refundId, sale.taxes);
    ctx.record('sale.refunded', {
      saleId: sale.id,
      refundId,
      receiptNumber: sale.receiptNumber,
      channel: 'cash',
      amount,
      drawerSessionId: session.id,
      customerConfirmed: true,
      saleConfirmed: true,
      approval: approved,
    });
    const out = loadSale(ctx.sqlite, sale.id);
    ctx.print('refund_receipt', { saleId: sale.id, refundId }, true);
    return out;
  },

  'sale.refundToCard'(ctx: CommandContext, input: OpParsed<'sale.refundToCard'>): Sale {
    const sale = loadSale(ctx.sqlite, input.saleId);
    const to = saleTransition(sale.status, 'refundToCard');
    assertDayOpen(ctx, ctx.businessDate());
    const amount = sale.paid;
    const approved = ctx.requireApproval(
      amount > ctx.store.refundApprovalThreshold,
      'refund above threshold',
      sale.id,
    );
    const refundId = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO refunds (id, sale_id, channel, status, amount, drawer_session_id, created_at, created_by, business_date)
       VALUES (?, ?, 'card', 'pending', ?, ?, ?, ?, ?)`,
      refundId,
      sale.id,
      amount,
      currentSession(ctx.sqlite)?.id ?? null,
      ctx.atIso,
      ctx.actor.id,
      ctx.businessDate(),
    );
    run(ctx.sqlite, 'UPDATE sales SET status = ?, refunded_amount = ? WHERE id = ?', to, amount, sale.id);
    bookRefundTaxes(ctx, refundId, sale.taxes);
    const cardReference = input.cardReference?.trim() || undefined;
    ctx.record('sale.refundRequested', {
      saleId: sale.id,
      refundId,
      channel: 'card',
      amount,
      ...(cardReference ? { cardReference } : {}),
      approval: approved,
    });
    ctx.enqueue('refund.request', {
      saleId: sale.id,
      refundId,
      amount,
      currency: sale.currency,
      ...(cardReference ? { cardReference } : {}),
    });
    const out = loadSale(ctx.sqlite, sale.id);
    ctx.print('refund_receipt', { saleId: sale.id, refundId });
    return out;
  },

  'sale.returnLines'(ctx: CommandContext, input: OpParsed<'sale.returnLines'>): Sale {
    const sale = loadSale(ctx.sqlite, input.saleId);
    if (sale.status !== 'completed') {
      throw new CommandError('INVALID_STATE', `cannot return lines of a sale that is ${sale.status}`, {
        details: { status: sale.status, event: 'returnLines' },
      });
    }
    assertDayOpen(ctx, ctx.businessDate());
    const session = requireOpenDrawer(ctx.sqlite);
    const priced = priceReturn(ctx.env.jurisdiction, sale, input.lines);
    const amount = cashRefundAmount(priced.total, ctx.store.cashRoundingStep, sale.currency);
    const notCash = paidOtherThanCash(sale);
    const approved = ctx.requireApproval(
      amount > ctx.store.refundApprovalThreshold || notCash,
      notCash ? 'cash refund of a sale not paid in cash' : 'refund above threshold',
      sale.id,
    );
    const refundId = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO refunds (id, sale_id, channel, status, amount, drawer_session_id, created_at, created_by, business_date, completed_at, kind)
       VALUES (?, ?, 'cash', 'completed', ?, ?, ?, ?, ?, ?, 'lines')`,
      refundId,
      sale.id,
      amount,
      session.id,
      ctx.atIso,
      ctx.actor.id,
      ctx.businessDate(),
      ctx.atIso,
    );
    for (const l of priced.lines) {
      run(
        ctx.sqlite,
        'INSERT INTO refund_lines (refund_id, sale_line_id, quantity, amount) VALUES (?, ?, ?, ?)',
        refundId,
        l.lineId,
        l.quantity,
        l.amount,
      );
    }
    bookRefundTaxes(ctx, refundId, priced.taxes);
    run(
      ctx.sqlite,
      'UPDATE sales SET refunded_amount = refunded_amount + ?, refunded_at = ? WHERE id = ?',
      amount,
      ctx.atIso,
      sale.id,
    );
    moveCash(ctx, session.id, 'refund', -amount, null, sale.id);
    ctx.record('sale.linesReturned', {
      saleId: sale.id,
      refundId,
      receiptNumber: sale.receiptNumber,
      channel: 'cash',
      lines: priced.lines,
      taxes: priced.taxes,
      total: priced.total,
      amount,
      drawerSessionId: session.id,
      customerConfirmed: true,
      approval: approved,
    });
    const out = loadSale(ctx.sqlite, sale.id);
    ctx.print('refund_receipt', { saleId: sale.id, refundId }, true);
    return out;
  },

  'sale.completeRefund'(ctx: CommandContext, input: OpParsed<'sale.completeRefund'>): Sale {
    const sale = loadSale(ctx.sqlite, input.saleId);
    const to = saleTransition(sale.status, 'refundCompleted');
    const r = run(
      ctx.sqlite,
      "UPDATE refunds SET status = 'completed', completed_at = ?, reference = ? WHERE sale_id = ? AND status = 'pending'",
      ctx.atIso,
      input.reference,
      sale.id,
    );
    if (r.changes !== 1) throw new CommandError('INVALID_STATE', 'no pending refund for this sale');
    run(ctx.sqlite, 'UPDATE sales SET status = ?, refunded_at = ? WHERE id = ?', to, ctx.atIso, sale.id);
    ctx.record('sale.refundCompleted', { saleId: sale.id, reference: input.reference });
    return loadSale(ctx.sqlite, sale.id);
  },
};

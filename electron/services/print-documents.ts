import type Database from 'better-sqlite3';
import type { JobRow } from '../../db/print-queue.ts';
import { one } from '../../db/sql.ts';
import type { DrawerMovement, DrawerReport, PeriodClosing } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import {
  isPrintJobKind,
  type PrintDocument,
  type PrintJob,
  type PrintJobKind,
  parsePrintJob,
} from '../../shared/ledger/print-jobs.ts';
import { loadOrder } from './orders.ts';
import { reservationSlip } from './reservations.ts';
import { loadSale } from './sale-read.ts';

/**
 * A print job resolved to the document its layout prints, read from the ledger when it prints.
 *
 * Everything read here is what was committed and stays so: a completed sale's rows (rebuilt
 * from its `sale.completed` entry and checked against it by `ledger verify`), a refund's row,
 * a stored Z or closing, a drawer movement, the order's payments up to the one printed. What a
 * later command changes — the sale's status after a cancel or refund, a card refund completed
 * by head office, later payments on the order — is read as it was when the job was queued, so a
 * receipt printed late or reprinted shows the same figures, byte for byte.
 */
export type PrintJobRow = Pick<JobRow, 'kind' | 'payload' | 'created_at'>;

export function printDocument(sqlite: Database.Database, row: PrintJobRow): PrintDocument {
  const kind: string = row.kind;
  if (!isPrintJobKind(kind)) {
    throw new CommandError('NOT_FOUND', `no layout for print job kind ${kind}`, { details: { kind } });
  }
  return resolve(sqlite, kind, parsePrintJob(kind, row.payload), row.created_at);
}

function resolve<K extends PrintJobKind>(
  sqlite: Database.Database,
  kind: K,
  payload: PrintJob<K>,
  createdAt: string,
): PrintDocument {
  // one narrowing switch: each case reads its kind's payload
  const job = { kind, payload } as { [P in PrintJobKind]: { kind: P; payload: PrintJob<P> } }[PrintJobKind];
  switch (job.kind) {
    case 'sale_receipt': {
      const p = job.payload;
      return {
        kind: 'sale_receipt',
        sale: loadSale(sqlite, p.saleId),
        changeDue: p.changeDue,
        ...(p.duplicate ? { duplicate: p.duplicate } : {}),
      };
    }
    case 'refund_receipt': {
      const p = job.payload;
      const r = one<{ amount: number; channel: 'cash' | 'card'; created_at: string }>(
        sqlite,
        'SELECT amount, channel, created_at FROM refunds WHERE id = ? AND sale_id = ?',
        p.refundId,
        p.saleId,
      );
      if (!r) throw new CommandError('NOT_FOUND', `refund ${p.refundId} not found`, { details: p });
      // the sale as the refund left it: cash is paid back on the spot; a card refund was only
      // requested (head office completes it later, which must not change this paper)
      const sale = { ...loadSale(sqlite, p.saleId), refundedAt: r.channel === 'cash' ? r.created_at : null };
      return r.channel === 'card'
        ? { kind: 'refund_receipt', sale, amount: r.amount, pending: true }
        : { kind: 'refund_receipt', sale, amount: r.amount };
    }
    case 'cancel_slip':
      return { kind: 'cancel_slip', sale: loadSale(sqlite, job.payload.saleId) };
    case 'payment_slip': {
      const p = job.payload;
      const order = loadOrder(sqlite, p.orderId);
      const upTo = order.payments.findIndex((x) => x.id === p.paymentId);
      if (upTo < 0) throw new CommandError('NOT_FOUND', `payment ${p.paymentId} not found`, { details: p });
      // the balance after THIS payment: later payments are not on this slip
      const payments = order.payments.slice(0, upTo + 1);
      const paid = payments.reduce((a, x) => a + x.amount, 0);
      const change =
        one<{ change: number | null }>(sqlite, 'SELECT change FROM order_payments WHERE id = ?', p.paymentId)
          ?.change ?? null;
      return {
        kind: 'payment_slip',
        order: {
          ...order,
          payments,
          paid,
          balance: order.total - paid,
          status: paid >= order.total ? 'paid' : 'open',
        },
        paymentId: p.paymentId,
        change,
      };
    }
    case 'drawer_slip':
      return { kind: 'drawer_slip', movement: loadMovement(sqlite, job.payload.movementId) };
    case 'drawer_kick':
      return { kind: 'drawer_kick', reason: job.payload.reason };
    case 'x_report':
      return { kind: 'x_report', report: job.payload.report };
    case 'z_report': {
      const z = one<{ report: string }>(
        sqlite,
        'SELECT report FROM z_reports WHERE number = ?',
        job.payload.zNumber,
      );
      if (!z) throw new CommandError('NOT_FOUND', `Z report ${job.payload.zNumber} not found`);
      return { kind: 'z_report', report: JSON.parse(z.report) as DrawerReport };
    }
    case 'period_closing': {
      const c = one<{ report: string }>(
        sqlite,
        'SELECT report FROM period_closings WHERE id = ?',
        job.payload.closingId,
      );
      if (!c) throw new CommandError('NOT_FOUND', `closing ${job.payload.closingId} not found`);
      return { kind: 'period_closing', closing: JSON.parse(c.report) as PeriodClosing };
    }
    case 'test_page':
      return { kind: 'test_page', at: createdAt };
    case 'asset_label':
      return { kind: 'asset_label', ...job.payload };
    case 'reservation_pickup':
      return {
        kind: 'reservation_pickup',
        ...reservationSlip(sqlite, 'pickup', job.payload.reservationId, createdAt),
      };
    case 'reservation_return':
      return {
        kind: 'reservation_return',
        ...reservationSlip(sqlite, 'return', job.payload.reservationId, createdAt),
      };
  }
}

function loadMovement(sqlite: Database.Database, id: string): DrawerMovement {
  const m = one<{
    id: string;
    kind: DrawerMovement['kind'];
    amount: number;
    reason: string | null;
    at: string;
    user_name: string;
  }>(
    sqlite,
    `SELECT m.id, m.kind, m.amount, m.reason, m.at, u.name AS user_name
     FROM drawer_movements m JOIN users u ON u.id = m.user_id WHERE m.id = ?`,
    id,
  );
  if (!m) throw new CommandError('NOT_FOUND', `drawer movement ${id} not found`);
  return { id: m.id, kind: m.kind, amount: m.amount, reason: m.reason, at: m.at, userName: m.user_name };
}

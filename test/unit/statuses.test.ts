import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema.ts';
import { contract } from '../../shared/api/contract.ts';
import { CANCEL_REASONS, PAYMENT_METHODS, TENDER_METHODS, UNIT_STATUSES } from '../../shared/api/schemas.ts';
import { CURRENCIES } from '../../shared/money.ts';
import { ROLES } from '../../shared/roles.ts';
import { INTERVENTION_MACHINE } from '../../shared/state/intervention.ts';
import { INVOICE_MACHINE } from '../../shared/state/invoice.ts';
import { RESERVATION_MACHINE } from '../../shared/state/reservation.ts';
import { SALE_MACHINE } from '../../shared/state/sale.ts';
import * as S from '../../shared/statuses.ts';

/**
 * Each status and kind the ledger stores is defined once (shared/statuses.ts, or the older homes
 * it names): the schema's column enums, the contract's filters and the state machine use those
 * lists, so adding a status is one edit.
 */
describe('status enums defined once', () => {
  it('db/schema.ts spells no enum of its own: every column enum is a shared list', () => {
    const src = readFileSync(fileURLToPath(new URL('../../db/schema.ts', import.meta.url)), 'utf8');
    expect(src.match(/enum:\s*\[[^\]]*\]/g) ?? []).toEqual([]);
  });

  it('the column enums are the shared lists', () => {
    const pairs: [readonly string[] | undefined, readonly string[]][] = [
      [schema.users.role.enumValues, ROLES],
      [schema.units.status.enumValues, UNIT_STATUSES],
      [schema.unitMovements.kind.enumValues, S.UNIT_MOVEMENT_KINDS],
      [schema.unitMovements.fromStatus.enumValues, UNIT_STATUSES],
      [schema.drawerSessions.status.enumValues, S.DRAWER_SESSION_STATUSES],
      [schema.drawerSessions.currency.enumValues, CURRENCIES],
      [schema.sales.status.enumValues, S.SALE_STATUSES],
      [schema.sales.currency.enumValues, CURRENCIES],
      [schema.sales.cancelReason.enumValues, CANCEL_REASONS],
      [schema.tenders.method.enumValues, TENDER_METHODS],
      [schema.orderPayments.method.enumValues, PAYMENT_METHODS],
      [schema.refunds.channel.enumValues, S.REFUND_CHANNELS],
      [schema.refunds.status.enumValues, S.REFUND_STATUSES],
      [schema.refunds.kind.enumValues, S.REFUND_KINDS],
      [schema.drawerMovements.kind.enumValues, S.DRAWER_MOVEMENT_KINDS],
      [schema.periodClosings.kind.enumValues, S.CLOSING_KINDS],
      [schema.closingSeals.kind.enumValues, S.SEAL_KINDS],
      [schema.syncState.stoppedReason.enumValues, S.SYNC_STOP_REASONS],
      [schema.printJobs.status.enumValues, S.PRINT_JOB_STATUSES],
      [schema.orders.kind.enumValues, S.ORDER_KINDS],
      [schema.orders.status.enumValues, S.ORDER_DOCUMENT_STATUSES],
      [schema.invoices.status.enumValues, S.INVOICE_STATUSES],
      [schema.invoices.kind.enumValues, S.INVOICE_KINDS],
      [schema.invoices.source.enumValues, S.INVOICE_SOURCES],
      [schema.invoices.currency.enumValues, CURRENCIES],
      [schema.invoiceLines.discountKind.enumValues, S.DISCOUNT_KINDS],
      [schema.invoicePayments.method.enumValues, PAYMENT_METHODS],
    ];
    for (const [column, list] of pairs) expect(column).toEqual([...list]);
  });

  it("the contract's filters and the sale machine use the same lists", () => {
    const saleFilter = contract['sale.list'].input.shape.status.unwrap();
    expect(saleFilter.options).toEqual([...S.SALE_STATUSES]);
    const jobFilter = contract['print.jobs'].input.shape.status.unwrap();
    expect(jobFilter.options).toEqual([...S.PRINT_JOB_STATUSES]);
    expect(Object.keys(SALE_MACHINE).sort()).toEqual([...S.SALE_STATUSES].sort());
    const reservationFilter = contract['reservation.list'].input.shape.status.unwrap();
    expect(reservationFilter.options).toEqual([...S.RESERVATION_STATUSES]);
    expect(Object.keys(RESERVATION_MACHINE).sort()).toEqual([...S.RESERVATION_STATUSES].sort());
    expect(contract['invoice.list'].input.shape.status.unwrap().options).toEqual([...S.INVOICE_STATUSES]);
    expect(Object.keys(INVOICE_MACHINE).sort()).toEqual([...S.INVOICE_STATUSES].sort());
    expect(Object.keys(INTERVENTION_MACHINE).sort()).toEqual([...S.INTERVENTION_STATUSES].sort());
    // orders.status holds either kind's statuses, each once
    expect([...S.ORDER_DOCUMENT_STATUSES].sort()).toEqual(
      [...new Set([...S.RESERVATION_STATUSES, ...S.INTERVENTION_STATUSES])].sort(),
    );
  });
});

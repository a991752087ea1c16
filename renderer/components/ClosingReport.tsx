import { useTranslation } from 'react-i18next';
import type { PeriodClosing, TenderTotal } from '../../shared/api/types.ts';
import { formatPeriod, formatRate } from '../lib/closings.ts';
import { taxKey } from '../lib/labels.ts';
import { useFmt } from '../lib/useFmt.ts';

/** One periodic closing (day, month, year): its sales, refunds, grand totals, taxes and tenders. */
export function ClosingReport({ closing, closedBy }: { closing: PeriodClosing; closedBy: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = (v: number) => fmt.money(v, closing.currency);
  const title = `${t(`closings.kind.${closing.kind}`)} · ${formatPeriod(closing.kind, closing.period, fmt.locale, true)}`;
  return (
    <article className="report closing-report" aria-label={title} data-testid="closing-report">
      <h2>{title}</h2>
      <p className="muted">
        {t('closings.closedAtBy', { at: fmt.dateTime(closing.closedAt), name: closedBy })}
      </p>
      <dl className="report-grid">
        <div>
          <dt>{t('closings.sales', { count: closing.salesCount })}</dt>
          <dd data-testid="closing-sales">{m(closing.salesTotal)}</dd>
        </div>
        <div>
          <dt>{t('closings.refunds')}</dt>
          <dd data-testid="closing-refunds">{m(-closing.refundsTotal)}</dd>
        </div>
        <div className="strong">
          <dt>{t('closings.periodGrandTotal')}</dt>
          <dd data-testid="closing-period-total">{m(closing.periodGrandTotal)}</dd>
        </div>
        <div className="strong">
          <dt>{t('closings.perpetualGrandTotal')}</dt>
          <dd data-testid="closing-perpetual-total">{m(closing.perpetualGrandTotal)}</dd>
        </div>
      </dl>
      <h3 id={`taxes-${closing.id}`}>{t('closings.taxes')}</h3>
      <table className="list compact" aria-labelledby={`taxes-${closing.id}`}>
        <thead>
          <tr>
            <th scope="col">{t('closings.tax')}</th>
            <th scope="col" className="num">
              {t('closings.rate')}
            </th>
            <th scope="col" className="num">
              {t('closings.base')}
            </th>
            <th scope="col" className="num">
              {t('closings.taxAmount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {closing.taxes.map((x) => (
            <tr key={`${x.code}-${x.ratePpm}`}>
              <td>{t(taxKey(x.code), { defaultValue: x.code })}</td>
              <td className="num">{formatRate(x.ratePpm, fmt.locale)}</td>
              <td className="num">{m(x.base)}</td>
              <td className="num">{m(x.tax)}</td>
            </tr>
          ))}
          {closing.taxes.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                {t('closings.none')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <MethodTable id={`tenders-${closing.id}`} title={t('closings.tenders')} rows={closing.tenders} m={m} />
      {closing.orderPayments?.length ? (
        <MethodTable
          id={`order-payments-${closing.id}`}
          title={t('closings.orderPayments')}
          rows={closing.orderPayments}
          m={m}
        />
      ) : null}
    </article>
  );
}

/** Count and amount per payment method (sale tenders, or money received on orders). */
function MethodTable({
  id,
  title,
  rows,
  m,
}: {
  id: string;
  title: string;
  rows: TenderTotal[];
  m: (minor: number) => string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3 id={id}>{title}</h3>
      <table className="list compact" aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">{t('closings.method')}</th>
            <th scope="col" className="num">
              {t('closings.count')}
            </th>
            <th scope="col" className="num">
              {t('closings.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => (
            <tr key={x.method}>
              <td>{t(`tender.${x.method}`, { defaultValue: x.method })}</td>
              <td className="num">{x.count}</td>
              <td className="num">{m(x.amount)}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className="muted">
                {t('closings.none')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}

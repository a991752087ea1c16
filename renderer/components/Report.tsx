import { useTranslation } from 'react-i18next';
import type { DrawerReport } from '../../shared/api/types.ts';
import { taxKey } from '../lib/labels.ts';
import { useFmt } from '../lib/useFmt.ts';

/** X or Z report of a drawer session. */
export function ReportView({ report }: { report: DrawerReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = (v: number) => fmt.money(v, report.currency);
  const os = report.overShort;
  return (
    <article
      className="report"
      aria-label={t(report.kind === 'Z' ? 'report.z' : 'report.x')}
      data-testid="report"
    >
      <h2>{report.kind === 'Z' ? t('report.zTitle', { n: report.number ?? '' }) : t('report.xTitle')}</h2>
      <p className="muted">
        {t('report.session', { n: report.sessionNumber })} · {fmt.dateTime(report.openedAt)} →{' '}
        {fmt.dateTime(report.closedAt ?? report.generatedAt)}
      </p>
      {os !== null ? (
        <div className={`over-short ${os < 0 ? 'short' : os > 0 ? 'over' : 'even'}`} data-testid="over-short">
          <span>{os < 0 ? t('report.short') : os > 0 ? t('report.over') : t('report.even')}</span>
          <strong>{m(os)}</strong>
        </div>
      ) : null}
      <dl className="report-grid">
        <div>
          <dt>{t('report.float')}</dt>
          <dd>{m(report.float)}</dd>
        </div>
        <div>
          <dt>{t('report.sales', { count: report.salesCount })}</dt>
          <dd>{m(report.salesTotal)}</dd>
        </div>
        <div>
          <dt>{t('report.refunds', { count: report.refundsCount })}</dt>
          <dd>{m(-report.refundsTotal)}</dd>
        </div>
        <div>
          <dt>{t('report.net')}</dt>
          <dd>{m(report.net)}</dd>
        </div>
        <div>
          <dt>{t('report.cashSales')}</dt>
          <dd>{m(report.cashSales)}</dd>
        </div>
        <div>
          <dt>{t('report.cashRefunds')}</dt>
          <dd>{m(-report.cashRefunds)}</dd>
        </div>
        <div>
          <dt>{t('report.orderPayments')}</dt>
          <dd>{m(report.orderPaymentsCash)}</dd>
        </div>
        <div>
          <dt>{t('report.payIns')}</dt>
          <dd>{m(report.payIns)}</dd>
        </div>
        <div>
          <dt>{t('report.payOuts')}</dt>
          <dd>{m(-report.payOuts)}</dd>
        </div>
        <div>
          <dt>{t('report.noSales')}</dt>
          <dd>{report.noSales}</dd>
        </div>
        <div className="strong">
          <dt>{t('report.expected')}</dt>
          <dd data-testid="expected">{m(report.expectedCash)}</dd>
        </div>
        {report.countedCash !== null ? (
          <div className="strong">
            <dt>{t('report.counted')}</dt>
            <dd data-testid="counted">{m(report.countedCash)}</dd>
          </div>
        ) : null}
      </dl>
      <h3>{t('report.byTender')}</h3>
      <table className="list compact">
        <tbody>
          {report.tenders.map((x) => (
            <tr key={x.method}>
              <td>{t(`tender.${x.method}`, { defaultValue: x.method })}</td>
              <td className="num">{x.count}</td>
              <td className="num">{m(x.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('report.taxes')}</h3>
      <table className="list compact">
        <tbody>
          {report.taxes.map((x) => (
            <tr key={x.code}>
              <td>{t(taxKey(x.code))}</td>
              <td className="num">{m(x.base)}</td>
              <td className="num">{m(x.tax)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

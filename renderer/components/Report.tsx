import { useTranslation } from 'react-i18next';
import type { DrawerReport } from '../../shared/api/types.ts';
import { taxKey } from '../lib/labels.ts';
import { csvAmount, csvConventions, download, toCsv } from '../lib/reports.ts';
import { useFmt } from '../lib/useFmt.ts';

/** X or Z report of a drawer session. */
export function ReportView({ report }: { report: DrawerReport }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const m = (v: number) => fmt.money(v, report.currency);
  const os = report.overShort;
  const title = report.kind === 'Z' ? t('report.zTitle', { n: report.number ?? '' }) : t('report.xTitle');
  /** the report as a spreadsheet: one line per figure, tender and tax (section, label, count, amount) */
  function csv() {
    const c = csvConventions(fmt.locale);
    const a = (v: number) => csvAmount(v, c);
    const fig = t('report.csv.figures');
    const rows: (string | number)[][] = [
      [fig, t('report.float'), '', a(report.float)],
      [fig, t('report.salesLabel'), report.salesCount, a(report.salesTotal)],
      [fig, t('report.refundsLabel'), report.refundsCount, a(-report.refundsTotal)],
      [fig, t('report.net'), '', a(report.net)],
      [fig, t('report.cashSales'), '', a(report.cashSales)],
      [fig, t('report.cashRefunds'), '', a(-report.cashRefunds)],
      [fig, t('report.orderPayments'), '', a(report.orderPaymentsCash)],
      ...(report.depositsIn !== undefined ? [[fig, t('report.depositsIn'), '', a(report.depositsIn)]] : []),
      ...(report.depositsOut !== undefined
        ? [[fig, t('report.depositsOut'), '', a(-report.depositsOut)]]
        : []),
      [fig, t('report.payIns'), '', a(report.payIns)],
      [fig, t('report.payOuts'), '', a(-report.payOuts)],
      [fig, t('report.noSales'), report.noSales, ''],
      [fig, t('report.expected'), '', a(report.expectedCash)],
      ...(report.countedCash !== null ? [[fig, t('report.counted'), '', a(report.countedCash)]] : []),
      ...(os !== null ? [[fig, t('report.overShort'), '', a(os)]] : []),
      ...report.tenders.map((x) => [
        t('report.byTender'),
        t(`tender.${x.method}`, { defaultValue: x.method }),
        x.count,
        a(x.amount),
      ]),
      ...taxRows(report).flatMap((x) => {
        const name =
          x.part === 'net' ? t(taxKey(x.code)) : `${t(taxKey(x.code))} (${t(`report.taxPart.${x.part}`)})`;
        return [
          [t('report.taxes'), `${name} — ${t('report.col.base')}`, '', a(x.base)],
          [t('report.taxes'), `${name} — ${t('report.col.tax')}`, '', a(x.tax)],
        ];
      }),
    ];
    const header = [
      t('report.csv.section'),
      t('report.csv.label'),
      t('report.col.count'),
      t('report.col.amount'),
    ];
    const name = report.kind === 'Z' ? `z-${report.number}` : `x-${report.sessionNumber}`;
    download(`comptoir-${name}.csv`, toCsv(header, rows, c));
  }
  return (
    <article
      className="report"
      aria-label={t(report.kind === 'Z' ? 'report.z' : 'report.x')}
      data-testid="report"
    >
      <div className="report-head">
        <h2>{title}</h2>
        <button type="button" className="btn btn-small" onClick={csv} data-testid="report-csv">
          {t('manager.csv')}
        </button>
      </div>
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
        {report.depositsIn !== undefined ? (
          <div>
            <dt>{t('report.depositsIn')}</dt>
            <dd>{m(report.depositsIn)}</dd>
          </div>
        ) : null}
        {report.depositsOut !== undefined ? (
          <div>
            <dt>{t('report.depositsOut')}</dt>
            <dd>{m(-report.depositsOut)}</dd>
          </div>
        ) : null}
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
        <thead>
          <tr>
            <th scope="col">{t('report.col.method')}</th>
            <th scope="col" className="num">
              {t('report.col.count')}
            </th>
            <th scope="col" className="num">
              {t('report.col.amount')}
            </th>
          </tr>
        </thead>
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
        <thead>
          <tr>
            <th scope="col">{t('report.col.taxName')}</th>
            <th scope="col" className="num">
              {t('report.col.base')}
            </th>
            <th scope="col" className="num">
              {t('report.col.tax')}
            </th>
          </tr>
        </thead>
        <tbody>
          {taxRows(report).map((x) => (
            <tr
              key={`${x.code}-${x.part}`}
              className={x.part === 'net' ? 'strong' : undefined}
              data-testid={`tax-${x.part}`}
            >
              <td>
                {t(taxKey(x.code))}
                {x.part === 'net' ? null : ` — ${t(`report.taxPart.${x.part}`)}`}
              </td>
              <td className="num">{m(x.base)}</td>
              <td className="num">{m(x.tax)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

/**
 * The tax table's rows: per rate, when the session refunded something, the sales' taxes, the
 * refunds' contra entries (negative) and the net the store files; otherwise the net alone.
 * A Z stored before the contra entries existed has `taxes` only.
 */
export function taxRows(
  report: DrawerReport,
): { code: string; part: 'sales' | 'refunds' | 'net'; base: number; tax: number }[] {
  const refunds = report.refundTaxes ?? [];
  if (refunds.length === 0) return report.taxes.map((x) => ({ ...x, part: 'net' as const }));
  const same = (a: { code: string; ratePpm: number }, b: { code: string; ratePpm: number }) =>
    a.code === b.code && a.ratePpm === b.ratePpm;
  return report.taxes.flatMap((net) => {
    const sale = report.salesTaxes?.find((x) => same(x, net));
    const refund = refunds.find((x) => same(x, net));
    return [
      { code: net.code, part: 'sales' as const, base: sale?.base ?? 0, tax: sale?.tax ?? 0 },
      ...(refund ? [{ code: net.code, part: 'refunds' as const, base: -refund.base, tax: -refund.tax }] : []),
      { code: net.code, part: 'net' as const, base: net.base, tax: net.tax },
    ];
  });
}

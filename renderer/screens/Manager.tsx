import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrawerReport, SalesReportRow } from '../../shared/api/types.ts';
import { businessDate } from '../../shared/business-date.ts';
import { BackupPanel } from '../components/BackupPanel.tsx';
import { BarChart } from '../components/BarChart.tsx';
import { ErrorBanner } from '../components/FieldError.tsx';
import { ReportView } from '../components/Report.tsx';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useDrawer } from '../stores/drawer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/** The manager's view: today's sales by hour and by tender, the X report, the last Z reports. */
export function ManagerScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const drawer = useDrawer((s) => s.current);
  const lastEvent = useUi((s) => s.lastEvent);
  const [byHour, setByHour] = useState<SalesReportRow[]>([]);
  const [byTender, setByTender] = useState<SalesReportRow[]>([]);
  const [x, setX] = useState<DrawerReport | null>(null);
  const [zs, setZs] = useState<DrawerReport[]>([]);
  const [z, setZ] = useState<DrawerReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const today = businessDate(new Date(), store.timeZone, 0);

  const load = useCallback(async () => {
    try {
      const [h, tn, list] = await Promise.all([
        api().call('report.sales', { from: today, to: today, groupBy: 'hour' }),
        api().call('report.sales', { from: today, to: today, groupBy: 'tender' }),
        api().call('report.zList', {}),
      ]);
      setByHour(h);
      setByTender(tn);
      setZs(list);
      setX(drawer ? await api().call('report.x', {}) : null);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [today, drawer]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (lastEvent && /^(sale|drawer|order)\./.test(lastEvent.type)) void load();
  }, [lastEvent, load]);

  const hours = x
    ? x.byHour.map((b) => ({ label: `${b.hour}h`, value: b.amount }))
    : byHour.map((r) => ({ label: `${Number(r.key)}h`, value: r.amount }));
  return (
    <div className="manager">
      <h1>{t('manager.title')}</h1>
      <ErrorBanner error={error} />
      <div className="charts">
        <section className="card">
          <BarChart
            title={t('manager.byHour')}
            data={hours}
            format={(v) => fmt.money(v)}
            empty={t('manager.noSales')}
          />
        </section>
        <section className="card">
          <BarChart
            title={t('manager.byTender')}
            data={byTender.map((r) => ({
              label: t(`tender.${r.key}`, { defaultValue: r.key }),
              value: r.amount,
            }))}
            format={(v) => fmt.money(v)}
            empty={t('manager.noSales')}
          />
        </section>
      </div>
      <div className="charts">
        {x ? (
          <section className="card">
            <ReportView report={x} />
          </section>
        ) : (
          <section className="card">
            <p className="muted">{t('manager.noDrawer')}</p>
          </section>
        )}
        <section className="card" aria-labelledby="z-title">
          <h2 id="z-title">{t('manager.zReports')}</h2>
          <ul className="z-list">
            {zs.map((r) => (
              <li key={r.number}>
                <button type="button" className="link" onClick={() => setZ(r)}>
                  {t('report.zTitle', { n: r.number })} · {fmt.dateTime(r.closedAt)} ·{' '}
                  {fmt.money(r.overShort ?? 0, r.currency)}
                </button>
              </li>
            ))}
            {zs.length === 0 ? <li className="muted">{t('manager.noZ')}</li> : null}
          </ul>
          {z ? <ReportView report={z} /> : null}
        </section>
      </div>
      <BackupPanel />
    </div>
  );
}

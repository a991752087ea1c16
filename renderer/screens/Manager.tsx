import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrawerReport, SalesReportRow } from '../../shared/api/types.ts';
import { BackupPanel } from '../components/BackupPanel.tsx';
import { CompareChart } from '../components/CompareChart.tsx';
import { ErrorBanner } from '../components/FieldError.tsx';
import { ReportView } from '../components/Report.tsx';
import { UpdatePanel } from '../components/UpdatePanel.tsx';
import { api } from '../lib/api.ts';
import { previousPeriod, storeToday } from '../lib/closings.ts';
import { formatIsoDate } from '../lib/date-field.ts';
import { minorToDecimal } from '../lib/format.ts';
import {
  type CompareRow,
  compareBuckets,
  compareCsv,
  compareKeys,
  csvConventions,
  download,
  GRAINS,
  type Grain,
  windows,
} from '../lib/reports.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useDrawer } from '../stores/drawer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type Keyed = 'clerk' | 'category' | 'tender';
interface Figures {
  trend: [SalesReportRow[], SalesReportRow[]];
  hour: [SalesReportRow[], SalesReportRow[]];
  keyed: Record<Keyed, [SalesReportRow[], SalesReportRow[]]>;
}

/**
 * The manager's view: sales by day, week or month beside the period before, today by hour beside
 * the day before, by clerk, category and tender (every chart exportable as CSV); the running X
 * report and the Z reports, the chosen one shown beside the list.
 */
export function ManagerScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const drawer = useDrawer((s) => s.current);
  const lastEvent = useUi((s) => s.lastEvent);
  const [grain, setGrain] = useState<Grain>('day');
  const [figures, setFigures] = useState<Figures | null>(null);
  const [x, setX] = useState<DrawerReport | null>(null);
  const [zs, setZs] = useState<DrawerReport[]>([]);
  const [shown, setShown] = useState<number | 'x' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const today = storeToday(store);
  const yesterday = previousPeriod('day', today);
  const w = useMemo(() => windows(grain, today), [grain, today]);

  const load = useCallback(async () => {
    const sales = (from: string, to: string, groupBy: 'day' | 'hour' | Keyed) =>
      api().call('report.sales', { from, to, groupBy });
    const both = (groupBy: 'day' | Keyed) =>
      Promise.all([
        sales(w.current.from, w.current.to, groupBy),
        sales(w.previous.from, w.previous.to, groupBy),
      ]);
    try {
      const [trend, hour, clerk, category, tender, list] = await Promise.all([
        both('day'),
        Promise.all([sales(today, today, 'hour'), sales(yesterday, yesterday, 'hour')]),
        both('clerk'),
        both('category'),
        both('tender'),
        api().call('report.zList', {}),
      ]);
      setFigures({ trend, hour, keyed: { clerk, category, tender } });
      setZs(list);
      setX(drawer ? await api().call('report.x', {}) : null);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [w, today, yesterday, drawer]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (lastEvent && /^(sale|drawer|order)\./.test(lastEvent.type)) void load();
  }, [lastEvent, load]);

  const compactFmt = useMemo(
    () =>
      new Intl.NumberFormat(fmt.locale, {
        style: 'currency',
        currency: fmt.currency,
        notation: 'compact',
        maximumFractionDigits: 1,
      }),
    [fmt.locale, fmt.currency],
  );
  const compact = (minor: number) => compactFmt.format(minorToDecimal(minor) as unknown as number);
  const day = (iso: string) => formatIsoDate(iso, fmt.locale);
  const bucketLabel = (start: string) => {
    const d = new Date(`${start}T12:00:00Z`);
    const opts: Intl.DateTimeFormatOptions =
      grain === 'month' ? { month: 'short', year: '2-digit' } : { day: 'numeric', month: 'short' };
    return new Intl.DateTimeFormat(fmt.locale, { ...opts, timeZone: 'UTC' }).format(d);
  };
  const hourLabel = (h: string) =>
    new Intl.DateTimeFormat(fmt.locale, { hour: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2026, 0, 1, Number(h))),
    );
  const keyLabel: Record<Keyed, (k: string) => string> = {
    clerk: (k) => k,
    category: (k) => k || t('manager.noCategory'),
    tender: (k) => t(`tender.${k}`, { defaultValue: k }),
  };

  const conv = csvConventions(fmt.locale);
  const headings = (key: string) => ({
    key,
    count: t('manager.csvCol.count'),
    amount: t('manager.csvCol.amount'),
    tax: t('manager.csvCol.tax'),
    previousKey: t('manager.csvCol.previousKey'),
    previousCount: t('manager.csvCol.previousCount'),
    previousAmount: t('manager.csvCol.previousAmount'),
    previousTax: t('manager.csvCol.previousTax'),
  });
  const exportCsv = (
    name: string,
    rows: readonly CompareRow[],
    key: string,
    withKeys: boolean,
    range: string,
  ) => download(`comptoir-${name}-${range}.csv`, compareCsv(rows, headings(key), conv, withKeys));

  const trendRows = figures ? compareBuckets(grain, w, figures.trend[0], figures.trend[1], bucketLabel) : [];
  // every hour of either day, in order
  const hourRows = figures
    ? compareKeys(figures.hour[0], figures.hour[1], hourLabel).sort((a, b) => a.key.localeCompare(b.key))
    : [];
  const keyed = (k: Keyed) =>
    figures ? compareKeys(figures.keyed[k][0], figures.keyed[k][1], keyLabel[k]) : [];
  const range = `${w.current.from}_${w.current.to}`;
  const periodNames = { current: t('manager.currentPeriod'), previous: t('manager.previousPeriod') };
  const empty = t('manager.noSales');
  const money = (v: number) => fmt.money(v);

  const z = typeof shown === 'number' ? zs.find((r) => r.number === shown) : null;
  const detail = shown === 'x' || (shown === null && x) ? x : (z ?? null);
  return (
    <div className="manager">
      <div className="manager-head">
        <h1>{t('manager.title')}</h1>
        <fieldset className="segmented" aria-label={t('manager.grain')}>
          {GRAINS.map((g) => (
            <label key={g} className={g === grain ? 'seg on' : 'seg'}>
              <input type="radio" name="grain" value={g} checked={g === grain} onChange={() => setGrain(g)} />
              {t(`manager.grains.${g}`)}
            </label>
          ))}
        </fieldset>
        <p className="muted period-caption" data-testid="period-caption">
          {t('manager.comparing', {
            from: day(w.current.from),
            to: day(w.current.to),
            pfrom: day(w.previous.from),
            pto: day(w.previous.to),
          })}
        </p>
      </div>
      <ErrorBanner error={error} />
      <div className="charts">
        <section className="card chart-wide">
          <CompareChart
            id="trend"
            title={t(`manager.by.${grain}`)}
            rows={trendRows}
            names={periodNames}
            money={money}
            compact={compact}
            empty={empty}
            onCsv={() => exportCsv(`sales-by-${grain}`, trendRows, t('manager.csvCol.start'), true, range)}
          />
        </section>
        <section className="card">
          <CompareChart
            id="hour"
            title={t('manager.byHour')}
            rows={hourRows}
            names={{ current: t('manager.today'), previous: t('manager.dayBefore') }}
            money={money}
            compact={compact}
            empty={empty}
            onCsv={() => exportCsv('sales-by-hour', hourRows, t('manager.csvCol.hour'), false, today)}
          />
        </section>
        {(['tender', 'clerk', 'category'] as const).map((k) => {
          const rows = keyed(k);
          return (
            <section className="card" key={k}>
              <CompareChart
                id={k}
                title={t(`manager.by.${k}`)}
                rows={rows}
                names={periodNames}
                money={money}
                compact={compact}
                empty={empty}
                horizontal
                onCsv={() => exportCsv(`sales-by-${k}`, rows, t(`manager.csvCol.${k}`), false, range)}
              />
            </section>
          );
        })}
      </div>
      <div className="z-panes">
        <section className="card z-list-pane" aria-labelledby="z-title">
          <h2 id="z-title">{t('manager.zReports')}</h2>
          <ul className="z-list">
            {x ? (
              <li>
                <button
                  type="button"
                  className={`z-item ${detail === x ? 'on' : ''}`}
                  aria-pressed={detail === x}
                  onClick={() => setShown('x')}
                >
                  <span>{t('report.xTitle')}</span>
                </button>
              </li>
            ) : null}
            {zs.map((r) => (
              <li key={r.number}>
                <button
                  type="button"
                  className={`z-item ${detail === r ? 'on' : ''}`}
                  aria-pressed={detail === r}
                  onClick={() => setShown(r.number ?? null)}
                  data-testid={`z-${r.number}`}
                >
                  <span>{t('report.zShort', { n: r.number })}</span>
                  <span className="muted">{fmt.dateTime(r.closedAt)}</span>
                  <span className={`num ${(r.overShort ?? 0) < 0 ? 'error-text' : ''}`}>
                    {fmt.money(r.overShort ?? 0, r.currency)}
                  </span>
                </button>
              </li>
            ))}
            {zs.length === 0 && !x ? <li className="muted">{t('manager.noZ')}</li> : null}
          </ul>
        </section>
        <section className="card z-detail-pane" aria-label={t('manager.reportDetail')}>
          {detail ? (
            <ReportView report={detail} />
          ) : (
            <p className="muted">
              {drawer ? t('manager.pickZ') : `${t('manager.noDrawer')} ${t('manager.pickZ')}`}
            </p>
          )}
        </section>
      </div>
      <BackupPanel />
      <UpdatePanel />
    </div>
  );
}

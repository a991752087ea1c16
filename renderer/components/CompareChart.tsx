import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompareRow } from '../lib/reports.ts';

/**
 * One statistic as grouped bars (recharts: axes, legend, tooltip), the current period beside
 * the previous one, with its figures in a table for screen readers and a CSV export. Colours
 * are SVG attributes (the CSP forbids inline style sheets; recharts sets styles through the DOM).
 */
const tick = { fontSize: 12, fill: '#14202b' };

export function CompareChart({
  id,
  title,
  rows,
  names,
  money,
  compact,
  onCsv,
  empty,
  height = 260,
  horizontal = false,
}: {
  id: string;
  title: string;
  rows: readonly CompareRow[];
  names: { current: string; previous: string };
  money: (minor: number) => string;
  /** short axis labels ("1,2 k$") */
  compact: (minor: number) => string;
  onCsv: () => void;
  empty: string;
  height?: number;
  /** names on the vertical axis, bars across (clerks, categories, tenders: long labels, many rows) */
  horizontal?: boolean;
}) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ label: r.label, current: r.current.amount, previous: r.previous.amount }));
  // horizontal bars: a row per name, the chart as tall as its rows need
  const h = horizontal ? Math.max(160, rows.length * 30 + 70) : height;
  const nothing = rows.every((r) => r.current.amount === 0 && r.previous.amount === 0);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`} data-testid={`chart-${id}`}>
      <div className="chart-head">
        <figcaption id={`${id}-title`}>{title}</figcaption>
        <button type="button" className="btn btn-small" onClick={onCsv} data-testid={`csv-${id}`}>
          {t('manager.csv')}
        </button>
      </div>
      {nothing ? (
        <p className="muted chart-empty">{empty}</p>
      ) : (
        <div className="chart-plot" aria-hidden="true">
          <ResponsiveContainer width="100%" height={h} initialDimension={{ width: 560, height: h }}>
            <BarChart
              data={data}
              layout={horizontal ? 'vertical' : 'horizontal'}
              margin={{ top: 8, right: 12, bottom: 4, left: 8 }}
              // the figures are in the table below for screen readers: no focusable SVG inside aria-hidden
              accessibilityLayer={false}
              barGap={2}
            >
              <CartesianGrid vertical={horizontal} horizontal={!horizontal} stroke="#d3dbe2" />
              {horizontal ? (
                <>
                  <XAxis type="number" tickFormatter={compact} tick={tick} />
                  <YAxis type="category" dataKey="label" tick={tick} width={170} interval={0} />
                </>
              ) : (
                <>
                  <XAxis dataKey="label" tick={tick} interval="preserveStartEnd" minTickGap={8} />
                  <YAxis tickFormatter={compact} tick={tick} width={90} />
                </>
              )}
              <Tooltip
                formatter={(v, name) => [
                  money(Number(v)),
                  name === 'current' ? names.current : names.previous,
                ]}
                cursor={{ fill: '#e3f1f6' }}
                isAnimationActive={false}
              />
              <Legend formatter={(v) => (v === 'current' ? names.current : names.previous)} />
              <Bar dataKey="current" fill="#0b5e7e" isAnimationActive={false} />
              <Bar dataKey="previous" fill="#9aa8b4" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table className="sr-only" data-testid={`table-${id}`}>
        <thead>
          <tr>
            <th scope="col">{title}</th>
            <th scope="col">{names.current}</th>
            <th scope="col">{names.previous}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{money(r.current.amount)}</td>
              <td>{money(r.previous.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

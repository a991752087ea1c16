/** A plain SVG bar chart (no chart library): labelled bars, values in a table for screen readers. */
export function BarChart({
  title,
  data,
  format,
  empty,
}: {
  title: string;
  data: { label: string; value: number }[];
  format: (v: number) => string;
  /** shown when there is nothing to chart */
  empty?: string;
}) {
  const w = 560;
  const h = 200;
  const pad = 28;
  const top = 18;
  const max = Math.max(1, ...data.map((d) => d.value));
  const bw = data.length ? (w - pad * 2) / data.length : 0;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${w} ${h + 24}`} role="img" aria-label={title}>
        <line x1={pad} x2={w - pad} y1={h} y2={h} className="axis" />
        {data.map((d, i) => {
          const bh = Math.round(((h - pad - top) * Math.max(0, d.value)) / max);
          const x = pad + i * bw;
          const width = Math.min(bw * 0.7, 64);
          return (
            <g key={d.label}>
              <rect x={x + (bw - width) / 2} y={h - bh} width={width} height={bh} className="bar" rx={3}>
                <title>{`${d.label}: ${format(d.value)}`}</title>
              </rect>
              <text x={x + bw / 2} y={h - bh - 6} textAnchor="middle" className="value">
                {format(d.value)}
              </text>
              <text x={x + bw / 2} y={h + 16} textAnchor="middle" className="tick">
                {d.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {title}
        {data.length === 0 && empty ? <span className="muted"> — {empty}</span> : null}
      </figcaption>
      <table className="sr-only">
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{format(d.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

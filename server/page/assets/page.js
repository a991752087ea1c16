// The head-office page's charts: Chart.js (served beside this file) draws each store's sales by
// day from the JSON block next to its canvas; amounts are formatted in the page's language and
// the store's currency. Loaded with `defer` from this origin only (the page's CSP allows no
// inline script).
(() => {
  const Chart = window.Chart;
  if (!Chart) return;
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const block = document.getElementById(canvas.dataset.chart);
    if (!block) continue;
    const { config, locale, currency } = JSON.parse(block.textContent);
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
    const exact = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const style = getComputedStyle(document.documentElement);
    const bar = style.getPropertyValue('--chart-bar').trim() || '#2563eb';
    const grid = style.getPropertyValue('--chart-grid').trim() || '#e5e7eb';
    for (const ds of config.data.datasets) {
      ds.backgroundColor = bar;
      ds.borderRadius = 3;
    }
    config.options.locale = locale;
    config.options.plugins = {
      legend: { display: true, position: 'top' },
      tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${exact.format(c.parsed.y)}` } },
    };
    config.options.scales = {
      x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
      y: { beginAtZero: true, grid: { color: grid }, ticks: { callback: (v) => money.format(v) } },
    };
    const chart = new Chart(canvas, config);
    canvas.dataset.drawn = String(chart.data.datasets[0].data.length);
  }
})();

import { TZDate } from '@date-fns/tz';
import type { ChartConfiguration } from 'chart.js';
import { format, parseISO } from 'date-fns';
import { bg, enCA, fr, type Locale } from 'date-fns/locale';
import type { AlertView, StoreView, TillView, ZView } from './data.ts';
import { PAGE_LANGS, type PageLang, type StringKey, tr } from './i18n.ts';

/**
 * The page as HTML text, rendered on the server (no framework: a read-only page of tables).
 * Nothing inline: no script, no style attribute, so the Content-Security-Policy can say
 * `script-src 'self'; style-src 'self'`. The charts are drawn by Chart.js in the browser from a
 * JSON block (`<script type="application/json">` is data, not code, under that policy) by
 * /hq/assets/page.js, and every figure of a chart is also in a table beside it.
 */

export const esc = (s: string | number): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const NUMBER_LOCALE: Record<PageLang, string> = { fr: 'fr-CA', en: 'en-CA', bg: 'bg-BG' };
const DATE_LOCALE: Record<PageLang, Locale> = { fr, en: enCA, bg };

export interface Fmt {
  lang: PageLang;
  money(minor: number, currency: string): string;
  /** an instant in the store's time zone */
  at(iso: string | null, timeZone: string): string;
  day(isoDay: string): string;
  int(n: number): string;
  t(key: StringKey, vars?: Record<string, string | number>): string;
}

export function makeFmt(lang: PageLang): Fmt {
  const money = new Map<string, Intl.NumberFormat>();
  const ints = new Intl.NumberFormat(NUMBER_LOCALE[lang]);
  const locale = DATE_LOCALE[lang];
  return {
    lang,
    money(minor, currency) {
      let f = money.get(currency);
      if (!f) {
        f = new Intl.NumberFormat(NUMBER_LOCALE[lang], { style: 'currency', currency });
        money.set(currency, f);
      }
      return f.format(minor / 100);
    },
    at(iso, timeZone) {
      if (!iso) return tr(lang, 'never');
      return format(new TZDate(new Date(iso).getTime(), timeZone), 'PP HH:mm', { locale });
    },
    day: (d) => format(parseISO(d), 'EEE d MMM', { locale }),
    int: (n) => ints.format(n),
    t: (key, vars) => tr(lang, key, vars),
  };
}

function layout(f: Fmt, body: string, opts: { user?: string; chart?: boolean }): string {
  const langs = PAGE_LANGS.map((l) =>
    l === f.lang
      ? `<span class="lang current" aria-current="true">${l.toUpperCase()}</span>`
      : `<a class="lang" href="?lang=${l}" hreflang="${l}" lang="${l}">${l.toUpperCase()}</a>`,
  ).join('');
  const account = opts.user
    ? `<span class="who">${esc(f.t('signedInAs', { user: opts.user }))}</span>
       <form method="post" action="/hq/logout"><button type="submit">${esc(f.t('signOut'))}</button></form>`
    : '';
  return `<!doctype html>
<html lang="${f.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(f.t('htmlTitle'))}</title>
<link rel="stylesheet" href="/hq/assets/page.css">
${opts.chart ? '<script src="/hq/assets/chart.umd.min.js" defer></script>\n<script src="/hq/assets/page.js" defer></script>' : ''}
</head>
<body>
<header class="top">
  <h1>Comptoir · ${esc(f.t('title'))}</h1>
  <nav class="langs" aria-label="${esc(f.t('language'))}">${langs}</nav>
  <div class="account">${account}</div>
</header>
<main>
${body}
</main>
</body>
</html>`;
}

export function loginPage(f: Fmt, opts: { error?: 'badLogin' | 'tooMany'; username?: string } = {}): string {
  const error = opts.error ? `<p class="error" role="alert">${esc(f.t(opts.error))}</p>` : '';
  return layout(
    f,
    `<section class="login">
  <h2>${esc(f.t('loginTitle'))}</h2>
  ${error}
  <form method="post" action="/hq/login?lang=${f.lang}">
    <label>${esc(f.t('username'))}<input name="username" autocomplete="username" required autofocus value="${esc(opts.username ?? '')}"></label>
    <label>${esc(f.t('password'))}<input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">${esc(f.t('signIn'))}</button>
  </form>
</section>`,
    {},
  );
}

function alertText(f: Fmt, a: AlertView, store: StoreView, silentHours: number): string {
  const at = f.at(a.kind === 'SILENT' ? a.lastAt : a.firstAt, store.timeZone);
  if (a.kind === 'SILENT') return f.t('alertSilent', { till: a.tillName, hours: silentHours, at });
  return f.t(a.kind === 'FORK' ? 'alertFORK' : 'alertLEDGER_REWRITTEN', {
    till: a.tillName,
    seq: a.seq,
    ackSeq: a.ackSeq ?? '—',
    at,
  });
}

function tillState(f: Fmt, t: TillView): { cls: string; text: string } {
  if (t.revokedAt) return { cls: 'muted', text: f.t('stateRevoked') };
  if (t.refused) return { cls: 'bad', text: `${f.t('stateRefused')} (${t.refused})` };
  if (t.silent) return { cls: 'bad', text: f.t('stateSilent') };
  if (t.pending > 0) return { cls: 'warn', text: f.t('statePending') };
  return { cls: 'ok', text: f.t('stateOk') };
}

function tillsTable(f: Fmt, s: StoreView): string {
  if (s.tills.length === 0) return `<p class="muted">${esc(f.t('noTills'))}</p>`;
  const rows = s.tills
    .map((t) => {
      const st = tillState(f, t);
      return `<tr data-device="${esc(t.deviceId)}">
  <th scope="row">${esc(t.tillName)}</th>
  <td class="wrap"><span class="state ${st.cls}">${esc(st.text)}</span></td>
  <td>${esc(f.at(t.lastSeenAt, s.timeZone))}</td>
  <td class="num">${esc(f.int(t.pending))}</td>
  <td class="num">${esc(f.int(t.ackSeq))}</td>
</tr>`;
    })
    .join('\n');
  return `<table class="tills">
<caption>${esc(f.t('tills'))}</caption>
<thead><tr><th scope="col">${esc(f.t('till'))}</th><th scope="col">${esc(f.t('state'))}</th><th scope="col">${esc(f.t('lastSync'))}</th><th scope="col" class="num">${esc(f.t('pending'))}</th><th scope="col" class="num">${esc(f.t('acked'))}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}

/** Chart.js's configuration for one store's days (serialised into the page; page.js adds the formatters). */
function chartConfig(f: Fmt, s: StoreView): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: s.days.map((d) => f.day(d.day)),
      datasets: [{ label: f.t('salesChartLabel'), data: s.days.map((d) => d.total / 100) }],
    },
    options: { animation: false, responsive: true, maintainAspectRatio: false },
  };
}

function salesBlock(f: Fmt, s: StoreView): string {
  const data = {
    config: chartConfig(f, s),
    locale: { fr: 'fr-CA', en: 'en-CA', bg: 'bg-BG' }[f.lang],
    currency: s.currency,
  };
  // JSON inside a script block: `<` escaped so no text can close the block
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const rows = s.days
    .filter((d) => d.receipts > 0)
    .map(
      (d) =>
        `<tr><th scope="row">${esc(f.day(d.day))}</th><td class="num">${esc(f.int(d.receipts))}</td><td class="num">${esc(f.money(d.total, s.currency))}</td></tr>`,
    )
    .join('');
  return `<figure class="sales">
  <figcaption>${esc(f.t('salesByDay'))}</figcaption>
  <div class="chart-box"><canvas id="chart-${esc(s.storeId)}" data-chart="chart-data-${esc(s.storeId)}" role="img" aria-label="${esc(f.t('salesByDay'))}"></canvas></div>
  <script type="application/json" id="chart-data-${esc(s.storeId)}">${json}</script>
  <details>
    <summary>${esc(f.t('salesTableCaption'))}</summary>
    <table class="days"><thead><tr><th scope="col">${esc(f.t('day'))}</th><th scope="col" class="num">${esc(f.t('receipts'))}</th><th scope="col" class="num">${esc(f.t('total'))}</th></tr></thead>
    <tbody>${rows}</tbody></table>
  </details>
</figure>`;
}

function zTable(f: Fmt, s: StoreView, t: TillView, zs: ZView[]): string {
  const m = (n: number) => esc(f.money(n, s.currency));
  const body = zs.length
    ? zs
        .map(
          (z) => `<tr>
  <th scope="row">${esc(z.zNumber)}</th><td>${esc(f.at(z.at, s.timeZone))}</td>
  <td class="num">${m(z.salesTotal)}</td><td class="num">${m(z.refundsTotal ? -z.refundsTotal : 0)}</td>
  <td class="num">${m(z.expected)}</td><td class="num">${m(z.counted)}</td>
  <td class="num${z.overShort < 0 ? ' neg' : ''}">${m(z.overShort)}</td>
  <td>${esc(z.seal === 'verified' ? f.t('sealVerified') : f.t('sealNone'))}</td>
</tr>`,
        )
        .join('\n')
    : `<tr><td colspan="8" class="muted">${esc(f.t('noZ'))}</td></tr>`;
  return `<table class="z" data-device="${esc(t.deviceId)}">
<caption>${esc(f.t('zReports'))} · ${esc(t.tillName)}</caption>
<thead><tr><th scope="col">${esc(f.t('zNumber'))}</th><th scope="col">${esc(f.t('closedAt'))}</th><th scope="col" class="num">${esc(f.t('sales'))}</th><th scope="col" class="num">${esc(f.t('refunds'))}</th><th scope="col" class="num">${esc(f.t('expected'))}</th><th scope="col" class="num">${esc(f.t('counted'))}</th><th scope="col" class="num">${esc(f.t('overShort'))}</th><th scope="col">${esc(f.t('seal'))}</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

export function dashboardPage(
  f: Fmt,
  opts: { user: string; stores: StoreView[]; now: Date; silentHours: number },
): string {
  const allAlerts = opts.stores.flatMap((s) => s.alerts.map((a) => ({ a, s })));
  const alertList = allAlerts.length
    ? `<ul class="alerts">${allAlerts
        .map(
          ({ a, s }) =>
            `<li class="alert alert-${a.kind.toLowerCase()}" data-kind="${a.kind}"><strong>${esc(s.name)}</strong> — ${esc(alertText(f, a, s, opts.silentHours))}${a.count > 1 ? ` <span class="muted">(${esc(f.t('alertCount', { n: a.count }))})</span>` : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p class="muted">${esc(f.t('noAlerts'))}</p>`;
  const stores = opts.stores.length
    ? opts.stores
        .map(
          (s) => `<section class="store" id="store-${esc(s.storeId)}" data-store="${esc(s.storeId)}">
  <h2>${esc(s.name)} <span class="muted">${esc(s.storeId)}</span></h2>
  <p class="muted small">${esc(f.t('currencyNote', { currency: s.currency, zone: s.timeZone }))}</p>
  <div class="store-grid">
    ${tillsTable(f, s)}
    ${salesBlock(f, s)}
  </div>
  <div class="z-grid">
    ${s.tills.map((t) => zTable(f, s, t, s.zReports[t.deviceId] ?? [])).join('\n')}
  </div>
</section>`,
        )
        .join('\n')
    : `<p class="muted">${esc(f.t('noStores'))}</p>`;
  const firstZone = opts.stores[0]?.timeZone ?? 'UTC';
  return layout(
    f,
    `<p class="muted small">${esc(f.t('readOnly'))} ${esc(f.t('asOf', { at: f.at(opts.now.toISOString(), firstZone) }))}</p>
<section class="alerts-box" aria-labelledby="alerts-h">
  <h2 id="alerts-h">${esc(f.t('alerts'))}</h2>
  ${alertList}
</section>
${stores}`,
    { user: opts.user, chart: opts.stores.length > 0 },
  );
}

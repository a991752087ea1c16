import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeriodClosing } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { ClosingReport } from '../components/ClosingReport.tsx';
import { DateField } from '../components/DateField.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { api } from '../lib/api.ts';
import {
  CLOSING_KINDS,
  type ClosingKind,
  formatPeriod,
  newestFirst,
  storeToday,
  suggestPeriod,
} from '../lib/closings.ts';
import { issuesFor } from '../lib/errors.ts';
import { useFmt } from '../lib/useFmt.ts';
import { usePrinter } from '../stores/printer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/** Why a close was refused, in words (the banner only names the error's code). */
function refusal(err: unknown): string | null {
  if (!(err instanceof CommandError)) return null;
  // by code and details.reason, never by the server's English message
  if (err.details?.reason === 'insideClosedPeriod') return 'closings.insideClosed';
  if (err.details?.reason === 'alreadyClosed' || err.code === 'CONFLICT') return 'closings.alreadyClosed';
  if (err.details?.reason === 'notOver') return 'closings.notOver';
  return null;
}

/** The larger closing that already covers the period asked (a month for a day, a year for both). */
function insideClosedArgs(err: unknown, t: (k: string) => string, locale: string): Record<string, string> {
  if (!(err instanceof CommandError) || err.details?.reason !== 'insideClosedPeriod') return {};
  const k = err.details.closedKind as ClosingKind;
  return {
    closedKind: t(`closings.kind.${k}`),
    closedPeriod: formatPeriod(k, String(err.details.closedPeriod), locale),
  };
}

/**
 * Periodic closings (NF525 "clôtures", managers and administrators): the closings so far,
 * newest first, each one's detail, and closing a day, month or year (irreversible).
 */
export function ClosingsScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const tiles = useSession((s) => s.tiles);
  const lastEvent = useUi((s) => s.lastEvent);
  const printer = usePrinter((s) => s.status);
  const [list, setList] = useState<PeriodClosing[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [kind, setKind] = useState<ClosingKind>('day');
  /** null: the suggested period (the last one over and not closed) */
  const [period, setPeriod] = useState<string | null>(null);
  /** null: print when a printer is set up */
  const [print, setPrint] = useState<boolean | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [closeError, setCloseError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    try {
      setList(newestFirst(await api().call('period.list', {})));
      setListError(null);
    } catch (e) {
      setListError(e);
    } finally {
      setLoaded(true);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (lastEvent?.type.startsWith('period.')) void load();
  }, [lastEvent, load]);

  const today = storeToday(store);
  const suggestion = suggestPeriod(kind, today, list);
  const value = period ?? (loaded ? suggestion.period : '');
  const printing = print ?? (!!printer && printer.state !== 'none');
  const byName = (id: string) => tiles.find((u) => u.id === id)?.name ?? id;
  const shown = list.find((c) => c.id === selected) ?? null;
  const kindLabel = t(`closings.kind.${kind}`);
  const periodLabel = t(`closings.periodLabel.${kind}`);

  function chooseKind(k: ClosingKind) {
    setKind(k);
    setPeriod(null);
    setCloseError(null);
  }

  function ask(e: React.FormEvent) {
    e.preventDefault();
    setCloseError(null);
    setNotice('');
    setConfirming(true);
  }

  async function close() {
    setBusy(true);
    try {
      const done = await api().call('period.close', { kind, period: value, print: printing });
      setConfirming(false);
      setPeriod(null);
      setSelected(done.id);
      setList((l) => newestFirst([done, ...l.filter((c) => c.id !== done.id)]));
      setNotice(
        t('closings.done', {
          kind: t(`closings.kind.${done.kind}`),
          period: formatPeriod(done.kind, done.period, fmt.locale),
        }),
      );
      await load();
    } catch (err) {
      setConfirming(false);
      setCloseError(err);
    } finally {
      setBusy(false);
    }
  }

  // one column on narrow screens: bring the chosen closing's detail into view
  const detail = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected) detail.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);

  const why = refusal(closeError);
  return (
    <div className="closings">
      <section className="card closings-main" aria-labelledby="closings-title">
        <h1 id="closings-title">{t('closings.title')}</h1>
        <form className="close-form" onSubmit={ask} aria-labelledby="close-title" noValidate>
          <h2 id="close-title">{t('closings.closeTitle')}</h2>
          <div className="close-fields">
            <label>
              {t('closings.kindLabel')}
              <select value={kind} onChange={(e) => chooseKind(e.target.value as ClosingKind)}>
                {CLOSING_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`closings.kind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            <label htmlFor="close-period">
              {periodLabel}
              {kind === 'year' ? (
                <input
                  id="close-period"
                  type="number"
                  step={1}
                  inputMode="numeric"
                  value={value}
                  onChange={(e) => {
                    setPeriod(e.target.value);
                    setCloseError(null);
                  }}
                  aria-invalid={issuesFor(closeError, 'period').length > 0}
                  aria-describedby={issuesFor(closeError, 'period').length > 0 ? 'period-error' : undefined}
                  data-testid="close-period"
                />
              ) : (
                // the store's way of writing dates (the browser's date input follows the OS language)
                <DateField
                  key={kind}
                  id="close-period"
                  granularity={kind}
                  value={value}
                  onChange={(v) => {
                    setPeriod(v);
                    setCloseError(null);
                  }}
                  invalid={issuesFor(closeError, 'period').length > 0}
                  describedBy={issuesFor(closeError, 'period').length > 0 ? 'period-error' : undefined}
                  testId="close-period"
                />
              )}
            </label>
            <label className="check">
              <input type="checkbox" checked={printing} onChange={(e) => setPrint(e.target.checked)} />
              {t('closings.print')}
            </label>
            <button type="submit" className="btn btn-primary" disabled={!value || busy}>
              {t('closings.closeButton')}
            </button>
          </div>
          <FieldError error={closeError} path="period" id="period-error" />
          {suggestion.upTo && period === null ? (
            <p className="hint">
              {t('closings.allClosed', { period: formatPeriod(kind, suggestion.upTo, fmt.locale) })}
            </p>
          ) : null}
          <ErrorBanner error={closeError} />
          {why ? (
            <p className="field-error" data-testid="close-refusal">
              {t(why, { kind: kindLabel, ...insideClosedArgs(closeError, t, fmt.locale) })}
            </p>
          ) : null}
        </form>
        <p className="notice" role="status">
          {notice}
        </p>
        <ErrorBanner error={listError} />
        <div className="table-scroll">
          <table className="list closings-list" aria-labelledby="closings-title">
            <thead>
              <tr>
                <th scope="col">{t('closings.col.kind')}</th>
                <th scope="col">{t('closings.col.period')}</th>
                <th scope="col" className="num">
                  {t('closings.col.sales')}
                </th>
                <th scope="col" className="num">
                  {t('closings.periodGrandTotal')}
                </th>
                <th scope="col" className="num">
                  {t('closings.perpetualGrandTotal')}
                </th>
                <th scope="col">{t('closings.col.closedAt')}</th>
                <th scope="col">{t('closings.col.closedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr
                  key={c.id}
                  data-testid={`closing-${c.kind}-${c.period}`}
                  className={c.id === selected ? 'selected' : ''}
                  onClick={() => setSelected(c.id)}
                >
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-pressed={c.id === selected}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSelected(c.id);
                      }}
                    >
                      {t(`closings.kindShort.${c.kind}`)}
                    </button>
                  </td>
                  <td className="nowrap">{formatPeriod(c.kind, c.period, fmt.locale)}</td>
                  <td className="num">{c.salesCount}</td>
                  <td className="num" data-testid="row-period-total">
                    {fmt.money(c.periodGrandTotal, c.currency)}
                  </td>
                  <td className="num">{fmt.money(c.perpetualGrandTotal, c.currency)}</td>
                  <td>{fmt.dateTime(c.closedAt)}</td>
                  <td>{byName(c.closedBy)}</td>
                </tr>
              ))}
              {loaded && list.length === 0 ? (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('closings.empty')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card closings-detail" aria-label={t('closings.detail')} ref={detail}>
        {shown ? (
          <ClosingReport closing={shown} closedBy={byName(shown.closedBy)} />
        ) : (
          <p className="muted">{t('closings.pick')}</p>
        )}
      </section>
      {confirming ? (
        <Dialog title={t('closings.confirmTitle')} onClose={() => setConfirming(false)}>
          <p className="confirm-what">
            <strong>
              {kindLabel} · {formatPeriod(kind, value, fmt.locale, true)}
            </strong>
          </p>
          <p className="warn-text">{t('closings.irreversible')}</p>
          <p>{kind === 'day' ? t('closings.dayRefused') : t('closings.figuresFinal')}</p>
          {kind === 'day' && value === today ? <p className="warn-text">{t('closings.today')}</p> : null}
          {printing ? <p className="muted">{t('closings.willPrint')}</p> : null}
          {busy ? (
            // one command in the till: how long it takes is not known, so the bar runs without a value
            <div className="busy" role="status">
              <progress aria-label={t('closings.closing')} />
              <span>{t('closings.closing')}</span>
            </div>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="btn"
              onClick={() => setConfirming(false)}
              // biome-ignore lint/a11y/noAutofocus: the safe answer has the focus
              autoFocus
            >
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => void close()}
              disabled={busy}
              data-testid="confirm-close"
            >
              {t('closings.confirmButton')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

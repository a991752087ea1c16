import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AvailabilityCalendar,
  Customer,
  Product,
  Reservation,
  ReservationSummary,
} from '../../shared/api/types.ts';
import { RESERVATION_STATUSES, type ReservationStatus } from '../../shared/state/reservation.ts';
import { DateField } from '../components/DateField.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { NewReservationDialog, ReservationActions } from '../components/ReservationDesk.tsx';
import { api } from '../lib/api.ts';
import {
  addDays,
  addMonths,
  byDay,
  type CalendarMode,
  daysInMonth,
  monthStart,
  step,
  today,
  viewRange,
} from '../lib/calendar.ts';
import { isTextInput } from '../lib/keys.ts';
import { useFmt } from '../lib/useFmt.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type View = 'list' | 'calendar' | 'availability' | 'conflicts';
const VIEWS: View[] = ['list', 'calendar', 'availability', 'conflicts'];
/** rows per page of the list (the next page by cursor) */
export const PAGE = 50;
/** a month view asks for at most this many reservations (the contract's limit) */
/** reservations per request (the contract's maximum); a view reads pages until it has them all */
const CALENDAR_PAGE = 2000;
/** a view stops there and says so (a month of 20,000 bookings is not a calendar any more) */
const CALENDAR_MAX = 20_000;
/** chips in a month cell before "+N" */
const MONTH_CHIPS = 3;
/** chips in a week column before "+N" */
const WEEK_CHIPS = 12;

const refreshes = (type: string | undefined) =>
  !!type && (type.startsWith('reservation.') || type.startsWith('order.') || type.startsWith('rental.'));

/**
 * Reservations (Alt+B): the list with search and filters (status, dates, customer), a calendar by
 * day, week or month, each item's units free per day, and — for managers — the reservations head
 * office flagged in conflict. Alt+1…4 switch views; PageUp/PageDown move the calendar, Home today.
 */
export function ReservationsScreen() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const manager = isManager(user);
  const [view, setView] = useState<View>('list');
  // reached from a customer's "Nouvelle location": the new reservation is open in the list
  const [openId, setOpenId] = useState<string | null>(() => useUi.getState().openId);
  const [creating, setCreating] = useState(false);
  const views = VIEWS.filter((v) => v !== 'conflicts' || manager);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (document.querySelector('[role="dialog"]')) return;
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'n' || e.key === 'N') {
        e.preventDefault();
        setCreating(true);
        return;
      }
      const i = Number(e.key) - 1;
      const v = views[i];
      if (v) {
        e.preventDefault();
        setView(v);
        setOpenId(null);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [views]);

  return (
    <div className="reservations-screen">
      <div className="res-head">
        <h1 id="reservations-title">{t('reservations.title')}</h1>
        <div className="res-views" role="toolbar" aria-label={t('reservations.views')}>
          {views.map((v, i) => (
            <button
              type="button"
              key={v}
              className={view === v ? 'btn btn-primary' : 'btn'}
              aria-pressed={view === v}
              aria-keyshortcuts={`Alt+${i + 1}`}
              onClick={() => {
                setView(v);
                setOpenId(null);
              }}
            >
              {t(`reservations.view.${v}`)} <kbd>Alt+{i + 1}</kbd>
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-primary res-new-btn"
          aria-keyshortcuts="Alt+N"
          onClick={() => setCreating(true)}
        >
          {t('reservations.new')} <kbd>Alt+N</kbd>
        </button>
      </div>
      {creating ? (
        <NewReservationDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setView('list');
            setOpenId(r.id);
          }}
        />
      ) : null}
      {view === 'list' ? <ListView openId={openId} onOpen={setOpenId} /> : null}
      {view === 'conflicts' && manager ? <ConflictsView openId={openId} onOpen={setOpenId} /> : null}
      {view === 'calendar' ? <CalendarView onOpen={setOpenId} /> : null}
      {view === 'availability' ? <AvailabilityView /> : null}
      {openId && (view === 'calendar' || view === 'availability') ? (
        <Dialog title={t('reservations.detail')} onClose={() => setOpenId(null)} wide>
          <ReservationDetail id={openId} />
          <div className="actions">
            <button type="button" className="btn" onClick={() => setOpenId(null)}>
              {t('common.close')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function StatusBadge({ status }: { status: ReservationStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-res-${status}`}>{t(`reservations.status.${status}`)}</span>;
}

/** The list: search (number, customer, items), status, dates, customer; pages of 50 by cursor. */
function ListView({ openId, onOpen }: { openId: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ReservationStatus | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [rows, setRows] = useState<ReservationSummary[]>([]);
  const [more, setMore] = useState(false);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const filters = useMemo(
    () => ({
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(status ? { status } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(customerId ? { customerId } : {}),
    }),
    [q, status, from, to, customerId],
  );

  const load = useCallback(async () => {
    try {
      const page = await api().call('reservation.list', { ...filters, limit: PAGE });
      setRows(page);
      setMore(page.length === PAGE);
      setActive(0);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [filters]);
  useEffect(() => {
    const h = setTimeout(() => void load(), 120);
    return () => clearTimeout(h);
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type)) void load();
  }, [lastEvent, load]);
  useEffect(() => {
    api()
      .call('customer.search', { q: '' })
      .then(setCustomers, () => undefined);
  }, []);

  async function next() {
    const after = rows.at(-1)?.id;
    if (!after) return;
    try {
      const page = await api().call('reservation.list', { ...filters, limit: PAGE, after });
      setRows((r) => [...r, ...page]);
      setMore(page.length === PAGE);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="history">
      <section className="history-list" aria-label={t('reservations.view.list')}>
        <form
          className="filters res-filters"
          onSubmit={(e) => {
            e.preventDefault();
            const r = rows[active];
            if (r) onOpen(r.id);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, Math.min(rows.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
            } else if (e.key === 'Enter' && !(e.target instanceof HTMLSelectElement)) {
              // the form has several fields and no submit button: no implicit submission
              e.preventDefault();
              const r = rows[active];
              if (r) onOpen(r.id);
            }
          }}
        >
          <label>
            {t('reservations.search')}
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('reservations.searchPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the reservations list opens on its search box
              autoFocus
            />
          </label>
          <label>
            {t('reservations.statusFilter')}
            <select value={status} onChange={(e) => setStatus(e.target.value as ReservationStatus | '')}>
              <option value="">{t('reservations.allStatuses')}</option>
              {RESERVATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`reservations.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reservations.customer')}
            <select value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
              <option value="">{t('reservations.allCustomers')}</option>
              {customers.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="res-from">
            {t('reservations.from')}
            <DateField id="res-from" value={from} onChange={setFrom} />
          </label>
          <label htmlFor="res-to">
            {t('reservations.to')}
            <DateField id="res-to" value={to} onChange={setTo} />
          </label>
        </form>
        <ErrorBanner error={error} />
        <div className="history-scroll">
          <table className="list history-table res-table">
            <thead>
              <tr>
                <th scope="col">{t('reservations.number')}</th>
                <th scope="col">{t('reservations.customer')}</th>
                <th scope="col">{t('reservations.period')}</th>
                <th scope="col">{t('reservations.items')}</th>
                <th scope="col" className="num">
                  {t('reservations.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr
                  key={r.id}
                  data-testid={`reservation-${r.number}`}
                  className={[i === active ? 'active' : '', openId === r.id ? 'selected' : ''].join(' ')}
                >
                  <td className="nowrap">
                    <button type="button" className="link" onClick={() => onOpen(r.id)}>
                      {r.number}
                    </button>
                    <br />
                    <StatusBadge status={r.status} />
                    {r.conflict ? (
                      <span className="badge badge-conflict" title={r.conflictNote ?? ''}>
                        {t('reservations.conflict')}
                      </span>
                    ) : null}
                  </td>
                  <td className="ellipsis">{r.customerName}</td>
                  <td className="nowrap">
                    {fmt.dateTime(r.pickupAt)}
                    <br />
                    {fmt.dateTime(r.returnAt)}
                  </td>
                  <td className="ellipsis">{r.items}</td>
                  <td className="num">{fmt.money(r.balance)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('reservations.none')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {more ? (
            <button type="button" className="btn res-more" onClick={() => void next()}>
              {t('reservations.more')}
            </button>
          ) : null}
        </div>
        <p className="history-count muted" role="status">
          {t('reservations.shown', { count: rows.length })}
        </p>
      </section>
      <section className="history-detail" aria-label={t('reservations.detail')}>
        {openId ? <ReservationDetail id={openId} /> : <p className="muted">{t('reservations.pick')}</p>}
      </section>
    </div>
  );
}

/** One reservation: status, customer, period, lines, money, and head office's conflict flag. */
export function ReservationDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const manager = isManager(useSession((s) => s.user));
  const [r, setR] = useState<Reservation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setR(await api().call('reservation.get', { reservationId: id }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type)) void load();
  }, [lastEvent, load]);

  async function resolve() {
    try {
      setR(await api().call('reservation.setConflict', { reservationId: id, note: null }));
    } catch (e) {
      setError(e);
    }
  }

  if (!r) return <ErrorBanner error={error} />;
  return (
    <article className="res-detail" data-testid="reservation-detail">
      <div className="detail-head">
        <h2>{t('reservations.heading', { number: r.number })}</h2>
        <StatusBadge status={r.status} />
      </div>
      {r.conflict ? (
        <div className="error-banner res-conflict" role="alert" data-testid="reservation-conflict">
          <strong>{t('reservations.conflictTitle')}</strong>
          <p>{r.conflict.note}</p>
          <p className="muted-on-danger">
            {t('reservations.conflictAt', { at: fmt.dateTime(r.conflict.at) })}
          </p>
          {manager ? (
            <button type="button" className="btn" onClick={() => void resolve()}>
              {t('reservations.resolve')}
            </button>
          ) : null}
        </div>
      ) : null}
      <ErrorBanner error={error} />
      <dl className="res-facts">
        <dt>{t('reservations.customer')}</dt>
        <dd>{r.customerName}</dd>
        <dt>{t('reservations.pickup')}</dt>
        <dd>{fmt.dateTime(r.pickupAt)}</dd>
        <dt>{t('reservations.return')}</dt>
        <dd>{fmt.dateTime(r.returnAt)}</dd>
      </dl>
      <table className="list compact">
        <thead>
          <tr>
            <th scope="col">{t('reservations.item')}</th>
            <th scope="col" className="num">
              {t('reservations.qty')}
            </th>
            <th scope="col" className="num">
              {t('reservations.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.id}>
              <td>
                {l.name}
                {l.assetId ? <span className="muted"> · {l.assetId}</span> : null}
                {l.units.length ? (
                  <span className="muted">
                    {' · '}
                    {l.units
                      .map((u) => (u.condition ? `${u.assetId} (${u.condition})` : u.assetId))
                      .join(', ')}
                  </span>
                ) : null}
              </td>
              <td className="num">{l.quantity}</td>
              <td className="num">{fmt.money(l.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="res-money">
        <dt>{t('reservations.subtotal')}</dt>
        <dd>{fmt.money(r.subtotal)}</dd>
        {r.lateFees ? (
          <>
            <dt>{t('reservations.lateFees')}</dt>
            <dd>{fmt.money(r.lateFees)}</dd>
          </>
        ) : null}
        <dt>{t('reservations.taxes')}</dt>
        <dd>{fmt.money(r.taxTotal)}</dd>
        <dt>{t('reservations.total')}</dt>
        <dd>{fmt.money(r.total)}</dd>
        <dt>{t('reservations.paid')}</dt>
        <dd>{fmt.money(r.paid)}</dd>
        <dt className="res-balance">{t('reservations.balance')}</dt>
        <dd className="res-balance" data-testid="reservation-balance">
          {fmt.money(r.balance)}
        </dd>
        <dt>{t('reservations.deposit')}</dt>
        <dd>
          {fmt.money(r.deposit)} · {t('reservations.depositHeld', { amount: fmt.money(r.depositHeld) })}
        </dd>
      </dl>
      {r.notes ? <p className="muted">{r.notes}</p> : null}
      <ReservationActions r={r} onChange={setR} />
    </article>
  );
}

/** The manager's conflicts list: the reservations head office flagged, with its note. */
function ConflictsView({ openId, onOpen }: { openId: string | null; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [rows, setRows] = useState<ReservationSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setRows(await api().call('reservation.list', { conflict: true, limit: 500 }));
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type)) void load();
  }, [lastEvent, load]);
  return (
    <div className="history">
      <section className="history-list" aria-label={t('reservations.view.conflicts')}>
        <p className="muted">{t('reservations.conflictsHelp')}</p>
        <ErrorBanner error={error} />
        <div className="history-scroll">
          <table className="list history-table" data-testid="conflicts">
            <thead>
              <tr>
                <th scope="col">{t('reservations.number')}</th>
                <th scope="col">{t('reservations.customer')}</th>
                <th scope="col">{t('reservations.period')}</th>
                <th scope="col">{t('reservations.conflictNote')}</th>
              </tr>
            </thead>
            <tbody>
              {(rows ?? []).map((r) => (
                <tr
                  key={r.id}
                  className={openId === r.id ? 'selected' : ''}
                  data-testid={`conflict-${r.number}`}
                >
                  <td className="nowrap">
                    <button type="button" className="link" onClick={() => onOpen(r.id)}>
                      {r.number}
                    </button>
                  </td>
                  <td className="ellipsis">{r.customerName}</td>
                  <td className="nowrap">
                    {fmt.dateTime(r.pickupAt)}
                    <br />
                    {fmt.dateTime(r.returnAt)}
                  </td>
                  <td>
                    {r.conflictNote}
                    <br />
                    <span className="muted">{r.conflictAt ? fmt.dateTime(r.conflictAt) : ''}</span>
                  </td>
                </tr>
              ))}
              {rows && rows.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('reservations.noConflicts')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="history-detail" aria-label={t('reservations.detail')}>
        {openId ? <ReservationDetail id={openId} /> : <p className="muted">{t('reservations.pick')}</p>}
      </section>
    </div>
  );
}

const titleFormatters = new Map<string, Intl.DateTimeFormat>();
/** a calendar date (not an instant) in words: formatted as the UTC date it is */
function dateWords(date: string, locale: string, opts: Intl.DateTimeFormatOptions): string {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = titleFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' });
    titleFormatters.set(key, f);
  }
  return f.format(Date.parse(`${date}T12:00:00Z`));
}

function useCalendarKeys(move: (dir: 1 | -1) => void, home: () => void, modes?: (m: CalendarMode) => void) {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (document.querySelector('[role="dialog"]')) return;
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'PageDown' || e.key === 'PageUp') {
        e.preventDefault();
        move(e.key === 'PageDown' ? 1 : -1);
      } else if (isTextInput(e.target)) {
        return;
      } else if (e.key === 'Home') {
        e.preventDefault();
        home();
      } else if (modes && (e.key === '1' || e.key === '2' || e.key === '3')) {
        e.preventDefault();
        modes((['day', 'week', 'month'] as const)[Number(e.key) - 1]!);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [move, home, modes]);
}

/** Reservations by day, week or month (cancelled ones left out). */
function CalendarView({ onOpen }: { onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const tz = useSession((s) => s.store?.timeZone);
  const lastEvent = useUi((s) => s.lastEvent);
  const [mode, setMode] = useState<CalendarMode>('month');
  const [date, setDate] = useState(() => today(tz));
  const [list, setList] = useState<ReservationSummary[] | null>(null);
  const [capped, setCapped] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const range = useMemo(() => viewRange(mode, date), [mode, date]);
  const seq = useRef(0);

  const load = useCallback(async () => {
    const mine = ++seq.current;
    try {
      // page by cursor: the last reservation of a page is where the next one starts, so a
      // booking made meanwhile neither repeats nor skips (reservation.list's order)
      const rows: ReservationSummary[] = [];
      let more = true;
      while (more && rows.length < CALENDAR_MAX && mine === seq.current) {
        const last = rows[rows.length - 1];
        const page = await api().call('reservation.list', {
          from: range.from,
          to: addDays(range.from, range.days - 1),
          limit: CALENDAR_PAGE,
          ...(last ? { after: last.id } : {}),
        });
        rows.push(...page);
        more = page.length === CALENDAR_PAGE;
      }
      if (mine === seq.current) {
        setCapped(more);
        setList(rows.filter((r) => r.status !== 'cancelled'));
        setError(null);
      }
    } catch (e) {
      if (mine === seq.current) setError(e);
    }
  }, [range]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type)) void load();
  }, [lastEvent, load]);
  const move = useCallback((dir: 1 | -1) => setDate((d) => step(mode, d, dir)), [mode]);
  const home = useCallback(() => setDate(today(tz)), [tz]);
  useCalendarKeys(move, home, setMode);

  const days = useMemo(() => (list ? byDay(list, range.from, range.days, tz) : null), [list, range, tz]);
  const title =
    mode === 'month'
      ? dateWords(date, fmt.locale, { month: 'long', year: 'numeric' })
      : mode === 'week'
        ? `${dateWords(range.from, fmt.locale, { day: 'numeric', month: 'short' })} – ${dateWords(
            addDays(range.from, 6),
            fmt.locale,
            { day: 'numeric', month: 'short', year: 'numeric' },
          )}`
        : dateWords(date, fmt.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const openDay = (d: string) => {
    setDate(d);
    setMode('day');
  };

  return (
    <section
      className="res-calendar"
      aria-labelledby="res-cal-title"
      data-testid="calendar"
      data-mode={mode}
      data-loaded={list?.length}
    >
      <div className="res-cal-bar">
        <fieldset className="res-modes">
          <legend className="sr-only">{t('reservations.calendarMode')}</legend>
          {(['day', 'week', 'month'] as const).map((m, i) => (
            <button
              type="button"
              key={m}
              className={mode === m ? 'btn btn-primary' : 'btn'}
              aria-pressed={mode === m}
              aria-keyshortcuts={String(i + 1)}
              onClick={() => setMode(m)}
            >
              {t(`reservations.mode.${m}`)} <kbd>{i + 1}</kbd>
            </button>
          ))}
        </fieldset>
        <button type="button" className="btn" onClick={() => move(-1)} aria-keyshortcuts="PageUp">
          ‹ {t('reservations.previous')} <kbd>PgUp</kbd>
        </button>
        <button type="button" className="btn" onClick={home} aria-keyshortcuts="Home">
          {t('reservations.today')}
        </button>
        <button type="button" className="btn" onClick={() => move(1)} aria-keyshortcuts="PageDown">
          {t('reservations.next')} › <kbd>PgDn</kbd>
        </button>
        <h2 id="res-cal-title" className="res-cal-title">
          {title}
        </h2>
        <span className="muted res-cal-count" role="status">
          {list ? t('reservations.inView', { count: list.length }) : t('app.loading')}
        </span>
      </div>
      <ErrorBanner error={error} />
      {list && capped ? (
        <p className="warn-text">{t('reservations.capped', { count: CALENDAR_MAX })}</p>
      ) : null}
      {days && mode === 'month' ? (
        <MonthGrid
          days={days}
          from={range.from}
          count={range.days}
          month={date.slice(0, 7)}
          onOpen={onOpen}
          onDay={openDay}
        />
      ) : null}
      {days && mode === 'week' ? (
        <WeekGrid days={days} from={range.from} onOpen={onOpen} onDay={openDay} />
      ) : null}
      {days && mode === 'day' ? <DayList rows={days.get(date) ?? []} onOpen={onOpen} /> : null}
    </section>
  );
}

function Weekdays({ from }: { from: string }) {
  const { locale } = useFmt();
  return (
    <div className="cal-weekdays" aria-hidden="true">
      {[0, 1, 2, 3, 4, 5, 6].map((i) => (
        <div key={i}>{dateWords(addDays(from, i), locale, { weekday: 'short' })}</div>
      ))}
    </div>
  );
}

const Chip = memo(function Chip({ r, onOpen }: { r: ReservationSummary; onOpen: (id: string) => void }) {
  return (
    <button
      type="button"
      className={`cal-chip cal-chip-${r.status}${r.conflict ? ' cal-chip-conflict' : ''}`}
      onClick={() => onOpen(r.id)}
      title={`${r.number} · ${r.customerName} · ${r.items}`}
    >
      {r.conflict ? '⚠ ' : ''}
      {r.number} {r.customerName}
    </button>
  );
});

/** month cell: the day's header row and each chip, in px (styles.css .cal-cell-head, .cal-chip) */
const CELL_HEAD_PX = 30;
const CHIP_PX = 26;
/**
 * How many chips a month cell shows: as many as its height holds (two at 1366×768, four at
 * 1920×1080), the rest behind "+N"; MONTH_CHIPS where nothing is laid out (tests' jsdom).
 */
function useChipsThatFit(weeks: number): { ref: (el: HTMLDivElement | null) => void; chips: number } {
  const [chips, setChips] = useState(MONTH_CHIPS);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback(
    (el: HTMLDivElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!el || typeof ResizeObserver === 'undefined') return;
      const measure = () => {
        const row = el.clientHeight / weeks;
        if (row > 0) setChips(Math.max(1, Math.floor((row - CELL_HEAD_PX - 4) / CHIP_PX)));
      };
      observer.current = new ResizeObserver(measure);
      observer.current.observe(el);
      measure();
    },
    [weeks],
  );
  return { ref, chips };
}

function MonthGrid({
  days,
  from,
  count,
  month,
  onOpen,
  onDay,
}: {
  days: Map<string, ReservationSummary[]>;
  from: string;
  count: number;
  month: string;
  onOpen: (id: string) => void;
  onDay: (date: string) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useFmt();
  const tz = useSession((s) => s.store?.timeZone);
  const now = today(tz);
  const cells: string[] = [];
  for (let i = 0; i < count; i++) cells.push(addDays(from, i));
  const weeks = count / 7;
  const fit = useChipsThatFit(weeks);
  return (
    <div className="cal-month" data-testid="month-grid">
      <Weekdays from={from} />
      <div
        className="cal-cells"
        ref={fit.ref}
        style={{ gridTemplateRows: `repeat(${weeks}, minmax(0, 1fr))` }}
      >
        {cells.map((d) => {
          const rows = days.get(d) ?? [];
          const extra = rows.length - fit.chips;
          return (
            <div
              key={d}
              className={`cal-cell${d.slice(0, 7) === month ? '' : ' cal-out'}${d === now ? ' cal-today' : ''}`}
              data-date={d}
              data-count={rows.length}
            >
              <div className="cal-cell-head">
                <button
                  type="button"
                  className="cal-daynum"
                  onClick={() => onDay(d)}
                  aria-label={`${dateWords(d, locale, { day: 'numeric', month: 'long' })} · ${t(
                    'reservations.inView',
                    { count: rows.length },
                  )}`}
                >
                  {Number(d.slice(8))}
                </button>
                {extra > 0 ? (
                  <button type="button" className="cal-more" onClick={() => onDay(d)}>
                    {t('reservations.moreCount', { count: extra })}
                  </button>
                ) : null}
              </div>
              {rows.slice(0, fit.chips).map((r) => (
                <Chip key={r.id} r={r} onOpen={onOpen} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function WeekGrid({
  days,
  from,
  onOpen,
  onDay,
}: {
  days: Map<string, ReservationSummary[]>;
  from: string;
  onOpen: (id: string) => void;
  onDay: (date: string) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useFmt();
  return (
    <div className="cal-week" data-testid="week-grid">
      {[0, 1, 2, 3, 4, 5, 6].map((i) => {
        const d = addDays(from, i);
        const rows = days.get(d) ?? [];
        return (
          <div key={d} className="cal-col" data-date={d} data-count={rows.length}>
            <button type="button" className="cal-colhead" onClick={() => onDay(d)}>
              {dateWords(d, locale, { weekday: 'short', day: 'numeric', month: 'short' })}
            </button>
            {rows.slice(0, WEEK_CHIPS).map((r) => (
              <Chip key={r.id} r={r} onOpen={onOpen} />
            ))}
            {rows.length > WEEK_CHIPS ? (
              <button type="button" className="cal-more" onClick={() => onDay(d)}>
                {t('reservations.moreCount', { count: rows.length - WEEK_CHIPS })}
              </button>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

function DayList({ rows, onOpen }: { rows: ReservationSummary[]; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div className="history-scroll cal-day">
      <table className="list history-table" data-testid="day-list">
        <thead>
          <tr>
            <th scope="col">{t('reservations.pickup')}</th>
            <th scope="col">{t('reservations.return')}</th>
            <th scope="col">{t('reservations.number')}</th>
            <th scope="col">{t('reservations.customer')}</th>
            <th scope="col">{t('reservations.items')}</th>
            <th scope="col">{t('reservations.statusFilter')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{fmt.dateTime(r.pickupAt)}</td>
              <td className="nowrap">{fmt.dateTime(r.returnAt)}</td>
              <td className="nowrap">
                <button type="button" className="link" onClick={() => onOpen(r.id)}>
                  {r.number}
                </button>
                {r.conflict ? (
                  <span className="badge badge-conflict">{t('reservations.conflict')}</span>
                ) : null}
              </td>
              <td className="ellipsis">{r.customerName}</td>
              <td className="ellipsis">{r.items}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="muted">
                {t('reservations.noneThatDay')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The time kept free between two rentals of a unit (cleaning, checks), for the whole store: a
 * manager sets it here, where its effect on the days is seen (reservation.setBuffer, journaled).
 */
function BufferSetting({ minutes, onSaved }: { minutes: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const [v, setV] = useState(String(minutes));
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setV(String(minutes)), [minutes]);
  return (
    <form
      className="filters res-buffer"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await api().call('reservation.setBuffer', { minutes: Number(v) });
          onSaved();
        } catch (err) {
          setError(err);
        }
      }}
    >
      <label>
        {t('reservations.bufferLabel')}
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={5}
          value={v}
          onChange={(e) => setV(e.target.value)}
        />
        <FieldError error={error} path="minutes" />
      </label>
      <button type="submit" className="btn" disabled={v === String(minutes) || v.trim() === ''}>
        {t('reservations.bufferSave')}
      </button>
    </form>
  );
}

/** One item's units free per day over a month, with the buffer kept between rentals. */
function AvailabilityView() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const manager = isManager(useSession((s) => s.user));
  const tz = useSession((s) => s.store?.timeZone);
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Product[]>([]);
  const [active, setActive] = useState(0);
  const [item, setItem] = useState<Product | null>(null);
  const [month, setMonth] = useState(() => monthStart(today(tz)));
  const [cal, setCal] = useState<AvailabilityCalendar | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const h = setTimeout(() => {
      api()
        .call('catalogue.search', { q: q.trim(), limit: 8 })
        .then(
          (r) => {
            setFound(r);
            setActive(0);
          },
          (e) => setError(e),
        );
    }, 120);
    return () => clearTimeout(h);
  }, [q]);
  const load = useCallback(async () => {
    if (!item) return;
    try {
      setCal(
        await api().call('reservation.availability', {
          productId: item.id,
          from: month,
          days: daysInMonth(month),
        }),
      );
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [item, month]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type) || lastEvent?.type.startsWith('unit.')) void load();
  }, [lastEvent, load]);
  const move = useCallback((dir: 1 | -1) => setMonth((m) => addMonths(m, dir)), []);
  const home = useCallback(() => setMonth(monthStart(today(tz))), [tz]);
  useCalendarKeys(move, home);

  const first = month;
  const lead = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  return (
    <div className="res-availability">
      <section className="history-list res-avail-pick" aria-label={t('reservations.pickItem')}>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const p = found[active];
            if (p) setItem(p);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, Math.min(found.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
            }
          }}
        >
          <label>
            {t('reservations.item')}
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('reservations.itemPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the availability view opens on its item search
              autoFocus
            />
          </label>
        </form>
        <ul className="res-found" aria-label={t('reservations.items')}>
          {found.map((p, i) => (
            <li key={p.id}>
              <button
                type="button"
                className={`res-found-item${i === active ? ' active' : ''}${item?.id === p.id ? ' selected' : ''}`}
                aria-pressed={item?.id === p.id}
                onClick={() => setItem(p)}
              >
                <strong>{p.name}</strong> <span className="muted">{p.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="history-detail res-avail-cal" aria-labelledby="res-avail-title">
        <div className="res-cal-bar">
          <button type="button" className="btn" onClick={() => move(-1)} aria-keyshortcuts="PageUp">
            ‹ <kbd>PgUp</kbd>
          </button>
          <button type="button" className="btn" onClick={home} aria-keyshortcuts="Home">
            {t('reservations.today')}
          </button>
          <button type="button" className="btn" onClick={() => move(1)} aria-keyshortcuts="PageDown">
            › <kbd>PgDn</kbd>
          </button>
          <h2 id="res-avail-title" className="res-cal-title">
            {item ? `${item.name} · ` : ''}
            {dateWords(month, fmt.locale, { month: 'long', year: 'numeric' })}
          </h2>
        </div>
        <ErrorBanner error={error} />
        {item && cal && cal.productId === item.id ? (
          <>
            <p className="muted" data-testid="availability-summary">
              {t('reservations.capacity', { count: cal.capacity })} ·{' '}
              {t('reservations.buffer', { count: cal.bufferMinutes })}
            </p>
            {manager ? <BufferSetting minutes={cal.bufferMinutes} onSaved={() => void load()} /> : null}
            <div className="cal-month cal-avail" data-testid="availability">
              <Weekdays from={addDays(first, -lead)} />
              <div className="cal-cells">
                {Array.from({ length: lead }, (_, i) => addDays(first, i - lead)).map((d) => (
                  <div key={d} className="cal-cell cal-out" aria-hidden="true" />
                ))}
                {cal.days.map((d) => (
                  <div
                    key={d.date}
                    className={`cal-cell avail-cell ${d.free === 0 ? 'avail-none' : d.booked > 0 ? 'avail-some' : 'avail-all'}`}
                    data-date={d.date}
                    data-testid={`avail-${d.date}`}
                  >
                    <span className="cal-daynum-static">{Number(d.date.slice(8))}</span>
                    <span className="avail-free">
                      {t('reservations.free', { free: d.free, capacity: cal.capacity })}
                    </span>
                  </div>
                ))}
              </div>
            </div>
          </>
        ) : (
          <p className="muted">{t('reservations.pickItemHelp')}</p>
        )}
      </section>
    </div>
  );
}

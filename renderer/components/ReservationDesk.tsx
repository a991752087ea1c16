import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS, type PaymentMethod } from '../../shared/api/schemas.ts';
import type { Customer, Product, Reservation } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { zonedInstant } from '../lib/calendar.ts';
import { issuesFor } from '../lib/errors.ts';
import { decimalInput, parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useSession } from '../stores/session.ts';
import { DateField } from './DateField.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorBanner, FieldError } from './FieldError.tsx';

/**
 * The counter's rental desk: a new reservation (customer, pickup and return, lines by item and
 * quantity), and on an open reservation the next steps its status allows — add lines, confirm,
 * check-out and return by scanning asset IDs, deposit in and out through the drawer, "Add a
 * payment", close. Every button is one ledger command; the reservation shown is what it returns.
 */

export interface DraftLine {
  productId: string;
  name: string;
  quantity: number;
  /** React's key: the same item can be added twice */
  key: number;
}
let lineKeys = 0;

/** Items searched by name, SKU or barcode; Enter adds the highlighted one with the quantity typed. */
export function LinePicker({ onAdd }: { onAdd: (line: DraftLine) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [qty, setQty] = useState('1');
  const [found, setFound] = useState<Product[]>([]);
  const [active, setActive] = useState(0);
  useEffect(() => {
    if (!q.trim()) {
      setFound([]);
      return;
    }
    const h = setTimeout(() => {
      api()
        .call('catalogue.search', { q: q.trim(), limit: 6 })
        .then(
          (r) => {
            setFound(r.filter((p) => p.rentalDay !== null));
            setActive(0);
          },
          () => setFound([]),
        );
    }, 120);
    return () => clearTimeout(h);
  }, [q]);
  function add(p: Product | undefined) {
    if (!p) return;
    onAdd({ productId: p.id, name: p.name, quantity: Number(qty), key: ++lineKeys });
    setQ('');
    setQty('1');
    setFound([]);
  }
  return (
    <div className="res-line-picker">
      <div className="res-line-fields">
        <label>
          {t('reservations.item')}
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder={t('reservations.itemPlaceholder')}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) =>
                  Math.max(0, Math.min(found.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))),
                );
              } else if (e.key === 'Enter') {
                e.preventDefault();
                add(found[active]);
              }
            }}
          />
        </label>
        <label className="res-qty">
          {t('reservations.qty')}
          <input inputMode="numeric" value={qty} onChange={(e) => setQty(e.target.value)} />
        </label>
      </div>
      {found.length ? (
        <ul className="res-found" aria-label={t('reservations.items')}>
          {found.map((p, i) => (
            <li key={p.id}>
              <button
                type="button"
                className={`res-found-item${i === active ? ' active' : ''}`}
                onClick={() => add(p)}
              >
                <strong>{p.name}</strong> <span className="muted">{p.sku}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function DraftLines({ lines, onRemove }: { lines: DraftLine[]; onRemove: (i: number) => void }) {
  const { t } = useTranslation();
  if (!lines.length) return <p className="muted">{t('reservations.noLines')}</p>;
  return (
    <table className="list compact" data-testid="draft-lines">
      <tbody>
        {lines.map((l, i) => (
          <tr key={l.key}>
            <td>{l.name}</td>
            <td className="num">×{l.quantity}</td>
            <td className="num">
              <button type="button" className="link" onClick={() => onRemove(i)}>
                {t('reservations.removeLine')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const localInput = (ms: number, tz: string | undefined): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
};

/** "9", "9:5", "09:30", "930" → "09:30" (a malformed time is left for the contract to refuse) */
function hhmm(v: string): string {
  const m = /^\s*(\d{1,2})(?::?(\d{2}))?\s*$/.exec(v);
  if (!m) return v.trim();
  return `${m[1]!.padStart(2, '0')}:${m[2] ?? '00'}`;
}

/** A counter reservation (Alt+N on the reservations screen): quote or confirmed. */
export function NewReservationDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (r: Reservation) => void;
}) {
  const { t } = useTranslation();
  const tz = useSession((s) => s.store?.timeZone);
  const [customers, setCustomers] = useState<Customer[]>([]);
  const [customerId, setCustomerId] = useState('');
  // the next whole hour, for a day: what a counter rental usually is
  const [start] = useState(() => Math.ceil(Date.now() / 3_600_000) * 3_600_000);
  const [pickup, setPickup] = useState(() => localInput(start, tz).slice(0, 10));
  const [pickupTime, setPickupTime] = useState(() => localInput(start, tz).slice(11));
  const [ret, setRet] = useState(() => localInput(start + 86_400_000, tz).slice(0, 10));
  const [retTime, setRetTime] = useState(() => localInput(start + 86_400_000, tz).slice(11));
  const [status, setStatus] = useState<'quote' | 'confirmed'>('quote');
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api()
      .call('customer.search', { q: '' })
      .then((c) => {
        setCustomers(c);
        setCustomerId((id) => id || (c[0]?.id ?? ''));
      }, setError);
  }, []);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api().call('reservation.create', {
        customerId,
        pickupAt: zonedInstant(`${pickup}T${hhmm(pickupTime)}`, tz),
        returnAt: zonedInstant(`${ret}T${hhmm(retTime)}`, tz),
        status,
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
      });
      onCreated(r);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('reservations.new')} onClose={onClose} wide>
      <form className="form res-new" onSubmit={submit}>
        <label>
          {t('reservations.customer')}
          <select value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <FieldError error={error} path="customerId" />
        <div className="res-grid">
          <label htmlFor="res-new-pickup">
            {t('reservations.pickup')}
            <DateField id="res-new-pickup" value={pickup} onChange={setPickup} />
          </label>
          <label>
            {t('reservations.pickupTime')}
            <input
              value={pickupTime}
              onChange={(e) => setPickupTime(e.target.value)}
              inputMode="numeric"
              placeholder={t('reservations.timePlaceholder')}
            />
          </label>
          <label htmlFor="res-new-return">
            {t('reservations.return')}
            <DateField id="res-new-return" value={ret} onChange={setRet} />
          </label>
          <label>
            {t('reservations.returnTime')}
            <input
              value={retTime}
              onChange={(e) => setRetTime(e.target.value)}
              inputMode="numeric"
              placeholder={t('reservations.timePlaceholder')}
            />
          </label>
          <label>
            {t('reservations.statusFilter')}
            <select value={status} onChange={(e) => setStatus(e.target.value as 'quote' | 'confirmed')}>
              <option value="quote">{t('reservations.status.quote')}</option>
              <option value="confirmed">{t('reservations.status.confirmed')}</option>
            </select>
          </label>
        </div>
        <FieldError error={error} path="pickupAt" />
        <FieldError error={error} path="returnAt" />
        <LinePicker onAdd={(l) => setLines((ls) => [...ls, l])} />
        <DraftLines lines={lines} onRemove={(i) => setLines((ls) => ls.filter((_, k) => k !== i))} />
        <FieldError error={error} path="lines" />
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!lines.length || !customerId}>
            {t('reservations.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A scan field: Enter sends the asset ID typed or scanned, then clears for the next one. */
function ScanField({
  label,
  testId,
  onScan,
  error,
}: {
  label: string;
  testId: string;
  error: unknown;
  onScan: (assetId: string) => Promise<boolean>;
}) {
  const [v, setV] = useState('');
  return (
    <form
      className="res-scan"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!v.trim()) return;
        if (await onScan(v.trim())) setV('');
      }}
    >
      <label>
        {label}
        <input value={v} onChange={(e) => setV(e.target.value)} data-testid={testId} autoComplete="off" />
      </label>
      <FieldError error={error} path="assetId" />
    </form>
  );
}

/** The next steps of an open reservation, as its status allows them. */
export function ReservationActions({ r, onChange }: { r: Reservation; onChange: (r: Reservation) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState<DraftLine[]>([]);
  // closed again once the lines are added: the check-out's scan field stays in sight
  const [addOpen, setAddOpen] = useState(false);
  const [condition, setCondition] = useState('');
  const [amount, setAmount] = useState('');
  const [explanation, setExplanation] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reference, setReference] = useState('');
  const [notice, setNotice] = useState('');
  const [cancelling, setCancelling] = useState(false);
  const [cancelReason, setCancelReason] = useState('');
  useEffect(() => {
    setAmount(r.balance > 0 ? decimalInput(r.balance, fmt.locale) : '');
  }, [r.balance, fmt.locale]);

  async function act(fn: () => Promise<Reservation>, done?: string): Promise<boolean> {
    setError(null);
    setNotice('');
    try {
      onChange(await fn());
      if (done) setNotice(done);
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  }
  const id = r.id;
  const call = api();
  const open = r.status === 'quote' || r.status === 'confirmed';
  const toGo = r.lines.reduce((a, l) => a + l.quantity, 0) - r.lines.reduce((a, l) => a + l.units.length, 0);
  const out = r.lines.some((l) => l.units.some((u) => !u.returnedAt));
  if (r.status === 'closed' || r.status === 'cancelled') return null;

  return (
    <section className="res-actions" aria-label={t('reservations.actions')}>
      {/* a refused scan is said under the scan field itself */}
      <ErrorBanner error={issuesFor(error, 'assetId').length ? null : error} />
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <div className="res-buttons">
        {r.status === 'quote' ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void act(() => call.call('reservation.confirm', { reservationId: id }))}
          >
            {t('reservations.confirm')}
          </button>
        ) : null}
        {(r.status === 'confirmed' || r.status === 'checked_out') && r.depositHeld < r.deposit ? (
          <button
            type="button"
            className="btn"
            onClick={() => void act(() => call.call('reservation.takeDeposit', { reservationId: id }))}
          >
            {t('reservations.takeDeposit', { amount: fmt.money(r.deposit - r.depositHeld) })}
          </button>
        ) : null}
        {r.status === 'returned' && r.depositHeld > 0 ? (
          <button
            type="button"
            className="btn"
            onClick={() => void act(() => call.call('reservation.returnDeposit', { reservationId: id }))}
          >
            {t('reservations.returnDeposit', { amount: fmt.money(r.depositHeld) })}
          </button>
        ) : null}
        {open ? (
          <button type="button" className="btn btn-danger" onClick={() => setCancelling(true)}>
            {t('reservations.cancel')}
          </button>
        ) : null}
        {r.status === 'returned' && r.balance <= 0 && r.depositHeld === 0 ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => void act(() => call.call('reservation.close', { reservationId: id }))}
          >
            {t('reservations.close')}
          </button>
        ) : null}
      </div>
      {cancelling ? (
        <Dialog
          title={t('reservations.cancelTitle', { number: r.number })}
          onClose={() => setCancelling(false)}
        >
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await act(() =>
                call.call('reservation.cancel', {
                  reservationId: id,
                  ...(cancelReason.trim() ? { reason: cancelReason.trim() } : {}),
                }),
              );
              setCancelling(false);
              if (ok) setCancelReason('');
            }}
          >
            <label>
              {t('reservations.cancelReason')}
              <input value={cancelReason} onChange={(e) => setCancelReason(e.target.value)} maxLength={500} />
            </label>
            <div className="actions">
              <button type="button" className="btn" onClick={() => setCancelling(false)}>
                {t('reservations.cancelKeep')}
              </button>
              <button type="submit" className="btn btn-danger">
                {t('reservations.cancel')}
              </button>
            </div>
          </form>
        </Dialog>
      ) : null}
      {(r.status === 'confirmed' || r.status === 'checked_out') && toGo > 0 ? (
        <ScanField
          label={t('reservations.scanOut', { count: toGo })}
          testId="scan-out"
          error={error}
          onScan={(assetId) => act(() => call.call('reservation.checkOut', { reservationId: id, assetId }))}
        />
      ) : null}
      {r.status === 'checked_out' && out ? (
        // the condition first, then the scan: the scan's form keeps one field, so Enter sends it
        <label>
          {t('reservations.condition')}
          <input value={condition} onChange={(e) => setCondition(e.target.value)} maxLength={500} />
        </label>
      ) : null}
      {r.status === 'checked_out' && out ? (
        <ScanField
          label={t('reservations.scanReturn')}
          testId="scan-return"
          error={error}
          onScan={async (assetId) => {
            const ok = await act(() =>
              call.call('reservation.returnUnit', {
                reservationId: id,
                assetId,
                ...(condition.trim() ? { condition: condition.trim() } : {}),
              }),
            );
            if (ok) setCondition('');
            return ok;
          }}
        />
      ) : null}
      {open ? (
        <details
          className="res-add"
          open={addOpen}
          onToggle={(e) => setAddOpen((e.currentTarget as HTMLDetailsElement).open)}
        >
          <summary>{t('reservations.addLines')}</summary>
          <LinePicker onAdd={(l) => setAdding((ls) => [...ls, l])} />
          <DraftLines lines={adding} onRemove={(i) => setAdding((ls) => ls.filter((_, k) => k !== i))} />
          <FieldError error={error} path="lines" />
          <button
            type="button"
            className="btn"
            disabled={!adding.length}
            onClick={async () => {
              const ok = await act(() =>
                call.call('reservation.addLines', {
                  reservationId: id,
                  lines: adding.map((l) => ({ productId: l.productId, quantity: l.quantity })),
                }),
              );
              if (ok) {
                setAdding([]);
                setAddOpen(false);
              }
            }}
          >
            {t('reservations.addTheLines')}
          </button>
        </details>
      ) : null}
      {r.balance > 0 && r.status !== 'quote' ? (
        <form
          className="res-pay"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await act(async () => {
              await call.call('order.recordPayment', {
                orderId: id,
                amount: parseMoney(amount) ?? 0,
                method,
                ...(explanation.trim() ? { explanation: explanation.trim() } : {}),
                ...(reference.trim() ? { reference: reference.trim() } : {}),
              });
              return call.call('reservation.get', { reservationId: id });
            }, t('orders.saved'));
            if (ok) {
              setExplanation('');
              setReference('');
            }
          }}
        >
          <h3>{t('orders.addPayment')}</h3>
          <div className="res-line-fields">
            <label>
              {t('payment.amount')}
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
            <label>
              {t('payment.method')}
              <select value={method} onChange={(e) => setMethod(e.target.value as PaymentMethod)}>
                {PAYMENT_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`tender.${m}`)}
                  </option>
                ))}
              </select>
            </label>
            {method !== 'cash' ? (
              <label>
                {t('payment.reference')}
                <input value={reference} onChange={(e) => setReference(e.target.value)} maxLength={200} />
              </label>
            ) : null}
          </div>
          <label>
            {t('orders.explanation')}
            <input value={explanation} onChange={(e) => setExplanation(e.target.value)} maxLength={500} />
          </label>
          <FieldError error={error} path="amount" />
          <FieldError error={error} path="reference" />
          <button type="submit" className="btn btn-primary">
            {t('orders.addPayment')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

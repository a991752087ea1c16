import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CANCEL_REASONS, type CancelReason } from '../../shared/api/schemas.ts';
import type { Sale } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { cashRefundAmount, paidOtherThanCash } from '../../shared/refund-rules.ts';
import { priceReturn, type ReturnPrice } from '../../shared/returns.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';
import { useApproval } from '../components/Approval.tsx';
import { DateField } from '../components/DateField.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { Receipt } from '../components/Receipt.tsx';
import { api } from '../lib/api.ts';
import { parseQty } from '../lib/format.ts';
import { readHistoryQuery, sameName } from '../lib/history.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useSalesPages } from '../lib/useSalesPages.ts';
import { useDrawer } from '../stores/drawer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/** Cash handed back for a sale: the ledger's own rule (shared/refund-rules.ts). */
export function cashRefundPreview(sale: Sale, step: number): number {
  return cashRefundAmount(sale.paid, step, sale.currency);
}

const ROW_HEIGHT = 48;

export function HistoryScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** what Enter could not open, in words (no sale is opened on a guess) */
  const [miss, setMiss] = useState('');
  /** the row chosen with the arrow keys: Enter opens it */
  const [active, setActive] = useState<number | null>(null);
  const filters = useMemo(
    () => ({
      ...(q.trim() && readHistoryQuery(q).kind === 'text' ? { q: q.trim() } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    }),
    [q, from, to],
  );
  const pages = useSalesPages(filters, setError);
  const rows = pages.rows;

  // live updates: a sale completed or cancelled anywhere refreshes the list
  const reload = pages.reload;
  useEffect(() => {
    if (lastEvent?.type.startsWith('sale.')) reload();
  }, [lastEvent, reload]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: new filters, new list: no row is chosen
  useEffect(() => setActive(null), [filters]);

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
  });
  const items = virtual.getVirtualItems();
  const lastShown = items.at(-1)?.index ?? -1;
  const more = pages.more;
  // the next page is asked for before the clerk reaches the end of what is loaded
  useEffect(() => {
    if (lastShown >= rows.length - 20) more();
  }, [lastShown, rows.length, more]);

  async function open(id: string) {
    try {
      setSale(await api().call('sale.get', { saleId: id }));
      setMiss('');
    } catch (e) {
      setError(e);
    }
  }

  function move(by: number) {
    if (rows.length === 0) return;
    const next =
      active === null ? (by > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, active + by));
    setActive(next);
    virtual.scrollToIndex(next, { align: 'auto' });
  }

  /** Enter: the highlighted row, or the one sale the text names exactly (receipt QR, number). */
  async function submit() {
    setMiss('');
    const chosen = active === null ? undefined : rows[active];
    if (chosen) return void open(chosen.id);
    const r = readHistoryQuery(q);
    try {
      if (r.kind === 'saleId') {
        const s = await api()
          .call('sale.get', { saleId: r.id })
          .catch((err: unknown) => {
            if (err instanceof CommandError && err.code === 'NOT_FOUND') return null;
            throw err;
          });
        if (s) setSale(s);
        else setMiss(t('history.noSaleForCode'));
      } else if (r.kind === 'receipt') {
        const s = await api().call('sale.byReceipt', { receiptNumber: r.number });
        if (s) setSale(s);
        else setMiss(t('history.noReceipt', { n: r.number }));
      } else if (r.kind === 'text') {
        // a name opens a sale only when it is that customer's one and only sale
        const found = await api().call('sale.list', { ...filters, q: r.text, limit: 2 });
        const exact = found.filter((s) => s.customerName && sameName(s.customerName, r.text));
        if (found.length === 1 && exact.length === 1) void open(exact[0]!.id);
        else setMiss(found.length === 0 ? t('history.none') : t('history.pickWithArrows'));
      }
      setError(null);
    } catch (err) {
      setError(err);
    }
  }

  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div className="history">
      <section className="history-list" aria-labelledby="history-title">
        <h1 id="history-title">{t('history.title')}</h1>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('history.search')}
            <input
              id="history-search"
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setMiss('');
              }}
              onKeyDown={(e) => {
                // Enter here, not the form's implicit submission (the date fields would block it)
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void submit();
                } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                  e.preventDefault();
                  move(e.key === 'ArrowDown' ? 1 : -1);
                } else if (e.key === 'Escape' && active !== null) {
                  e.preventDefault();
                  setActive(null);
                }
              }}
              placeholder={t('history.searchPlaceholder')}
              aria-controls="history-rows"
              aria-activedescendant={active === null ? undefined : `sale-row-${active}`}
              autoComplete="off"
              // biome-ignore lint/a11y/noAutofocus: the history opens on its search box
              autoFocus
            />
          </label>
          <label htmlFor="history-from">
            {t('history.from')}
            <DateField id="history-from" value={from} onChange={setFrom} />
          </label>
          <label htmlFor="history-to">
            {t('history.to')}
            <DateField id="history-to" value={to} onChange={setTo} />
          </label>
          <FieldError error={error} path="from" />
          <FieldError error={error} path="to" />
        </form>
        {miss ? (
          <p className="field-error" role="alert" data-testid="history-miss">
            {miss}
          </p>
        ) : null}
        <ErrorBanner error={error} />
        <div className="history-scroll" ref={scroller} data-testid="history-scroll">
          <table className="list history-table" id="history-rows" aria-rowcount={rows.length + 1}>
            <thead>
              <tr>
                <th scope="col">{t('history.receipt')}</th>
                <th scope="col">{t('history.date')}</th>
                <th scope="col">{t('history.customer')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col" className="num">
                  {t('totals.total')}
                </th>
              </tr>
            </thead>
            <tbody>
              {top > 0 ? (
                <tr className="spacer-row">
                  <td colSpan={5} style={{ height: top }} />
                </tr>
              ) : null}
              {items.map((it) => {
                const s = rows[it.index]!;
                const cls = [sale?.id === s.id ? 'selected' : '', active === it.index ? 'active' : '']
                  .filter(Boolean)
                  .join(' ');
                return (
                  <tr
                    key={s.id}
                    id={`sale-row-${it.index}`}
                    className={cls}
                    aria-rowindex={it.index + 2}
                    data-testid="sale-row"
                  >
                    <td>
                      <button type="button" className="link" onClick={() => void open(s.id)}>
                        {s.receiptNumber ?? '—'}
                      </button>
                    </td>
                    <td className="nowrap">{fmt.dateTime(s.completedAt)}</td>
                    <td className="ellipsis">{s.customerName ?? '—'}</td>
                    <td>
                      <span className={`badge badge-${s.status}`}>{t(`status.${s.status}`)}</span>
                    </td>
                    <td className="num">{fmt.money(s.total, s.currency)}</td>
                  </tr>
                );
              })}
              {bottom > 0 ? (
                <tr className="spacer-row">
                  <td colSpan={5} style={{ height: bottom }} />
                </tr>
              ) : null}
              {pages.loaded && rows.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('history.none')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
        <p className="muted history-count" data-testid="history-count">
          {pages.done
            ? t('history.countAll', { count: rows.length })
            : t('history.countSoFar', { count: rows.length })}
        </p>
      </section>
      <section className="history-detail" aria-label={t('history.detail')}>
        {sale ? <SaleDetail sale={sale} onChange={setSale} /> : <p className="muted">{t('history.pick')}</p>}
      </section>
    </div>
  );
}

function SaleDetail({ sale, onChange }: { sale: Sale; onChange: (s: Sale) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const [dialog, setDialog] = useState<null | 'cancel' | 'refund' | 'return'>(null);
  const returnable =
    sale.status === 'completed' && sale.lines.some((l) => l.quantity > (l.returnedQuantity ?? 0));
  const returned = sale.lines.some((l) => (l.returnedQuantity ?? 0) > 0);
  const [reprint, setReprint] = useState<unknown>(undefined);
  async function doReprint() {
    try {
      await api().call('print.reprint', { saleId: sale.id });
      setReprint(null);
    } catch (e) {
      setReprint(e);
    }
  }
  return (
    <div>
      <div className="detail-head">
        <h2>
          {t('history.saleNo', { n: sale.receiptNumber ?? '—' })}{' '}
          <span className={`badge badge-${sale.status}`}>{t(`status.${sale.status}`)}</span>
        </h2>
        <div className="actions">
          {sale.receiptNumber !== null ? (
            <button type="button" className="btn" onClick={() => void doReprint()}>
              {t('receipt.reprint')}
            </button>
          ) : null}
          {returnable ? (
            <button type="button" className="btn" onClick={() => setDialog('return')}>
              {t('history.returnLines')}
            </button>
          ) : null}
          {sale.status === 'completed' && !returned ? (
            <button type="button" className="btn btn-danger" onClick={() => setDialog('cancel')}>
              {t('history.cancel')}
            </button>
          ) : null}
          {sale.status === 'cancelled' ? (
            <button type="button" className="btn btn-primary" onClick={() => setDialog('refund')}>
              {t('history.refund')}
            </button>
          ) : null}
        </div>
      </div>
      {sale.cancelReason ? (
        <p className="hint">
          {t('history.cancelledFor', { reason: t(`cancelReason.${sale.cancelReason}`) })}
          {sale.cancelMessage ? ` — « ${sale.cancelMessage} »` : ''}
        </p>
      ) : null}
      {reprint === null ? (
        <p className="notice" role="status">
          {t('receipt.reprinted')}
        </p>
      ) : null}
      {reprint ? <ErrorBanner error={reprint} /> : null}
      <Receipt sale={sale} store={store} />
      {dialog === 'cancel' ? (
        <CancelDialog
          sale={sale}
          onDone={(s) => {
            onChange(s);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {returned ? (
        <p className="hint" data-testid="returned-note">
          {t('history.returnedNote', { amount: fmt.money(sale.refundedAmount, sale.currency) })}
        </p>
      ) : null}
      {dialog === 'return' ? (
        <ReturnDialog
          sale={sale}
          onDone={(s) => {
            onChange(s);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'refund' ? (
        <RefundDialog
          sale={sale}
          onDone={(s) => {
            onChange(s);
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  );
}

export function CancelDialog({
  sale,
  onDone,
  onClose,
}: {
  sale: Sale;
  onDone: (s: Sale) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<CancelReason>('customer_request');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const { guard, dialog } = useApproval(setError);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    await guard(t(`cancelReason.${reason}`), async (a) => {
      onDone(
        await api().call('sale.cancel', {
          saleId: sale.id,
          reason,
          message,
          ...(a ? { approval: a } : {}),
        }),
      );
    });
  }
  return (
    <Dialog title={t('cancel.title', { n: sale.receiptNumber ?? '—' })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label>
          {t('cancel.reason')}
          <select value={reason} onChange={(e) => setReason(e.target.value as CancelReason)}>
            {CANCEL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`cancelReason.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <FieldError error={error} path="reason" />
        <label>
          {t('cancel.message')}
          <textarea value={message} onChange={(e) => setMessage(e.target.value)} rows={3} maxLength={2000} />
        </label>
        <p className="hint">{sale.customerId ? t('cancel.messageHint') : t('cancel.noCustomer')}</p>
        <FieldError error={error} path="message" />
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-danger">
            {t('cancel.confirm')}
          </button>
        </div>
      </form>
      {dialog}
    </Dialog>
  );
}

/** The card payments of a sale: a refund to the card goes back through them (head office). */
export function cardTenders(sale: Sale) {
  return sale.tenders.filter((t) => t.method === 'card');
}

/**
 * Refund of a cancelled sale: in cash at the till (the clerk identifies the customer and
 * confirms the sale with them; the amount and its effect on the drawer are shown first) or, for
 * a sale paid by card, back to the card: head office refunds it against the card payment's
 * reference and the sale waits as "refund pending" until it has.
 */
export function RefundDialog({
  sale,
  onDone,
  onClose,
}: {
  sale: Sale;
  onDone: (s: Sale) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const drawer = useDrawer((s) => s.current);
  const cards = cardTenders(sale);
  // a sale paid by card only goes back to the card unless the clerk chooses cash
  const [channel, setChannel] = useState<'cash' | 'card'>(
    cards.length > 0 && sale.tenders.every((x) => x.method === 'card') ? 'card' : 'cash',
  );
  const [reference, setReference] = useState(
    cards
      .map((c) => c.reference ?? '')
      .filter(Boolean)
      .join(', '),
  );
  const [customerOk, setCustomerOk] = useState(false);
  const [saleOk, setSaleOk] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { guard, dialog } = useApproval(setError);
  const cashAmount = cashRefundPreview(sale, store.cashRoundingStep);
  const amount = channel === 'cash' ? cashAmount : sale.paid;
  const notCash = channel === 'cash' && paidOtherThanCash(sale);
  const needsApproval = notCash || amount > store.refundApprovalThreshold;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    await guard(t(notCash ? 'refund.approvalReasonNotCash' : 'refund.approvalReason'), async (a) => {
      const approval = a ? { approval: a } : {};
      onDone(
        channel === 'cash'
          ? await api().call('sale.refundCash', {
              saleId: sale.id,
              customerConfirmed: customerOk as true,
              saleConfirmed: saleOk as true,
              ...approval,
            })
          : await api().call('sale.refundToCard', {
              saleId: sale.id,
              ...(reference.trim() ? { cardReference: reference.trim() } : {}),
              ...approval,
            }),
      );
    });
  }
  return (
    <Dialog title={t('refund.title', { n: sale.receiptNumber ?? '—' })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        {cards.length > 0 ? (
          <fieldset className="refund-channel" data-testid="refund-channel">
            <legend>{t('refund.channel')}</legend>
            <label className="check">
              <input
                type="radio"
                name="refund-channel"
                checked={channel === 'cash'}
                onChange={() => setChannel('cash')}
              />
              {t('refund.toCash')}
            </label>
            <label className="check">
              <input
                type="radio"
                name="refund-channel"
                checked={channel === 'card'}
                onChange={() => setChannel('card')}
              />
              {t('refund.toCard')}
            </label>
          </fieldset>
        ) : null}
        <dl className="refund-figures">
          <div>
            <dt>{t(channel === 'cash' ? 'refund.amount' : 'refund.amountToCard')}</dt>
            <dd className="big" data-testid="refund-amount">
              {fmt.money(amount, sale.currency)}
            </dd>
          </div>
          <div>
            <dt>{t('refund.drawerImpact')}</dt>
            <dd data-testid="drawer-impact">{fmt.money(channel === 'cash' ? -amount : 0, sale.currency)}</dd>
          </div>
        </dl>
        {channel === 'cash' ? (
          <>
            <p className="hint">
              {drawer ? t('refund.fromDrawer', { n: drawer.number }) : t('refund.noDrawer')}
              {needsApproval ? ` ${t(notCash ? 'refund.needsApprovalNotCash' : 'refund.needsApproval')}` : ''}
            </p>
            <label className="check">
              <input type="checkbox" checked={customerOk} onChange={(e) => setCustomerOk(e.target.checked)} />
              {t('refund.customerConfirmed')}
            </label>
            <FieldError error={error} path="customerConfirmed" />
            <label className="check">
              <input type="checkbox" checked={saleOk} onChange={(e) => setSaleOk(e.target.checked)} />
              {t('refund.saleConfirmed')}
            </label>
            <FieldError error={error} path="saleConfirmed" />
          </>
        ) : (
          <>
            <p className="hint">
              {t('refund.toCardHint')}
              {needsApproval ? ` ${t('refund.needsApproval')}` : ''}
            </p>
            <label>
              {t('refund.cardReference')}
              <input
                value={reference}
                onChange={(e) => setReference(e.target.value)}
                maxLength={200}
                autoComplete="off"
                data-testid="card-reference"
              />
            </label>
            <FieldError error={error} path="cardReference" />
          </>
        )}
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t(channel === 'cash' ? 'refund.confirm' : 'refund.confirmToCard')}
          </button>
        </div>
      </form>
      {dialog}
    </Dialog>
  );
}

/** The lines the clerk asked back, in the sale's order (a quantity that does not read is 0: refused, said by the field). */
function chosenLines(sale: Sale, asked: Record<string, string>) {
  return sale.lines
    .filter((l) => (asked[l.id] ?? '').trim() !== '' && (asked[l.id] ?? '').trim() !== '0')
    .map((l) => ({ lineId: l.id, quantity: parseQty(asked[l.id]!) ?? 0 }));
}

/** What the return dialog's quantities give back, or null while nothing valid is chosen. */
function previewReturn(sale: Sale, jurisdiction: keyof typeof JURISDICTIONS, asked: Record<string, string>) {
  const lines = chosenLines(sale, asked);
  if (lines.length === 0 || lines.some((l) => l.quantity === 0)) return null;
  try {
    return priceReturn(JURISDICTIONS[jurisdiction], sale, lines);
  } catch {
    return null;
  }
}

/**
 * Return of some lines of a completed sale: a quantity per line (what is left of it at most),
 * the cash handed back with the taxes of those lines (the ledger's own rule, shared/returns.ts),
 * refunded from the drawer once the clerk has identified the customer.
 */
export function ReturnDialog({
  sale,
  onDone,
  onClose,
}: {
  sale: Sale;
  onDone: (s: Sale) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store)!;
  const drawer = useDrawer((s) => s.current);
  const [asked, setAsked] = useState<Record<string, string>>({});
  const [customerOk, setCustomerOk] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { guard, dialog } = useApproval(setError);
  const lines = chosenLines(sale, asked);
  const price: ReturnPrice | null = previewReturn(sale, store.jurisdiction, asked);
  const amount = price ? cashRefundAmount(price.total, store.cashRoundingStep, sale.currency) : 0;
  const notCash = paidOtherThanCash(sale);
  const needsApproval = notCash || amount > store.refundApprovalThreshold;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    await guard(t(notCash ? 'refund.approvalReasonNotCash' : 'refund.approvalReason'), async (a) => {
      onDone(
        await api().call('sale.returnLines', {
          saleId: sale.id,
          lines,
          customerConfirmed: customerOk as true,
          ...(a ? { approval: a } : {}),
        }),
      );
    });
  }
  return (
    <Dialog title={t('returns.title', { n: sale.receiptNumber ?? '—' })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <table className="list return-lines">
          <thead>
            <tr>
              <th scope="col">{t('returns.item')}</th>
              <th scope="col" className="num">
                {t('returns.sold')}
              </th>
              <th scope="col" className="num">
                {t('returns.left')}
              </th>
              <th scope="col" className="num">
                {t('returns.back')}
              </th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((l, i) => {
              const left = l.quantity - (l.returnedQuantity ?? 0);
              return (
                <tr key={l.id} data-testid="return-line">
                  <td className="ellipsis">{l.name}</td>
                  <td className="num">{fmt.qty(l.quantity)}</td>
                  <td className="num">{fmt.qty(left)}</td>
                  <td className="num">
                    <input
                      className="qty-input"
                      inputMode="decimal"
                      aria-label={t('returns.backOf', { name: l.name })}
                      value={asked[l.id] ?? ''}
                      placeholder="0"
                      disabled={left === 0}
                      onChange={(e) => setAsked((a) => ({ ...a, [l.id]: e.target.value }))}
                      // biome-ignore lint/a11y/noAutofocus: the dialog opens on the first quantity
                      autoFocus={i === 0}
                    />
                    <FieldError
                      error={error}
                      path={`lines.${lines.findIndex((x) => x.lineId === l.id)}.quantity`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <FieldError error={error} path="lines" exact />
        <dl className="refund-figures">
          <div>
            <dt>{t('refund.amount')}</dt>
            <dd className="big" data-testid="return-amount">
              {fmt.money(amount, sale.currency)}
            </dd>
          </div>
          <div>
            <dt>{t('returns.taxes')}</dt>
            <dd data-testid="return-taxes">
              {price && price.taxes.length > 0
                ? price.taxes.map((x) => (
                    <div key={x.code} className="nowrap">
                      {t(`tax.${x.code}`, { defaultValue: x.code })} {fmt.money(x.tax, sale.currency)}
                    </div>
                  ))
                : '—'}
            </dd>
          </div>
        </dl>
        <p className="hint">
          {drawer ? t('refund.fromDrawer', { n: drawer.number }) : t('refund.noDrawer')}
          {needsApproval ? ` ${t(notCash ? 'refund.needsApprovalNotCash' : 'refund.needsApproval')}` : ''}
        </p>
        <label className="check">
          <input type="checkbox" checked={customerOk} onChange={(e) => setCustomerOk(e.target.checked)} />
          {t('refund.customerConfirmed')}
        </label>
        <FieldError error={error} path="customerConfirmed" />
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={lines.length === 0}>
            {t('returns.confirm')}
          </button>
        </div>
      </form>
      {dialog}
    </Dialog>
  );
}

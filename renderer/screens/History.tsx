import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CANCEL_REASONS, type CancelReason } from '../../shared/api/schemas.ts';
import type { Sale, SaleSummary } from '../../shared/api/types.ts';
import { roundCash } from '../../shared/cash-rounding.ts';
import { money } from '../../shared/money.ts';
import { useApproval } from '../components/Approval.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { Receipt } from '../components/Receipt.tsx';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useDrawer } from '../stores/drawer.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/** Cash handed back for a sale: as the ledger computes it (rounded, never above what was paid). */
export function cashRefundPreview(sale: Sale, step: number): number {
  const rounded = roundCash(money(sale.paid, sale.currency), { step }).amount;
  return rounded <= sale.paid ? rounded : rounded - step;
}

export function HistoryScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [list, setList] = useState<SaleSummary[]>([]);
  const [sale, setSale] = useState<Sale | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setList(
        await api().call('sale.list', {
          ...(q.trim() ? { q: q.trim() } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          limit: 100,
        }),
      );
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [q, from, to]);

  useEffect(() => {
    const h = setTimeout(() => void load(), 120);
    return () => clearTimeout(h);
  }, [load]);
  // live updates: a sale completed or cancelled anywhere refreshes the list
  useEffect(() => {
    if (lastEvent?.type.startsWith('sale.')) void load();
  }, [lastEvent, load]);

  async function open(id: string) {
    try {
      setSale(await api().call('sale.get', { saleId: id }));
    } catch (e) {
      setError(e);
    }
  }

  async function byReceipt(e: React.FormEvent) {
    e.preventDefault();
    const n = Number(q.trim());
    if (Number.isInteger(n) && n > 0) {
      try {
        const s = await api().call('sale.byReceipt', { receiptNumber: n });
        if (s) setSale(s);
      } catch (err) {
        setError(err);
      }
    } else if (list[0]) void open(list[0].id);
  }

  return (
    <div className="history">
      <section className="history-list" aria-labelledby="history-title">
        <h1 id="history-title">{t('history.title')}</h1>
        <form className="filters" onSubmit={byReceipt}>
          <label>
            {t('history.search')}
            <input
              id="history-search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('history.searchPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the history opens on its search box
              autoFocus
            />
          </label>
          <label>
            {t('history.from')}
            <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('history.to')}
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <FieldError error={error} path="from" />
          <FieldError error={error} path="to" />
        </form>
        <ErrorBanner error={error} />
        <table className="list">
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
            {list.map((s) => (
              <tr key={s.id} className={sale?.id === s.id ? 'selected' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => void open(s.id)}>
                    {s.receiptNumber ?? '—'}
                  </button>
                </td>
                <td>{fmt.dateTime(s.completedAt)}</td>
                <td>{s.customerName ?? '—'}</td>
                <td>
                  <span className={`badge badge-${s.status}`}>{t(`status.${s.status}`)}</span>
                </td>
                <td className="num">{fmt.money(s.total, s.currency)}</td>
              </tr>
            ))}
            {list.length === 0 ? (
              <tr>
                <td colSpan={5} className="muted">
                  {t('history.none')}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </section>
      <section className="history-detail" aria-label={t('history.detail')}>
        {sale ? <SaleDetail sale={sale} onChange={setSale} /> : <p className="muted">{t('history.pick')}</p>}
      </section>
    </div>
  );
}

function SaleDetail({ sale, onChange }: { sale: Sale; onChange: (s: Sale) => void }) {
  const { t } = useTranslation();
  const store = useSession((s) => s.store)!;
  const [dialog, setDialog] = useState<null | 'cancel' | 'refund'>(null);
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
          {sale.status === 'completed' ? (
            <button type="button" className="btn btn-danger" onClick={() => setDialog('cancel')}>
              {t('history.cancel')}
            </button>
          ) : null}
          {sale.status === 'cancelled' ? (
            <button type="button" className="btn btn-primary" onClick={() => setDialog('refund')}>
              {t('history.refundCash')}
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

/**
 * Refund in cash at the till (only a cancelled sale): the clerk identifies the customer and
 * confirms the sale with them; the amount and its effect on the drawer are shown first.
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
  const [customerOk, setCustomerOk] = useState(false);
  const [saleOk, setSaleOk] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { guard, dialog } = useApproval(setError);
  const amount = cashRefundPreview(sale, store.cashRoundingStep);
  const needsApproval = amount > store.refundApprovalThreshold;
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    await guard(t('refund.approvalReason'), async (a) => {
      onDone(
        await api().call('sale.refundCash', {
          saleId: sale.id,
          customerConfirmed: customerOk as true,
          saleConfirmed: saleOk as true,
          ...(a ? { approval: a } : {}),
        }),
      );
    });
  }
  return (
    <Dialog title={t('refund.title', { n: sale.receiptNumber ?? '—' })} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <dl className="refund-figures">
          <div>
            <dt>{t('refund.amount')}</dt>
            <dd className="big" data-testid="refund-amount">
              {fmt.money(amount, sale.currency)}
            </dd>
          </div>
          <div>
            <dt>{t('refund.drawerImpact')}</dt>
            <dd data-testid="drawer-impact">{fmt.money(-amount, sale.currency)}</dd>
          </div>
        </dl>
        <p className="hint">
          {drawer ? t('refund.fromDrawer', { n: drawer.number }) : t('refund.noDrawer')}
          {needsApproval ? ` ${t('refund.needsApproval')}` : ''}
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
        <ErrorBanner error={error} />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.back')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t('refund.confirm')}
          </button>
        </div>
      </form>
      {dialog}
    </Dialog>
  );
}

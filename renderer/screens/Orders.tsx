import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_METHODS, type PaymentMethod } from '../../shared/api/schemas.ts';
import type { Order } from '../../shared/api/types.ts';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { api } from '../lib/api.ts';
import { decimalInput, parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useUi } from '../stores/ui.ts';

/**
 * The counter "Add a payment" flow: find the order (rental) in the searchable list, open it,
 * enter the amount, an optional explanation and the payment method, save.
 */
export function OrdersScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [list, setList] = useState<Order[]>([]);
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setList(await api().call('order.list', q.trim() ? { q: q.trim() } : {}));
    } catch (e) {
      setError(e);
    }
  }, [q]);
  useEffect(() => {
    const h = setTimeout(() => void load(), 120);
    return () => clearTimeout(h);
  }, [load]);
  useEffect(() => {
    if (lastEvent?.type.startsWith('order.')) void load();
  }, [lastEvent, load]);

  async function open(id: string) {
    try {
      setOrder(await api().call('order.get', { orderId: id }));
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="history">
      <section className="history-list" aria-labelledby="orders-title">
        <h1 id="orders-title">{t('orders.title')}</h1>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (list[0]) void open(list[0].id);
          }}
        >
          <label>
            {t('orders.search')}
            <input
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('orders.searchPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the order list opens on its search box
              autoFocus
            />
          </label>
        </form>
        <ErrorBanner error={error} />
        <div className="history-scroll">
          <table className="list history-table">
            <thead>
              <tr>
                <th scope="col">{t('orders.number')}</th>
                <th scope="col">{t('orders.customer')}</th>
                <th scope="col">{t('orders.description')}</th>
                <th scope="col" className="num">
                  {t('orders.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((o) => (
                <tr key={o.id} className={order?.id === o.id ? 'selected' : ''}>
                  <td className="nowrap">
                    <button type="button" className="link nowrap" onClick={() => void open(o.id)}>
                      {o.number}
                    </button>
                  </td>
                  <td>{o.customerName ?? '—'}</td>
                  <td>{o.description}</td>
                  <td className="num">{fmt.money(o.balance, o.currency)}</td>
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('orders.none')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="history-detail" aria-label={t('orders.detail')}>
        {order ? (
          <OrderPayment key={order.id} order={order} onSaved={setOrder} />
        ) : (
          <p className="muted">{t('orders.pick')}</p>
        )}
      </section>
    </div>
  );
}

function OrderPayment({ order, onSaved }: { order: Order; onSaved: (o: Order) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <div>
      <h2>
        {order.number} — {order.description}
      </h2>
      <dl className="report-grid">
        <div>
          <dt>{t('orders.customer')}</dt>
          <dd>{order.customerName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('orders.total')}</dt>
          <dd>{fmt.money(order.total, order.currency)}</dd>
        </div>
        <div>
          <dt>{t('orders.paid')}</dt>
          <dd>{fmt.money(order.paid, order.currency)}</dd>
        </div>
        <div className="strong">
          <dt>{t('orders.balance')}</dt>
          <dd data-testid="order-balance">{fmt.money(order.balance, order.currency)}</dd>
        </div>
      </dl>
      <PaymentForm order={order} onSaved={onSaved} />
      <PaymentsTable order={order} />
    </div>
  );
}

/** "Ajouter un paiement" on any order (a bill, a reservation, an intervention): amount, explanation, method. */
export function PaymentForm({
  order,
  onSaved,
}: {
  order: Pick<Order, 'id' | 'balance' | 'currency'>;
  onSaved: (o: Order) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [amount, setAmount] = useState(order.balance > 0 ? decimalInput(order.balance, fmt.locale) : '');
  const [explanation, setExplanation] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [reference, setReference] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const o = await api().call('order.recordPayment', {
        orderId: order.id,
        amount: parseMoney(amount) ?? 0,
        method,
        ...(explanation.trim() ? { explanation: explanation.trim() } : {}),
        ...(reference.trim() ? { reference: reference.trim() } : {}),
      });
      onSaved(o);
      setAmount(o.balance > 0 ? decimalInput(o.balance, fmt.locale) : '');
      setExplanation('');
      setReference('');
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <>
      <h3>{t('orders.addPayment')}</h3>
      <form className="form" onSubmit={submit}>
        <label>
          {t('payment.amount')}
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <FieldError error={error} path="amount" />
        <label>
          {t('orders.explanation')}
          <input value={explanation} onChange={(e) => setExplanation(e.target.value)} maxLength={500} />
        </label>
        <FieldError error={error} path="explanation" />
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
        <FieldError error={error} path="reference" />
        <FieldError error={error} path="method" />
        <ErrorBanner error={error} />
        {saved ? (
          <p className="notice" role="status">
            {t('orders.saved')}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </div>
      </form>
    </>
  );
}

export function PaymentsTable({ order }: { order: Pick<Order, 'payments' | 'currency'> }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <>
      <h3>{t('orders.payments')}</h3>
      <table className="list compact">
        <tbody>
          {order.payments.map((p) => (
            <tr key={p.id}>
              <td>{fmt.dateTime(p.at)}</td>
              <td>{t(`tender.${p.method}`)}</td>
              <td>{p.explanation ?? ''}</td>
              <td className="num">{fmt.money(p.amount, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

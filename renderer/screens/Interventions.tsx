import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Intervention, InterventionSummary } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { INTERVENTION_MACHINE, type InterventionStatus } from '../../shared/state/intervention.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { api } from '../lib/api.ts';
import { parseMoney, parseQty } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useUi } from '../stores/ui.ts';
import { PaymentForm, PaymentsTable } from './Orders.tsx';

const refreshes = (type: string | undefined) =>
  !!type && (type.startsWith('intervention.') || type.startsWith('order.'));

/** the status buttons of the detail: the target and the machine's event that reaches it */
const MOVES: {
  to: Exclude<InterventionStatus, 'quote'>;
  event: 'accept' | 'complete' | 'close' | 'cancel';
}[] = [
  { to: 'order', event: 'accept' },
  { to: 'done', event: 'complete' },
  { to: 'closed', event: 'close' },
  { to: 'cancelled', event: 'cancel' },
];

export function InterventionStatusBadge({ status }: { status: InterventionStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-int-${status}`}>{t(`interventions.status.${status}`)}</span>;
}

/**
 * Interventions (Alt+J): repair and service jobs. The list (search, in progress only) and the
 * chosen one: status, lines, payments and the balance; lines are added while it is a quote or an
 * order, the status moves by the machine's buttons, "Ajouter un paiement" takes money on it.
 */
export function InterventionsScreen() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [openOnly, setOpenOnly] = useState(true);
  const [rows, setRows] = useState<InterventionSummary[]>([]);
  const [openId, setOpenId] = useState<string | null>(() => useUi.getState().openId);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setRows(
        await api().call('intervention.list', {
          ...(q.trim() ? { q: q.trim() } : {}),
          ...(openOnly ? { open: true } : {}),
        }),
      );
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [q, openOnly]);
  useEffect(() => {
    const h = setTimeout(() => void load(), 120);
    return () => clearTimeout(h);
  }, [load]);
  useEffect(() => {
    if (refreshes(lastEvent?.type)) void load();
  }, [lastEvent, load]);

  return (
    <div className="history interventions-screen">
      <section className="history-list" aria-labelledby="interventions-title">
        <h1 id="interventions-title">{t('interventions.title')}</h1>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (rows[0]) setOpenId(rows[0].id);
          }}
        >
          <label>
            {t('interventions.search')}
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('interventions.searchPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the list opens on its search box
              autoFocus={!openId}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.target.checked)} />
            {t('interventions.openOnly')}
          </label>
        </form>
        <ErrorBanner error={error} />
        <div className="history-scroll">
          <table className="list history-table">
            <thead>
              <tr>
                <th scope="col">{t('interventions.number')}</th>
                <th scope="col">{t('interventions.customer')}</th>
                <th scope="col">{t('interventions.description')}</th>
                <th scope="col">{t('interventions.statusLabel')}</th>
                <th scope="col" className="num">
                  {t('interventions.balance')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={r.id}
                  className={openId === r.id ? 'selected' : ''}
                  data-testid={`intervention-${r.number}`}
                >
                  <td className="nowrap">
                    <button type="button" className="link" onClick={() => setOpenId(r.id)}>
                      {r.number}
                    </button>
                  </td>
                  <td className="ellipsis">{r.customerName}</td>
                  <td className="ellipsis">{r.description}</td>
                  <td>
                    <InterventionStatusBadge status={r.status} />
                  </td>
                  <td className="num nowrap">{fmt.money(r.balance)}</td>
                </tr>
              ))}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={5} className="muted">
                    {t('interventions.none')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="history-detail" aria-label={t('interventions.detail')}>
        {openId ? (
          <InterventionDetail key={openId} id={openId} />
        ) : (
          <p className="muted">{t('interventions.pick')}</p>
        )}
      </section>
    </div>
  );
}

export function InterventionDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const lastEvent = useUi((s) => s.lastEvent);
  const [it, setIt] = useState<Intervention | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);
  const load = useCallback(async () => {
    try {
      setIt(await api().call('intervention.get', { interventionId: id }));
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

  async function move(to: (typeof MOVES)[number]['to']) {
    setCancelling(false);
    setError(null);
    try {
      setIt(await api().call('intervention.setStatus', { interventionId: id, to }));
    } catch (e) {
      setError(e);
    }
  }

  if (!it) return <ErrorBanner error={error} />;
  const editable = INTERVENTION_MACHINE[it.status].addLines !== undefined;
  const payable = it.balance > 0 && (it.status === 'quote' || it.status === 'order' || it.status === 'done');
  return (
    <div data-testid="intervention-detail">
      <h2>
        {it.number} — {it.description}
      </h2>
      <dl className="report-grid">
        <div>
          <dt>{t('interventions.customer')}</dt>
          <dd>{it.customerName}</dd>
        </div>
        <div>
          <dt>{t('interventions.statusLabel')}</dt>
          <dd>
            <InterventionStatusBadge status={it.status} />
          </dd>
        </div>
        <div>
          <dt>{t('interventions.total')}</dt>
          <dd>{fmt.money(it.total, it.currency)}</dd>
        </div>
        <div>
          <dt>{t('interventions.paid')}</dt>
          <dd>{fmt.money(it.paid, it.currency)}</dd>
        </div>
        <div className="strong">
          <dt>{t('interventions.balance')}</dt>
          <dd data-testid="intervention-balance">{fmt.money(it.balance, it.currency)}</dd>
        </div>
      </dl>
      <div className="actions" role="toolbar" aria-label={t('interventions.moves')}>
        {MOVES.filter((m) => INTERVENTION_MACHINE[it.status][m.event] !== undefined).map((m) => (
          <button
            type="button"
            key={m.to}
            className={m.to === 'cancelled' ? 'btn btn-danger' : 'btn btn-primary'}
            onClick={() => (m.to === 'cancelled' ? setCancelling(true) : void move(m.to))}
          >
            {t(`interventions.move.${m.event}`)}
          </button>
        ))}
      </div>
      <ErrorBanner error={error} />
      <h3>{t('interventions.lines')}</h3>
      <table className="list compact" data-testid="intervention-lines">
        <thead>
          <tr>
            <th scope="col">{t('interventions.description')}</th>
            <th scope="col" className="num">
              {t('interventions.quantity')}
            </th>
            <th scope="col" className="num">
              {t('interventions.unitPrice')}
            </th>
            <th scope="col" className="num">
              {t('interventions.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {it.lines.map((l) => (
            <tr key={l.id}>
              <td>{l.description}</td>
              <td className="num">{fmt.qty(l.quantity)}</td>
              <td className="num nowrap">{fmt.money(l.unitPrice, it.currency)}</td>
              <td className="num nowrap">{fmt.money(l.amount, it.currency)}</td>
            </tr>
          ))}
          {it.lines.length === 0 ? (
            <tr>
              <td colSpan={4} className="muted">
                {t('interventions.noLines')}
              </td>
            </tr>
          ) : null}
        </tbody>
        <tfoot>
          {it.taxes.map((x) => (
            <tr key={x.code}>
              <td colSpan={3}>{t(`tax.${x.code.replace('.', '_')}`, { defaultValue: x.code })}</td>
              <td className="num nowrap">{fmt.money(x.tax, it.currency)}</td>
            </tr>
          ))}
        </tfoot>
      </table>
      {editable ? <AddLine id={it.id} onSaved={setIt} /> : null}
      {payable ? <PaymentForm order={it} onSaved={() => void load()} /> : null}
      <PaymentsTable order={it} />
      {cancelling ? (
        <Dialog
          title={t('interventions.cancelTitle', { number: it.number })}
          onClose={() => setCancelling(false)}
        >
          <p>{t('interventions.cancelText')}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setCancelling(false)}>
              {t('common.back')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void move('cancelled')}>
              {t('interventions.move.cancel')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

/** A line by description: labour or a part, its quantity and unit price. */
function AddLine({ id, onSaved }: { id: string; onSaved: (i: Intervention) => void }) {
  const { t } = useTranslation();
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      onSaved(
        await api().call('intervention.addLines', {
          interventionId: id,
          lines: [
            {
              description: description.trim(),
              // what the clerk typed, or 0 (refused by the ledger, naming the field)
              quantity: parseQty(quantity) ?? 0,
              unitPrice: parseMoney(price) ?? -1,
            },
          ],
        }),
      );
      setDescription('');
      setQuantity('1');
      setPrice('');
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form
      className="form intervention-line-form"
      onSubmit={submit}
      aria-label={t('interventions.addLine')}
      noValidate
    >
      <h3>{t('interventions.addLine')}</h3>
      <div className="intervention-line-fields">
        <div className="wide">
          <label>
            {t('interventions.description')}
            <input value={description} onChange={(e) => setDescription(e.target.value)} maxLength={200} />
          </label>
          <FieldError error={error} path="lines.0.description" />
        </div>
        <div>
          <label>
            {t('interventions.quantity')}
            <input inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
          <FieldError error={error} path="lines.0.quantity" />
        </div>
        <div>
          <label>
            {t('interventions.unitPrice')}
            <input inputMode="decimal" value={price} onChange={(e) => setPrice(e.target.value)} />
          </label>
          <FieldError error={error} path="lines.0.unitPrice" />
        </div>
      </div>
      <ErrorBanner error={error instanceof CommandError && error.fields?.length ? null : error} />
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          {t('interventions.addLineButton')}
        </button>
      </div>
    </form>
  );
}

import type { TFunction } from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Customer,
  CustomerDeleteReport,
  CustomerDetail,
  CustomerDocument,
  Product,
} from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { mapUrl } from '../../shared/external-links.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorBanner, FieldError } from '../components/FieldError.tsx';
import { api } from '../lib/api.ts';
import { addDays, today, zonedInstant } from '../lib/calendar.ts';
import { openExternal } from '../lib/external.ts';
import { useCart } from '../stores/cart.ts';
import { useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

type Refused = CustomerDeleteReport['refused'];

/** The customers a delete refused, from its report or from its CONFLICT (all refused). */
function refusedOf(e: unknown): Refused | null {
  if (e instanceof CommandError && e.code === 'CONFLICT' && e.details?.reason === 'documentsInProgress') {
    return (e.details.refused as Refused) ?? [];
  }
  return null;
}

/**
 * Customers (Alt+T): search as you type, create (Alt+N), edit, delete one or several (the
 * checkboxes). A customer with documents in progress — an open ticket, an unpaid order, a quote,
 * a reservation, a rental contract — is not deleted: the screen lists those documents. A delete
 * erases the personal data; the documents keep the customer's id.
 */
export function CustomersScreen() {
  const { t } = useTranslation();
  const lastEvent = useUi((s) => s.lastEvent);
  const [q, setQ] = useState('');
  const [list, setList] = useState<Customer[]>([]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [current, setCurrent] = useState<CustomerDetail | 'new' | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirm, setConfirm] = useState<string[] | null>(null);
  const [report, setReport] = useState<{ deleted: number; refused: Refused } | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setList(await api().call('customer.search', { q: q.trim() }));
    } catch (e) {
      setError(e);
    }
  }, [q]);
  useEffect(() => {
    const h = setTimeout(() => void load(), 120);
    return () => clearTimeout(h);
  }, [load]);
  useEffect(() => {
    if (lastEvent?.type.startsWith('customer.')) void load();
  }, [lastEvent, load]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (document.querySelector('[role="dialog"]')) return;
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.key.toLowerCase() === 'n') {
        e.preventDefault();
        setReport(null);
        setSaved(false);
        setCurrent('new');
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  async function open(id: string) {
    setReport(null);
    setSaved(false);
    try {
      setCurrent(await api().call('customer.get', { customerId: id }));
    } catch (e) {
      setError(e);
    }
  }

  async function remove(ids: string[]) {
    setConfirm(null);
    setError(null);
    try {
      const r = await api().call('customer.delete', { customerIds: ids });
      setReport({ deleted: r.deleted.length, refused: r.refused });
      if (current !== null && current !== 'new' && r.deleted.includes(current.id)) setCurrent(null);
    } catch (e) {
      const refused = refusedOf(e);
      if (refused) setReport({ deleted: 0, refused });
      else setError(e);
    }
    setPicked(new Set());
    await load();
  }

  const toggle = (id: string) =>
    setPicked((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <div className="history customers-screen">
      <section className="history-list" aria-labelledby="customers-title">
        <h1 id="customers-title">{t('customers.title')}</h1>
        <form
          className="filters customers-filters"
          onSubmit={(e) => {
            e.preventDefault();
            if (list[0]) void open(list[0].id);
          }}
        >
          <label>
            {t('customers.search')}
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('customers.searchPlaceholder')}
              // biome-ignore lint/a11y/noAutofocus: the customer list opens on its search box
              autoFocus
            />
          </label>
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setReport(null);
              setSaved(false);
              setCurrent('new');
            }}
          >
            {t('customers.new')} <kbd>Alt+N</kbd>
          </button>
          <button
            type="button"
            className="btn btn-danger"
            disabled={picked.size === 0}
            onClick={() => setConfirm([...picked])}
          >
            {t('customers.deleteSelected', { count: picked.size })}
          </button>
        </form>
        <ErrorBanner error={error} />
        {report ? <DeleteReport report={report} /> : null}
        <div className="history-scroll">
          <table className="list history-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">{t('customers.select')}</span>
                </th>
                <th scope="col">{t('customers.name')}</th>
                <th scope="col">{t('customers.phone')}</th>
                <th scope="col">{t('customers.city')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr
                  key={c.id}
                  data-testid={`customer-${c.name}`}
                  className={current !== null && current !== 'new' && current.id === c.id ? 'selected' : ''}
                >
                  <td>
                    <input
                      type="checkbox"
                      checked={picked.has(c.id)}
                      onChange={() => toggle(c.id)}
                      aria-label={t('customers.selectOne', { name: c.name })}
                    />
                  </td>
                  <td>
                    <button type="button" className="link" onClick={() => void open(c.id)}>
                      {c.name}
                    </button>
                  </td>
                  <td className="nowrap">{c.phone ?? ''}</td>
                  <td>{[c.postalCode, c.city].filter(Boolean).join(' ')}</td>
                </tr>
              ))}
              {list.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('customers.none')}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>
      <section className="history-detail" aria-label={t('customers.detail')}>
        {current ? (
          <CustomerForm
            key={current === 'new' ? 'new' : current.id}
            customer={current === 'new' ? null : current}
            saved={saved}
            onEdit={() => setSaved(false)}
            onSaved={(c) => {
              setCurrent(c);
              setSaved(true);
              void load();
            }}
            onDelete={(id) => setConfirm([id])}
          />
        ) : (
          <p className="muted">{t('customers.pick')}</p>
        )}
      </section>
      {confirm ? (
        <Dialog
          title={t('customers.confirmTitle', { count: confirm.length })}
          onClose={() => setConfirm(null)}
        >
          <p>{t('customers.confirmText', { count: confirm.length })}</p>
          <div className="actions">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn-danger" onClick={() => void remove(confirm)}>
              {t('customers.delete')}
            </button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}

function documentLabel(t: TFunction, d: CustomerDocument): string {
  return t(`customers.doc.${d.kind}`, { number: d.number });
}

/** What a delete did: how many were deleted, and who was kept with which documents. */
function DeleteReport({ report }: { report: { deleted: number; refused: Refused } }) {
  const { t } = useTranslation();
  return (
    <div
      className={report.refused.length ? 'error-banner' : 'notice'}
      role="status"
      data-testid="delete-report"
    >
      {report.deleted > 0 ? <p>{t('customers.deleted', { count: report.deleted })}</p> : null}
      {report.refused.length > 0 ? (
        <>
          <p>{t('customers.refused', { count: report.refused.length })}</p>
          <ul>
            {report.refused.map((r) => (
              <li key={r.customerId}>
                <strong>{r.name}</strong> : {r.documents.map((d) => documentLabel(t, d)).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

const FIELDS = ['name', 'email', 'phone', 'address', 'postalCode', 'city', 'notes'] as const;
type Field = (typeof FIELDS)[number];

function CustomerForm({
  customer,
  saved,
  onEdit,
  onSaved,
  onDelete,
}: {
  customer: CustomerDetail | null;
  /** the record was just saved (the form is mounted again for a new customer's id) */
  saved: boolean;
  onEdit: () => void;
  onSaved: (c: CustomerDetail) => void;
  onDelete: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<Field, string>>(() => {
    const o = {} as Record<Field, string>;
    for (const f of FIELDS) o[f] = customer?.[f] ?? '';
    return o;
  });
  const [error, setError] = useState<unknown>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    onEdit();
    try {
      let id: string;
      if (customer) {
        const patch: Record<string, string | null> = { name: v.name.trim() };
        for (const f of FIELDS) if (f !== 'name') patch[f] = v[f].trim() || null;
        id = (await api().call('customer.update', { customerId: customer.id, ...patch } as never)).id;
      } else {
        const input: Record<string, string> = {};
        for (const f of FIELDS) if (v[f].trim()) input[f] = v[f].trim();
        id = (await api().call('customer.create', { name: '', ...input } as never)).id;
      }
      onSaved(await api().call('customer.get', { customerId: id }));
    } catch (err) {
      setError(err);
    }
  }

  const field = (f: Field, type = 'text') => (
    <div
      className={f === 'notes' || f === 'address' || f === 'name' ? 'customer-field wide' : 'customer-field'}
    >
      {f === 'notes' ? (
        <label>
          {t(`customers.${f}`)}
          <textarea value={v[f]} rows={2} onChange={(e) => setV({ ...v, [f]: e.target.value })} />
        </label>
      ) : (
        <label>
          {t(`customers.${f}`)}
          <input
            type={type}
            value={v[f]}
            onChange={(e) => setV({ ...v, [f]: e.target.value })}
            // biome-ignore lint/a11y/noAutofocus: a new customer starts on the name
            autoFocus={f === 'name' && !customer}
          />
        </label>
      )}
      <FieldError error={error} path={f} />
    </div>
  );

  return (
    <div>
      <h2>{customer ? customer.name : t('customers.new')}</h2>
      <form className="form customer-form" onSubmit={submit} aria-label={t('customers.form')} noValidate>
        {field('name')}
        {field('phone', 'tel')}
        {field('email', 'email')}
        {field('address')}
        {field('postalCode')}
        {field('city')}
        {field('notes')}
        <div className="wide">
          <ErrorBanner
            error={error && !(error instanceof CommandError && error.fields?.length) ? error : null}
          />
        </div>
        {saved ? (
          <p className="notice wide" role="status">
            {t('customers.saved')}
          </p>
        ) : null}
        <div className="actions wide">
          <button type="submit" className="btn btn-primary">
            {customer ? t('common.save') : t('customers.create')}
          </button>
          {customer ? <LocateButton customer={customer} /> : null}
          {customer ? (
            <button type="button" className="btn btn-danger" onClick={() => onDelete(customer.id)}>
              {t('customers.delete')}
            </button>
          ) : null}
        </div>
      </form>
      {customer ? <NewDocuments customer={customer} /> : null}
      {customer ? (
        <>
          <h3>{t('customers.documents')}</h3>
          {customer.openDocuments.length ? (
            <ul data-testid="open-documents">
              {customer.openDocuments.map((d) => (
                <li key={`${d.kind}-${d.id}`}>{documentLabel(t, d)}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('customers.noDocuments')}</p>
          )}
        </>
      ) : null}
    </div>
  );
}

/**
 * "Locate": the saved address on the map site, outside the app (the shell's vetted link);
 * disabled while the customer has no street address.
 */
function LocateButton({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const url = mapUrl(customer);
  return (
    <button
      type="button"
      className="btn"
      disabled={url === null}
      title={url === null ? t('customers.locateNoAddress') : t('customers.locateHint')}
      onClick={() => {
        if (url) openExternal(url);
      }}
    >
      {t('customers.locate')}
    </button>
  );
}

type NewKind = 'sale' | 'rental' | 'intervention';

/**
 * From a customer: a new sale (the counter, with the customer on the ticket), a new rental (a
 * quote or a confirmed reservation) or a new intervention (a quote or an order) — each after a
 * confirmation, which for a rental or an intervention is its short form.
 */
function NewDocuments({ customer }: { customer: CustomerDetail }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<NewKind | null>(null);
  return (
    <>
      <fieldset className="customer-new-docs">
        <legend className="sr-only">{t('customers.newDocs')}</legend>
        {(['sale', 'rental', 'intervention'] as const).map((k) => (
          <button type="button" key={k} className="btn" onClick={() => setKind(k)}>
            {t(`customers.new_${k}`)}
          </button>
        ))}
      </fieldset>
      {kind === 'sale' ? <NewSale customer={customer} onClose={() => setKind(null)} /> : null}
      {kind === 'rental' ? <NewRental customer={customer} onClose={() => setKind(null)} /> : null}
      {kind === 'intervention' ? <NewIntervention customer={customer} onClose={() => setKind(null)} /> : null}
    </>
  );
}

function NewSale({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const lines = useCart((s) => s.lines.length);
  return (
    <Dialog title={t('customers.confirm_sale', { name: customer.name })} onClose={onClose}>
      <p>{t('customers.confirm_saleText', { name: customer.name })}</p>
      {lines > 0 ? <p>{t('customers.confirm_saleTicket', { count: lines, name: customer.name })}</p> : null}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => {
            useCart.getState().attach(customer);
            onClose();
            useUi.getState().go('counter');
          }}
        >
          {t('customers.go_sale')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * a wall-clock date and time in the store's zone → the instant (ISO). Not the day's start plus
 * the hours: on a daylight-saving change day that is an hour off (09:00 became 10:00 in Toronto
 * on 2027-03-14).
 */
function instant(date: string, time: string, timeZone: string): string {
  return zonedInstant(`${date}T${time || '00:00'}`, timeZone);
}

function NewRental({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const tz = useSession((s) => s.store?.timeZone) ?? 'UTC';
  const [status, setStatus] = useState<'quote' | 'confirmed'>('quote');
  const [items, setItems] = useState<Product[]>([]);
  const [productId, setProductId] = useState('');
  const [quantity, setQuantity] = useState('1');
  const tomorrow = addDays(today(tz), 1);
  const [pickupDate, setPickupDate] = useState(tomorrow);
  const [pickupTime, setPickupTime] = useState('09:00');
  const [returnDate, setReturnDate] = useState(addDays(tomorrow, 1));
  const [returnTime, setReturnTime] = useState('09:00');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api()
      .call('catalogue.search', { q: '', limit: 200 })
      .then((ps) => {
        const rented = ps.filter((p) => p.rentalDay !== null);
        setItems(rented);
        setProductId((id) => id || rented[0]?.id || '');
      }, setError);
  }, []);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const r = await api().call('reservation.create', {
        customerId: customer.id,
        status,
        pickupAt: instant(pickupDate, pickupTime, tz),
        returnAt: instant(returnDate, returnTime, tz),
        lines: [{ productId, quantity: Number(quantity) }],
      });
      onClose();
      useUi.getState().go('reservations', r.id);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('customers.confirm_rental', { name: customer.name })} onClose={onClose} wide>
      <form className="new-doc-form" onSubmit={submit} aria-label={t('customers.new_rental')} noValidate>
        <fieldset className="wide">
          <legend>{t('customers.rentalAs')}</legend>
          {(['quote', 'confirmed'] as const).map((s) => (
            <label key={s} className="check">
              <input type="radio" name="rental-status" checked={status === s} onChange={() => setStatus(s)} />
              {t(`customers.rental_${s}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <label>
            {t('customers.rentalItem')}
            <select value={productId} onChange={(e) => setProductId(e.target.value)}>
              {items.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <FieldError error={error} path="lines.0.productId" />
        </div>
        <div>
          <label>
            {t('customers.rentalQuantity')}
            <input inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </label>
          <FieldError error={error} path="lines.0.quantity" />
        </div>
        <div>
          <label>
            {t('customers.pickupDate')}
            <input type="date" value={pickupDate} onChange={(e) => setPickupDate(e.target.value)} />
          </label>
        </div>
        <div>
          <label>
            {t('customers.pickupTime')}
            <input type="time" value={pickupTime} onChange={(e) => setPickupTime(e.target.value)} />
          </label>
          <FieldError error={error} path="pickupAt" />
        </div>
        <div>
          <label>
            {t('customers.returnDate')}
            <input type="date" value={returnDate} onChange={(e) => setReturnDate(e.target.value)} />
          </label>
        </div>
        <div>
          <label>
            {t('customers.returnTime')}
            <input type="time" value={returnTime} onChange={(e) => setReturnTime(e.target.value)} />
          </label>
          <FieldError error={error} path="returnAt" />
        </div>
        <div className="wide">
          <ErrorBanner error={error instanceof CommandError && error.fields?.length ? null : error} />
        </div>
        <div className="actions wide">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t(`customers.go_rental_${status}`)}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function NewIntervention({ customer, onClose }: { customer: CustomerDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'quote' | 'order'>('quote');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const i = await api().call('intervention.create', {
        customerId: customer.id,
        description: description.trim(),
        status,
      });
      onClose();
      useUi.getState().go('interventions', i.id);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <Dialog title={t('customers.confirm_intervention', { name: customer.name })} onClose={onClose}>
      <form
        className="new-doc-form"
        onSubmit={submit}
        aria-label={t('customers.new_intervention')}
        noValidate
      >
        <div className="wide">
          <label>
            {t('customers.interventionWhat')}
            <input
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              maxLength={200}
              placeholder={t('customers.interventionPlaceholder')}
              autoFocus
            />
          </label>
          <FieldError error={error} path="description" />
        </div>
        <fieldset className="wide">
          <legend>{t('customers.interventionAs')}</legend>
          {(['quote', 'order'] as const).map((s) => (
            <label key={s} className="check">
              <input
                type="radio"
                name="intervention-status"
                checked={status === s}
                onChange={() => setStatus(s)}
              />
              {t(`interventions.status.${s}`)}
            </label>
          ))}
        </fieldset>
        <div className="wide">
          <ErrorBanner error={error instanceof CommandError && error.fields?.length ? null : error} />
        </div>
        <div className="actions wide">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t('customers.go_intervention')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

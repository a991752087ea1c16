import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_STATUSES, type UnitStatus } from '../../shared/api/schemas.ts';
import type { ProductDetail, RentalRates, Unit, UnitMovement } from '../../shared/api/types.ts';
import { CommandError, issue, validationError } from '../../shared/errors.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';
import { api } from '../lib/api.ts';
import { type CategoryRow, fileToBase64 } from '../lib/catalogue.ts';
import { issuesFor } from '../lib/errors.ts';
import { decimalInput, parseMoney } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useSession } from '../stores/session.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorBanner, FieldError } from './FieldError.tsx';

const RATE_KEYS = [
  'fourHours',
  'day',
  'weekend',
  'week',
  'month',
] as const satisfies readonly (keyof RentalRates)[];

interface Form {
  name: string;
  sku: string;
  barcode: string;
  manufacturer: string;
  model: string;
  description: string;
  categoryId: string;
  price: string;
  taxCategory: string;
  rates: Record<keyof RentalRates, string>;
  deposit: string;
  onWebsite: boolean;
}

/** Money typed in a field → minor units; '' → null; a bad amount → NaN (refused with the field named). */
function money(s: string): number | null {
  if (s.trim() === '') return null;
  const v = parseMoney(s);
  return v === null ? Number.NaN : v;
}

function formOf(p: ProductDetail | null, locale: string, categoryId: string | null): Form {
  const m = (v: number | null) => (v === null ? '' : decimalInput(v, locale));
  return {
    name: p?.name ?? '',
    sku: p?.sku ?? '',
    barcode: p?.barcode ?? '',
    manufacturer: p?.manufacturer ?? '',
    model: p?.model ?? '',
    description: p?.description ?? '',
    categoryId: p ? (p.categoryId ?? '') : (categoryId ?? ''),
    price: p ? m(p.price) : '',
    taxCategory: p?.taxCategory ?? 'standard',
    rates: {
      fourHours: m(p?.rates.fourHours ?? null),
      day: m(p?.rates.day ?? null),
      weekend: m(p?.rates.weekend ?? null),
      week: m(p?.rates.week ?? null),
      month: m(p?.rates.month ?? null),
    },
    deposit: m(p?.deposit ?? null),
    onWebsite: p?.onWebsite ?? true,
  };
}

/**
 * One catalogue item: its record (tab "Fiche") and its units (tab "Unités"). Every button is one
 * command; a delete that something still references is refused with the reason, and archiving is
 * offered instead.
 */
export function ProductEditor({
  productId,
  categories,
  defaultCategoryId,
  onClose,
  onNotice,
}: {
  productId: string | null;
  categories: CategoryRow[];
  defaultCategoryId: string | null;
  onClose: () => void;
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const store = useSession((s) => s.store);
  const [product, setProduct] = useState<ProductDetail | null>(null);
  const [form, setForm] = useState<Form>(() => formOf(null, fmt.locale, defaultCategoryId));
  const [tab, setTab] = useState<'details' | 'units'>('details');
  const [error, setError] = useState<unknown>(null);
  const [photo, setPhoto] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const taxCategories = Object.keys(JURISDICTIONS[store?.jurisdiction ?? 'CA-QC'].categories);

  const reload = useCallback(
    async (id: string) => {
      const p = await api().call('product.get', { productId: id });
      setProduct(p);
      if (p) setForm(formOf(p, fmt.locale, null));
      setPhoto(p?.photo ? await api().call('product.photo', { productId: id, size: 'thumb' }) : null);
    },
    [fmt.locale],
  );
  useEffect(() => {
    if (productId) void reload(productId).catch(setError);
  }, [productId, reload]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));

  function input() {
    const rates = Object.fromEntries(RATE_KEYS.map((k) => [k, money(form.rates[k])])) as Record<
      keyof RentalRates,
      number | null
    >;
    const price = money(form.price);
    return {
      name: form.name,
      ...(form.sku.trim() ? { sku: form.sku.trim() } : {}),
      barcode: form.barcode.trim() || null,
      manufacturer: form.manufacturer,
      model: form.model,
      description: form.description,
      categoryId: form.categoryId || null,
      price: price ?? Number.NaN,
      taxCategory: form.taxCategory,
      rates,
      deposit: money(form.deposit),
      onWebsite: form.onWebsite,
    };
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    // an amount that does not read as one is named here, by code (the wire would turn NaN into null)
    const typed = input();
    const bad = [
      ...(Number.isNaN(typed.price) ? ['price'] : []),
      ...(typed.deposit !== null && Number.isNaN(typed.deposit) ? ['deposit'] : []),
      ...RATE_KEYS.filter((k) => Number.isNaN(typed.rates[k])).map((k) => `rates.${k}`),
    ];
    if (bad.length > 0) {
      setError(validationError(bad.map((path) => issue(path, 'amount', 'not an amount'))));
      return;
    }
    try {
      const out = product
        ? await api().call('product.update', { productId: product.id, changes: input() })
        : await api().call('product.create', input());
      onNotice(t(product ? 'catalogue.saved' : 'catalogue.created', { name: out.name }));
      await reload(out.id);
    } catch (err) {
      setError(err);
    }
  }

  async function act(fn: () => Promise<ProductDetail | null>, key: string) {
    setError(null);
    try {
      const out = await fn();
      onNotice(t(key, { name: product?.name ?? '' }));
      if (out) await reload(out.id);
      else onClose();
    } catch (err) {
      setError(err);
    }
  }

  async function pickPhoto(file: File | undefined) {
    if (!file || !product) return;
    setError(null);
    setBusy(true);
    try {
      const image = await fileToBase64(file);
      await api().call('product.setPhoto', { productId: product.id, image });
      await reload(product.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const refused =
    error instanceof CommandError && error.details?.reason === 'productReferenced'
      ? (error.details.references as Record<string, number>)
      : null;
  const err = (path: string) =>
    issuesFor(error, path).length > 0 || issuesFor(error, `changes.${path}`).length > 0;
  const fe = (path: string) => (
    <>
      <FieldError error={error} path={path} />
      <FieldError error={error} path={`changes.${path}`} />
    </>
  );

  return (
    <Dialog title={product ? product.name : t('catalogue.add')} onClose={onClose} wide>
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'details'}
          className={tab === 'details' ? 'tab tab-on' : 'tab'}
          onClick={() => setTab('details')}
        >
          {t('catalogue.tabDetails')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'units'}
          className={tab === 'units' ? 'tab tab-on' : 'tab'}
          onClick={() => setTab('units')}
          disabled={!product}
          title={product ? undefined : t('catalogue.unitsAfterSave')}
        >
          {t('catalogue.tabUnits')}
          {product ? ` (${product.units.total})` : ''}
        </button>
      </div>
      {tab === 'details' ? (
        <form className="form product-form" onSubmit={save}>
          <div className="product-grid">
            <label className="span2">
              {t('catalogue.name')}
              <input
                value={form.name}
                onChange={(e) => set('name', e.target.value)}
                maxLength={200}
                aria-invalid={err('name')}
                autoFocus
              />
              {fe('name')}
            </label>
            <label>
              {t('catalogue.sku')}
              <input
                value={form.sku}
                onChange={(e) => set('sku', e.target.value)}
                placeholder={t('catalogue.skuAuto')}
                aria-invalid={err('sku')}
              />
              {fe('sku')}
            </label>
            <label>
              {t('catalogue.barcode')}
              <input
                value={form.barcode}
                onChange={(e) => set('barcode', e.target.value)}
                aria-invalid={err('barcode')}
              />
              {fe('barcode')}
            </label>
            <label>
              {t('catalogue.manufacturer')}
              <input value={form.manufacturer} onChange={(e) => set('manufacturer', e.target.value)} />
              {fe('manufacturer')}
            </label>
            <label>
              {t('catalogue.model')}
              <input value={form.model} onChange={(e) => set('model', e.target.value)} />
              {fe('model')}
            </label>
            <label>
              {t('catalogue.category')}
              <select
                value={form.categoryId}
                onChange={(e) => set('categoryId', e.target.value)}
                aria-invalid={err('categoryId')}
              >
                <option value="">—</option>
                {categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.path}
                  </option>
                ))}
              </select>
              {fe('categoryId')}
            </label>
            <label>
              {t('catalogue.taxCategory')}
              <select value={form.taxCategory} onChange={(e) => set('taxCategory', e.target.value)}>
                {taxCategories.map((c) => (
                  <option key={c} value={c}>
                    {t(`catalogue.tax.${c}`, { defaultValue: c })}
                  </option>
                ))}
              </select>
              {fe('taxCategory')}
            </label>
            <label className="span2">
              {t('catalogue.description')}
              <textarea
                value={form.description}
                onChange={(e) => set('description', e.target.value)}
                rows={2}
              />
              {fe('description')}
            </label>
            <label>
              {t('catalogue.price')}
              <input
                inputMode="decimal"
                value={form.price}
                onChange={(e) => set('price', e.target.value)}
                aria-invalid={err('price')}
              />
              {fe('price')}
            </label>
            <label>
              {t('catalogue.deposit')}
              <input
                inputMode="decimal"
                value={form.deposit}
                onChange={(e) => set('deposit', e.target.value)}
                aria-invalid={err('deposit')}
              />
              {fe('deposit')}
            </label>
          </div>
          <fieldset className="rates">
            <legend>{t('catalogue.rates')}</legend>
            {RATE_KEYS.map((k) => (
              <label key={k}>
                {t(`catalogue.rate.${k}`)}
                <input
                  inputMode="decimal"
                  value={form.rates[k]}
                  onChange={(e) => set('rates', { ...form.rates, [k]: e.target.value })}
                  aria-invalid={err(`rates.${k}`)}
                />
                {fe(`rates.${k}`)}
              </label>
            ))}
          </fieldset>
          <div className="product-bottom">
            <label className="check">
              <input
                type="checkbox"
                checked={form.onWebsite}
                onChange={(e) => set('onWebsite', e.target.checked)}
              />
              {t('catalogue.showOnWebsite')}
            </label>
            {product ? (
              <div className="photo">
                {photo ? <img src={photo} alt={t('catalogue.photoOf', { name: product.name })} /> : null}
                <label className="btn btn-small">
                  {photo ? t('catalogue.changePhoto') : t('catalogue.addPhoto')}
                  <input
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    className="sr-only"
                    disabled={busy}
                    onChange={(e) => void pickPhoto(e.target.files?.[0])}
                  />
                </label>
                {photo ? (
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() =>
                      void act(
                        () => api().call('product.setPhoto', { productId: product.id, image: null }),
                        'catalogue.photoRemoved',
                      )
                    }
                  >
                    {t('catalogue.removePhoto')}
                  </button>
                ) : null}
                <FieldError error={error} path="image" />
              </div>
            ) : null}
          </div>
          {refused ? (
            <div className="error-banner" role="alert">
              <p>{t('catalogue.deleteRefused', { list: referencesText(t, refused) })}</p>
              <button
                type="button"
                className="btn"
                onClick={() =>
                  void act(
                    () => api().call('product.archive', { productId: product!.id }),
                    'catalogue.archivedNotice',
                  )
                }
              >
                {t('catalogue.archiveInstead')}
              </button>
            </div>
          ) : (
            <ErrorBanner error={error} />
          )}
          <div className="actions">
            {product ? (
              <>
                {product.active && product.onWebsite ? (
                  <button
                    type="button"
                    className="btn"
                    onClick={() =>
                      void act(
                        () =>
                          api().call('product.update', {
                            productId: product.id,
                            changes: { onWebsite: false },
                          }),
                        'catalogue.removedFromWebsite',
                      )
                    }
                  >
                    {t('catalogue.removeFromWebsite')}
                  </button>
                ) : null}
                {product.active ? (
                  <button
                    type="button"
                    className="btn"
                    onClick={() =>
                      void act(
                        () => api().call('product.archive', { productId: product.id }),
                        'catalogue.archivedNotice',
                      )
                    }
                  >
                    {t('catalogue.archive')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="btn"
                    onClick={() =>
                      void act(
                        () => api().call('product.restore', { productId: product.id }),
                        'catalogue.restored',
                      )
                    }
                  >
                    {t('catalogue.restore')}
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() =>
                    void act(async () => {
                      await api().call('product.delete', { productId: product.id });
                      return null;
                    }, 'catalogue.deleted')
                  }
                >
                  {t('catalogue.delete')}
                </button>
              </>
            ) : null}
            <span className="spacer" />
            <button type="button" className="btn" onClick={onClose}>
              {t('common.close')}
            </button>
            <button type="submit" className="btn btn-primary">
              {product ? t('common.save') : t('catalogue.create')}
            </button>
          </div>
        </form>
      ) : product ? (
        <UnitsTab product={product} onChanged={() => void reload(product.id)} />
      ) : null}
    </Dialog>
  );
}

function referencesText(t: TFunction, refs: Record<string, number>): string {
  return Object.entries(refs)
    .map(([table, n]) => t(`catalogue.refs.${table}`, { count: n, defaultValue: `${n} ${table}` }))
    .join(', ');
}

/** The units of a rentable item: add one or a numbered batch, change status and condition, history, label. */
function UnitsTab({ product, onChanged }: { product: ProductDetail; onChanged: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [units, setUnits] = useState<Unit[]>([]);
  const [assetId, setAssetId] = useState('');
  const [serial, setSerial] = useState('');
  const [prefix, setPrefix] = useState(`${product.sku}-`);
  const [from, setFrom] = useState('1');
  const [count, setCount] = useState('5');
  const [history, setHistory] = useState<{ unit: Unit; moves: UnitMovement[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    setUnits(await api().call('unit.list', { productId: product.id }));
  }, [product.id]);
  useEffect(() => {
    void load().catch(setError);
  }, [load]);

  async function run(fn: () => Promise<unknown>, key: string, vars: Record<string, unknown> = {}) {
    setError(null);
    setNotice('');
    try {
      await fn();
      setNotice(t(key, vars));
      await load();
      onChanged();
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  }

  const assetField = useRef<HTMLInputElement>(null);
  async function addOne(e: React.FormEvent) {
    e.preventDefault();
    const ok = await run(
      () => api().call('unit.create', { productId: product.id, units: [{ assetId, serial }] }),
      'catalogue.unitAdded',
      { assetId },
    );
    if (ok) {
      setAssetId('');
      setSerial('');
      // the next unit: back on its asset ID, as a clerk types or scans them one after another
      assetField.current?.focus();
    }
  }

  async function addBatch(e: React.FormEvent) {
    e.preventDefault();
    await run(
      () =>
        api().call('unit.create', {
          productId: product.id,
          prefix,
          from: Number(from),
          count: Number(count),
        }),
      'catalogue.unitsAdded',
      { count: Number(count) },
    );
  }

  return (
    <div className="units-tab">
      <p className="notice" role="status">
        {notice}
      </p>
      <ErrorBanner error={error} />
      {units.length === 0 ? (
        <p className="muted">{t('catalogue.noUnits')}</p>
      ) : (
        <table className="list units-table">
          <thead>
            <tr>
              <th scope="col">{t('catalogue.assetId')}</th>
              <th scope="col">{t('catalogue.serial')}</th>
              <th scope="col">{t('catalogue.status')}</th>
              <th scope="col">{t('catalogue.condition')}</th>
              <th scope="col">{t('staff.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <tr key={u.id} data-testid={`unit-${u.assetId}`}>
                <td className="mono">{u.assetId}</td>
                <td>{u.serial ?? '—'}</td>
                <td>
                  <select
                    value={u.status}
                    aria-label={t('catalogue.statusOf', { assetId: u.assetId })}
                    disabled={u.status === 'retired' || u.status === 'out'}
                    onChange={(e) =>
                      void run(
                        () =>
                          api().call('unit.setStatus', {
                            unitId: u.id,
                            status: e.target.value as UnitStatus,
                          }),
                        'catalogue.statusChanged',
                        { assetId: u.assetId },
                      )
                    }
                  >
                    {UNIT_STATUSES.filter((s) => s !== 'out' || u.status === 'out').map((s) => (
                      <option key={s} value={s}>
                        {t(`catalogue.unitStatus.${s}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    defaultValue={u.condition ?? ''}
                    aria-label={t('catalogue.conditionOf', { assetId: u.assetId })}
                    onBlur={(e) => {
                      if (e.target.value !== (u.condition ?? '')) {
                        void run(
                          () => api().call('unit.update', { unitId: u.id, condition: e.target.value }),
                          'catalogue.conditionSaved',
                          { assetId: u.assetId },
                        );
                      }
                    }}
                  />
                </td>
                <td>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() =>
                        void run(
                          () => api().call('unit.printLabel', { unitId: u.id }),
                          'catalogue.labelQueued',
                          {
                            assetId: u.assetId,
                          },
                        )
                      }
                    >
                      {t('catalogue.printLabel')}
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={() =>
                        void api()
                          .call('unit.history', { unitId: u.id })
                          .then((moves) => setHistory({ unit: u, moves }), setError)
                      }
                    >
                      {t('catalogue.history')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history ? (
        <section
          className="unit-history"
          aria-label={t('catalogue.historyOf', { assetId: history.unit.assetId })}
        >
          <h3>{t('catalogue.historyOf', { assetId: history.unit.assetId })}</h3>
          <ol>
            {history.moves.map((m) => (
              <li key={m.id}>
                <span className="muted">{fmt.dateTime(m.at)}</span> · {m.actorName} ·{' '}
                {m.kind === 'status'
                  ? `${t(`catalogue.unitStatus.${m.fromStatus}`)} → ${t(`catalogue.unitStatus.${m.toStatus}`)}`
                  : t(`catalogue.move.${m.kind}`)}
                {m.note ? ` — ${m.note}` : ''}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <div className="units-forms">
        <form className="form" onSubmit={addOne} aria-label={t('catalogue.addUnit')}>
          <h3>{t('catalogue.addUnit')}</h3>
          <label>
            {t('catalogue.assetId')}
            <input
              ref={assetField}
              value={assetId}
              onChange={(e) => setAssetId(e.target.value)}
              aria-invalid={issuesFor(error, 'units').length > 0}
            />
          </label>
          <FieldError error={error} path="units" />
          <label>
            {t('catalogue.serial')}
            <input value={serial} onChange={(e) => setSerial(e.target.value)} />
          </label>
          <button type="submit" className="btn btn-primary">
            {t('catalogue.addUnit')}
          </button>
        </form>
        <form className="form" onSubmit={addBatch} aria-label={t('catalogue.addBatch')}>
          <h3>{t('catalogue.addBatch')}</h3>
          <label>
            {t('catalogue.prefix')}
            <input
              value={prefix}
              onChange={(e) => setPrefix(e.target.value)}
              aria-invalid={issuesFor(error, 'prefix').length > 0}
            />
          </label>
          <FieldError error={error} path="prefix" />
          <div className="row">
            <label>
              {t('catalogue.from')}
              <input inputMode="numeric" value={from} onChange={(e) => setFrom(e.target.value)} />
            </label>
            <label>
              {t('catalogue.count')}
              <input inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
            </label>
          </div>
          <FieldError error={error} path="count" />
          <FieldError error={error} path="from" />
          <button type="submit" className="btn">
            {t('catalogue.addBatch')}
          </button>
        </form>
      </div>
    </div>
  );
}

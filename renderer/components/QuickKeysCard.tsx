import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { ErrorBanner, FieldError } from './FieldError.tsx';

const MAX_KEYS = 24;

/**
 * A manager's grid of favourite items for the counter (quickKeys.set, kept in the ledger): find
 * an item, add it, order the grid, save. The counter shows the grid while its search box is empty.
 */
export function QuickKeysCard() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [keys, setKeys] = useState<Product[]>([]);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Product[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    api().call('quickKeys.list', {}).then(setKeys, setError);
  }, []);
  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    api()
      .call('catalogue.search', { q: text, limit: 8 })
      .then((r) => live && setFound(r), setError);
    return () => {
      live = false;
    };
  }, [q]);

  const change = (next: Product[]) => {
    setKeys(next);
    setSaved(false);
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...keys];
    const [p] = next.splice(i, 1);
    next.splice(i + d, 0, p!);
    change(next);
  };
  async function save() {
    try {
      setKeys(await api().call('quickKeys.set', { productIds: keys.map((k) => k.id) }));
      setError(null);
      setSaved(true);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="card quick-keys-card" aria-labelledby="quick-keys-title">
      <h2 id="quick-keys-title">{t('quickKeys.title')}</h2>
      <p className="hint">{t('quickKeys.hint', { max: MAX_KEYS })}</p>
      <div className="form">
        <label>
          {t('quickKeys.find')}
          <input type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      {found.length ? (
        <ul className="list compact" aria-label={t('quickKeys.found')}>
          {found.map((p) => (
            <li key={p.id} className="quick-keys-row">
              <span>
                {p.name} <span className="muted">{p.sku}</span>
              </span>
              <button
                type="button"
                className="btn btn-small"
                disabled={keys.length >= MAX_KEYS || keys.some((k) => k.id === p.id)}
                onClick={() => change([...keys, p])}
              >
                {t('quickKeys.add')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <h3>{t('quickKeys.grid', { count: keys.length })}</h3>
      {keys.length === 0 ? <p className="muted">{t('quickKeys.empty')}</p> : null}
      <ol className="list compact" aria-label={t('quickKeys.title')} data-testid="quick-keys-grid">
        {keys.map((p, i) => (
          <li key={p.id} className="quick-keys-row">
            <span>
              {p.name} <span className="muted">{fmt.money(p.price)}</span>
            </span>
            <span className="quick-keys-moves">
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('quickKeys.up', { name: p.name })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('quickKeys.down', { name: p.name })}
                disabled={i === keys.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="btn btn-small"
                aria-label={t('quickKeys.remove', { name: p.name })}
                onClick={() => change(keys.filter((k) => k.id !== p.id))}
              >
                ✕
              </button>
            </span>
          </li>
        ))}
      </ol>
      <FieldError error={error} path="productIds" />
      <ErrorBanner error={error && !(error as { fields?: unknown }).fields ? error : null} />
      {saved ? (
        <p className="notice" role="status">
          {t('quickKeys.saved')}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={keys.length === 0}
          onClick={() => void save()}
        >
          {t('common.save')}
        </button>
      </div>
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorBanner } from './FieldError.tsx';

/** Attach a customer to the cart: type, arrows, Enter. */
export function CustomerDialog({
  onPick,
  onClose,
}: {
  onPick: (c: Customer | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [list, setList] = useState<Customer[]>([]);
  const [active, setActive] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  useEffect(() => {
    const my = ++seq.current;
    const h = setTimeout(() => {
      api()
        .call('customer.search', { q })
        .then((r) => {
          if (my === seq.current) {
            setList(r);
            setActive(0);
          }
        })
        .catch(setError);
    }, 60);
    return () => clearTimeout(h);
  }, [q]);
  return (
    <Dialog title={t('customer.title')} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          const c = list[active];
          if (c) onPick(c);
        }}
      >
        <label>
          {t('customer.search')}
          <input
            value={q}
            onChange={(e) => setQ(e.target.value)}
            autoFocus
            role="combobox"
            aria-expanded={list.length > 0}
            aria-controls="customer-list"
            aria-activedescendant={list[active] ? `cust-${list[active].id}` : undefined}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                setActive((a) => Math.min(a + 1, list.length - 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(a - 1, 0));
              }
            }}
          />
        </label>
        <ErrorBanner error={error} />
        <div className="pick-list" id="customer-list" role="listbox" aria-label={t('customer.results')}>
          {list.map((c, i) => (
            <div
              key={c.id}
              tabIndex={-1}
              id={`cust-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onClick={() => onPick(c)}
              onKeyDown={() => undefined}
            >
              <strong>{c.name}</strong> <span className="muted">{c.email ?? c.phone ?? ''}</span>
            </div>
          ))}
          {list.length === 0 ? <div className="muted">{t('customer.none')}</div> : null}
        </div>
        <div className="actions">
          <button type="button" className="btn" onClick={() => onPick(null)}>
            {t('customer.detach')}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={list.length === 0}>
            {t('customer.attach')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParkedTicket, RecalledTicket } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorBanner } from './FieldError.tsx';

/**
 * The tickets on hold, oldest first: ↑/↓ choose, Enter recalls into the (empty) cart, Esc closes.
 * The recall is a main-process command: once recalled, a ticket leaves every till's list.
 */
export function ParkedTicketsDialog({
  tickets,
  onRecalled,
  onClose,
}: {
  tickets: readonly ParkedTicket[];
  onRecalled: (r: RecalledTicket) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [i, setI] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-ticket-index="${i}"]`)?.focus();
  }, [i]);

  async function recall(ticket: ParkedTicket) {
    if (busy) return;
    setBusy(true);
    try {
      onRecalled(await api().call('ticket.recall', { ticketId: ticket.id }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('hold.listTitle')} onClose={onClose} wide>
      {tickets.length === 0 ? (
        <p className="muted">{t('hold.none')}</p>
      ) : (
        <ul
          className="parked-list"
          ref={list}
          aria-label={t('hold.listTitle')}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              setI((x) => Math.min(x + 1, tickets.length - 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setI((x) => Math.max(x - 1, 0));
            }
          }}
        >
          {tickets.map((k, n) => (
            <li key={k.id}>
              <button
                type="button"
                className={n === i ? 'parked parked-on' : 'parked'}
                data-ticket-index={n}
                onFocus={() => setI(n)}
                onClick={() => void recall(k)}
              >
                <span className="parked-when">{fmt.time(k.parkedAt)}</span>
                <span className="parked-who">
                  {k.label || k.customerName || t('hold.noLabel')}
                  {k.label && k.customerName ? ` · ${k.customerName}` : ''}
                </span>
                <span className="parked-meta">
                  {t('hold.lines', { count: k.lineCount })} · {k.parkedBy}
                </span>
                <span className="parked-total">{fmt.money(k.total, k.currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={error} />
      <p className="hint">{t('hold.listHint')}</p>
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.close')} <kbd>Esc</kbd>
        </button>
      </div>
    </Dialog>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Approval } from '../../shared/api/schemas.ts';
import { parseMoney, parseQty } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import type { CartLine } from '../stores/cart.ts';
import { isManager, useSession } from '../stores/session.ts';
import { Dialog, FormActions } from './Dialog.tsx';

export function QtyDialog({
  line,
  onSave,
  onClose,
}: {
  line: CartLine;
  onSave: (q: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [text, setText] = useState(fmt.qty(line.quantity));
  const q = parseQty(text);
  return (
    <Dialog title={t('cart.qtyTitle', { name: line.product.name })} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (q) onSave(q);
        }}
      >
        <label>
          {t('cart.quantity')}
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode="decimal"
            aria-invalid={!q}
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
          />
        </label>
        {!q ? <p className="field-error">{t('errors.field.quantity')}</p> : null}
        <FormActions onCancel={onClose} submit={t('common.ok')} disabled={!q} />
      </form>
    </Dialog>
  );
}

export function DiscountDialog({
  line,
  onSave,
  onClose,
}: {
  line: CartLine;
  onSave: (d: CartLine['discount']) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'percent' | 'amount'>(line.discount?.kind ?? 'percent');
  const [text, setText] = useState('');
  let value: CartLine['discount'] | undefined;
  if (text.trim() === '') value = null;
  else if (kind === 'amount') {
    const m = parseMoney(text);
    value = m && m > 0 ? { kind: 'amount', amount: m } : undefined;
  } else {
    // percent with up to two decimals → basis points
    const m = parseMoney(text);
    value = m && m > 0 && m <= 10_000 ? { kind: 'percent', basisPoints: m } : undefined;
  }
  return (
    <Dialog title={t('cart.discountTitle', { name: line.product.name })} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (value !== undefined) onSave(value);
        }}
      >
        <fieldset className="segmented">
          <legend>{t('cart.discountKind')}</legend>
          <label>
            <input
              type="radio"
              name="dkind"
              checked={kind === 'percent'}
              onChange={() => setKind('percent')}
            />
            {t('cart.percent')}
          </label>
          <label>
            <input type="radio" name="dkind" checked={kind === 'amount'} onChange={() => setKind('amount')} />
            {t('cart.amount')}
          </label>
        </fieldset>
        <label>
          {kind === 'percent' ? t('cart.discountPercent') : t('cart.discountAmount')}
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            inputMode="decimal"
            autoFocus
            aria-invalid={value === undefined}
          />
        </label>
        {value === undefined ? <p className="field-error">{t('errors.field.amount')}</p> : null}
        <FormActions
          onCancel={onClose}
          submit={value === null ? t('cart.removeDiscount') : t('common.ok')}
          disabled={value === undefined}
        />
      </form>
    </Dialog>
  );
}

/** Price override: a new unit price and the manager's approval in one dialog. */
export function PriceDialog({
  line,
  onSave,
  onClose,
}: {
  line: CartLine;
  onSave: (price: number, a: Approval) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const user = useSession((s) => s.user);
  const tiles = useSession((s) => s.tiles);
  const managers = tiles
    .filter((u) => isManager(u))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === 'manager' ? -1 : 1));
  const [text, setText] = useState('');
  const [managerId, setManagerId] = useState(isManager(user) ? user!.id : (managers[0]?.id ?? ''));
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState('');
  const price = parseMoney(text);
  const ok = price !== null && pin.length >= 4 && reason.trim().length > 0;
  return (
    <Dialog title={t('cart.priceTitle', { name: line.product.name })} onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) onSave(price!, { managerId, pin, reason: reason.trim() });
        }}
      >
        <p className="hint">{t('cart.listPrice', { price: fmt.money(line.product.price) })}</p>
        <label>
          {t('cart.newPrice')}
          <input value={text} onChange={(e) => setText(e.target.value)} inputMode="decimal" autoFocus />
        </label>
        <label>
          {t('approval.manager')}
          <select value={managerId} onChange={(e) => setManagerId(e.target.value)}>
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('approval.pin')}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          />
        </label>
        <label>
          {t('approval.reason')}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </label>
        <p className="hint">{t('cart.priceHint')}</p>
        <FormActions onCancel={onClose} submit={t('common.ok')} disabled={!ok} />
      </form>
    </Dialog>
  );
}

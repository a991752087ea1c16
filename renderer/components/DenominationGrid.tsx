import { useTranslation } from 'react-i18next';
import { countTotal, DENOMINATIONS, type DenominationCount } from '../../shared/denominations.ts';
import type { Currency } from '../../shared/money.ts';
import { useFmt } from '../lib/useFmt.ts';
import { FieldError } from './FieldError.tsx';

/**
 * A drawer count: one row per note/coin, pieces typed with the keyboard (Tab/Enter moves on).
 * The total is shown unless `hideTotal` (never used for a blind close: the clerk sees
 * their own count, not what is expected).
 */
export function DenominationGrid({
  currency,
  count,
  onChange,
  error,
  field,
  autoFocus,
}: {
  currency: Currency;
  count: DenominationCount;
  onChange: (c: DenominationCount) => void;
  error?: unknown;
  field: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const d = DENOMINATIONS[currency];
  const set = (denom: number, raw: string) => {
    const pieces = raw === '' ? 0 : Number.parseInt(raw, 10);
    const next = { ...count };
    if (!Number.isInteger(pieces) || pieces <= 0) delete next[String(denom)];
    else next[String(denom)] = Math.min(pieces, 100_000);
    onChange(next);
  };
  const first = d.notes[0];
  const row = (denom: number) => {
    const pieces = count[String(denom)] ?? 0;
    const id = `${field}-${denom}`;
    return (
      <div className="denom-row" key={denom}>
        <label htmlFor={id}>{fmt.money(denom, currency)}</label>
        <input
          id={id}
          inputMode="numeric"
          pattern="[0-9]*"
          value={pieces ? String(pieces) : ''}
          placeholder="0"
          // biome-ignore lint/a11y/noAutofocus: a count starts on the first banknote
          autoFocus={autoFocus && denom === first}
          onChange={(e) => set(denom, e.target.value.replace(/\D/g, ''))}
          onKeyDown={(e) => {
            if (e.key !== 'Enter') return;
            // Enter in a count field never submits (a drawer close is final): it moves to the
            // next row; Ctrl+Enter submits, and a close then still asks for a confirmation
            e.preventDefault();
            if (e.ctrlKey) {
              e.currentTarget.form?.requestSubmit();
              return;
            }
            const inputs = [...(e.currentTarget.form?.querySelectorAll('input') ?? [])];
            const next = inputs[inputs.indexOf(e.currentTarget) + 1];
            next?.focus();
          }}
        />
        <output className="denom-sub" aria-live="off">
          {fmt.money(denom * pieces, currency)}
        </output>
        <FieldError error={error} path={`${field}.${denom}`} />
      </div>
    );
  };
  return (
    <fieldset className="denom-grid">
      <legend>{t('drawer.count')}</legend>
      <div className="denom-cols">
        <div>
          <h3>{t('drawer.notes')}</h3>
          {d.notes.map(row)}
        </div>
        <div>
          <h3>{t('drawer.coins')}</h3>
          {d.coins.map(row)}
        </div>
      </div>
      <p className="denom-total">
        {t('drawer.countTotal')}{' '}
        <strong data-testid="count-total">{fmt.money(countTotal(count), currency)}</strong>
      </p>
    </fieldset>
  );
}

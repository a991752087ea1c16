import { useTranslation } from 'react-i18next';
import type { StoreInfo } from '../../shared/api/types.ts';
import { taxKey } from '../lib/labels.ts';
import { useFmt } from '../lib/useFmt.ts';
import { type CartLine, cartTotals } from '../stores/cart.ts';

/** Subtotal, one line per tax rate, and the total — always visible on the counter. */
export function Totals({ store, lines }: { store: StoreInfo; lines: readonly CartLine[] }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const totals = cartTotals(store, lines);
  return (
    <dl className="totals" aria-label={t('totals.title')}>
      <div className="totals-row">
        <dt>{t('totals.subtotal')}</dt>
        <dd data-testid="subtotal">{fmt.money(totals.subtotal)}</dd>
      </div>
      {totals.taxes.map((x) => (
        <div className="totals-row totals-tax" key={x.code}>
          <dt>
            {t(taxKey(x.code))} {(x.ratePpm / 10_000).toLocaleString(fmt.locale)} %
            {store.jurisdiction !== 'CA-QC' ? ` (${t('totals.included')})` : ''}
          </dt>
          <dd>{fmt.money(x.tax.amount)}</dd>
        </div>
      ))}
      <div className="totals-row totals-total">
        <dt>{t('totals.total')}</dt>
        <dd data-testid="total">{fmt.money(totals.total)}</dd>
      </div>
    </dl>
  );
}

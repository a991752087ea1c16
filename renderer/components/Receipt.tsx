import { useTranslation } from 'react-i18next';
import type { Sale, StoreInfo } from '../../shared/api/types.ts';
import { taxKey } from '../lib/labels.ts';
import { useFmt } from '../lib/useFmt.ts';

/** A receipt rendered from the Sale the ledger stored (what was committed, not the preview). */
export function Receipt({ sale, store }: { sale: Sale; store: StoreInfo }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  return (
    <article className="receipt" aria-label={t('receipt.title')} data-testid="receipt">
      <header>
        <strong>{store.name}</strong>
        <div>{store.address}</div>
        {store.taxNumbers.map((n) => (
          <div key={n}>{n}</div>
        ))}
      </header>
      <div className="receipt-meta">
        <span>
          {t('receipt.number')} {sale.receiptNumber ?? '—'}
        </span>
        <span>{fmt.dateTime(sale.completedAt ?? sale.openedAt)}</span>
      </div>
      <div className="receipt-meta">
        <span>
          {t('receipt.clerk')} {sale.clerkName}
        </span>
        {sale.customerName ? (
          <span>
            {t('receipt.customer')} {sale.customerName}
          </span>
        ) : null}
      </div>
      <table>
        <tbody>
          {sale.lines.map((l) => (
            <tr key={l.id}>
              <td>
                {l.name}
                <div className="muted">
                  {fmt.qty(l.quantity)} × {fmt.money(l.unitPrice, sale.currency)}
                  {l.discount ? ` − ${fmt.money(l.discount, sale.currency)}` : ''}
                </div>
              </td>
              <td className="num">{fmt.money(l.amount, sale.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl>
        <div>
          <dt>{t('totals.subtotal')}</dt>
          <dd>{fmt.money(sale.subtotal, sale.currency)}</dd>
        </div>
        {sale.taxes.map((x) => (
          <div key={x.code}>
            <dt>{t(taxKey(x.code))}</dt>
            <dd>{fmt.money(x.tax, sale.currency)}</dd>
          </div>
        ))}
        <div className="receipt-total">
          <dt>{t('totals.total')}</dt>
          <dd>{fmt.money(sale.total, sale.currency)}</dd>
        </div>
        {sale.cashRounding ? (
          <div>
            <dt>{t('payment.rounding')}</dt>
            <dd>{fmt.money(sale.cashRounding, sale.currency)}</dd>
          </div>
        ) : null}
        {sale.tenders.map((x) => (
          <div key={x.id}>
            <dt>
              {t(`tender.${x.method}`)}
              {x.reference ? ` (${x.reference})` : ''}
            </dt>
            <dd>{fmt.money(x.tendered ?? x.amount, sale.currency)}</dd>
          </div>
        ))}
        {sale.tenders
          .filter((x) => x.change)
          .map((x) => (
            <div key={`c${x.id}`}>
              <dt>{t('payment.change')}</dt>
              <dd>{fmt.money(x.change ?? 0, sale.currency)}</dd>
            </div>
          ))}
      </dl>
      <footer className="muted">
        {t(`status.${sale.status}`)}
        {sale.chain
          ? ` · ${sale.chain.seq}:${sale.journalHash}`
          : sale.journalHash
            ? ` · ${sale.journalHash}`
            : ''}
      </footer>
    </article>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReceiptPreview, Sale, StoreInfo } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { Receipt } from './Receipt.tsx';

/**
 * The receipt as the printer gets it (receipt.preview: the virtual printer's rendering of the
 * very bytes), falling back to the stored Sale while it loads or if printing is unavailable.
 */
export function PrintedReceipt({
  sale,
  store,
  onShown,
}: {
  sale: Sale;
  store: StoreInfo;
  onShown?: () => void;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<ReceiptPreview | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    api()
      .call('receipt.preview', { saleId: sale.id })
      .then(
        (p) => live && setPreview(p),
        () => live && setFailed(true),
      );
    return () => {
      live = false;
    };
  }, [sale.id]);
  useEffect(() => {
    if (preview || failed) onShown?.();
  }, [preview, failed, onShown]);
  if (!preview) return <Receipt sale={sale} store={store} />;
  return (
    <figure className="printed" aria-label={t('receipt.title')} data-testid="printed-receipt">
      <pre className="printed-paper" style={{ width: `${preview.columns + 2}ch` }}>
        {preview.lines.join('\n')}
      </pre>
      {preview.qr.length ? (
        <figcaption className="muted">{t('receipt.qr', { count: preview.qr.length })}</figcaption>
      ) : null}
    </figure>
  );
}

import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportPreview } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { fileToText } from '../lib/catalogue.ts';
import { Dialog } from './Dialog.tsx';
import { ErrorBanner } from './FieldError.tsx';

/**
 * Catalogue CSV import: pick a file, see what every row would do and every row's errors, then
 * import the whole file as one command — offered only when no row is wrong.
 */
export function CsvImportDialog({
  onClose,
  onDone,
}: {
  onClose: () => void;
  onDone: (counts: ImportPreview['counts']) => void;
}) {
  const { t } = useTranslation();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // reading and checking the file (the preview), before a row is written
  const [reading, setReading] = useState(false);

  async function pick(file: File | undefined) {
    if (!file) return;
    setError(null);
    setPreview(null);
    setReading(true);
    try {
      const text = await fileToText(file);
      setCsv(text);
      setFileName(file.name);
      setPreview(await api().call('catalogue.importPreview', { csv: text }));
    } catch (e) {
      setError(e);
    } finally {
      setReading(false);
    }
  }

  async function run() {
    if (!csv) return;
    setBusy(true);
    setError(null);
    try {
      const out = await api().call('catalogue.import', { csv });
      onDone(out.counts);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const bad = preview ? preview.counts.error > 0 : true;
  const nothing = preview ? preview.counts.create + preview.counts.update === 0 : true;
  return (
    <Dialog title={t('catalogue.csv.title')} onClose={onClose} wide>
      <p className="hint">{t('catalogue.csv.hint')}</p>
      <label className="btn btn-large file-pick">
        {fileName || t('catalogue.csv.pick')}
        <input
          type="file"
          accept=".csv,text/csv"
          className="sr-only"
          onChange={(e) => void pick(e.target.files?.[0])}
          autoFocus
        />
      </label>
      <ErrorBanner error={error} />
      {preview ? (
        <>
          <p className="csv-counts" role="status">
            {t('catalogue.csv.counts', preview.counts)}
          </p>
          {preview.newCategories.length ? (
            <p className="hint">
              {t('catalogue.csv.newCategories', { list: preview.newCategories.join(', ') })}
            </p>
          ) : null}
          {bad ? (
            <p className="field-error" role="alert">
              {t('catalogue.csv.refused', { count: preview.counts.error })}
            </p>
          ) : null}
          <div className="csv-preview">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">{t('catalogue.csv.line')}</th>
                  <th scope="col">{t('catalogue.csv.action')}</th>
                  <th scope="col">{t('catalogue.sku')}</th>
                  <th scope="col">{t('catalogue.name')}</th>
                  <th scope="col">{t('catalogue.csv.details')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr
                    key={r.line}
                    className={r.action === 'error' ? 'row-error' : ''}
                    data-testid={`csv-line-${r.line}`}
                  >
                    <td className="num">{r.line}</td>
                    <td>{t(`catalogue.csv.actions.${r.action}`)}</td>
                    <td className="mono">{r.sku}</td>
                    <td>{r.name}</td>
                    <td>
                      {r.errors.length
                        ? r.errors
                            .map(
                              (e) =>
                                `${e.column || t('catalogue.csv.row')}: ${t(`catalogue.csv.errors.${e.code}`, { defaultValue: e.message })}`,
                            )
                            .join(' · ')
                        : r.changed.join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
      {busy || reading ? (
        // one command imports the whole file (one transaction): no row count to show, but the
        // manager sees that it is working and waits, instead of clicking again
        <div className="busy" role="status" data-testid="csv-busy">
          <progress aria-label={t(busy ? 'catalogue.csv.importing' : 'catalogue.csv.reading')} />
          <span>
            {busy
              ? t('catalogue.csv.importing', {
                  count: (preview?.counts.create ?? 0) + (preview?.counts.update ?? 0),
                })
              : t('catalogue.csv.reading')}
          </span>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={bad || nothing || busy || reading}
          onClick={() => void run()}
        >
          {t('catalogue.csv.run', { count: (preview?.counts.create ?? 0) + (preview?.counts.update ?? 0) })}
        </button>
      </div>
    </Dialog>
  );
}

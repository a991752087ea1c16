import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { ErrorBanner } from './FieldError.tsx';

const DAY_MS = 24 * 3600_000;
const POLL_MS = 15_000;
const RUNNING_POLL_MS = 300;

/**
 * The till's automatic backups as a manager needs to see them: when the last good copy was
 * made, and loudly when the last attempt failed or the newest copy is more than a day old.
 */
export function BackupPanel() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<BackupStatus | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = busy || !!status?.running;
  useEffect(() => {
    let live = true;
    const load = () =>
      api()
        .call('backup.status', {})
        .then(
          (s) => live && setStatus(s),
          () => live && setStatus(null),
        );
    void load();
    // a copy follows a Z report by a few seconds: poll while the screen is open, often while
    // a copy runs (its progress bar)
    const timer = setInterval(load, running ? RUNNING_POLL_MS : POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [running]);
  async function backupNow() {
    setBusy(true);
    setError(null);
    try {
      setStatus(await api().call('backup.run', {}));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  if (status === undefined) return null;
  const stale = !status?.lastAt || Date.now() - Date.parse(status.lastAt) > DAY_MS;
  const r = status?.running ?? null;
  return (
    <section className="card backup-panel" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backup.title')}</h2>
      {status === null ? (
        <p className="muted">{t('backup.off')}</p>
      ) : (
        <>
          <p className={stale ? 'warn-text' : undefined} data-testid="backup-last">
            {status.lastAt
              ? t('backup.last', { at: fmt.dateTime(status.lastAt), seq: status.lastSeq ?? '—' })
              : t('backup.none')}
          </p>
          {status.lastError ? (
            <p className="error-text" role="alert">
              {t('backup.failed', { at: fmt.dateTime(status.lastErrorAt), error: status.lastError })}
            </p>
          ) : null}
          <p className="muted">{t('backup.where', { dir: status.dir, keep: status.keep })}</p>
          {running ? (
            <div className="busy" role="status" data-testid="backup-progress">
              <progress
                aria-label={t('backup.running')}
                {...(r && r.total > 0 ? { value: r.done, max: r.total } : {})}
              />
              <span>
                {r && r.total > 0
                  ? t(r.step === 'copy' ? 'backup.copying' : 'backup.checking', {
                      done: r.done,
                      total: r.total,
                      percent: Math.floor((100 * r.done) / r.total),
                    })
                  : t('backup.running')}
              </span>
            </div>
          ) : null}
          <ErrorBanner error={error} />
          <div className="actions">
            <button type="button" className="btn" onClick={() => void backupNow()} disabled={running}>
              {t('backup.now')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';

const DAY_MS = 24 * 3600_000;
const POLL_MS = 15_000;

/**
 * The till's automatic backups as a manager needs to see them: when the last good copy was
 * made, and loudly when the last attempt failed or the newest copy is more than a day old.
 */
export function BackupPanel() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<BackupStatus | null | undefined>(undefined);
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
    // a copy follows a Z report by a few seconds: poll while the screen is open
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (status === undefined) return null;
  const stale = !status?.lastAt || Date.now() - Date.parse(status.lastAt) > DAY_MS;
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
        </>
      )}
    </section>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { errorText } from '../lib/errors.ts';
import { useFmt } from '../lib/useFmt.ts';

const POLL_MS = 60_000;

/**
 * The app's updates as a manager needs them: the version here, the one offered, what its install
 * waits for (the drawer, head office, a postponement), and a way to hold it back on a busy day.
 * Shown only where an updater runs (the packaged desktop app): update.status is null elsewhere.
 */
export function UpdatePanel() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api()
        .call('update.status', {})
        .then(setStatus, () => setStatus(null)),
    [],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [load]);
  if (!status) return null;
  const postpone = (hours: number) => {
    if (!status.available) return;
    setError(null);
    api()
      .call('update.postpone', { version: status.available, hours })
      .then(load, (e: unknown) => setError(errorText(t, e)));
  };
  return (
    <section className="card update-panel" aria-labelledby="update-title">
      <h2 id="update-title">{t('update.title')}</h2>
      <p data-testid="update-current">{t('update.current', { version: status.current })}</p>
      {status.available ? (
        <>
          <p className="warn-text" data-testid="update-available">
            {t(status.downloaded ? 'update.ready' : 'update.downloading', { version: status.available })}
          </p>
          <p>
            {status.waitingFor.length === 0
              ? t('update.installsNow')
              : t('update.waits', {
                  what: status.waitingFor
                    .map((w) =>
                      w === 'postponed'
                        ? t('update.wait.postponed', { until: fmt.dateTime(status.postponedUntil) })
                        : t(`update.wait.${w}`),
                    )
                    .join(' · '),
                })}
          </p>
          <div className="row">
            <button type="button" onClick={() => postpone(4)}>
              {t('update.postpone4h')}
            </button>
            <button type="button" onClick={() => postpone(24)}>
              {t('update.postponeDay')}
            </button>
          </div>
        </>
      ) : (
        <p className="muted">{t('update.none')}</p>
      )}
      {status.lastError ? (
        <p className="error-text" role="alert">
          {t('update.failed', { at: fmt.dateTime(status.lastCheckAt), error: status.lastError })}
        </p>
      ) : status.lastCheckAt ? (
        <p className="muted">{t('update.lastCheck', { at: fmt.dateTime(status.lastCheckAt) })}</p>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

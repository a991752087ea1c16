import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CommandError } from '../../shared/errors.ts';
import { api } from '../lib/api.ts';
import { errorText, issuesFor } from '../lib/errors.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useSession } from '../stores/session.ts';
import { useSync } from '../stores/sync.ts';
import { FieldError } from './FieldError.tsx';
import { lastErrorText, stopWhy } from './SyncBanner.tsx';

const KNOWN_REASONS = new Set([
  'ENROL_CODE_INVALID',
  'ENROL_CODE_EXPIRED',
  'ENROL_CODE_USED',
  'DEVICE_CONFLICT',
  'RATE_LIMITED',
  'UNREACHABLE',
  'TIMEOUT',
  'RESET',
  'BAD_ANSWER',
  'VALIDATION',
]);

/**
 * Settings → head office: enrol this till (an administrator types head office's address and the
 * one-time code it issued), or see what the link is doing. Head office's refusals are shown in
 * words by their code, beside the form; nothing is written when it refuses.
 */
export function HeadOfficeCard() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const user = useSession((s) => s.user);
  const status = useSync((s) => s.status);
  const refresh = useSync((s) => s.refresh);
  const setStatus = useSync((s) => s.set);
  const [url, setUrl] = useState('');
  const [code, setCode] = useState('');
  const [staleHours, setStaleHours] = useState('48');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [again, setAgain] = useState(false);
  const [done, setDone] = useState(false);
  const admin = user?.role === 'admin';

  useEffect(() => {
    void refresh();
  }, [refresh]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const s = await api().call('sync.enrol', { url, code, staleHours: Number(staleHours) });
      setStatus(s);
      setCode('');
      setAgain(false);
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const showForm = !status?.enrolled || again;
  return (
    <section className="card head-office" aria-labelledby="hq-title" data-testid="head-office">
      <h2 id="hq-title">{t('sync.title')}</h2>
      {status?.enrolled ? (
        <dl className="sync-facts">
          <dt>{t('sync.field.state')}</dt>
          <dd data-testid="sync-state" className={status.state === 'online' ? 'ok-text' : 'warn-text'}>
            {t(`sync.state.${status.state}`)}
          </dd>
          <dt>{t('sync.field.headOffice')}</dt>
          <dd>{status.headOffice}</dd>
          <dt>{t('sync.field.store')}</dt>
          <dd>{status.storeId}</dd>
          <dt>{t('sync.field.enrolledAt')}</dt>
          <dd>{fmt.dateTime(status.enrolledAt)}</dd>
          <dt>{t('sync.field.acked')}</dt>
          <dd>{t('sync.ackedValue', { seq: status.ackedSeq })}</dd>
          <dt>{t('sync.field.pending')}</dt>
          <dd>{status.pending}</dd>
          <dt>{t('sync.field.lastSync')}</dt>
          <dd>{status.lastSyncAt ? fmt.dateTime(status.lastSyncAt) : t('statusbar.never')}</dd>
          {status.lastError && !status.stopped ? (
            <>
              <dt>{t('sync.field.lastError')}</dt>
              <dd data-testid="sync-last-error">{lastErrorText(t, status.lastError)}</dd>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="muted">{status ? t('sync.standalone') : null}</p>
      )}
      {status?.stopped ? (
        <p className="error-text" role="alert">
          {stopWhy(t, status)}
        </p>
      ) : null}
      {done ? (
        <p className="ok-text" role="status">
          {t('sync.enrolled')}
        </p>
      ) : null}
      {!admin ? (
        <p className="muted">{t('sync.adminOnly')}</p>
      ) : showForm ? (
        <form className="form" onSubmit={submit} noValidate>
          <p className="muted">{t('sync.intro')}</p>
          <label>
            {t('sync.url')}
            <input
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder={t('sync.urlPlaceholder')}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              aria-invalid={issuesFor(error, 'url').length > 0}
              required
            />
          </label>
          <FieldError error={error} path="url" />
          <label>
            {t('sync.code')}
            <input
              autoComplete="one-time-code"
              spellCheck={false}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={issuesFor(error, 'code').length > 0}
              aria-describedby="hq-code-help"
              required
            />
          </label>
          <p className="muted" id="hq-code-help">
            {t('sync.codeHelp')}
          </p>
          <FieldError error={error} path="code" />
          <label>
            {t('sync.staleHours')}
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              value={staleHours}
              onChange={(e) => setStaleHours(e.target.value)}
              aria-invalid={issuesFor(error, 'staleHours').length > 0}
            />
          </label>
          <FieldError error={error} path="staleHours" />
          <EnrolError error={error} />
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={busy || !url || !code}>
              {busy ? t('sync.enrolling') : t('sync.enrol')}
            </button>
          </div>
        </form>
      ) : (
        <div className="actions">
          <button type="button" className="btn" onClick={() => setAgain(true)}>
            {t('sync.enrolAgain')}
          </button>
        </div>
      )}
    </section>
  );
}

function EnrolError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (error instanceof CommandError && error.code === 'VALIDATION' && error.fields?.length) return null;
  let text: string;
  if (error instanceof CommandError && error.code === 'HEAD_OFFICE') {
    const reason = String(error.details?.reason ?? '');
    text = KNOWN_REASONS.has(reason) ? t(`sync.reason.${reason}`) : t('sync.reason.other', { reason });
  } else text = errorText(t, error);
  return (
    <div className="error-banner" role="alert" data-testid="enrol-error">
      {text}
    </div>
  );
}

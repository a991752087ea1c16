import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { IntegrityStatus } from '../../shared/api/types.ts';
import { INTEGRITY_CHECKING_POLL_MS, INTEGRITY_POLL_MS, useIntegrity } from '../stores/integrity.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/**
 * For managers, above every screen: the start-up check found the ledger damaged — pages the file
 * cannot read, or a journal entry that no longer matches its hash — with what to do (restore the
 * newest good backup; call support before deleting anything). Clerks keep selling undisturbed:
 * what they could do about it is fetch a manager, and the status bar shows them the same.
 */
export function IntegrityBanner() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const status = useIntegrity((s) => s.status);
  const refresh = useIntegrity((s) => s.refresh);
  const clear = useIntegrity((s) => s.clear);
  const lastEvent = useUi((s) => s.lastEvent);
  const manager = isManager(user);
  const checking = status?.state === 'checking';
  const reload = lastEvent?.type === 'ledger.integrity' ? lastEvent.at : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is the trigger — the check's own event reloads at once
  useEffect(() => {
    if (!manager) {
      clear();
      return;
    }
    void refresh();
    const timer = setInterval(
      () => void refresh(),
      checking ? INTEGRITY_CHECKING_POLL_MS : INTEGRITY_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [manager, checking, reload, refresh, clear]);
  if (!manager || status?.state !== 'broken' || !status.problem) return null;
  return (
    <div className="sync-banner sync-banner-stopped" role="alert" data-testid="integrity-banner">
      {integrityText(t, status)}
    </div>
  );
}

export function integrityText(t: TFunction, s: IntegrityStatus): string {
  const p = s.problem;
  if (!p) return '';
  return p.kind === 'pages'
    ? t('integrity.brokenPages', { details: p.details.slice(0, 2).join(' · ') })
    : t('integrity.brokenChain', { seq: p.seq });
}

/** The status bar's item (managers): checking with its percentage, checked, or damaged. */
export function IntegrityItem() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const s = useIntegrity((x) => x.status);
  if (!isManager(user) || !s) return null;
  const cls = s.state === 'broken' ? 'bad' : s.state === 'ok' ? 'ok' : 'warn';
  let text: string;
  if (s.state === 'checking') {
    const pct = s.total > 0 ? Math.floor((s.done * 100) / s.total) : 0;
    text = t('integrity.checking', { pct });
  } else text = t(`integrity.state.${s.state}`);
  return (
    <span
      className={`status-item ${cls}`}
      data-testid="status-integrity"
      title={s.state === 'broken' ? integrityText(t, s) : undefined}
    >
      <span className="status-label">{t('integrity.label')}</span> {text}
      {s.state === 'checking' ? (
        <progress className="sync-progress" max={Math.max(1, s.total)} value={s.done} aria-label={text} />
      ) : null}
    </span>
  );
}

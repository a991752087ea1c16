import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../shared/api/types.ts';
import { useFmt } from '../lib/useFmt.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useSync } from '../stores/sync.ts';

/**
 * Loud, above every screen: head office refused this till's journal (managers read why; clerks
 * are told to fetch one), or the till has not reached head office for longer than its window
 * (Québec SRM: 48 h).
 */
export function SyncBanner() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const status = useSync((s) => s.status);
  const user = useSession((s) => s.user);
  if (!status?.enrolled) return null;
  if (status.stopped) {
    return (
      <div className="sync-banner sync-banner-stopped" role="alert" data-testid="sync-banner">
        {isManager(user)
          ? t('sync.banner.stoppedManager', {
              reason: t(`sync.stopName.${status.stopped.reason}`),
              at: fmt.dateTime(status.stopped.at),
              why: stopWhy(t, status),
            })
          : t('sync.banner.stoppedClerk')}
      </div>
    );
  }
  if (status.stale) {
    return (
      <div className="sync-banner" role="alert" data-testid="sync-banner">
        {t('sync.banner.stale', {
          hours: status.staleHours,
          at: status.lastSyncAt ? fmt.dateTime(status.lastSyncAt) : t('statusbar.never'),
        })}
      </div>
    );
  }
  return null;
}

/** Why head office stopped this till, in words, from what it answered. */
export function stopWhy(t: TFunction, s: SyncStatus): string {
  if (!s.stopped) return '';
  const d = s.stopped.detail ?? {};
  return t(`sync.stop.${s.stopped.reason}`, {
    seq: String(d.seq ?? '—'),
    ackSeq: String(d.ackSeq ?? s.ackedSeq),
  });
}

const LAST_ERRORS = new Set([
  'UNREACHABLE',
  'TIMEOUT',
  'RESET',
  'BAD_ANSWER',
  'NO_TOKEN',
  'RATE_LIMITED',
  'ENTRY_INVALID',
  'CHAIN_BROKEN',
  'SIGNATURE_INVALID',
  'VALIDATION',
  'BATCH_TOO_LARGE',
  'INTERNAL',
]);

/**
 * The worker's last failure (electron/sync/outbox.ts recordFailure) in words: a network code,
 * head office's error code, or HTTP_<status> for an answer without one. An unknown code is
 * still shown (as itself) rather than hidden: it is what a support call needs.
 */
export function lastErrorText(t: TFunction, code: string): string {
  if (LAST_ERRORS.has(code)) return t(`sync.lastError.${code}`);
  const http = /^HTTP_(\d{3})$/.exec(code);
  if (http) return t('sync.lastError.HTTP', { status: http[1] });
  return t('sync.lastError.other', { code });
}

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClockStatus } from '../../shared/api/types.ts';
import { api } from '../lib/api.ts';
import { useFmt } from '../lib/useFmt.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

const POLL_MS = 60_000;

/**
 * For managers, above every screen: the till's clock is behind the time elapsed since the last
 * journal entry (someone set it back, or a dead battery). The journal keeps stamping from the last
 * entry, never earlier, so receipts and closings stay in order; the manager puts the clock right.
 * Once it is right, the last time it was behind stays as a quieter note until dismissed.
 */
export function ClockBanner() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const user = useSession((s) => s.user);
  const lastEvent = useUi((s) => s.lastEvent);
  const [status, setStatus] = useState<ClockStatus | null>(null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const manager = isManager(user);
  const wentBack = lastEvent?.type === 'clock.wentBack' ? lastEvent.seq : 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: wentBack is the trigger — a clock.wentBack entry reloads at once
  useEffect(() => {
    if (!manager) return;
    let live = true;
    const load = () =>
      api()
        .call('clock.status', {})
        .then(
          (s) => live && setStatus(s),
          () => undefined,
        );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [manager, wentBack]);
  if (!manager || !status) return null;
  if (status.behind) {
    return (
      <div className="sync-banner sync-banner-stopped" role="alert" data-testid="clock-banner">
        {t('clock.behind', {
          wall: fmt.dateTime(status.behind.wallAt),
          ledger: fmt.dateTime(status.behind.ledgerAt),
          minutes: Math.round(status.behind.behindMs / 60_000),
        })}
      </div>
    );
  }
  if (status.last && dismissed !== status.last.wallAt) {
    const last = status.last;
    return (
      <div className="sync-banner clock-banner-past" role="status" data-testid="clock-banner">
        <span>
          {t('clock.was', {
            wall: fmt.dateTime(last.wallAt),
            ledger: fmt.dateTime(last.ledgerAt),
            minutes: Math.round(last.behindMs / 60_000),
          })}
        </span>
        <button type="button" className="link" onClick={() => setDismissed(last.wallAt)}>
          {t('clock.dismiss')}
        </button>
      </div>
    );
  }
  return null;
}

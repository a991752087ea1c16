import { useTranslation } from 'react-i18next';
import { usePrinter } from '../stores/printer.ts';
import { isManager, useSession } from '../stores/session.ts';
import { useUi } from '../stores/ui.ts';

/**
 * For managers, above every screen but the printer's: old print jobs are held back (not printed
 * at start-up or on a first configuration) until a manager chooses to print or discard them.
 */
export function HeldPrintBanner() {
  const { t } = useTranslation();
  const user = useSession((s) => s.user);
  const status = usePrinter((s) => s.status);
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  if (!isManager(user) || !status || status.heldJobs === 0 || screen === 'printer') return null;
  return (
    <div className="sync-banner clock-banner-past" role="status" data-testid="held-banner">
      <span>{t('printer.held.banner', { count: status.heldJobs })}</span>
      <button type="button" className="link" onClick={() => go('printer')}>
        {t('printer.held.open')}
      </button>
    </div>
  );
}

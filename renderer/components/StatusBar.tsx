import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n/index.ts';
import { LANGS, type Lang } from '../lib/format.ts';
import { useFmt } from '../lib/useFmt.ts';
import { useDrawer } from '../stores/drawer.ts';
import { usePrinter } from '../stores/printer.ts';
import { useSession } from '../stores/session.ts';
import { useSync } from '../stores/sync.ts';
import { useUi } from '../stores/ui.ts';
import { IntegrityItem } from './IntegrityBanner.tsx';

/**
 * Store/till, clerk, drawer, connection to the till, head office (online/offline/stopped,
 * entries waiting, last contact, a progress bar while catching up; "standalone" for a till that
 * was never enrolled) and printer (printer.status; "—" before it answers).
 */
export function StatusBar({ showLang = false }: { showLang?: boolean }) {
  const { t } = useTranslation();
  const store = useSession((s) => s.store);
  const user = useSession((s) => s.user);
  const drawer = useDrawer((s) => s.current);
  const printer = usePrinter((s) => s.status);
  const online = useUi((s) => s.online);
  const reachable = useUi((s) => s.hostReachable);
  const connected = online && reachable;
  return (
    <footer className="statusbar">
      {store && !store.needsSetup ? (
        <span className="status-item status-store" title={`${store.name} · ${store.tillName}`}>
          <span className="status-label">{t('statusbar.store')}</span> {store.name} · {store.tillName}
        </span>
      ) : null}
      {user ? (
        <span className="status-item">
          <span className="status-label">{t(`roles.${user.role}`)}</span> {user.name}
        </span>
      ) : null}
      {user ? (
        <span className={`status-item ${drawer ? 'ok' : 'warn'}`} data-testid="status-drawer">
          <span className="status-label">{t('statusbar.drawer')}</span>{' '}
          {drawer ? t('statusbar.drawerOpen', { n: drawer.number }) : t('statusbar.drawerClosed')}
        </span>
      ) : null}
      <span className={`status-item ${connected ? 'ok' : 'warn'}`} data-testid="status-online">
        <span className="dot" aria-hidden="true" />{' '}
        {connected ? t('statusbar.online') : t('statusbar.offline')}
      </span>
      {user ? <SyncItem /> : null}
      <IntegrityItem />
      <span
        className={`status-item ${printer ? (printer.state === 'ready' ? 'ok' : 'warn') : ''}`}
        data-testid="status-printer"
      >
        <span className="status-label">{t('statusbar.printer')}</span>{' '}
        {printer ? t(`printerState.${printer.state}`) : '—'}
        {printer?.drawerWarning ? ` · ${t('statusbar.drawerLeftOpen')}` : ''}
      </span>
      {showLang ? (
        <>
          <span className="spacer" />
          <LangSwitch />
        </>
      ) : null}
    </footer>
  );
}

/** Head office: state, what waits, when it last answered; a progress bar while catching up. */
function SyncItem() {
  const { t } = useTranslation();
  const fmt = useFmt();
  const s = useSync((x) => x.status);
  if (!s) {
    return (
      <span className="status-item" data-testid="status-sync">
        <span className="status-label">{t('statusbar.headOffice')}</span> —
      </span>
    );
  }
  if (!s.enrolled) {
    return (
      <span className="status-item" data-testid="status-sync">
        {t('statusbar.standalone')}
      </span>
    );
  }
  const cls = s.state === 'online' ? 'ok' : s.state === 'stopped' ? 'bad' : 'warn';
  const state =
    s.state === 'online'
      ? t('statusbar.hqOnline')
      : s.state === 'stopped'
        ? t('statusbar.hqStopped')
        : t('statusbar.hqOffline');
  return (
    <span className={`status-item status-sync ${cls}`} data-testid="status-sync" data-state={s.state}>
      <span className="status-label">{t('statusbar.headOffice')}</span>{' '}
      <span className="dot" aria-hidden="true" /> {state}
      {' · '}
      {s.catchUp ? (
        <>
          <progress
            className="sync-progress"
            max={Math.max(1, s.catchUp.total)}
            value={s.catchUp.done}
            aria-label={t('statusbar.catchUp', { done: s.catchUp.done, total: s.catchUp.total })}
          />{' '}
          {t('statusbar.catchUp', { done: s.catchUp.done, total: s.catchUp.total })}
        </>
      ) : s.pending > 0 ? (
        t('statusbar.pending', { n: s.pending })
      ) : (
        t('statusbar.upToDate')
      )}
      {' · '}
      {t('statusbar.lastSync', { at: s.lastSyncAt ? fmt.dateTime(s.lastSyncAt) : t('statusbar.never') })}
    </span>
  );
}

/** FR / EN / BG: every screen, at once. */
export function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <fieldset className="langs">
      <legend className="sr-only">{t('statusbar.language')}</legend>
      {LANGS.map((l: Lang) => (
        <button
          type="button"
          key={l}
          className={i18n.language === l ? 'lang lang-on' : 'lang'}
          aria-pressed={i18n.language === l}
          onClick={() => setLang(l)}
          lang={l}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </fieldset>
  );
}

/** The same switch as a compact labelled select (the top bar). */
export function LangSelect() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-select">
      <span className="sr-only">{t('statusbar.language')}</span>
      <select value={i18n.language} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

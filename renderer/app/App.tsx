import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClockBanner } from '../components/ClockBanner.tsx';
import { ErrorBanner } from '../components/FieldError.tsx';
import { HeldPrintBanner } from '../components/HeldPrintBanner.tsx';
import { HelpDialog } from '../components/Help.tsx';
import { IntegrityBanner } from '../components/IntegrityBanner.tsx';
import { LangSelect, StatusBar } from '../components/StatusBar.tsx';
import { SyncBanner } from '../components/SyncBanner.tsx';
import { api } from '../lib/api.ts';
import { isTextInput } from '../lib/keys.ts';
import { CatalogueScreen } from '../screens/Catalogue.tsx';
import { ClosingsScreen } from '../screens/Closings.tsx';
import { CounterScreen } from '../screens/Counter.tsx';
import { CustomersScreen } from '../screens/Customers.tsx';
import { DrawerScreen } from '../screens/Drawer.tsx';
import { HistoryScreen } from '../screens/History.tsx';
import { InterventionsScreen } from '../screens/Interventions.tsx';
import { LockScreen, LoginScreen } from '../screens/Login.tsx';
import { ManagerScreen } from '../screens/Manager.tsx';
import { OrdersScreen } from '../screens/Orders.tsx';
import { PaymentScreen } from '../screens/Payment.tsx';
import { PrinterScreen } from '../screens/Printer.tsx';
import { ReservationsScreen } from '../screens/Reservations.tsx';
import { SettingsScreen } from '../screens/Settings.tsx';
import { SetupScreen } from '../screens/Setup.tsx';
import { StaffScreen } from '../screens/Staff.tsx';
import { useDrawer } from '../stores/drawer.ts';
import { usePrinter } from '../stores/printer.ts';
import { isManager, useSession } from '../stores/session.ts';
import { SYNC_POLL_MS, useSync } from '../stores/sync.ts';
import { type Screen, useUi } from '../stores/ui.ts';

const NAV: { screen: Screen; key: string; label: string; manager?: boolean }[] = [
  { screen: 'counter', key: 'F2', label: 'nav.counter' },
  { screen: 'history', key: 'F3', label: 'nav.history' },
  { screen: 'drawer', key: 'F9', label: 'nav.drawer' },
  { screen: 'orders', key: 'Alt+O', label: 'nav.orders' },
  { screen: 'reservations', key: 'Alt+B', label: 'nav.reservations' },
  { screen: 'customers', key: 'Alt+T', label: 'nav.customers' },
  { screen: 'interventions', key: 'Alt+J', label: 'nav.interventions' },
  { screen: 'manager', key: 'Alt+R', label: 'nav.manager', manager: true },
  { screen: 'catalogue', key: 'Alt+K', label: 'nav.catalogue', manager: true },
  { screen: 'printer', key: 'Alt+P', label: 'nav.printer', manager: true },
  { screen: 'staff', key: 'Alt+U', label: 'nav.staff', manager: true },
  { screen: 'closings', key: 'Alt+C', label: 'nav.closings', manager: true },
  { screen: 'settings', key: 'Alt+S', label: 'nav.settings' },
];

function useInactivityLock() {
  const user = useSession((s) => s.user);
  const locked = useSession((s) => s.locked);
  const lock = useSession((s) => s.lock);
  const minutes = useUi((s) => s.lockMinutes);
  useEffect(() => {
    if (!user || locked) return;
    const idle = () => lock('idle');
    let timer = setTimeout(idle, minutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(idle, minutes * 60_000);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [user, locked, lock, minutes]);
}

/** Ledger events → refresh the stores that depend on them. */
function useLiveUpdates() {
  const user = useSession((s) => s.user);
  const event = useUi((s) => s.event);
  const refreshDrawer = useDrawer((s) => s.refresh);
  const refreshPrinter = usePrinter((s) => s.refresh);
  const refreshSync = useSync((s) => s.refresh);
  useEffect(() => {
    if (!user) return;
    void refreshPrinter();
    void refreshSync();
    // the printer's own state changes without a ledger entry (paper out, offline): poll it
    const poll = setInterval(() => void refreshPrinter(), 15_000);
    // head office's answers are no ledger entries either; the sync worker tells (seq 0 events)
    const syncPoll = setInterval(() => void refreshSync(), SYNC_POLL_MS);
    const off = api().subscribe((e) => {
      if (e.seq === 0) {
        if (e.type === 'sync.status') void refreshSync();
        return; // runtime news, not a journal entry: screens need not refresh
      }
      event(e);
      void refreshSync(); // one more entry waiting for head office
      if (e.type.startsWith('drawer.') || e.type.startsWith('sale.') || e.type.startsWith('order.')) {
        void refreshDrawer().catch(() => undefined);
      }
      // new print jobs come with sales, drawer movements and print commands (not with logins)
      if (!e.type.startsWith('auth.')) void refreshPrinter();
    });
    return () => {
      clearInterval(poll);
      clearInterval(syncPoll);
      off();
    };
  }, [user, event, refreshDrawer, refreshPrinter, refreshSync]);
  useEffect(() => {
    const on = () => useUi.getState().setOnline(true);
    const off = () => useUi.getState().setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
}

export function App() {
  const { t } = useTranslation();
  const store = useSession((s) => s.store);
  const user = useSession((s) => s.user);
  const locked = useSession((s) => s.locked);
  const loadBoot = useSession((s) => s.loadBoot);
  const lock = useSession((s) => s.lock);
  const screen = useUi((s) => s.screen);
  const go = useUi((s) => s.go);
  const refreshDrawer = useDrawer((s) => s.refresh);
  const [bootError, setBootError] = useState<unknown>(null);
  const [help, setHelp] = useState(false);
  useInactivityLock();
  useLiveUpdates();

  useEffect(() => {
    loadBoot().then(
      () => setBootError(null),
      (e) => {
        setBootError(e);
        useUi.getState().setHostReachable(false);
      },
    );
  }, [loadBoot]);

  useEffect(() => {
    if (user && !locked) {
      go('counter');
      void refreshDrawer().catch(() => undefined);
    }
  }, [user, locked, go, refreshDrawer]);

  useEffect(() => {
    if (!user || locked) return;
    function onKey(e: KeyboardEvent) {
      const typing = isTextInput(e.target);
      const inDialog = !!document.querySelector('[role="dialog"]');
      if (inDialog) return;
      const k = e.key;
      const alt = e.altKey && !e.ctrlKey && !e.metaKey;
      if (k === 'F2' && screen !== 'counter' && screen !== 'payment') {
        e.preventDefault();
        go('counter');
      } else if (k === 'F3') {
        e.preventDefault();
        go('history');
      } else if (k === 'F9') {
        e.preventDefault();
        go('drawer');
      } else if (alt && k.toLowerCase() === 'o') {
        e.preventDefault();
        go('orders');
      } else if (alt && k.toLowerCase() === 'b') {
        e.preventDefault();
        go('reservations');
      } else if (alt && k.toLowerCase() === 't') {
        e.preventDefault();
        go('customers');
      } else if (alt && k.toLowerCase() === 'j') {
        e.preventDefault();
        go('interventions');
      } else if (alt && k.toLowerCase() === 'r' && isManager(user)) {
        e.preventDefault();
        go('manager');
      } else if (alt && k.toLowerCase() === 'k' && isManager(user)) {
        e.preventDefault();
        go('catalogue');
      } else if (alt && k.toLowerCase() === 'p' && isManager(user)) {
        e.preventDefault();
        go('printer');
      } else if (alt && k.toLowerCase() === 'u' && isManager(user)) {
        e.preventDefault();
        go('staff');
      } else if (alt && k.toLowerCase() === 'c' && isManager(user)) {
        e.preventDefault();
        go('closings');
      } else if (alt && k.toLowerCase() === 's') {
        e.preventDefault();
        go('settings');
      } else if (alt && k.toLowerCase() === 'l') {
        e.preventDefault();
        lock('user');
      } else if (k === '?' && !typing) {
        e.preventDefault();
        setHelp(true);
      } else if (k === 'Escape' && !typing && screen !== 'counter') {
        e.preventDefault();
        go('counter');
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [user, locked, screen, go, lock]);

  if (!store) {
    return (
      <div className="app">
        <main className="boot">
          <h1>{t('app.name')}</h1>
          {bootError ? (
            <>
              <ErrorBanner error={bootError} />
              <button type="button" className="btn" onClick={() => window.location.reload()}>
                {t('common.retry')}
              </button>
            </>
          ) : (
            <p className="muted">{t('app.loading')}</p>
          )}
        </main>
      </div>
    );
  }

  if (store.needsSetup && !user) {
    return (
      <div className="app">
        <SetupScreen />
        <StatusBar showLang />
      </div>
    );
  }

  if (!user || locked) {
    return (
      <div className="app">
        {locked ? <LockScreen /> : <LoginScreen />}
        <StatusBar showLang />
      </div>
    );
  }

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          {NAV.filter((n) => !n.manager || isManager(user)).map((n) => (
            <button
              type="button"
              key={n.screen}
              className={
                screen === n.screen || (n.screen === 'counter' && screen === 'payment') ? 'nav nav-on' : 'nav'
              }
              aria-current={screen === n.screen ? 'page' : undefined}
              onClick={() => go(n.screen)}
              title={n.key}
              aria-keyshortcuts={n.key}
            >
              {t(n.label)}
            </button>
          ))}
        </nav>
        <LangSelect />
        <button type="button" className="nav" onClick={() => lock('user')}>
          {t('statusbar.lock')}
        </button>
        <button type="button" className="nav" onClick={() => setHelp(true)} aria-label={t('help.title')}>
          ?
        </button>
      </header>
      <div className="banners">
        <ClockBanner />
        <IntegrityBanner />
        <SyncBanner />
        <HeldPrintBanner />
      </div>
      <main className="content" id="content">
        {screen === 'counter' ? <CounterScreen /> : null}
        {screen === 'payment' ? <PaymentScreen /> : null}
        {screen === 'history' ? <HistoryScreen /> : null}
        {screen === 'drawer' ? <DrawerScreen /> : null}
        {screen === 'catalogue' ? <CatalogueScreen /> : null}
        {screen === 'orders' ? <OrdersScreen /> : null}
        {screen === 'reservations' ? <ReservationsScreen /> : null}
        {screen === 'customers' ? <CustomersScreen /> : null}
        {screen === 'interventions' ? <InterventionsScreen /> : null}
        {screen === 'manager' ? <ManagerScreen /> : null}
        {screen === 'settings' ? <SettingsScreen /> : null}
        {screen === 'printer' ? <PrinterScreen /> : null}
        {screen === 'staff' && isManager(user) ? <StaffScreen /> : null}
        {screen === 'closings' && isManager(user) ? <ClosingsScreen /> : null}
      </main>
      <StatusBar />
      {help ? <HelpDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import {
  BrowserWindow,
  type BrowserWindowConstructorOptions,
  dialog,
  app as electronApp,
  Menu,
  protocol,
  type Session,
  safeStorage,
  session,
  shell,
  type WebContents,
} from 'electron';
import log from 'electron-log/main';
import { isVettedExternalUrl } from '../shared/external-links.ts';
import { fileSecretBox, type SecretBox } from './app/device-secrets.ts';
import { type App, createApp } from './app/index.ts';
import type { PrintWorkerOptions } from './app/printing.ts';
import { headOfficeSync, type SecretStore } from './app/sync.ts';
import { startTill, type Till, type TillOptions } from './app/till.ts';
import { CSP, SECURITY_HEADERS } from './app/transport.ts';
import { startUpdates, type UpdaterPort } from './app/updates.ts';
import { seedDemo } from './demo/seed.ts';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, isAppUrl, wireIpc } from './ipc.ts';

/**
 * The Electron shell. The renderer is an untrusted web page: context-isolated, sandboxed,
 * no Node, loaded from our own app:// protocol (never file://) with the same strict CSP as
 * the web host; it can reach nothing but app:// and the one preload bridge. Everything that
 * matters (ledger, auth, printing) lives in this process, behind app.callUntyped.
 */

// --- configuration --------------------------------------------------------------------------

export interface ShellConfig {
  /** the ledger file; default <userData>/ledger.sqlite */
  ledgerFile?: string;
  kiosk?: boolean;
  fullscreen?: boolean;
  /** seed the demo ledger when none exists (default: only when not packaged) */
  demo?: boolean;
  /** automatic ledger copies; default <userData>/backups (better: another disk or a USB key) */
  backupDir?: string;
  /**
   * where updates are looked for (electron-builder's generic feed: latest.yml + installers);
   * default <head office>/updates/ once enrolled; null: never look
   */
  updateUrl?: string | null;
}

/** <userData>/comptoir.json; unknown keys ignored, wrong types refused (logged, defaults used). */
export function readConfig(userData: string): ShellConfig {
  const file = join(userData, 'comptoir.json');
  if (!existsSync(file)) return {};
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const out: ShellConfig = {};
    if (typeof raw.ledgerFile === 'string') out.ledgerFile = raw.ledgerFile;
    if (typeof raw.kiosk === 'boolean') out.kiosk = raw.kiosk;
    if (typeof raw.fullscreen === 'boolean') out.fullscreen = raw.fullscreen;
    if (typeof raw.demo === 'boolean') out.demo = raw.demo;
    if (typeof raw.backupDir === 'string') out.backupDir = raw.backupDir;
    if (typeof raw.updateUrl === 'string' || raw.updateUrl === null) out.updateUrl = raw.updateUrl;
    return out;
  } catch (e) {
    log.warn(`ignoring unreadable ${file}: ${e instanceof Error ? e.message : e}`);
    return {};
  }
}

// --- updates --------------------------------------------------------------------------------

/**
 * electron-updater behind the till's UpdaterPort (electron/app/updates.ts decides when). It is
 * loaded on first use, in a packaged app only: it reads app-update.yml from the app's resources.
 * Nothing downloads or installs on its own: the till's rule (drawer closed, head office holding
 * every entry, not postponed) says when.
 */
export function electronUpdaterPort(load = () => import('electron-updater')): UpdaterPort {
  let updater: Promise<import('electron-updater').AppUpdater> | null = null;
  const get = () =>
    (updater ??= load().then((m) => {
      const u = m.autoUpdater;
      u.autoDownload = false;
      u.autoInstallOnAppQuit = false;
      u.logger = log;
      return u;
    }));
  let feed: string | null = null;
  return {
    setFeedURL(url) {
      feed = url;
    },
    async check() {
      const u = await get();
      if (feed) u.setFeedURL({ provider: 'generic', url: feed });
      const r = await u.checkForUpdates();
      return r?.updateInfo.version ?? null;
    },
    async download() {
      await (await get()).downloadUpdate();
    },
    install() {
      void get().then((u) => u.quitAndInstall(true, true));
    },
  };
}

// --- the window -----------------------------------------------------------------------------

export function windowOptions(
  preload: string,
  cfg: ShellConfig = {},
  packaged: boolean = electronApp.isPackaged,
): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Comptoir',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    kiosk: cfg.kiosk === true,
    fullscreen: cfg.fullscreen === true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // a packaged till has no devtools: a clerk's Ctrl+Shift+I must not open a console on
      // the page that holds a manager's session
      devTools: !packaged,
    },
  };
}

/** Per-page defences: no navigation away, no new windows (vetted links go to the OS), no webviews. */
export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) {
      event.preventDefault();
      log.warn('blocked navigation');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // no window ever opens inside the app; the vetted external links (a customer's address on the
  // map site) go to the OS's browser, everything else is refused
  contents.setWindowOpenHandler(({ url }) => {
    if (isVettedExternalUrl(url)) void shell.openExternal(url);
    else log.warn('blocked window.open');
    return { action: 'deny' };
  });
}

/** Session defences: every permission refused, every request outside app:// cancelled. */
export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*', 'ftp://*/*'] },
    (_details, callback) => callback({ cancel: true }),
  );
}

// --- app:// protocol ------------------------------------------------------------------------

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/** Must run before `ready`: app:// behaves like a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `root` with the strict CSP; nothing outside `root`. */
export function appProtocolHandler(root: string): (request: Request) => Response {
  const base = resolve(root);
  return (request) => {
    const url = new URL(request.url);
    const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': CSP };
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return new Response('not found', { status: 404, headers });
    }
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return new Response('bad path', { status: 400, headers });
    }
    let file = resolve(base, `.${path}`);
    if (file !== base && !file.startsWith(base + sep))
      return new Response('not found', { status: 404, headers });
    const isFile = (f: string) => existsSync(f) && statSync(f).isFile();
    if (!isFile(file)) {
      if (extname(path)) return new Response('not found', { status: 404, headers });
      file = join(base, 'index.html'); // client-side routes
      if (!isFile(file)) return new Response('renderer not built', { status: 503, headers });
    }
    return new Response(readFileSync(file), {
      status: 200,
      headers: {
        ...headers,
        'Content-Type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
      },
    });
  };
}

// --- secrets --------------------------------------------------------------------------------

/**
 * Secrets (e.g. the head-office sync token) encrypted with the OS keychain via safeStorage,
 * kept in <userData>/secrets.json. Refuses to store anything when only the plaintext
 * fallback is available rather than pretending.
 */
export function secretStore(userData: string): SecretStore {
  const file = join(userData, 'secrets.json');
  const load = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const save = (all: Record<string, string>) => {
    mkdirSync(userData, { recursive: true });
    writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
  };
  const usable = () =>
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  return {
    set(name: string, value: string): void {
      if (!usable()) throw new Error('no OS keychain available: refusing to store a secret in clear');
      const all = load();
      all[name] = safeStorage.encryptString(value).toString('base64');
      save(all);
    },
    get(name: string): string | null {
      const v = load()[name];
      if (!v || !safeStorage.isEncryptionAvailable()) return null;
      return safeStorage.decryptString(Buffer.from(v, 'base64'));
    },
    delete(name: string): void {
      const all = load();
      if (!(name in all)) return;
      delete all[name];
      save(all);
    },
  };
}

/**
 * The device secrets' box (signing key, PIN pepper: electron/app/device-secrets.ts) in the OS
 * keychain through safeStorage: <userData>/device-secrets.bin holds only ciphertext (0600).
 * Without a real keychain (Linux with the basic_text backend) it falls back to a 0600 file in a
 * 0700 folder, as the web host does, and says so in the log.
 */
export function safeStorageSecretBox(userData: string): SecretBox {
  const usable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (!usable) {
    const dir = join(userData, 'secrets');
    log.warn(`no OS keychain: device secrets kept in a 0600 file in ${dir}`);
    return fileSecretBox(dir);
  }
  const file = join(userData, 'device-secrets.bin');
  return {
    where: `OS keychain (${file})`,
    read: () => (existsSync(file) ? safeStorage.decryptString(readFileSync(file)) : null),
    write(text) {
      mkdirSync(userData, { recursive: true, mode: 0o700 });
      writeFileSync(file, safeStorage.encryptString(text), { mode: 0o600 });
    },
  };
}

// --- lifecycle ------------------------------------------------------------------------------

export interface Paths {
  preload: string;
  renderer: string;
}

/** out/main/main.cjs → out/preload/preload.cjs and out/renderer */
export function defaultPaths(mainDir: string): Paths {
  return {
    preload: join(mainDir, '..', 'preload', 'preload.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
  };
}

export function createMainWindow(paths: Paths, cfg: ShellConfig): BrowserWindow {
  const win = new BrowserWindow(windowOptions(paths.preload, cfg));
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The receipt/drawer print worker's options; profiles ship as extra resources. */
export function printOptions(mainDir: string): PrintWorkerOptions {
  const profilesDir = electronApp.isPackaged
    ? join(process.resourcesPath, 'printer-profiles')
    : join(mainDir, '..', '..', 'resources', 'printer-profiles');
  return { profilesDir, log: (level, message) => log[level](`[print] ${message}`) };
}

/**
 * Returns false when another instance holds the lock (this one quits and the first one is
 * focused instead).
 */
export function main(opts: { mainDir: string; sync?: TillOptions['sync'] }): boolean {
  log.initialize();
  log.transports.file.level = 'info';
  if (!electronApp.requestSingleInstanceLock()) {
    electronApp.quit();
    return false;
  }
  electronApp.enableSandbox(); // every renderer, whatever its webPreferences
  registerAppScheme();
  const paths = defaultPaths(opts.mainDir);
  let win: BrowserWindow | null = null;
  let ledgerApp: App | null = null;
  let till: Till | undefined;

  electronApp.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  electronApp.on('web-contents-created', (_e, contents) => hardenContents(contents));
  electronApp.on('window-all-closed', () => electronApp.quit());
  electronApp.on('will-quit', () => {
    void till?.stop();
    ledgerApp?.close();
    ledgerApp = null;
  });

  void electronApp
    .whenReady()
    .then(() => {
      // packaged: no default menu (its View → Toggle Developer Tools, Reload, Force Reload)
      if (electronApp.isPackaged) Menu.setApplicationMenu(null);
      const userData = electronApp.getPath('userData');
      const cfg = readConfig(userData);
      hardenSession(session.defaultSession);
      protocol.handle(APP_SCHEME, appProtocolHandler(paths.renderer));

      const file = cfg.ledgerFile ?? join(userData, 'ledger.sqlite');
      if (!existsSync(file) && (cfg.demo ?? !electronApp.isPackaged)) {
        mkdirSync(userData, { recursive: true });
        const s = seedDemo({ file, months: 3 });
        log.info(`seeded a demo ledger: ${s.sales} sales`);
      }
      ledgerApp = createApp({ file, secrets: safeStorageSecretBox(userData) });
      log.info(
        `ledger opened (${ledgerApp.env.store.name}, device ${ledgerApp.env.deviceId}, key ${ledgerApp.secrets.fingerprint})`,
      );
      const ipc = wireIpc(ledgerApp, { log: (m, e) => log.warn(m, e ?? '') });
      till = startTill(ledgerApp, {
        printing: printOptions(opts.mainDir),
        backups: {
          dir: cfg.backupDir ?? join(userData, 'backups'),
          log: (level, message) => log[level](`[backup] ${message}`),
        },
        // head office: idle until an administrator enrols the till; the token in the OS keychain
        sync:
          opts.sync ??
          headOfficeSync({
            secrets: secretStore(userData),
            log: (level, message) => log[level](`[sync] ${message}`),
          }),
        // a packaged app updates itself through head office; a dev build or a test never does
        updates: electronApp.isPackaged
          ? (a) =>
              startUpdates(a, electronUpdaterPort(), {
                current: electronApp.getVersion(),
                ...(cfg.updateUrl !== undefined ? { feedUrl: cfg.updateUrl } : {}),
                log: (level, message) => log[level](`[update] ${message}`),
              })
          : undefined,
        log: (level, message, err) => log[level](`[till] ${message}`, err ?? ''),
      });

      win = createMainWindow(paths, cfg);
      ipc.attach(win.webContents);
      win.on('closed', () => {
        win = null;
      });
    })
    .catch((err: unknown) => {
      // A till that cannot start says so on screen: a silent no-window is a store that cannot
      // sell and does not know why (a locked or damaged ledger names its way out itself).
      log.error('the app could not start', err);
      const text = startFailureText(err, electronApp.getLocale?.() ?? 'fr');
      dialog.showErrorBox(text.title, text.body);
      void till?.stop();
      ledgerApp?.close();
      ledgerApp = null;
      electronApp.exit(1);
    });
  return true;
}

const START_FAILURE = {
  fr: { title: 'Comptoir ne peut pas démarrer', log: 'Le détail est dans le journal de l’application' },
  en: { title: 'Comptoir cannot start', log: 'The details are in the application log' },
  bg: { title: 'Comptoir не може да стартира', log: 'Подробностите са в дневника на приложението' },
} as const;

/** The start-failure dialog's text in the OS language (fr by default): the error's own message, then where the log is. */
export function startFailureText(err: unknown, locale: string): { title: string; body: string } {
  const lang = locale.slice(0, 2) === 'en' ? 'en' : locale.slice(0, 2) === 'bg' ? 'bg' : 'fr';
  const t = START_FAILURE[lang];
  const code =
    err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' ? err.code : null;
  const message = err instanceof Error ? err.message : String(err);
  return { title: t.title, body: `${code ? `[${code}] ` : ''}${message}\n\n${t.log}.` };
}

// The bundled entry (out/main/main.cjs) runs this; importing the module in tests does not.
if (process.versions.electron) main({ mainDir: __dirname });

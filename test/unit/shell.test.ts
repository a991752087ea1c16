import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../shared/api/bridge.ts';
import { mapUrl } from '../../shared/external-links.ts';
import { type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';

/**
 * The Electron shell's security settings, checked against a mocked 'electron' module: what
 * our code asks Electron for (window preferences, handlers, IPC sender checks, protocol,
 * single-instance lock) is what these tests read back.
 */
const E = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const appEvents = new Map<string, (...a: unknown[]) => void>();
  const state = {
    lock: true,
    userData: '',
    windows: [] as {
      options: Record<string, unknown>;
      loaded: string[];
      focused: number;
      contents: unknown;
    }[],
    protocolHandlers: new Map<string, (r: Request) => Response>(),
    privileged: [] as unknown[],
    quit: 0,
    ready: null as null | (() => void),
    encryption: true,
    backend: 'gnome_libsecret',
    session: null as unknown,
    sandboxAll: false,
    packaged: false,
    menu: 'default' as unknown,
    errorBoxes: [] as { title: string; body: string }[],
    exitCode: null as number | null,
    opened: [] as string[],
  };
  return { handlers, appEvents, state };
});

const H = vi.hoisted(() => {
  class Emitter {
    private ls = new Map<string, ((...a: never[]) => void)[]>();
    on(ev: string, fn: (...a: never[]) => void) {
      this.ls.set(ev, [...(this.ls.get(ev) ?? []), fn]);
      return this;
    }
    once(ev: string, fn: (...a: never[]) => void) {
      return this.on(ev, fn);
    }
    emit(ev: string, ...a: unknown[]) {
      for (const fn of this.ls.get(ev) ?? []) (fn as (...x: unknown[]) => void)(...a);
      return true;
    }
  }
  function fakeContents(url = 'app://comptoir/index.html') {
    const ee = new Emitter() as Emitter & Record<string, unknown>;
    const mainFrame = { url, parent: null, frameToken: 'top' };
    Object.assign(ee, {
      mainFrame,
      openHandler: null as null | ((d: unknown) => unknown),
      setWindowOpenHandler(fn: (d: unknown) => unknown) {
        ee.openHandler = fn;
      },
      isDestroyed: () => false,
      getURL: () => mainFrame.url,
      sent: [] as unknown[],
      send(ch: string, p: unknown) {
        (ee.sent as unknown[]).push([ch, p]);
      },
    });
    return ee;
  }

  type PermissionRequest = (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
  type Check = (...a: unknown[]) => boolean;
  type BeforeRequest = (d: unknown, cb: (r: unknown) => void) => void;
  interface FakeSession {
    permissionRequest: PermissionRequest | null;
    permissionCheck: Check | null;
    deviceCheck: Check | null;
    beforeRequest: { filter: { urls: string[] }; fn: BeforeRequest } | null;
    setPermissionRequestHandler(fn: PermissionRequest): void;
    setPermissionCheckHandler(fn: Check): void;
    setDevicePermissionHandler(fn: Check): void;
    webRequest: { onBeforeRequest(filter: { urls: string[] }, fn: BeforeRequest): void };
  }
  function fakeSession(): FakeSession {
    const s: FakeSession = {
      permissionRequest: null,
      permissionCheck: null,
      deviceCheck: null,
      beforeRequest: null,
      setPermissionRequestHandler(fn) {
        s.permissionRequest = fn;
      },
      setPermissionCheckHandler(fn) {
        s.permissionCheck = fn;
      },
      setDevicePermissionHandler(fn) {
        s.deviceCheck = fn;
      },
      webRequest: {
        onBeforeRequest(filter, fn) {
          s.beforeRequest = { filter, fn };
        },
      },
    };
    return s;
  }
  return { Emitter, fakeContents, fakeSession };
});
const { fakeContents, fakeSession } = H;

vi.mock('electron', () => {
  class BrowserWindow extends H.Emitter {
    webContents = H.fakeContents();
    record: { options: Record<string, unknown>; loaded: string[]; focused: number; contents: unknown };
    constructor(options: Record<string, unknown>) {
      super();
      this.record = { options, loaded: [], focused: 0, contents: this.webContents };
      E.state.windows.push(this.record);
    }
    loadURL(u: string) {
      this.record.loaded.push(u);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      this.record.focused++;
    }
    show() {}
  }
  E.state.session = H.fakeSession();
  return {
    BrowserWindow,
    app: {
      requestSingleInstanceLock: () => E.state.lock,
      enableSandbox: () => {
        E.state.sandboxAll = true;
      },
      quit: () => {
        E.state.quit++;
      },
      on: (ev: string, fn: (...a: unknown[]) => void) => E.appEvents.set(ev, fn),
      whenReady: () =>
        new Promise<void>((ok) => {
          E.state.ready = ok;
        }),
      getPath: () => E.state.userData,
      get isPackaged() {
        return E.state.packaged;
      },
      getLocale: () => 'en-CA',
      exit: (code: number) => {
        E.state.exitCode = code;
      },
    },
    Menu: {
      setApplicationMenu: (m: unknown) => {
        E.state.menu = m;
      },
    },
    dialog: {
      showErrorBox: (title: string, body: string) => E.state.errorBoxes.push({ title, body }),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => E.state.privileged.push(...s),
      handle: (scheme: string, fn: (r: Request) => Response) => E.state.protocolHandlers.set(scheme, fn),
    },
    session: {
      get defaultSession() {
        return E.state.session;
      },
    },
    ipcMain: {
      handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => unknown) => E.handlers.set(ch, fn),
      removeHandler: (ch: string) => E.handlers.delete(ch),
    },
    shell: {
      openExternal: (u: string) => {
        E.state.opened.push(u);
        return Promise.resolve();
      },
    },
    safeStorage: {
      isEncryptionAvailable: () => E.state.encryption,
      getSelectedStorageBackend: () => E.state.backend,
      encryptString: (s: string) => Buffer.from([...s].reverse().join(''), 'utf8'),
      decryptString: (b: Buffer) => [...b.toString('utf8')].reverse().join(''),
    },
  };
});
vi.mock('electron-log/main', () => ({
  default: {
    initialize() {},
    info() {},
    warn() {},
    error() {},
    transports: { file: { level: 'info' } },
  },
}));

const shell = await import('../../electron/main.ts');
const { wireIpc, isTrustedSender } = await import('../../electron/ipc.ts');

let fx: Fixture;
beforeEach(() => {
  fx ??= makeFixture();
});
afterAll(() => {
  E.appEvents.get('will-quit')?.();
  fx?.cleanup();
});

describe('BrowserWindow', () => {
  it('is isolated, sandboxed, without Node, with web security and only our preload', () => {
    const o = shell.windowOptions('/app/out/preload/preload.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(o.kiosk).toBe(false);
    // devtools only in development: a packaged till's window has none
    expect(o.webPreferences?.devTools).toBe(true);
    expect(shell.windowOptions('/p', {}, true).webPreferences?.devTools).toBe(false);
    expect(shell.windowOptions('/p', { kiosk: true, fullscreen: true })).toMatchObject({
      kiosk: true,
      fullscreen: true,
    });
  });
});

describe('page and session hardening', () => {
  it('denies navigation away from app://, redirects, new windows and webviews', () => {
    const c = fakeContents();
    shell.hardenContents(c as never);
    const nav = (ev: string, url: string) => {
      const e = { preventDefault: vi.fn() };
      c.emit(ev, e, url);
      return e.preventDefault.mock.calls.length > 0;
    };
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true);
    expect(nav('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(nav('will-navigate', 'app://other/index.html')).toBe(true);
    expect(nav('will-navigate', 'app://comptoir/index.html#/sales')).toBe(false);
    expect(nav('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(nav('will-attach-webview', 'app://comptoir/')).toBe(true);
    const open = c.openHandler as (d: unknown) => unknown;
    expect(open({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://comptoir/index.html' })).toEqual({ action: 'deny' });
  });

  it("opens only the vetted external links (the map site's search) in the OS's browser", () => {
    const c = fakeContents();
    shell.hardenContents(c as never);
    const open = c.openHandler as (d: unknown) => unknown;
    E.state.opened.length = 0;
    const map = 'https://www.openstreetmap.org/search?query=12%20rue%20Sainte-Catherine%2C%20Montr%C3%A9al';
    for (const url of [
      map,
      'http://www.openstreetmap.org/search?query=x', // not https
      'https://www.openstreetmap.org.evil.example/search?query=x',
      'https://user@www.openstreetmap.org/search?query=x',
      'https://www.openstreetmap.org:8443/search?query=x',
      'https://www.openstreetmap.org/edit',
      'file:///etc/passwd',
      'javascript:alert(1)',
      // only the search itself: no other parameter, no second query, no fragment
      'https://www.openstreetmap.org/search?query=x&redirect=https%3A%2F%2Fevil.example',
      'https://www.openstreetmap.org/search?query=x&query=y',
      'https://www.openstreetmap.org/search?q=x',
      'https://www.openstreetmap.org/search',
      'https://www.openstreetmap.org/search?query=x#map=3/0/0',
      'https://www.openstreetmap.org@evil.example/search?query=x',
      'https://evil.example/search?query=https://www.openstreetmap.org/search',
    ]) {
      expect(open({ url })).toEqual({ action: 'deny' }); // never a window inside the app
    }
    expect(E.state.opened).toEqual([map]);
  });

  it('the URL the customers screen builds (accents, Cyrillic) is vetted and reaches the OS unchanged', () => {
    const c = fakeContents();
    shell.hardenContents(c as never);
    const open = c.openHandler as (d: unknown) => unknown;
    E.state.opened.length = 0;
    const urls = [
      mapUrl({ address: 'ул. Витоша 15', postalCode: '1000', city: 'София' }),
      mapUrl({ address: '8 rue de l’Église', postalCode: null, city: 'Lyon' }),
    ];
    for (const url of urls) expect(open({ url })).toEqual({ action: 'deny' });
    expect(E.state.opened).toEqual(urls);
    expect(urls.every((u) => u?.startsWith('https://www.openstreetmap.org/search?query='))).toBe(true);
  });

  it('refuses every permission and cancels every request that is not app://', () => {
    const s = fakeSession();
    shell.hardenSession(s as never);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'usb']) {
      let granted: boolean | undefined;
      s.permissionRequest?.({}, p, (ok) => {
        granted = ok;
      });
      expect(granted).toBe(false);
      expect(s.permissionCheck?.({}, p, 'app://comptoir', {})).toBe(false);
    }
    expect(s.deviceCheck?.({})).toBe(false);
    const filter = s.beforeRequest?.filter.urls ?? [];
    expect(filter).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'file://*/*', 'ws://*/*']));
    expect(filter.some((u) => u.startsWith('app:'))).toBe(false);
    let result: unknown;
    s.beforeRequest?.fn({ url: 'https://example.com/x.js' }, (r) => {
      result = r;
    });
    expect(result).toEqual({ cancel: true });
  });
});

describe('app:// protocol', () => {
  it('serves the renderer with the strict CSP, nothing outside its root, not file://', async () => {
    const root = join(fx.dir, 'r');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Comptoir</title>');
    writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
    writeFileSync(join(fx.dir, 'private.txt'), 'private');
    const h = shell.appProtocolHandler(root);
    const index = h(new Request('app://comptoir/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(index.headers.get('content-security-policy')).toMatch(/object-src 'none'/);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await index.text()).toContain('Comptoir');
    expect(h(new Request('app://comptoir/assets/a.js')).headers.get('content-type')).toMatch(/javascript/);
    expect(h(new Request('app://comptoir/sales/42')).status).toBe(200); // client route → shell
    const trav = h(new Request('app://comptoir/..%2Fprivate.txt'));
    expect(trav.status).toBe(404);
    expect(await trav.text()).not.toContain('private');
    expect(h(new Request('app://other/index.html')).status).toBe(404);
    expect(h(new Request('app://comptoir/index.html', { method: 'POST', body: 'x' })).status).toBe(404);
  });
});

describe('IPC sender checks', () => {
  const calls: string[] = [];
  const fakeApp = {
    callUntyped: (op: string) => {
      calls.push(op);
      return { op };
    },
    subscribe: () => () => {},
  };
  const event = (url: string | null, opts: { sub?: boolean; otherMain?: boolean } = {}) => {
    const c = fakeContents(url ?? 'app://comptoir/index.html');
    const top = c.mainFrame as { url: string; parent: null; frameToken: string };
    const frame =
      url === null
        ? null
        : opts.sub
          ? { url, parent: top, frameToken: 'child' }
          : opts.otherMain
            ? { url, parent: null, frameToken: 'another' }
            : top;
    return { sender: c, senderFrame: frame };
  };

  it('refuses subframes, foreign origins and unknown frames before reaching the app', async () => {
    const w = wireIpc(fakeApp as never);
    const invoke = E.handlers.get(IPC_INVOKE);
    expect(invoke).toBeTypeOf('function');
    const refused = [
      event(null),
      event('https://evil.example/'),
      event('file:///app/out/renderer/index.html'),
      event('app://evil/index.html'),
      event('app://comptoir/index.html', { sub: true }),
      event('app://comptoir/index.html', { otherMain: true }),
    ];
    for (const ev of refused) {
      expect(isTrustedSender(ev as never)).toBe(false);
      const r = await invoke?.(ev, 'store.info', {}, null);
      expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'untrusted sender' } });
    }
    expect(calls).toEqual([]);
    const good = event('app://comptoir/index.html');
    expect(isTrustedSender(good as never)).toBe(true);
    expect(await invoke?.(good, 'store.info', {}, null)).toEqual({ ok: true, result: { op: 'store.info' } });
    const bad = (await invoke?.(good, 42, {}, 7)) as {
      ok: false;
      error: { code: string; fields: { path: string }[] };
    };
    expect(bad.error.code).toBe('VALIDATION');
    expect(bad.error.fields.map((f) => f.path)).toEqual(['op', 'token']);
    expect(calls).toEqual(['store.info']);
    w.dispose();
    expect(E.handlers.has(IPC_INVOKE)).toBe(false);
  });
});

describe('secrets', () => {
  it('are encrypted with safeStorage, and refused when only plaintext storage exists', () => {
    const dir = join(fx.dir, 'ud-secrets');
    const store = shell.secretStore(dir);
    E.state.encryption = true;
    E.state.backend = 'gnome_libsecret';
    store.set('syncToken', 'tok-123456');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('tok-123456');
    expect(store.get('syncToken')).toBe('tok-123456');
    store.delete('syncToken');
    expect(store.get('syncToken')).toBeNull();
    store.set('syncToken', 'tok-123456');
    if (process.platform === 'linux') {
      E.state.backend = 'basic_text';
      expect(() => store.set('syncToken', 'x')).toThrow(/keychain/);
    }
    E.state.encryption = false;
    expect(() => store.set('syncToken', 'x')).toThrow(/keychain/);
    expect(store.get('syncToken')).toBeNull();
    E.state.encryption = true;
  });
});

describe('device secrets box', () => {
  it('keeps the signing key and pepper as safeStorage ciphertext; falls back to a 0600 file without a keychain', async () => {
    const { loadDeviceSecrets } = await import('../../electron/app/device-secrets.ts');
    const dir = join(fx.dir, 'ud-device');
    E.state.encryption = true;
    E.state.backend = 'gnome_libsecret';
    const box = shell.safeStorageSecretBox(dir);
    expect(box.where).toMatch(/keychain/);
    const a = loadDeviceSecrets(box);
    const onDisk = readFileSync(join(dir, 'device-secrets.bin'));
    expect(onDisk.toString('utf8')).not.toContain('PRIVATE KEY');
    expect(statSync(join(dir, 'device-secrets.bin')).mode & 0o777).toBe(0o600);
    // the same key after a restart
    expect(loadDeviceSecrets(shell.safeStorageSecretBox(dir)).publicKeyPem).toBe(a.publicKeyPem);
    if (process.platform === 'linux') {
      E.state.backend = 'basic_text';
      const plain = shell.safeStorageSecretBox(dir);
      expect(plain.where).toBe(join(dir, 'secrets', 'device-secrets.json'));
      loadDeviceSecrets(plain);
      expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
      E.state.backend = 'gnome_libsecret';
    }
  });
});

describe('lifecycle', () => {
  it('quits when another instance holds the single-instance lock', () => {
    E.state.lock = false;
    const windows = E.state.windows.length;
    expect(shell.main({ mainDir: '/nowhere/out/main' })).toBe(false);
    expect(E.state.quit).toBe(1);
    expect(E.state.ready).toBeNull();
    expect(E.state.windows.length).toBe(windows);
    E.state.lock = true;
  });

  it('boots: app:// scheme, hardened session, IPC, one window on app:// with our preload; a second launch focuses it', async () => {
    const userData = join(fx.dir, 'userData');
    mkdirSync(userData, { recursive: true });
    writeFileSync(
      join(userData, 'comptoir.json'),
      JSON.stringify({ ledgerFile: fx.file, kiosk: true, demo: false }),
    );
    E.state.userData = userData;
    // the desktop app is the ledger's one writer: the fixture's own connection steps aside
    fx.app.close();
    const before = E.state.windows.length;
    expect(shell.main({ mainDir: '/app/out/main' })).toBe(true);
    expect(E.state.sandboxAll).toBe(true);
    expect(E.state.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    E.state.ready?.();
    await new Promise((r) => setTimeout(r, 10));
    expect(E.state.protocolHandlers.has('app')).toBe(true);
    expect((E.state.session as ReturnType<typeof fakeSession>).permissionRequest).toBeTypeOf('function');
    expect(E.handlers.has(IPC_INVOKE)).toBe(true);
    expect(E.state.windows.length).toBe(before + 1);
    const win = E.state.windows.at(-1);
    if (!win) throw new Error('no window');
    expect(win.loaded).toEqual(['app://comptoir/index.html']);
    expect(win.options).toMatchObject({
      kiosk: true,
      webPreferences: { preload: '/app/out/preload/preload.cjs', sandbox: true, contextIsolation: true },
    });
    expect((win.contents as { openHandler: unknown }).openHandler).toBeTypeOf('function');
    // a command sent from the window's own main frame goes through, and its ledger event is
    // pushed back to that window
    const contents = win.contents as ReturnType<typeof fakeContents>;
    const invoke = E.handlers.get(IPC_INVOKE);
    const ev = { sender: contents, senderFrame: contents.mainFrame };
    const login = (await invoke?.(ev, 'auth.login', { userId: fx.managerId, pin: MANAGER_PIN }, null)) as {
      ok: true;
      result: { token: string };
    };
    expect(login.ok).toBe(true);
    const sent = contents.sent as [string, { type: string }][];
    expect(sent.map(([ch, e]) => [ch, e.type])).toEqual([['comptoir:event', 'auth.login']]);
    E.appEvents.get('second-instance')?.();
    expect(win.focused).toBe(1);
  });

  it('a packaged till starts without the default menu (no View → Toggle Developer Tools)', async () => {
    E.state.packaged = true;
    // a packaged app finds its printer profiles under the resources folder
    Object.assign(process, { resourcesPath: join(process.cwd(), 'resources') });
    try {
      const userData = join(fx.dir, 'userData-packaged');
      mkdirSync(userData, { recursive: true });
      const file = join(fx.dir, 'packaged.sqlite');
      writeFileSync(join(userData, 'comptoir.json'), JSON.stringify({ ledgerFile: file, demo: false }));
      E.state.userData = userData;
      E.state.menu = 'default';
      expect(shell.main({ mainDir: '/app/out/main' })).toBe(true);
      E.state.ready?.();
      await new Promise((r) => setTimeout(r, 50));
      expect(E.state.menu).toBeNull();
      expect(E.state.errorBoxes).toEqual([]);
      expect(E.state.windows.at(-1)?.options).toMatchObject({ webPreferences: { devTools: false } });
    } finally {
      E.state.packaged = false;
    }
  });

  it('a failure while starting shows a dialog with the reason and exits, instead of a silent no-window', async () => {
    const userData = join(fx.dir, 'userData-broken');
    mkdirSync(userData, { recursive: true });
    // the ledger "file" is a folder: opening it fails
    const notAFile = join(fx.dir, 'a-folder.sqlite');
    mkdirSync(notAFile, { recursive: true });
    writeFileSync(join(userData, 'comptoir.json'), JSON.stringify({ ledgerFile: notAFile, demo: false }));
    E.state.userData = userData;
    const windows = E.state.windows.length;
    E.state.errorBoxes = [];
    E.state.exitCode = null;
    expect(shell.main({ mainDir: '/app/out/main' })).toBe(true);
    E.state.ready?.();
    await new Promise((r) => setTimeout(r, 50));
    expect(E.state.windows.length).toBe(windows);
    expect(E.state.errorBoxes).toHaveLength(1);
    expect(E.state.errorBoxes[0]?.title).toBe('Comptoir cannot start'); // getLocale() is en-CA
    expect(E.state.errorBoxes[0]?.body).toContain('application log');
    expect(E.state.exitCode).toBe(1);
  });

  it('names the start failure in the OS language, French by default, with the error code', () => {
    const err = Object.assign(new Error('ledger held by pid 42'), { code: 'LEDGER_LOCKED' });
    expect(shell.startFailureText(err, 'fr-CA')).toEqual({
      title: 'Comptoir ne peut pas démarrer',
      body: '[LEDGER_LOCKED] ledger held by pid 42\n\nLe détail est dans le journal de l’application.',
    });
    expect(shell.startFailureText(err, 'bg').title).toBe('Comptoir не може да стартира');
    expect(shell.startFailureText('boom', 'de').body.startsWith('boom')).toBe(true);
  });
});

describe('packaging (electron-builder.yml)', () => {
  it('passes electron-builder’s own schema and keeps the security-relevant settings', async () => {
    const { readFileSync: read } = await import('node:fs');
    const jsYaml = 'js-yaml'; // electron-builder's own YAML parser (no types shipped)
    const { load } = (await import(jsYaml)) as unknown as { load(s: string): Record<string, unknown> };
    const cfg = load(read('electron-builder.yml', 'utf8')) as {
      appId: string;
      productName: string;
      files: string[];
      asarUnpack: string[];
      nsis: { oneClick: boolean; perMachine: boolean };
      linux: { target: string[] };
      deb: { fpm: string[] };
      extraMetadata: { main: string };
      electronFuses: Record<string, boolean>;
      publish: { provider: string; url: string; channel: string }[];
    };
    const { validateConfiguration } = (await import(
      // electron-builder's validator (a dependency of electron-builder itself)
      'app-builder-lib/out/util/config/config.js'
    )) as unknown as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = (await import('builder-util')) as unknown as {
      DebugLogger: new (on: boolean) => unknown;
    };
    await validateConfiguration(cfg, new DebugLogger(false));
    expect(cfg.appId).toBe('ca.comptoir.pos');
    expect(cfg.productName).toBe('Comptoir');
    expect(cfg.nsis).toMatchObject({ oneClick: false, perMachine: true });
    expect(cfg.linux.target).toEqual(['AppImage', 'deb']);
    expect(cfg.files).toEqual(expect.arrayContaining(['out/**', 'db/migrations/**']));
    expect(cfg.asarUnpack).toEqual(
      expect.arrayContaining(['node_modules/better-sqlite3/**', 'db/migrations/**']),
    );
    expect(cfg.deb.fpm).toEqual([
      'build/linux/99-comptoir-escpos.rules=/lib/udev/rules.d/99-comptoir-escpos.rules',
    ]);
    expect(cfg.extraMetadata.main).toBe('out/main/main.cjs');
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    // electron-updater's generic feed (latest.yml + installers on head office or any static host)
    expect(cfg.publish).toEqual([
      { provider: 'generic', url: expect.stringMatching(/^https:\/\//), channel: 'latest' },
    ]);
  });

  it('electron-updater never downloads nor installs on its own: the till decides (app/updates.ts)', async () => {
    const seen: string[] = [];
    const fake = {
      autoDownload: true,
      autoInstallOnAppQuit: true,
      logger: null as unknown,
      setFeedURL: (o: unknown) => seen.push(`feed ${JSON.stringify(o)}`),
      checkForUpdates: async () => ({ updateInfo: { version: '0.2.0' } }),
      downloadUpdate: async () => seen.push('download'),
      quitAndInstall: (silent: boolean, runAfter: boolean) => seen.push(`install ${silent} ${runAfter}`),
    };
    const port = shell.electronUpdaterPort(async () => ({ autoUpdater: fake }) as never);
    port.setFeedURL('https://hq.example/updates/');
    expect(await port.check()).toBe('0.2.0');
    expect(fake.autoDownload).toBe(false);
    expect(fake.autoInstallOnAppQuit).toBe(false);
    await port.download();
    port.install();
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).toEqual([
      'feed {"provider":"generic","url":"https://hq.example/updates/"}',
      'download',
      'install true true',
    ]);
  });
});

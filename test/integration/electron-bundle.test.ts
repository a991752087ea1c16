import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../electron/host/build-electron.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

/**
 * The real main-process bundle (esbuild → out/main/main.cjs) boots: run in a child Node with
 * only `require('electron')` answered by a stub, it finds its SQL migrations through the
 * import.meta.url shim, opens the ledger, registers app://, wires IPC and loads the window
 * from app://comptoir with the preload next to it. Catches bundling mistakes the source-level
 * tests cannot (externals, CJS interop, paths).
 */
const ROOT = resolve(import.meta.dirname, '../..');
let fx: Fixture;
afterAll(() => fx?.cleanup());

const STUB = `
const Module = require('node:module');
const EventEmitter = require('node:events');
const calls = [];
let handler = null;
const electron = {
  app: {
    requestSingleInstanceLock: () => true, enableSandbox: () => calls.push('enableSandbox'),
    quit() {}, on(ev) { calls.push('app.on:' + ev); }, once() {}, isReady: () => false,
    whenReady: () => Promise.resolve(), getName: () => 'Comptoir', getVersion: () => '0.0.0',
    getAppPath: () => process.cwd(), getPath: () => process.env.USER_DATA, isPackaged: false,
  },
  protocol: {
    registerSchemesAsPrivileged(s) { calls.push('privileged:' + s.map((x) => x.scheme).join()); },
    handle(s, fn) { calls.push('protocol:' + s); handler = fn; },
  },
  session: { defaultSession: { setPermissionRequestHandler() {}, setPermissionCheckHandler() {},
    setDevicePermissionHandler() {}, webRequest: { onBeforeRequest() { calls.push('onBeforeRequest'); } } } },
  ipcMain: { handle(ch) { calls.push('ipc:' + ch); }, removeHandler() {}, on() {} },
  safeStorage: { isEncryptionAvailable: () => false },
  BrowserWindow: class extends EventEmitter {
    constructor(o) {
      super();
      this.webContents = Object.assign(new EventEmitter(), { setWindowOpenHandler() {}, once() {} });
      calls.push('window:' + JSON.stringify(o.webPreferences));
    }
    loadURL(u) { calls.push('load:' + u); return Promise.resolve(); }
  },
};
const load = Module._load;
Module._load = function (req, ...a) { return req === 'electron' ? electron : load.call(this, req, ...a); };
const main = require(process.env.BUNDLE);
main.main({ mainDir: require('node:path').dirname(process.env.BUNDLE) });
setTimeout(async () => {
  const r = handler(new Request('app://comptoir/index.html'));
  calls.push('index:' + r.status + ':' + r.headers.get('content-security-policy'));
  process.stdout.write(JSON.stringify(calls));
  process.exit(0);
}, 1500);
`;

describe('Electron main bundle', () => {
  it('builds and boots with a stubbed electron module', async () => {
    fx = makeFixture();
    // <app>/out/{main,preload,renderer}, <app>/db and <app>/node_modules as in the package
    const app = join(fx.dir, 'app');
    mkdirSync(join(app, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(app, 'out', 'renderer', 'index.html'), '<!doctype html><title>Comptoir</title>');
    symlinkSync(join(ROOT, 'db'), join(app, 'db'));
    symlinkSync(join(ROOT, 'node_modules'), join(app, 'node_modules'));
    await buildElectron({ outDir: join(app, 'out'), quiet: true });
    const preload = readFileSync(join(app, 'out', 'preload', 'preload.cjs'), 'utf8');
    expect(preload).toContain('exposeInMainWorld');
    expect(preload).not.toMatch(/require\("(?!electron")/); // a sandboxed preload requires nothing else

    const userData = join(fx.dir, 'userData');
    mkdirSync(userData);
    writeFileSync(join(userData, 'comptoir.json'), JSON.stringify({ ledgerFile: fx.file, demo: false }));
    writeFileSync(join(app, 'stub.cjs'), STUB);
    // the main process is the ledger's one writer: the fixture lets go of it first
    fx.app.close();
    const r = spawnSync(process.execPath, [join(app, 'stub.cjs')], {
      cwd: app,
      env: { ...process.env, BUNDLE: join(app, 'out', 'main', 'main.cjs'), USER_DATA: userData },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    // electron-log's console lines come first; the stub's JSON is the last line
    const calls = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as string[];
    // the main process made its first automatic backup beside the ledger it opened
    expect(readdirSync(join(userData, 'backups')).filter((n) => n.endsWith('.sqlite'))).toHaveLength(1);
    expect(calls).toEqual(
      expect.arrayContaining([
        'enableSandbox',
        'privileged:app',
        'protocol:app',
        'onBeforeRequest',
        'ipc:comptoir:invoke',
        'load:app://comptoir/index.html',
      ]),
    );
    const win = calls.find((c) => c.startsWith('window:'));
    expect(JSON.parse(win?.slice('window:'.length) ?? '{}')).toMatchObject({
      preload: join(app, 'out', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(calls.find((c) => c.startsWith('index:'))).toMatch(/^index:200:default-src 'self'/);
    // the start-up ledger check ran in its bundled worker thread (out/db/integrity-worker.cjs)
    expect(r.stdout).toMatch(/\[till\] ledger check ok: every page, \d+ journal entries/);
  });
});

import type { OpParsed } from '../../shared/api/contract.ts';
import type { SyncStatus } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { applyFeedPage, checkFeedPage, type FeedApplied, parseFeedPage } from '../services/feed-apply.ts';
import { recordEnrolment } from '../services/head-office.ts';
import { requestEnrolment } from '../sync/enrol.ts';
import { type FeedPullResult, pullFeed, tillFeedCursor } from '../sync/feed.ts';
import type { HttpClientOptions } from '../sync/http.ts';
import { DEVICE_TOKEN, fileSecretStore, type SecretStore } from '../sync/secrets.ts';
import { SyncWorker, type SyncWorkerOptions, syncStatus } from '../sync/worker.ts';
import { defaultSecretsDir } from './device-secrets.ts';
import type { App, AsyncCommand } from './index.ts';
import type { TillWorker } from './till.ts';

/**
 * Head-office sync beside the ledger's process (Electron main, web host): the background push
 * (electron/sync/worker.ts) and the enrolment command, which trades a code for a device token
 * (network first, no transaction open), keeps the token in the secret store, then journals the
 * enrolment. The status goes to the `sync.status` query and, on every change, to subscribers as
 * a runtime event (`sync.status`, seq 0) so the status bar refreshes without polling hard.
 */
export interface SyncOptions extends Omit<SyncWorkerOptions, 'secrets' | 'onStatus'> {
  /** where the device token is kept (safeStorage in Electron, a 0600 file for the web host) */
  secrets: SecretStore;
  /** the till's Ed25519 public key (SPKI PEM) registered at enrolment (default: the app's device key) */
  publicKeyPem?: () => string;
  /** for the enrolment exchange (default: the worker's) */
  enrolHttp?: HttpClientOptions;
}

export interface SyncHandle extends TillWorker {
  status(): SyncStatus;
  kick(): void;
  /** the last pull of head office's change feed (null before the first) */
  lastFeed(): FeedPullResult | null;
}

/** startTill's `sync`: `startTill(app, { sync: headOfficeSync({ secrets }) })` */
export function headOfficeSync(opts: SyncOptions): (app: App) => SyncHandle {
  return (app) => createSync(app, opts);
}

/** The worker and the enrolment command for `app`; nothing runs before `start()`. */
export function createSync(app: App, opts: SyncOptions): SyncHandle {
  const signingKeyPem = opts.publicKeyPem ?? (() => app.secrets.publicKeyPem);
  const now = opts.now ?? app.env.now;
  let lastEvent = 0;
  let trailing: ReturnType<typeof setTimeout> | null = null;
  const announce = () => {
    // a catch-up changes the status with every batch: at most ~4 events a second
    const t = Date.now();
    if (t - lastEvent >= 250) {
      lastEvent = t;
      app.emit({ seq: 0, type: 'sync.status', at: now().toISOString() });
    } else if (!trailing) {
      trailing = setTimeout(() => {
        trailing = null;
        lastEvent = Date.now();
        app.emit({ seq: 0, type: 'sync.status', at: now().toISOString() });
      }, 250);
    }
  };
  let lastFeed: FeedPullResult | null = null;
  // the change feed, after each push that left nothing pending: each page one command
  const afterPush: SyncWorkerOptions['afterPush'] = async ({ headOffice, token, http }) => {
    lastFeed = await pullFeed(
      http,
      headOffice,
      token,
      () => tillFeedCursor(app.env.sqlite),
      (raw) => applyFeedAnswer(app, raw),
    );
    if (lastFeed.error) opts.log?.('warn', `change feed stopped at ${lastFeed.cursor}: ${lastFeed.error}`);
  };
  const worker = new SyncWorker(
    { sqlite: app.env.sqlite, deviceId: app.env.deviceId, subscribe: (fn) => app.subscribe(fn) },
    { ...opts, now, onStatus: announce, afterPush },
  );
  let unregister: (() => void) | null = null;

  const enrol: AsyncCommand = async (raw, _actor, commit) => {
    const input = raw as OpParsed<'sync.enrol'>;
    const headOffice = new URL(input.url).origin;
    let publicKeyPem: string;
    try {
      publicKeyPem = signingKeyPem();
    } catch (e) {
      throw new CommandError('INVALID_STATE', `this till has no signing key: ${(e as Error).message}`);
    }
    const got = await requestEnrolment(
      headOffice,
      { code: input.code, deviceId: app.env.deviceId, tillName: app.env.store.tillName, publicKeyPem },
      opts.enrolHttp ?? opts.http ?? {},
    );
    // the token first: a crash between the two leaves a token and no enrolment (enrol again),
    // never an enrolled till without its token
    opts.secrets.set(DEVICE_TOKEN, got.token);
    commit((ctx) => recordEnrolment(ctx, { headOffice, storeId: got.storeId, staleHours: input.staleHours }));
    worker.kick();
    announce();
    return worker.status();
  };

  return {
    start() {
      app.env.runtime.sync = () => worker.status();
      unregister = app.registerAsync('sync.enrol', enrol);
      worker.start();
    },
    status: () => worker.status(),
    kick: () => worker.kick(),
    lastFeed: () => lastFeed,
    async stop() {
      unregister?.();
      if (trailing) clearTimeout(trailing);
      await worker.stop();
      if (app.env.runtime.sync) app.env.runtime.sync = null;
    },
  };
}

/**
 * One answer of head office's feed: parsed and hashed, checked against the till's cursor (a
 * replayed or empty page runs no command), then applied as the `feed.apply` command. Throws the
 * command's typed errors (HEAD_OFFICE, details.reason) with nothing written.
 */
export function applyFeedAnswer(app: Pick<App, 'env' | 'system'>, raw: unknown): FeedApplied {
  const parsed = parseFeedPage(raw);
  const { action, cursor } = checkFeedPage(app.env.sqlite, parsed.page);
  if (action === 'noop')
    return { applied: false, from: parsed.page.from, to: parsed.page.to, records: 0, cursor };
  return app.system('feed.apply', (ctx) => applyFeedPage(ctx, parsed));
}

/** The status when no worker runs in this process (a CLI, a test): read from the ledger alone. */
export function ledgerSyncStatus(app: Pick<App, 'env'>): SyncStatus {
  return syncStatus(app.env.sqlite, app.env.now());
}

export type { SecretStore };

/** The web host's token store: a 0600 file beside the device secrets, in `<ledger>.secrets/` (0700). */
export function ledgerSecretStore(ledgerFile: string): SecretStore {
  return fileSecretStore(defaultSecretsDir(ledgerFile));
}

import type Database from 'better-sqlite3';
import type { SyncStatus } from '../../shared/api/types.ts';
import { GENESIS_HASH } from '../../shared/ledger/chain.ts';
import {
  forkDetails,
  gapDetails,
  pushResponse,
  rewrittenDetails,
  SYNC_LIMITS,
  SYNC_PATHS,
  syncErrorBody,
} from '../../shared/sync/protocol.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { type HttpClient, type HttpClientOptions, httpClient, NetworkError } from './http.ts';
import {
  hashAt,
  headSeq,
  pendingCount,
  readEntries,
  readSyncRow,
  recordAck,
  recordContact,
  recordFailure,
  recordStop,
  type SyncRow,
} from './outbox.ts';
import { DEVICE_TOKEN, type SecretStore } from './secrets.ts';

/**
 * The background push to head office. Started once by the till runtime, beside the print
 * worker; it never runs on a sale's path: commands commit and return, a ledger event only
 * nudges this loop, which reads the committed entries above what head office acknowledged and
 * pushes them in batches. Whatever the network does (down, slow, resets, answers lost after
 * head office committed), the till keeps selling, and the next push resends from the last
 * acknowledgement — a no-op at head office for what it already holds.
 *
 * Answers:
 *   200          acknowledgement (seq + hash) recorded durably, next batch at once
 *   409 GAP      resend from where head office says
 *   409 FORK / LEDGER_REWRITTEN   stop pushing, keep why (managers see it), until re-enrolled
 *   401 / 403    the token was revoked or is not this till's: stop, same
 *   413          smaller batches
 *   429          wait as told
 *   anything else, or no answer: offline, retry with exponential backoff and full jitter
 */
export interface SyncWorkerOptions {
  secrets: SecretStore;
  /** largest batch (default: head office's recommended size) */
  batchSize?: number;
  /** look in on head office this often when nothing is pending (default 30 s) */
  heartbeatMs?: number;
  /** wait after a ledger event so a burst of commands travels in one batch (default 50 ms) */
  settleMs?: number;
  /** a catch-up of at least this many entries shows a progress bar (default 2 batches) */
  catchUpFrom?: number;
  backoff?: BackoffOptions;
  http?: HttpClientOptions;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** every status change (the status bar's event) */
  onStatus?: (s: SyncStatus) => void;
  /** after a push left nothing pending: pull head office's change feed (electron/sync/feed.ts) */
  afterPush?: (link: { headOffice: string; token: string; http: HttpClient }) => Promise<void>;
}

export interface SyncSource {
  sqlite: Database.Database;
  deviceId: string;
  subscribe(fn: (e: { seq: number; type: string }) => void): () => void;
}

interface CatchUp {
  fromSeq: number;
  toSeq: number;
}

const sleep = (ms: number, signal: { wake?: () => void }) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.wake = undefined;
      resolve();
    }
    signal.wake = done;
  });

/** Status as the status bar needs it, from the durable row plus what the loop is doing now. */
export function syncStatus(
  sqlite: Database.Database,
  now: Date,
  live: { pushing: boolean; catchUp: CatchUp | null } = { pushing: false, catchUp: null },
): SyncStatus {
  const row = readSyncRow(sqlite);
  const last = headSeq(sqlite);
  if (!row) {
    return {
      enrolled: false,
      state: 'standalone',
      headOffice: null,
      storeId: null,
      enrolledAt: null,
      lastSeq: last,
      ackedSeq: 0,
      ackedHash: null,
      pending: 0,
      lastSyncAt: null,
      lastAttemptAt: null,
      offlineSince: null,
      lastError: null,
      stopped: null,
      staleHours: 48,
      stale: false,
      pushing: false,
      catchUp: null,
    };
  }
  const pending = pendingCount(sqlite, row);
  const since = row.lastContactAt ?? row.enrolledAt;
  const stale = now.getTime() - Date.parse(since) > row.staleHours * 3_600_000;
  const catchUp = live.catchUp
    ? {
        fromSeq: live.catchUp.fromSeq,
        toSeq: live.catchUp.toSeq,
        done: Math.max(0, Math.min(row.ackedSeq, live.catchUp.toSeq) - live.catchUp.fromSeq),
        total: live.catchUp.toSeq - live.catchUp.fromSeq,
      }
    : null;
  return {
    enrolled: true,
    state: row.stoppedReason ? 'stopped' : row.offlineSince || !row.lastContactAt ? 'offline' : 'online',
    headOffice: row.headOffice,
    storeId: row.storeId,
    enrolledAt: row.enrolledAt,
    lastSeq: last,
    ackedSeq: row.ackedSeq,
    ackedHash: row.ackedSeq > 0 ? row.ackedHash : null,
    pending,
    lastSyncAt: row.lastContactAt,
    lastAttemptAt: row.lastAttemptAt,
    offlineSince: row.offlineSince,
    lastError: row.lastError,
    stopped: row.stoppedReason
      ? { reason: row.stoppedReason, at: row.stoppedAt!, detail: parseDetail(row.stoppedDetail) }
      : null,
    staleHours: row.staleHours,
    stale,
    pushing: live.pushing,
    catchUp,
  };
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export class SyncWorker {
  private readonly http: HttpClient;
  private readonly backoff: Backoff;
  private readonly now: () => Date;
  private readonly log: NonNullable<SyncWorkerOptions['log']>;
  private batchSize: number;
  /** bytes of entries per batch (the JSON estimate of outbox.readEntries) */
  private batchBytes: number = SYNC_LIMITS.recommendedBytes;
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly wait: { wake?: () => void } = {};
  private kicked = false;
  private settle: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private pushing = false;
  private catchUp: CatchUp | null = null;
  /** where the next batch starts: the durable ack, or lower when head office asks for a resend */
  private cursor: number | null = null;
  private lastEmit = '';

  constructor(
    private readonly src: SyncSource,
    private readonly opts: SyncWorkerOptions,
  ) {
    this.http = httpClient(opts.http);
    this.backoff = new Backoff(opts.backoff);
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? (() => undefined);
    this.batchSize = Math.min(opts.batchSize ?? SYNC_LIMITS.recommendedEntries, SYNC_LIMITS.maxEntries);
  }

  status(): SyncStatus {
    return syncStatus(this.src.sqlite, this.now(), { pushing: this.pushing, catchUp: this.catchUp });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.src.subscribe(() => this.nudge());
    this.loop = this.run().catch((e) => this.log('error', `sync loop died: ${(e as Error).message}`));
  }

  /** push now (a new enrolment, a ledger event, a test) */
  kick(): void {
    this.kicked = true;
    this.cursor = null;
    this.wait.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    if (this.settle) clearTimeout(this.settle);
    this.wait.wake?.();
    await this.loop;
    this.http.close();
  }

  private nudge(): void {
    if (this.settle) return;
    this.settle = setTimeout(() => {
      this.settle = null;
      this.kicked = true;
      this.wait.wake?.();
    }, this.opts.settleMs ?? 50);
  }

  private emit(): void {
    if (!this.opts.onStatus) return;
    const s = this.status();
    const key = JSON.stringify(s);
    if (key === this.lastEmit) return;
    this.lastEmit = key;
    this.opts.onStatus(s);
  }

  private async pause(ms: number): Promise<void> {
    if (!this.running) return;
    if (this.kicked) {
      this.kicked = false;
      return;
    }
    await sleep(ms, this.wait);
    this.kicked = false;
  }

  private async run(): Promise<void> {
    const heartbeat = this.opts.heartbeatMs ?? 30_000;
    while (this.running) {
      const row = readSyncRow(this.src.sqlite);
      if (!row || row.stoppedReason) {
        // standalone, or refused: nothing to do until an enrolment kicks the loop
        this.pushing = false;
        this.catchUp = null;
        this.emit();
        await this.pause(heartbeat);
        continue;
      }
      const token = this.opts.secrets.get(DEVICE_TOKEN);
      if (!token) {
        recordFailure(this.src.sqlite, this.now().toISOString(), 'NO_TOKEN');
        this.emit();
        await this.pause(heartbeat);
        continue;
      }
      const result = await this.pushOnce(row, token);
      this.emit();
      if (!this.running) break;
      if (result === 'more') continue;
      if (result === 'idle') {
        this.pushing = false;
        this.catchUp = null;
        this.emit();
        if (this.opts.afterPush && !readSyncRow(this.src.sqlite)?.stoppedReason)
          await this.opts
            .afterPush({ headOffice: row.headOffice, token, http: this.http })
            .catch((e) => this.log('warn', `feed pull failed: ${(e as Error).message}`));
        await this.pause(heartbeat);
      } else {
        await this.pause(result.waitMs);
      }
    }
    this.pushing = false;
  }

  /** One exchange with head office. */
  private async pushOnce(row: SyncRow, token: string): Promise<'more' | 'idle' | { waitMs: number }> {
    const sqlite = this.src.sqlite;
    const from = this.cursor ?? row.ackedSeq;
    const entries = readEntries(sqlite, from, this.batchSize, this.batchBytes);
    const tillHead = headSeq(sqlite);
    const head = {
      seq: tillHead,
      hash: tillHead > 0 ? (hashAt(sqlite, tillHead) ?? GENESIS_HASH) : GENESIS_HASH,
    };
    const pending = pendingCount(sqlite, row);
    if (entries.length > 0) {
      this.pushing = true;
      if (!this.catchUp && tillHead - row.ackedSeq >= (this.opts.catchUpFrom ?? this.batchSize * 2)) {
        this.catchUp = { fromSeq: row.ackedSeq, toSeq: tillHead };
      }
      if (this.catchUp && tillHead > this.catchUp.toSeq) this.catchUp.toSeq = tillHead;
      this.emit();
    }
    const at = () => this.now().toISOString();
    let answer: { status: number; body: unknown };
    try {
      answer = await this.http.request(
        'POST',
        new URL(SYNC_PATHS.push, row.headOffice),
        { deviceId: this.src.deviceId, head, pending, entries },
        { Authorization: `Bearer ${token}` },
      );
    } catch (e) {
      const code = e instanceof NetworkError ? e.code : 'UNREACHABLE';
      recordFailure(sqlite, at(), code);
      this.cursor = null;
      const waitMs = this.backoff.fail();
      this.log('warn', `head office unreachable (${code}); next try in ${waitMs} ms`);
      return { waitMs };
    }

    if (answer.status === 200) {
      const ok = pushResponse.safeParse(answer.body);
      if (!ok.success) return this.failAnswer('BAD_ANSWER');
      this.backoff.reset();
      const { ackSeq, ackHash } = ok.data;
      if (ackSeq > 0) {
        // head office's copy must be ours: an acknowledged hash we do not hold is a fork seen from here
        const mine = hashAt(sqlite, ackSeq);
        if (mine !== ackHash) {
          recordStop(sqlite, 'FORK', at(), {
            seq: ackSeq,
            heldHash: ackHash,
            tillHash: mine,
            seenBy: 'till',
          });
          this.log(
            'error',
            `head office acknowledged seq ${ackSeq} with a hash this till does not hold: stopped`,
          );
          return 'idle';
        }
      }
      if (ackSeq > row.ackedSeq) recordAck(sqlite, ackSeq, ackHash, at());
      else recordContact(sqlite, at());
      // head office holds less than it once acknowledged (restored from a backup): resend from there
      this.cursor = ackSeq < row.ackedSeq ? ackSeq : null;
      if (ackSeq < tillHead && (entries.length > 0 || this.cursor !== null)) return 'more';
      return 'idle';
    }

    const err = syncErrorBody.safeParse(answer.body);
    const code = err.success ? err.data.code : null;
    if (answer.status === 409 && code === 'GAP') {
      const d = gapDetails.safeParse(err.data?.details);
      if (!d.success) return this.failAnswer('BAD_ANSWER');
      recordContact(sqlite, at());
      this.cursor = d.data.resendFrom - 1;
      return 'more';
    }
    if (answer.status === 409 && (code === 'FORK' || code === 'LEDGER_REWRITTEN')) {
      const schema = code === 'FORK' ? forkDetails : rewrittenDetails;
      const d = schema.safeParse(err.data?.details);
      recordStop(sqlite, code, at(), d.success ? d.data : (err.data?.details ?? null));
      this.log('error', `head office refused this till's journal: ${code} — pushing stopped`);
      return 'idle';
    }
    if (answer.status === 401 || answer.status === 403) {
      recordStop(sqlite, 'UNAUTHORIZED', at(), { status: answer.status, code });
      this.log('error', `head office refused this till's token (${answer.status}): pushing stopped`);
      return 'idle';
    }
    if (answer.status === 413 && entries.length > 1) {
      // half of what was refused, in entries and in bytes (a batch is bounded by both)
      this.batchSize = Math.max(1, Math.floor(entries.length / 2));
      this.batchBytes = Math.max(1, Math.floor(this.batchBytes / 2));
      recordContact(sqlite, at());
      return 'more';
    }
    if (answer.status === 429) {
      const d = err.data?.details as { retryAfterSeconds?: unknown } | undefined;
      const s = typeof d?.retryAfterSeconds === 'number' ? d.retryAfterSeconds : 5;
      recordFailure(sqlite, at(), 'RATE_LIMITED');
      return { waitMs: Math.min(300_000, Math.max(100, s * 1000)) };
    }
    // 5xx, a refused entry (422), anything unexpected: retry later, the reason shown
    return this.failAnswer(code ?? `HTTP_${answer.status}`);
  }

  private failAnswer(code: string): { waitMs: number } {
    recordFailure(this.src.sqlite, this.now().toISOString(), code);
    this.cursor = null;
    const waitMs = this.backoff.fail();
    this.log('warn', `head office answered ${code}; next try in ${waitMs} ms`);
    return { waitMs };
  }
}

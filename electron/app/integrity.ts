import { checkIntegrity, type IntegrityRun } from '../../db/integrity.ts';
import type { IntegrityStatus } from '../../shared/api/types.ts';
import type { App } from './index.ts';
import type { TillWorker } from './till.ts';

/**
 * At every start, the whole ledger is checked in the background (db/integrity.ts: a worker
 * thread, its own read-only connection): every page, then every journal entry. openLedger only
 * checked the tail, so a page zeroed in the middle of the file or an entry edited far from the
 * end went unseen while the till sold into the damaged file. The till keeps selling while the
 * check runs (refusing to sell on a suspicion would stop a store for a check that usually says
 * ok); what it finds is on the managers' screens (ledger.integrity, the banner and the status
 * bar) and in the log — never only in the log.
 */
export interface IntegrityOptions {
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
}

export function startIntegrityCheck(app: App, opts: IntegrityOptions = {}): TillWorker {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  let run: IntegrityRun | null = null;
  let stopped = false;
  const status: IntegrityStatus = {
    state: 'checking',
    startedAt: now().toISOString(),
    finishedAt: null,
    phase: null,
    done: 0,
    total: 0,
    entries: 0,
    problem: null,
    error: null,
  };
  // the banner reloads at once on this event instead of at its next poll
  const changed = () => app.emit({ seq: 0, type: 'ledger.integrity', at: now().toISOString() });
  return {
    start() {
      app.env.runtime.integrity = status;
      run = checkIntegrity(app.ledger.file, (p) => {
        status.phase = p.phase;
        status.done = p.done;
        status.total = p.total;
      });
      run.done.then(
        (r) => {
          if (stopped) return;
          status.finishedAt = now().toISOString();
          status.phase = null;
          if (r.pages.length !== 1 || r.pages[0] !== 'ok') {
            status.state = 'broken';
            status.problem = { kind: 'pages', details: r.pages };
            log(
              'error',
              `ledger damaged: quick_check: ${r.pages.join('; ')} (restore the newest good backup)`,
            );
          } else if (r.chain && !r.chain.ok) {
            status.state = 'broken';
            status.entries = r.chain.entries;
            status.problem = {
              kind: 'chain',
              seq: r.chain.firstBrokenSeq ?? 0,
              reason: r.chain.reason ?? 'broken',
            };
            log('error', `ledger chain broken at seq ${r.chain.firstBrokenSeq}: ${r.chain.reason}`);
          } else {
            status.state = 'ok';
            status.entries = r.chain?.entries ?? 0;
            status.done = status.total;
            log('info', `ledger check ok: every page, ${status.entries} journal entries`);
          }
          changed();
        },
        (e: unknown) => {
          if (stopped) return;
          status.state = 'failed';
          status.finishedAt = now().toISOString();
          status.error = e instanceof Error ? e.message : String(e);
          log('warn', 'the start-up ledger check could not run', e);
          changed();
        },
      );
    },
    async stop() {
      stopped = true;
      await run?.cancel();
      if (app.env.runtime.integrity === status) app.env.runtime.integrity = null;
    },
  };
}

import { createInterface } from 'node:readline';
import { createApp } from '../../electron/app/index.ts';
import { headOfficeSync, ledgerSecretStore } from '../../electron/app/sync.ts';
import { startTill } from '../../electron/app/till.ts';
import { ensureDrawer, randomStep, rng } from '../reliability/workload.ts';

/**
 * The till victim of test/reliability/sync-kill.test.ts: the real till runtime (createApp +
 * startTill with headOfficeSync and the web host's 0600 token store) on an enrolled ledger, in a
 * process of its own so the parent can SIGKILL it in the middle of a push.
 *
 * Usage: node --experimental-transform-types test/helpers/sync-kill-till.ts <ledger file>
 * with COMPTOIR_CRASH_LOGIN={"userId":…,"pin":…,"productIds":[…]} (a manager).
 * Protocol: loads its modules, prints `loaded`, waits for `go <seed> sell|drain` on stdin, opens
 * the ledger, starts the runtime, prints `ready`. `sell`: a random valid command every 20-80 ms
 * (the worker pushes between them in batches of 5, so a kill lands inside a request most of the
 * time). `drain`: sells nothing and exits 0 once its whole journal is acknowledged.
 * Every change of what head office acknowledged is printed `st <ackedSeq> <lastSeq> <state>`.
 * Any error is a failure: printed to stderr, exit code 3.
 */
const [file] = process.argv.slice(2);
const login = JSON.parse(process.env.COMPTOIR_CRASH_LOGIN ?? 'null') as {
  userId: string;
  pin: string;
  productIds: string[];
} | null;
if (!file || !login) {
  process.stderr.write('usage: sync-kill-till.ts <ledger file> (COMPTOIR_CRASH_LOGIN in the environment)\n');
  process.exit(2);
}

const TUNING = {
  backoff: { baseMs: 10, capMs: 150, floorMs: 5 },
  http: { timeoutMs: 1500 },
  heartbeatMs: 50,
  batchSize: 5,
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function run(seed: number, mode: 'sell' | 'drain'): Promise<void> {
  const app = createApp({ file: file! });
  let handle: ReturnType<ReturnType<typeof headOfficeSync>> | null = null;
  // draining: the worker's own batch size (what a till catching up sends)
  const tuning = mode === 'drain' ? { ...TUNING, batchSize: undefined } : TUNING;
  const make = headOfficeSync({ secrets: ledgerSecretStore(file!), ...tuning });
  startTill(app, {
    printing: false,
    sync: (a) => {
      handle = make(a);
      return handle;
    },
  });
  const token = app.call('auth.login', { userId: login!.userId, pin: login!.pin }).token;
  const till = { app, token, productIds: login!.productIds };
  if (mode === 'sell') ensureDrawer(till);
  process.stdout.write('ready\n');
  let said = '';
  const report = () => {
    const s = handle!.status();
    const line = `st ${s.ackedSeq} ${s.lastSeq} ${s.state}`;
    if (line !== said) process.stdout.write(`${line}\n`);
    said = line;
    return s;
  };
  const r = rng(seed);
  for (;;) {
    const s = report();
    if (mode === 'drain') {
      if (s.state === 'stopped')
        throw new Error(`head office stopped this till: ${JSON.stringify(s.stopped)}`);
      if (s.ackedSeq === s.lastSeq && s.pending === 0 && s.state === 'online') process.exit(0);
      await sleep(10);
    } else {
      // a busy counter, not a flood: the backlog stays a few batches deep, so pushes never stop
      randomStep(till, r);
      await sleep(20 + Math.floor(r() * 60));
    }
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const m = /^go (\d+) (sell|drain)$/.exec(line);
  if (m) {
    lines.close();
    run(Number(m[1]), m[2] as 'sell' | 'drain').catch((e) => {
      process.stderr.write(`sync-kill-till failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(3);
    });
  }
});
process.stdout.write('loaded\n');

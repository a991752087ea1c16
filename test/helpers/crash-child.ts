import { createInterface } from 'node:readline';
import { createApp } from '../../electron/app/index.ts';
import { ensureDrawer, randomStep, rng } from '../reliability/workload.ts';

/**
 * The crash suite's victim: opens the till on an existing ledger and runs random valid
 * commands until it is killed. After each committed sale — right after `call()` returned,
 * i.e. after the transaction was on disk (synchronous=FULL) — it prints
 *   committed <saleId> <receiptNumber>
 *
 * Usage: node --experimental-transform-types test/helpers/crash-child.ts <ledger file>
 * with COMPTOIR_CRASH_LOGIN={"userId":…,"pin":…,"productIds":[…]} (a manager) in the environment.
 * Protocol (so the parent can start the next child while it checks the ledger): the child loads
 * its modules, prints `loaded`, waits for `go <seed>` on stdin, then opens the ledger, logs in,
 * prints `ready` and works. EOF on stdin before `go` ends it quietly.
 * Any error is a failure: it is printed to stderr and the process exits with code 3.
 */
const [file] = process.argv.slice(2);
const login = JSON.parse(process.env.COMPTOIR_CRASH_LOGIN ?? 'null') as {
  userId: string;
  pin: string;
  productIds: string[];
} | null;
if (!file || !login) {
  process.stderr.write('usage: crash-child.ts <ledger file> (COMPTOIR_CRASH_LOGIN in the environment)\n');
  process.exit(2);
}

function work(seed: number): never {
  try {
    const app = createApp({ file: file! });
    const token = app.call('auth.login', { userId: login!.userId, pin: login!.pin }).token;
    const till = { app, token, productIds: login!.productIds };
    ensureDrawer(till);
    process.stdout.write('ready\n');
    const r = rng(seed);
    for (;;) {
      const step = randomStep(till, r);
      // stdout to a pipe is synchronous on Linux: the line has left the process before the next command
      if (step.sale) process.stdout.write(`committed ${step.sale.id} ${step.sale.receiptNumber}\n`);
    }
  } catch (e) {
    process.stderr.write(`crash-child failed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(3);
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const m = /^go (\d+)$/.exec(line);
  if (m) {
    lines.close();
    work(Number(m[1]));
  }
});
lines.on('close', () => {
  // EOF without `go`: the parent did not need this child
});
process.stdout.write('loaded\n');

import { createInterface } from 'node:readline';
import { startServer } from '../../server/app.ts';

/**
 * Head office in a process of its own, for test/reliability/sync-kill.test.ts (SIGKILL at any
 * moment, then a new process on the same port and database).
 * Usage: node --experimental-transform-types test/helpers/hq-child.ts <port>
 * with DATABASE_URL (PostgreSQL) or HQ_DATA (a PGlite data folder) in the environment.
 * Protocol: loads its modules, prints `loaded`, waits for `go [N]` on stdin, starts the server
 * (migrations included), prints `ready`. With N, it SIGKILLs itself just before sending the Nth
 * SQL statement after `ready`: a kill between any two statements of a push (inside the
 * transaction, between COMMIT and whatever follows it), which a kill from outside lands on only
 * by luck. SIGTERM closes it cleanly (exit 0).
 */
const port = Number(process.argv[2]);
if (!port) {
  process.stderr.write('usage: hq-child.ts <port> (DATABASE_URL or HQ_DATA)\n');
  process.exit(2);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const m = /^go(?: (\d+))?$/.exec(line);
  if (!m) return;
  lines.close();
  const killAt = m[1] ? Number(m[1]) : 0;
  let ready = false;
  let statements = 0;
  startServer({
    port,
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.HQ_DATA || undefined,
    enrolPerMinute: 1000,
    onQuery: () => {
      if (ready && killAt && ++statements === killAt) process.kill(process.pid, 'SIGKILL');
    },
  }).then(
    (hq) => {
      ready = true;
      process.on('SIGTERM', () => {
        void hq.close().then(() => process.exit(0));
      });
      process.stdout.write('ready\n');
    },
    (e) => {
      process.stderr.write(`hq-child failed: ${(e as Error).stack ?? String(e)}\n`);
      process.exit(3);
    },
  );
});
process.stdout.write('loaded\n');

import { parseArgs } from 'node:util';
import { progressLine } from '../app/progress.ts';
import { refuseNonEmpty, SeedRefusedError } from '../demo/guard.ts';

/**
 * `npm run demo:seed -- --db <file> [--months N] [--seed S] [--force] [--now ISO]`
 * A Québec rental + hardware store with a few months of history made through the real
 * commands. Prints the users and their PINs. The drawer is left closed: the demo starts
 * with the clerk counting the float and opening it.
 */
const USAGE = `usage: npm run demo:seed -- --db <file> [--months N] [--seed S] [--force] [--now ISO]

  --db <file>    ledger to create (refused if it already holds a ledger, unless --force)
  --months N     months of history before today (default 3, 1–24)
  --seed S       PRNG seed: same seed, same store and history (default 42)
  --force        delete an existing ledger at <file> first
  --now ISO      pretend today is this instant (default: the clock), e.g. 2026-11-26T15:00:00Z`;

function usage(msg: string): number {
  console.error(`error: ${msg}\n\n${USAGE}`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        months: { type: 'string' },
        seed: { type: 'string' },
        force: { type: 'boolean' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    return usage((e as Error).message);
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const file = values.db as string | undefined;
  if (!file) return usage('missing --db');
  const months = values.months === undefined ? 3 : Number(values.months);
  if (!Number.isInteger(months) || months < 1 || months > 24) return usage('--months must be 1–24');
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  if (!Number.isInteger(seed)) return usage('--seed must be an integer');
  const now = values.now === undefined ? new Date() : new Date(values.now as string);
  if (Number.isNaN(now.getTime())) return usage('--now must be an ISO date-time');

  try {
    refuseNonEmpty(file, values.force === true);
  } catch (e) {
    if (e instanceof SeedRefusedError) {
      console.error(`refused: ${e.message}`);
      return 1;
    }
    throw e;
  }
  // loaded only now: refusing is instant, seeding needs the whole application
  const { seedDemo } = await import('../demo/seed.ts');
  console.log(`Seeding ${file}: ${months} month(s) of history, seed ${seed}…`);
  try {
    const s = seedDemo({
      file,
      months,
      seed,
      now,
      force: values.force === true,
      log: (l) => console.log(l),
      progress: progressLine('seed', 'days'),
    });
    console.log(`
Done in ${(s.ms / 1000).toFixed(1)} s — history ${s.from} → ${s.to} (${s.openDays} open days)
  catalogue   ${s.products} products in ${s.categories} categories, ${s.customers} customers
  sales       ${s.sales} completed (${s.cancelled} cancelled: ${s.refundedCash} refunded in cash, ${s.refundedCard} to card, ${s.refundPending} pending), ${s.voided} voided tickets
  orders      ${s.orders} rental orders, ${s.ordersWithBalance} with a balance due
  closings    ${s.zReports} Z reports, ${s.dayClosings} day closings, ${s.monthClosings} month closings
  journal     ${s.journalEntries} entries

Users (PIN login):
${s.users.map((u) => `  ${u.role.padEnd(8)} ${u.name.padEnd(20)} PIN ${u.pin}`).join('\n')}

The cash drawer is closed: log in as ${s.users[0]?.name}, count the float and open it to start selling.`);
    return 0;
  } catch (e) {
    if (e instanceof SeedRefusedError) {
      console.error(`refused: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));

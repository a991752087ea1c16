import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createApp } from '../../electron/app/index.ts';
import { startPrintWorker } from '../../electron/app/printing.ts';
import { decodeEscPos, FakePrinter } from '../helpers/fake-printer.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The till process: open the drawer, commit a cash sale, say so, then keep trying to print. */
const CHILD = `
import { createApp } from ${JSON.stringify(join(ROOT, 'electron/app/index.ts'))};
import { startPrintWorker } from ${JSON.stringify(join(ROOT, 'electron/app/printing.ts'))};
const [file, userId, productId] = process.argv.slice(2);
const app = createApp({ file });
startPrintWorker(app, { pollMs: 20, statusMs: 20, statusTimeoutMs: 200, backoffBaseMs: 10, backoffMaxMs: 50 });
const token = app.call('auth.login', { userId, pin: '1234' }).token;
app.call('drawer.open', { float: { '2000': 5 } }, token);
const r = app.call('sale.checkout', { lines: [{ productId, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 5000 }] }, token);
process.stdout.write('COMMITTED ' + r.sale.id + '\\n');
setInterval(() => {}, 1000);
`;

let child: ChildProcess | null = null;
let fx: Fixture | null = null;
let printer: FakePrinter | null = null;

afterEach(async () => {
  child?.kill('SIGKILL');
  await printer?.stop();
  fx?.cleanup();
});

it('kill -9 between commit and print: exactly one receipt (and one drawer kick) after restart', async () => {
  fx = makeFixture();
  printer = await new FakePrinter().start();
  printer.stall = true; // takes the connection, never answers the status query: nothing can be sent
  fx.app.call(
    'printer.configure',
    { transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port }, profileId: 'epson-tm-t20iii' },
    fx.manager,
  );
  fx.app.close();
  const script = join(fx.dir, 'till.ts');
  writeFileSync(script, CHILD);

  child = spawn(process.execPath, ['--import', 'tsx', script, fx.file, fx.clerkId, fx.products[0]!.id], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const saleId = await new Promise<string>((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`child did not commit: ${stderr}`)), 30_000);
    child!.stdout!.on('data', (d: Buffer) => {
      const m = /COMMITTED (\w+)/.exec(d.toString());
      if (m) {
        clearTimeout(t);
        ok(m[1]!);
      }
    });
  });
  // the worker is connected and waiting on the printer when the till dies
  await printer.waitFor(() => printer!.statusQueries >= 2);
  const dead = new Promise((r) => child!.once('exit', r));
  child.kill('SIGKILL');
  await dead;
  child = null;
  expect(printer.documents()).toHaveLength(0);

  // restart the till with the printer healthy
  printer.stall = false;
  const app = createApp({ file: fx.file });
  const jobs = app.env.sqlite.prepare('SELECT kind, status FROM print_jobs ORDER BY created_at, id').all();
  expect(jobs).toEqual([
    { kind: 'drawer_kick', status: 'pending' },
    { kind: 'sale_receipt', status: 'pending' },
  ]);
  const worker = startPrintWorker(app, { pollMs: 20, statusMs: 20, statusTimeoutMs: 300 });
  try {
    const receipts = () =>
      printer!.documents().filter((d) => decodeEscPos(d).qr.some((q) => q.endsWith(saleId)));
    await printer.waitFor(() => receipts().length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(receipts()).toHaveLength(1);
    expect(printer.documents()).toHaveLength(2); // the drawer kick + the receipt, once each
    const kicks = printer.documents().flatMap((d) => decodeEscPos(d).kicks);
    expect(kicks).toHaveLength(2); // the float's kick, and the cash sale's kick with its receipt
    expect(
      app.env.sqlite.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'done'").get(),
    ).toEqual({ n: 2 });
  } finally {
    await worker.stop();
    app.close();
  }
});

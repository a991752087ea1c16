import { afterEach, describe, expect, it } from 'vitest';
import { type PrintWorkerHandle, startPrintWorker } from '../../electron/app/printing.ts';
import { getProfile } from '../../electron/hardware/profiles.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import { recordContact, recordFailure } from '../../electron/sync/outbox.ts';
import { readHistoryQuery } from '../../renderer/lib/history.ts';
import type { StoreSettings } from '../../shared/store-settings.ts';
import { decodeEscPos, FakePrinter } from '../helpers/fake-printer.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { count, expectError, openDrawer, prods, qty, rows } from './support.ts';

interface Rig {
  f: Fixture;
  printer: FakePrinter;
  worker: PrintWorkerHandle;
  clock: { offsetMs: number };
}

const rigs: Rig[] = [];

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.worker.stop();
    await r.printer.stop();
    r.f.cleanup();
  }
});

async function rig(
  opts: { store?: Partial<StoreSettings>; profileId?: string; before?: (f: Fixture) => void } = {},
) {
  const f = makeFixture({ store: opts.store });
  const printer = await new FakePrinter().start();
  f.app.call(
    'printer.configure',
    {
      name: 'Comptoir',
      transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
      profileId: opts.profileId ?? 'epson-tm-t20iii',
    },
    f.manager,
  );
  opts.before?.(f);
  const clock = { offsetMs: 0 };
  const worker = startPrintWorker(f.app, {
    pollMs: 50,
    statusMs: 50,
    statusTimeoutMs: 300,
    sendTimeoutMs: 2000,
    backoffBaseMs: 20,
    backoffMaxMs: 150,
    now: () => new Date(Date.now() + clock.offsetMs),
  });
  const r = { f, printer, worker, clock };
  rigs.push(r);
  return r;
}

function cashSale(f: Fixture, tendered = 5000) {
  const p = prods(f);
  return f.app.call(
    'sale.checkout',
    {
      lines: [
        { productId: p.drill, quantity: qty(1) },
        { productId: p.bits, quantity: qty(2) },
      ],
      tenders: [{ method: 'cash', tendered }],
    },
    f.clerk,
  );
}

function job(f: Fixture, kind: string, refId: string) {
  return rows<{ id: string; status: string; attempts: number; last_error: string | null }>(
    f,
    'SELECT id, status, attempts, last_error FROM print_jobs WHERE kind = ? AND ref_id = ? ORDER BY created_at, id',
    kind,
    refId,
  );
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('condition not met');
    await settle(10);
  }
}

describe('print worker against a fake ESC/POS printer', () => {
  it('a cash sale prints its receipt once, with the drawer pulse and the QR of the sale id', async () => {
    const { f, printer } = await rig();
    openDrawer(f);
    await printer.waitFor(() => printer.documents().length === 1); // the float's drawer kick
    const journalBefore = count(f, 'SELECT COUNT(*) AS n FROM journal');
    const { sale } = cashSale(f);
    await printer.waitFor(() => printer.documents().length === 2);
    await settle(150);
    expect(printer.documents()).toHaveLength(2);
    const d = decodeEscPos(printer.documents()[1]!);
    expect(d.text).toContain('Perceuse sans fil');
    expect(d.text).toContain('Mèches à bois (jeu)');
    expect(d.text).toContain(`Reçu n° ${sale.receiptNumber}`);
    expect(d.text).toContain('Monnaie rendue');
    // the customer's paper carries the chain: seq + 16 hex printed, device, seq and full hash in the QR
    expect(d.text).toContain(`Empreinte: ${sale.chain!.seq}:${sale.journalHash}`);
    expect(sale.journalHash).toHaveLength(16);
    expect(d.tables[0]).toBe(19);
    expect(d.kicks.map((k) => [...k])).toEqual([[0x1b, 0x70, 0x00, 50, 100]]);
    expect(d.qr).toEqual([`CPT1:${f.app.env.deviceId}:${sale.chain!.seq}:${sale.chain!.hash}:${sale.id}`]);
    expect(readHistoryQuery(d.qr[0]!)).toEqual({ kind: 'saleId', id: sale.id });
    expect(d.cuts).toBe(1);
    expect(job(f, 'sale_receipt', sale.id)).toMatchObject([{ status: 'done', attempts: 1 }]);
    // printing is bookkeeping: no journal entry
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(journalBefore + 1);
    expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({ state: 'ready', pendingJobs: 0 });
  });

  it('French (EUR) and Bulgarian stores: €, accents and Cyrillic land as the right code points', async () => {
    const fr = await rig({
      store: {
        jurisdiction: 'FR',
        currency: 'EUR',
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        cashRoundingStep: 1,
      },
    });
    openDrawer(fr.f, { '2000': 5 });
    cashSale(fr.f);
    await fr.printer.waitFor(() => fr.printer.documents().length === 2);
    const frText = decodeEscPos(fr.printer.documents()[1]!).text;
    expect(frText).toMatch(/TVA 20 %/);
    expect(frText).toMatch(/TOTAL +\d+,\d\d €/);
    expect(frText).toContain('Mèches à bois (jeu)');

    const bg = await rig({
      profileId: 'generic-80-42',
      store: {
        jurisdiction: 'BG',
        currency: 'EUR',
        locale: 'bg-BG',
        timeZone: 'Europe/Sofia',
        cashRoundingStep: 1,
      },
    });
    openDrawer(bg.f, { '2000': 5 });
    const { sale } = cashSale(bg.f);
    await bg.printer.waitFor(() => bg.printer.documents().length === 2);
    const d = decodeEscPos(bg.printer.documents()[1]!);
    expect(d.tables[0]).toBe(46);
    expect(d.text).toContain(`Бележка № ${sale.receiptNumber}`);
    expect(d.text).toMatch(/ОБЩО +\d+,\d\d €/);
    expect(d.text).toMatch(/ДДС 20 %/);
    expect(d.text).toContain('Ресто');
    expect(d.kicks.map((k) => [...k])).toEqual([[0x10, 0x14, 1, 0, 2]]);
  });

  it('a job survives the printer going away and prints once when it comes back', async () => {
    const { f, printer, worker } = await rig();
    openDrawer(f);
    await printer.waitFor(() => printer.documents().length === 1);
    await printer.goOffline();
    const { sale } = cashSale(f); // the commit does not wait for the printer
    await until(() => (job(f, 'sale_receipt', sale.id)[0]?.attempts ?? 0) >= 2);
    expect(job(f, 'sale_receipt', sale.id)[0]).toMatchObject({ status: 'pending' });
    expect(worker.status()).toMatchObject({ state: 'offline', pendingJobs: 1 });
    await printer.goOnline();
    await printer.waitFor(() => printer.documents().length === 2);
    await settle(200);
    expect(printer.documents()).toHaveLength(2);
    expect(decodeEscPos(printer.documents()[1]!).qr.map((q) => q.split(':').at(-1))).toEqual([sale.id]);
    expect(job(f, 'sale_receipt', sale.id)[0]).toMatchObject({ status: 'done' });
  });

  it('paper out: nothing is sent until the paper is back, then the receipt prints once', async () => {
    const { f, printer, worker } = await rig();
    openDrawer(f);
    await printer.waitFor(() => printer.documents().length === 1);
    printer.paperOut = true;
    await until(() => worker.status().state === 'paper_out');
    const { sale } = cashSale(f);
    await settle(250);
    expect(printer.documents()).toHaveLength(1);
    expect(job(f, 'sale_receipt', sale.id)[0]).toMatchObject({ status: 'pending' });
    printer.paperOut = false;
    await printer.waitFor(() => printer.documents().length === 2);
    await settle(150);
    expect(printer.documents()).toHaveLength(2);
    expect(worker.status().state).toBe('ready');
  });

  it('a connection dropped mid-job is retried: one complete receipt', async () => {
    const { f, printer } = await rig();
    openDrawer(f);
    await printer.waitFor(() => printer.documents().length === 1);
    printer.dropNextAfter(120);
    const { sale } = cashSale(f);
    await printer.waitFor(() => printer.documents().length === 2);
    await settle(150);
    expect(printer.connections.filter((c) => c.length === 120)).toHaveLength(1); // the cut-off attempt
    expect(printer.documents()).toHaveLength(2);
    expect(job(f, 'sale_receipt', sale.id)[0]!.attempts).toBe(2);
  });

  it('drawer sensor: open state, and a warning after the configured time', async () => {
    const { f, printer, clock } = await rig();
    printer.pin3High = true; // open-high in this profile
    await until(() => f.app.call('printer.status', {}, f.clerk).drawerOpen === true);
    expect(f.app.call('printer.status', {}, f.clerk).drawerWarning).toBe(false);
    clock.offsetMs = 61_000;
    expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({
      drawerOpen: true,
      drawerWarning: true,
    });
    printer.pin3High = false;
    await until(() => f.app.call('printer.status', {}, f.clerk).drawerOpen === false);
    expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({
      drawerWarning: false,
      drawerOpenSince: null,
    });
  });
});

describe('printer operations', () => {
  it('test page and reprint are journaled; the reprint is a numbered DUPLICATA', async () => {
    const { f, printer } = await rig();
    const j0 = count(f, 'SELECT COUNT(*) AS n FROM journal');
    f.app.call('printer.testPage', {}, f.manager);
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j0 + 1);
    await printer.waitFor(() => printer.documents().length === 1);
    const page = decodeEscPos(printer.documents()[0]!).text;
    expect(page).toContain('PAGE DE TEST');
    expect(page).toContain('ESC t 17: cp866');
    expect(page).toContain('АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ'); // printed through table 17

    openDrawer(f);
    const { sale } = cashSale(f);
    await printer.waitFor(() => printer.documents().length === 3);
    const j1 = count(f, 'SELECT COUNT(*) AS n FROM journal');
    const first = f.app.call('print.reprint', { saleId: sale.id }, f.clerk);
    const second = f.app.call('print.reprint', { saleId: sale.id }, f.clerk);
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j1 + 2);
    expect(first.kickDrawer).toBe(false);
    const entries = rows<{ type: string; payload: string }>(
      f,
      "SELECT type, payload FROM journal WHERE type = 'receipt.duplicated' ORDER BY seq",
    ).map((r) => JSON.parse(r.payload));
    expect(entries.map((e) => [e.duplicateNumber, e.copy])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    await printer.waitFor(() => printer.documents().length === 5);
    const dup = decodeEscPos(printer.documents()[4]!);
    expect(dup.text).toContain('DUPLICATA');
    expect(dup.text).toContain('Duplicata n° 2 - Copie n° 2');
    expect(dup.kicks).toHaveLength(0);
    expect(second.id).not.toBe(first.id);
  });

  it('cancel and retry from the queue; a job interrupted mid-print is not re-sent by itself', async () => {
    const { f, printer } = await rig({
      before: (fx) => {
        fx.app.env.sqlite
          .prepare(
            `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts)
             VALUES ('01JB0000000000000000000000', '2026-11-26T14:00:00.000Z', 'test_page', NULL, '{}', 0, 'printing', 1)`,
          )
          .run();
      },
    });
    await until(
      () =>
        rows<{ status: string }>(
          f,
          "SELECT status FROM print_jobs WHERE id = '01JB0000000000000000000000'",
        )[0]?.status === 'failed',
    );
    await printer.goOffline();
    openDrawer(f);
    const { sale } = cashSale(f);
    const [receipt] = job(f, 'sale_receipt', sale.id);
    const j0 = count(f, 'SELECT COUNT(*) AS n FROM journal');
    expect(f.app.call('print.cancel', { jobId: receipt!.id }, f.manager).status).toBe('cancelled');
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j0 + 1);
    await printer.goOnline();
    await printer.waitFor(() => printer.documents().length === 1); // the drawer-open kick only
    await settle(200);
    expect(printer.documents()).toHaveLength(1);
    expect(f.app.call('printer.status', {}, f.clerk).failedJobs).toBe(1);

    expect(f.app.call('print.retry', { jobId: '01JB0000000000000000000000' }, f.manager).status).toBe(
      'pending',
    );
    await printer.waitFor(() => printer.documents().length === 2);
    expect(decodeEscPos(printer.documents()[1]!).text).toContain('PAGE DE TEST');
    expectError(() => f.app.call('print.retry', { jobId: receipt!.id }, f.manager), 'INVALID_STATE');
    const jobs = f.app.call('print.jobs', { status: 'cancelled' }, f.manager);
    expect(jobs.map((j) => j.id)).toEqual([receipt!.id]);
  });

  it('receipt preview renders the job bytes as text; bad configuration is refused with nothing written', async () => {
    const f = makeFixture();
    try {
      openDrawer(f);
      const { sale } = cashSale(f);
      const pv = f.app.call('receipt.preview', { saleId: sale.id }, f.clerk);
      expect(pv.columns).toBe(48);
      expect(pv.lines.join('\n')).toContain('Perceuse sans fil');
      // the QR's text, wrapped to the paper's width: no line runs past the receipt's edge
      const qrAt = pv.lines.findIndex((l) => l.startsWith('[QR CPT1:'));
      expect(qrAt).toBeGreaterThanOrEqual(0);
      const qrText = pv.lines.slice(qrAt, qrAt + 3).join('');
      expect(qrText.startsWith('[QR CPT1:') && qrText.includes(`:${sale.id}]`)).toBe(true);
      for (const l of pv.lines) expect(l.length, l).toBeLessThanOrEqual(pv.columns);
      expect(pv.drawerKick).toBe(true);
      expect(f.app.call('printer.status', {}, f.clerk).state).toBe('none');

      const j0 = count(f, 'SELECT COUNT(*) AS n FROM journal');
      expectError(
        () =>
          f.app.call(
            'printer.configure',
            { transport: { kind: 'tcp', host: '127.0.0.1' }, profileId: 'no-such-printer' },
            f.manager,
          ),
        'NOT_FOUND',
        'profileId',
      );
      expectError(
        () =>
          f.app.call(
            'printer.configure',
            { transport: { kind: 'spooler', queue: 'x; rm -rf /' }, profileId: 'generic-58' },
            f.manager,
          ),
        'VALIDATION',
        'transport.queue',
      );
      expectError(
        () =>
          f.app.call(
            'printer.configure',
            { transport: { kind: 'virtual' }, profileId: 'generic-58' },
            f.clerk,
          ),
        'FORBIDDEN',
      );
      expectError(() => f.app.call('receipt.preview', {}, f.clerk), 'VALIDATION', 'saleId');
      expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j0);
      expect(f.app.call('printer.config', {}, f.manager)).toBeNull();
      const cfg = f.app.call(
        'printer.configure',
        { transport: { kind: 'tcp', host: 'printer.local' }, profileId: 'generic-58' },
        f.manager,
      );
      expect(cfg).toMatchObject({ transport: { port: 9100 }, drawerWarnSeconds: 60 });
      expect(f.app.call('printer.config', {}, f.manager)).toEqual(cfg);
      expect(
        f.app
          .call('printer.profiles', {}, f.manager)
          .map((p) => p.columns)
          .sort(),
      ).toEqual([32, 42, 48]);
    } finally {
      f.cleanup();
    }
  });

  it('virtual printer (demo mode): jobs print to memory and the preview shows those very bytes', async () => {
    const f = makeFixture();
    const worker = startPrintWorker(f.app, { pollMs: 50 });
    try {
      f.app.call('printer.configure', { transport: { kind: 'virtual' }, profileId: 'generic-58' }, f.manager);
      openDrawer(f);
      const { sale } = cashSale(f);
      await until(() => (worker.virtualPrinter()?.jobs.length ?? 0) === 2);
      const [receipt] = job(f, 'sale_receipt', sale.id);
      await until(() => f.app.call('print.jobs', { status: 'done' }, f.manager).length === 2);
      const printed = renderBytes(worker.virtualPrinter()!.jobs[1]!.bytes, getProfile('generic-58')!);
      const pv = f.app.call('receipt.preview', { jobId: receipt!.id }, f.clerk);
      expect(pv.columns).toBe(32);
      expect(pv.lines).toEqual(printed.lines);
      expect(pv.lines.join('\n')).toContain('Perceuse sans fil');
      expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({
        state: 'ready',
        drawerOpen: null,
        pendingJobs: 0,
      });
    } finally {
      await worker.stop();
      f.cleanup();
    }
  });

  it('the OFFLINE mark: only on an enrolled till that cannot reach head office, never on a standalone one', async () => {
    const f = makeFixture();
    try {
      openDrawer(f);
      // a standalone till with two days of entries nobody will ever receive: no mark
      f.clock.advance(49 * 3_600_000);
      const clerk = f.app.call('auth.login', { userId: f.clerkId, pin: '1234' }).token;
      const p = prods(f);
      const sell = () =>
        f.app.call(
          'sale.checkout',
          {
            lines: [{ productId: p.drill, quantity: qty(1) }],
            tenders: [{ method: 'card', amount: 2298, reference: 'A1' }],
          },
          clerk,
        ).sale;
      const preview = (id: string) => f.app.call('receipt.preview', { saleId: id }, clerk).lines.join('\n');
      const standalone = sell();
      expect(preview(standalone.id)).not.toContain('HORS LIGNE');
      // enrolled (the row the enrolment command writes), head office answering: no mark
      const s = f.app.env.sqlite;
      s.prepare(
        `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, acked_hash, last_contact_at)
         VALUES (1, 'http://127.0.0.1:1', 'qc-1', ?, 1, ?, ?)`,
      ).run(f.clock.now.toISOString(), '0'.repeat(64), f.clock.now.toISOString());
      const online = sell();
      expect(preview(online.id)).not.toContain('HORS LIGNE');
      // head office stops answering: receipts made from then on carry the mark and since when
      f.clock.advance(60_000);
      recordFailure(s, f.clock.now.toISOString(), 'UNREACHABLE');
      f.clock.advance(60_000);
      const offline = sell();
      expect(preview(offline.id)).toContain('HORS LIGNE');
      expect(preview(online.id)).not.toContain('HORS LIGNE'); // made before the failure
      // reachable again: the next receipts are clean
      f.clock.advance(60_000);
      recordContact(s, f.clock.now.toISOString());
      expect(preview(sell().id)).not.toContain('HORS LIGNE');
    } finally {
      f.cleanup();
    }
  });
});

/** Waiting test pages queued at `at` (the kind needs no sale behind it). */
function queueOld(f: Fixture, at: string, n: number, prefix = 'OLD'): string[] {
  const ins = f.app.env.sqlite.prepare(
    `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts)
     VALUES (?, ?, 'test_page', NULL, '{}', 0, 'pending', 0)`,
  );
  return Array.from({ length: n }, (_, i) => {
    const id = `01JB${prefix}${String(i).padStart(22 - prefix.length, '0')}`;
    ins.run(id, at);
    return id;
  });
}

const statusOf = (f: Fixture, id: string) =>
  rows<{ status: string }>(f, 'SELECT status FROM print_jobs WHERE id = ?', id)[0]?.status;

describe('old print jobs wait for a manager (a first printer once received ~4,700 stale tickets)', () => {
  // the fixture's clock: 2026-11-26 10:00 in Toronto; the business day began at 04:00 (09:00Z)
  const DAY_START = '2026-11-26T09:00:00.000Z';

  it("jobs from before the business day are held, counted, and printed in order only on a manager's choice", async () => {
    const { f, printer } = await rig({
      before: (fx) => {
        queueOld(fx, '2026-11-25T20:00:00.000Z', 3); // yesterday afternoon
        queueOld(fx, '2026-11-26T08:59:59.999Z', 1, 'EVE'); // 03:59:59 today: still yesterday's business day
        queueOld(fx, '2026-11-26T09:00:00.000Z', 1, 'NEW'); // 04:00: today's first
      },
    });
    await printer.waitFor(() => printer.documents().length === 1);
    await settle(250);
    expect(printer.documents()).toHaveLength(1); // today's job only
    await until(() => statusOf(f, '01JBNEW0000000000000000000') === 'done');
    const st = f.app.call('printer.status', {}, f.clerk);
    expect(st).toMatchObject({ pendingJobs: 4, heldJobs: 4, heldBefore: DAY_START });

    // a clerk cannot choose; a manager's choice is one journal entry
    expectError(() => f.app.call('print.releaseHeld', { action: 'print' }, f.clerk), 'FORBIDDEN');
    const j0 = count(f, 'SELECT COUNT(*) AS n FROM journal');
    expect(f.app.call('print.releaseHeld', { action: 'print' }, f.manager)).toEqual({
      action: 'print',
      count: 4,
    });
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j0 + 1);
    const entry = rows<{ type: string; payload: string }>(
      f,
      'SELECT type, payload FROM journal ORDER BY seq DESC LIMIT 1',
    )[0]!;
    expect(entry.type).toBe('print.heldReleased');
    expect(JSON.parse(entry.payload)).toEqual({ action: 'print', count: 4, before: DAY_START });
    await printer.waitFor(() => printer.documents().length === 5);
    await until(() => count(f, "SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'done'") === 5);
    const order = rows<{ id: string }>(
      f,
      "SELECT id FROM print_jobs WHERE status = 'done' ORDER BY printed_at, id",
    );
    expect(order.map((r) => r.id.slice(4, 7))).toEqual(['NEW', 'OLD', 'OLD', 'OLD', 'EVE']);
    expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({ pendingJobs: 0, heldJobs: 0 });

    // nothing left to choose: refused, nothing written
    const j1 = count(f, 'SELECT COUNT(*) AS n FROM journal');
    const err = expectError(
      () => f.app.call('print.releaseHeld', { action: 'print' }, f.manager),
      'INVALID_STATE',
    );
    expect(err.details).toMatchObject({ reason: 'noneHeld' });
    expect(count(f, 'SELECT COUNT(*) AS n FROM journal')).toBe(j1);
  });

  it('discarding cancels the held jobs (kept in the queue), prints none; a retried held job prints', async () => {
    const { f, printer } = await rig({ before: (fx) => void queueOld(fx, '2026-11-20T15:00:00.000Z', 3) });
    await settle(250);
    expect(printer.documents()).toHaveLength(0);
    const [first] = queueOld(f, '2026-11-19T15:00:00.000Z', 1, 'RETRY');
    expect(f.app.call('printer.status', {}, f.manager).heldJobs).toBe(4);
    // retrying one job from the queue is a manager's choice for that job
    f.app.call('print.retry', { jobId: first! }, f.manager);
    await printer.waitFor(() => printer.documents().length === 1);
    await until(() => statusOf(f, first!) === 'done');
    expect(f.app.call('print.releaseHeld', { action: 'discard' }, f.manager)).toEqual({
      action: 'discard',
      count: 3,
    });
    const entry = rows<{ payload: string }>(
      f,
      "SELECT payload FROM journal WHERE type = 'print.heldReleased'",
    )[0]!;
    expect(JSON.parse(entry.payload)).toEqual({ action: 'discard', count: 3, before: DAY_START });
    await settle(250);
    expect(printer.documents()).toHaveLength(1);
    expect(f.app.call('print.jobs', { status: 'cancelled' }, f.manager)).toHaveLength(3);
    expect(f.app.call('printer.status', {}, f.manager)).toMatchObject({ pendingJobs: 0, heldJobs: 0 });
    // a receipt of today still prints by itself
    openDrawer(f);
    cashSale(f);
    await printer.waitFor(() => printer.documents().length === 3); // drawer kick + receipt
  });

  it('a configured hold age (hours) replaces the business day; no printer, nothing to release', async () => {
    const { f, printer } = await rig({
      before: (fx) => {
        fx.app.call(
          'printer.configure',
          {
            name: 'Comptoir',
            transport: { kind: 'tcp', host: '127.0.0.1', port: 9 },
            profileId: 'epson-tm-t20iii',
            holdOlderThanHours: 2,
          },
          fx.manager,
        );
        queueOld(fx, '2026-11-26T12:30:00.000Z', 1, 'H25'); // 2 h 30 ago: held
        queueOld(fx, '2026-11-26T13:30:00.000Z', 1, 'H15'); // 1 h 30 ago: prints by itself
      },
    });
    // point the configuration at the fake printer, keeping the hold age
    f.app.call(
      'printer.configure',
      {
        name: 'Comptoir',
        transport: { kind: 'tcp', host: '127.0.0.1', port: printer.port },
        profileId: 'epson-tm-t20iii',
        holdOlderThanHours: 2,
      },
      f.manager,
    );
    expect(f.app.call('printer.config', {}, f.manager)?.holdOlderThanHours).toBe(2);
    await printer.waitFor(() => printer.documents().length === 1);
    await settle(250);
    expect(printer.documents()).toHaveLength(1);
    expect(f.app.call('printer.status', {}, f.clerk)).toMatchObject({
      heldJobs: 1,
      heldBefore: '2026-11-26T13:00:00.000Z',
    });
    const none = makeFixture();
    try {
      expectError(
        () => none.app.call('print.releaseHeld', { action: 'print' }, none.manager),
        'INVALID_STATE',
      );
      expect(none.app.call('printer.status', {}, none.clerk)).toMatchObject({
        heldJobs: 0,
        heldBefore: null,
      });
    } finally {
      none.cleanup();
    }
  });
});

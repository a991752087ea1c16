import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  SerialTransport,
  SpoolerTransport,
  TcpTransport,
  TransportError,
  UsbTransport,
} from '../../electron/hardware/transports.ts';
import { FakePrinter } from '../helpers/fake-printer.ts';

const dir = mkdtempSync(join(tmpdir(), 'comptoir-spool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noop = { timeoutMs: 3000, statusQueries: false, claim: () => undefined };

describe('transports', () => {
  it('spooler: runs `lp -d <queue> -o raw` without a shell, bytes on stdin', async () => {
    const lp = join(dir, 'lp');
    writeFileSync(lp, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\ncat > "${dir}/data"\n`);
    chmodSync(lp, 0o755);
    const bytes = Buffer.from([0x1b, 0x40, 0x82, 0x0a, 0x24, 0x28]); // includes '$(' : no shell expansion
    await new SpoolerTransport('Caisse_1', lp).send(bytes, noop);
    expect(readFileSync(join(dir, 'args'), 'utf8').split('\n')).toEqual(['-d', 'Caisse_1', '-o', 'raw', '']);
    expect(readFileSync(join(dir, 'data'))).toEqual(bytes);
  });

  it('spooler: a failing lp is a transport error with its message', async () => {
    const lp = join(dir, 'lp-fail');
    writeFileSync(
      lp,
      '#!/bin/sh\ncat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n',
    );
    chmodSync(lp, 0o755);
    await expect(new SpoolerTransport('nope', lp).send(Buffer.from('x'), noop)).rejects.toThrow(
      /does not exist/,
    );
  });

  it('tcp: a status query that gets no answer times out instead of hanging', async () => {
    const p = await new FakePrinter().start();
    try {
      p.stall = true;
      const t0 = Date.now();
      await expect(new TcpTransport('127.0.0.1', p.port).status(200)).rejects.toThrow(/no status reply/);
      expect(Date.now() - t0).toBeLessThan(2000);
      p.stall = false;
      expect([...(await new TcpTransport('127.0.0.1', p.port).status(500))!]).toEqual([0x12, 0x12, 0x12]);
    } finally {
      await p.stop();
    }
  });

  it('usb and serial load their adapters lazily and fail cleanly without the device', async () => {
    const usb = new UsbTransport(0x04b8, 0x0e28);
    const serial = new SerialTransport('/dev/comptoir-no-such-port', 9600);
    let claimed = 0;
    const opts = { timeoutMs: 3000, statusQueries: false, claim: () => claimed++ };
    // the adapter (usb 2.x API) loads and libusb enumerates; there is no such printer here
    await expect(usb.send(Buffer.from('x'), opts)).rejects.toThrow(/usb:04b8:0e28: Can not find printer/);
    await expect(serial.send(Buffer.from('x'), opts)).rejects.toBeInstanceOf(TransportError);
    await expect(serial.send(Buffer.from('x'), opts)).rejects.toThrow(/cannot open/);
    expect(claimed).toBe(0); // never claimed: nothing was sent
  });
});

import { spawn } from 'node:child_process';
import net from 'node:net';
import type { PrinterTransport } from '../../shared/api/types.ts';
import { STATUS_QUERY } from './escpos.ts';
import { isStatusByte } from './status.ts';
import { VirtualPrinter } from './virtual.ts';

/**
 * Ways to reach a printer. `send` resolves once the device has accepted every byte (TCP: the
 * printer answered a status query sent after the job, which it can only read after the job's
 * bytes); it rejects on timeout, refusal or a dropped connection.
 */
export interface SendOptions {
  timeoutMs: number;
  /** ask DLE EOT 1/2/4 before (to refuse a printer out of paper) and after the job (as an ack) */
  statusQueries: boolean;
  /** called with the pre-job status bytes; throw to refuse sending */
  precheck?: (status: Uint8Array) => void;
  /** called synchronously right before the job's first byte is written; throw to abort */
  claim: () => void;
}

export interface Transport {
  readonly kind: PrinterTransport['kind'];
  readonly describe: string;
  /** returns the post-job status bytes when the transport could read them */
  send(bytes: Buffer, opts: SendOptions): Promise<Uint8Array | null>;
  /** DLE EOT 1, 2, 4 replies; null when this transport cannot read from the printer */
  status(timeoutMs: number): Promise<Uint8Array | null>;
}

export class TransportError extends Error {}

/** One TCP connection with a receive buffer and reads that time out (never wait forever). */
class Conn {
  private rx: number[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  private closed = false;
  constructor(private readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => {
      for (const b of d) if (isStatusByte(b)) this.rx.push(b);
      this.waiter?.();
    });
    sock.on('error', (e) => {
      this.failure = e;
      this.waiter?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  static open(host: string, port: number, timeoutMs: number): Promise<Conn> {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host, port, noDelay: true });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new TransportError(`no connection to ${host}:${port} after ${timeoutMs} ms`));
      }, timeoutMs);
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(new TransportError(`${host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        resolve(new Conn(sock));
      });
    });
  }

  write(b: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sock.write(b, (e) => (e ? reject(new TransportError(`write failed: ${e.message}`)) : resolve()));
    });
  }

  read(n: number, timeoutMs: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new TransportError(`no status reply after ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (this.rx.length >= n) {
          clearTimeout(timer);
          this.waiter = null;
          resolve(Uint8Array.from(this.rx.splice(0, n)));
        } else if (this.failure || this.closed) {
          clearTimeout(timer);
          this.waiter = null;
          reject(new TransportError(`connection lost: ${this.failure?.message ?? 'closed by printer'}`));
        }
      };
      this.waiter = check;
      check();
    });
  }

  /** Half-close and wait until the printer closes too (or give up after timeoutMs). */
  end(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(new TransportError(`connection lost: ${this.failure.message}`));
      const timer = setTimeout(() => {
        this.sock.destroy();
        resolve();
      }, timeoutMs);
      this.sock.end(() => {
        clearTimeout(timer);
        if (this.failure) reject(new TransportError(`connection lost: ${this.failure.message}`));
        else {
          this.sock.destroy();
          resolve();
        }
      });
    });
  }

  destroy(): void {
    this.sock.destroy();
  }
}

export class TcpTransport implements Transport {
  readonly kind = 'tcp' as const;
  constructor(
    readonly host: string,
    readonly port: number,
  ) {}
  get describe() {
    return `tcp://${this.host}:${this.port}`;
  }

  async send(bytes: Buffer, opts: SendOptions): Promise<Uint8Array | null> {
    const deadline = Date.now() + opts.timeoutMs;
    const left = () => Math.max(1, deadline - Date.now());
    const c = await Conn.open(this.host, this.port, Math.min(opts.timeoutMs, 3000));
    try {
      let after: Uint8Array | null = null;
      if (opts.statusQueries) {
        await c.write(STATUS_QUERY);
        const before = await c.read(3, Math.min(left(), 2000));
        opts.precheck?.(before);
        opts.claim();
        await c.write(Buffer.concat([bytes, STATUS_QUERY]));
        after = await c.read(3, left());
      } else {
        opts.claim();
        await c.write(bytes);
      }
      await c.end(Math.min(left(), 1000));
      return after;
    } catch (e) {
      c.destroy();
      throw e;
    }
  }

  async status(timeoutMs: number): Promise<Uint8Array | null> {
    const c = await Conn.open(this.host, this.port, timeoutMs);
    try {
      await c.write(STATUS_QUERY);
      const r = await c.read(3, timeoutMs);
      await c.end(200);
      return r;
    } finally {
      c.destroy();
    }
  }
}

/** Linux CUPS raw queue: `lp -d <queue> -o raw`, bytes on stdin, no shell. */
export class SpoolerTransport implements Transport {
  readonly kind = 'spooler' as const;
  constructor(
    readonly queue: string,
    private readonly command = 'lp',
  ) {}
  get describe() {
    return `spooler:${this.queue}`;
  }
  send(bytes: Buffer, opts: SendOptions): Promise<Uint8Array | null> {
    if (process.platform === 'win32') {
      // Windows: the queue must be a "Generic / Text Only" printer and the job sent with the RAW
      // datatype (winspool OpenPrinter/StartDocPrinter with pDatatype "RAW"); not implemented.
      return Promise.reject(
        new TransportError('spooler printing is not implemented on Windows; use TCP or USB'),
      );
    }
    opts.claim();
    return new Promise((resolve, reject) => {
      const child = spawn(this.command, ['-d', this.queue, '-o', 'raw'], {
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new TransportError(`${this.command} timed out after ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString('utf8');
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new TransportError(`${this.command}: ${e.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(null);
        else reject(new TransportError(`${this.command} exited with ${code}: ${err.trim().slice(0, 200)}`));
      });
      child.stdin.on('error', () => {
        // reported through 'close' / 'error'
      });
      child.stdin.end(bytes);
    });
  }
  async status(): Promise<Uint8Array | null> {
    return null;
  }
}

interface AdapterLike {
  open(cb: (err: Error | null) => void): unknown;
  write(data: Buffer, cb: (err: Error | null) => void): unknown;
  close(cb: (err: Error | null) => void): unknown;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new TransportError(`${what} timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? new TransportError(`${what}: ${e.message}`) : e);
      },
    );
  });
}

const cb = (fn: (done: (err: Error | null) => void) => unknown) =>
  new Promise<void>((resolve, reject) => {
    fn((err) => (err ? reject(err) : resolve()));
  });

/** USB and serial go through @node-escpos adapters, imported lazily: no libusb, still starts. */
abstract class AdapterTransport implements Transport {
  abstract readonly kind: 'usb' | 'serial';
  abstract readonly describe: string;
  protected abstract make(): Promise<AdapterLike>;
  async send(bytes: Buffer, opts: SendOptions): Promise<Uint8Array | null> {
    const run = async () => {
      const a = await this.make();
      await cb((d) => a.open(d));
      opts.claim();
      try {
        await cb((d) => a.write(bytes, d));
      } finally {
        await cb((d) => a.close(d)).catch(() => undefined);
      }
    };
    await withTimeout(run(), opts.timeoutMs, this.describe);
    return null;
  }
  async status(): Promise<Uint8Array | null> {
    return null;
  }
}

export class UsbTransport extends AdapterTransport {
  readonly kind = 'usb' as const;
  constructor(
    readonly vendorId: number,
    readonly productId: number,
  ) {
    super();
  }
  get describe() {
    return `usb:${this.vendorId.toString(16).padStart(4, '0')}:${this.productId.toString(16).padStart(4, '0')}`;
  }
  protected async make(): Promise<AdapterLike> {
    const mod = (await import('@node-escpos/usb-adapter')) as unknown as {
      default: new (vid: number, pid: number) => AdapterLike;
    };
    return new mod.default(this.vendorId, this.productId);
  }
}

export class SerialTransport extends AdapterTransport {
  readonly kind = 'serial' as const;
  constructor(
    readonly path: string,
    readonly baudRate: number,
  ) {
    super();
  }
  get describe() {
    return `serial:${this.path}@${this.baudRate}`;
  }
  protected async make(): Promise<AdapterLike> {
    const mod = (await import('@node-escpos/serialport-adapter')) as unknown as {
      default: new (path: string, opts: { baudRate: number }) => AdapterLike;
    };
    return new mod.default(this.path, { baudRate: this.baudRate });
  }
}

/** Demo mode and previews: bytes go to memory; always ready, no drawer sensor. */
export class VirtualTransport implements Transport {
  readonly kind = 'virtual' as const;
  readonly describe = 'virtual';
  constructor(readonly printer = new VirtualPrinter()) {}
  async send(bytes: Buffer, opts: SendOptions): Promise<Uint8Array | null> {
    opts.claim();
    this.printer.receive(bytes, new Date().toISOString());
    return null;
  }
  async status(): Promise<Uint8Array | null> {
    return null;
  }
}

export function openTransport(t: PrinterTransport): Transport {
  switch (t.kind) {
    case 'tcp':
      return new TcpTransport(t.host, t.port);
    case 'usb':
      return new UsbTransport(t.vendorId, t.productId);
    case 'serial':
      return new SerialTransport(t.path, t.baudRate);
    case 'spooler':
      return new SpoolerTransport(t.queue);
    case 'virtual':
      return new VirtualTransport();
  }
}

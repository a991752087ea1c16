import net from 'node:net';
import { performance } from 'node:perf_hooks';
import iconv from 'iconv-lite';

/**
 * A fake ESC/POS network printer on 127.0.0.1 (random port) for the printing tests: it records
 * the bytes it is sent, answers DLE EOT 1/2/4 status queries from its simulated state, and can
 * go offline (connections refused), run out of paper, open its cover, stall (never answer a
 * status query) and drop a connection in the middle of a job.
 *
 * It decodes what it received on its own — Epson table numbers → iconv-lite encodings — so the
 * tests do not check the encoder with the encoder.
 */
export const EPSON_TABLES: Record<number, string> = {
  0: 'cp437',
  2: 'cp850',
  16: 'cp1252',
  17: 'cp866',
  19: 'cp858',
  46: 'cp1251',
};

export class FakePrinter {
  port = 0;
  paperOut = false;
  paperLow = false;
  coverOpen = false;
  /** level of the drawer kick connector's pin 3 (DLE EOT 1 bit 2) */
  pin3High = false;
  /** never answer status queries (a printer that hangs) */
  stall = false;
  /** job bytes (status queries removed), in arrival order, one Buffer per connection */
  readonly connections: Buffer[] = [];
  statusQueries = 0;
  lastByteAt = 0;
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  private dropAfter: number | null = null;
  private waiters: (() => void)[] = [];

  async start(): Promise<this> {
    await this.listen(0);
    return this;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((s) => this.accept(s));
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as net.AddressInfo).port;
        this.server = server;
        resolve();
      });
    });
  }

  private accept(sock: net.Socket): void {
    sock.setNoDelay(true);
    this.sockets.add(sock);
    const chunks: number[] = [];
    const index = this.connections.length;
    this.connections.push(Buffer.alloc(0));
    const dropAt = this.dropAfter;
    this.dropAfter = null;
    let state = 0; // 0 data, 1 after DLE, 2 after DLE EOT
    sock.on('data', (d: Buffer) => {
      for (const b of d) {
        if (state === 1) {
          if (b === 0x04) {
            state = 2;
            continue;
          }
          chunks.push(0x10);
          state = 0;
        }
        if (state === 2) {
          state = 0;
          this.statusQueries++;
          if (!this.stall) sock.write(Buffer.from([this.statusByte(b)]));
          continue;
        }
        if (b === 0x10) {
          state = 1;
          continue;
        }
        chunks.push(b);
        if (dropAt !== null && chunks.length >= dropAt) {
          this.connections[index] = Buffer.from(chunks);
          sock.resetAndDestroy();
          this.notify();
          return;
        }
      }
      this.connections[index] = Buffer.from(chunks);
      this.lastByteAt = performance.now();
      this.notify();
    });
    sock.on('error', () => undefined);
    sock.on('end', () => sock.end());
    sock.on('close', () => this.sockets.delete(sock));
  }

  private statusByte(n: number): number {
    let b = 0x12;
    if (n === 1) {
      if (this.pin3High) b |= 0x04;
      if (this.paperOut || this.coverOpen) b |= 0x08;
    } else if (n === 2) {
      if (this.coverOpen) b |= 0x04;
      if (this.paperOut) b |= 0x20;
    } else if (n === 4) {
      if (this.paperLow || this.paperOut) b |= 0x0c;
      if (this.paperOut) b |= 0x60;
    }
    return b;
  }

  /** The next connection is reset after it has received `bytes` job bytes. */
  dropNextAfter(bytes: number): void {
    this.dropAfter = bytes;
  }

  async goOffline(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  async goOnline(): Promise<void> {
    if (!this.server) await this.listen(this.port);
  }

  stop(): Promise<void> {
    return this.goOffline();
  }

  /** Everything received, concatenated. */
  bytes(): Buffer {
    return Buffer.concat(this.connections);
  }

  /** Complete documents: from an ESC @ to the next cut (GS V) or to the end of a connection that closed cleanly. */
  documents(): Buffer[] {
    const docs: Buffer[] = [];
    for (const c of this.connections) {
      if (c.length === 0) continue;
      if (endsWithCut(c) || !hasPaper(c)) docs.push(c);
    }
    return docs;
  }

  /** Resolve when `pred` holds (checked on every received chunk and every 10 ms), or fail after `ms`. */
  waitFor(pred: () => boolean, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (pred()) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > ms) {
          clearInterval(timer);
          reject(new Error(`fake printer: condition not met after ${ms} ms`));
        }
      };
      const timer = setInterval(check, 10);
      this.waiters.push(check);
      check();
    });
  }

  private notify(): void {
    for (const w of this.waiters) w();
  }
}

function endsWithCut(b: Buffer): boolean {
  for (let i = b.length - 4; i >= Math.max(0, b.length - 8); i--) {
    if (b[i] === 0x1d && b[i + 1] === 0x56) return true;
  }
  return false;
}

function hasPaper(b: Buffer): boolean {
  return b.includes(0x0a);
}

export interface Decoded {
  text: string;
  lines: string[];
  tables: number[];
  kicks: Buffer[];
  qr: string[];
  cuts: number;
}

/** Decode ESC/POS bytes to text with the Epson table numbering (independent of the app's decoder). */
export function decodeEscPos(buf: Buffer, tables: Record<number, string> = EPSON_TABLES): Decoded {
  let enc = tables[0] ?? 'cp437';
  const out: string[] = [];
  const used: number[] = [];
  const kicks: Buffer[] = [];
  const qr: string[] = [];
  let cuts = 0;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b === 0x1b) {
      const c = buf[i + 1];
      if (c === 0x40) {
        enc = tables[0] ?? 'cp437';
        i += 2;
      } else if (c === 0x74) {
        const n = buf[i + 2]!;
        const e = tables[n];
        if (!e) throw new Error(`ESC t ${n}: table not in the test's table map`);
        enc = e;
        used.push(n);
        i += 3;
      } else if (c === 0x70) {
        kicks.push(buf.subarray(i, i + 5));
        i += 5;
      } else i += 3;
    } else if (b === 0x1d) {
      const c = buf[i + 1];
      if (c === 0x56) {
        cuts++;
        i += buf[i + 2]! >= 65 ? 4 : 3;
      } else if (c === 0x28 && buf[i + 2] === 0x6b) {
        const len = buf[i + 3]! + 256 * buf[i + 4]!;
        if (buf[i + 5] === 0x31 && buf[i + 6] === 0x50)
          qr.push(buf.subarray(i + 8, i + 5 + len).toString('utf8'));
        i += 5 + len;
      } else i += 3;
    } else if (b === 0x10) {
      if (buf[i + 1] === 0x14) {
        kicks.push(buf.subarray(i, i + 5));
        i += 5;
      } else i += 3;
    } else if (b === 0x0a) {
      out.push('\n');
      i++;
    } else if (b < 0x20) {
      i++;
    } else {
      out.push(iconv.decode(Buffer.from([b]), enc));
      i++;
    }
  }
  const text = out.join('');
  return { text, lines: text.split('\n'), tables: used, kicks, qr, cuts };
}

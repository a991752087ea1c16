import { type CodePage, codePage, fold, transliterate, UNPRINTABLE } from './codepages.ts';
import type { PrinterProfile } from './profiles.ts';

/**
 * Our own ESC/POS encoder. We use @node-escpos only for its USB and serial adapters: its
 * Printer encodes text as GB18030 by default, never re-sends `ESC t` after `ESC @`, its
 * `cashdraw()` writes a pulse without t2 (`ESC p 0 x`), its QR code is `GS Z` (not Epson's
 * `GS ( k`) with the UTF-16 length of the string, and `getStatus()` waits forever for a reply.
 */
export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const DC4 = 0x14;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';

/** Growable byte buffer (cheaper than number[] → Buffer for a 2 kB receipt). */
class Bytes {
  private buf = Buffer.allocUnsafe(4096);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }
  push(...bytes: number[]): void {
    this.room(bytes.length);
    for (const b of bytes) this.buf[this.length++] = b;
  }
  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i) & 0x7f;
  }
  append(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

interface Table {
  number: number;
  cp: CodePage;
}

/**
 * Decide, for a string, what the printer will actually print given the profile's tables:
 * each char is kept if some table has it, else transliterated. Layouts call this before
 * measuring, so columns line up even when '€' becomes 'EUR'.
 */
export function printable(text: string, profile: PrinterProfile): string {
  let out = '';
  for (const raw of text) {
    const ch = fold(raw);
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0x20 && c < 0x7f) {
      out += ch;
      continue;
    }
    if (c < 0x20 && ch.length === 1) continue; // control characters never reach the paper
    if (profile.codePages.some((t) => codePage(t.encoding).toByte.has(ch))) out += ch;
    else out += transliterate(ch);
  }
  return out;
}

export class EscPos {
  private out = new Bytes();
  private tables: Table[];
  private current: Table;
  private readonly start: Table;

  constructor(
    readonly profile: PrinterProfile,
    startTable: number,
  ) {
    this.tables = profile.codePages.map((t) => ({ number: t.number, cp: codePage(t.encoding) }));
    this.start = this.tables.find((t) => t.number === startTable) ?? this.tables[0]!;
    this.current = this.start;
  }

  get columns(): number {
    return this.profile.columns;
  }

  /** `ESC @` resets the printer — including its table — so `ESC t n` always follows it. */
  init(): this {
    this.out.push(ESC, 0x40);
    this.current = this.start;
    this.selectTable(this.start);
    return this;
  }

  private selectTable(t: Table): void {
    this.out.push(ESC, 0x74, t.number);
    this.current = t;
  }

  /** Pin a table for the following text (the test page); 'auto' switches per character. */
  pinTable(number: number): this {
    const t = this.tables.find((x) => x.number === number);
    if (!t) throw new Error(`table ${number} not in profile ${this.profile.id}`);
    this.selectTable(t);
    this.pinned = true;
    return this;
  }
  unpinTable(): this {
    this.pinned = false;
    return this;
  }
  private pinned = false;

  text(s: string): this {
    for (const raw of s) this.char(fold(raw), true);
    return this;
  }

  private char(ch: string, mayTransliterate: boolean): void {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c < 0x80) {
      if (c >= 0x20 && c < 0x7f) this.out.byte(c);
      return; // control characters are never sent as text
    }
    const here = this.current.cp.toByte.get(ch);
    if (here !== undefined) {
      this.out.byte(here);
      return;
    }
    if (!this.pinned) {
      for (const t of this.tables) {
        const b = t.cp.toByte.get(ch);
        if (b !== undefined) {
          this.selectTable(t);
          this.out.byte(b);
          return;
        }
      }
    }
    if (!mayTransliterate) {
      this.out.ascii(UNPRINTABLE);
      return;
    }
    for (const t of transliterate(ch)) this.char(t, false);
  }

  line(s = ''): this {
    return this.text(s).lf();
  }
  lf(): this {
    this.out.byte(LF);
    return this;
  }
  align(a: Align): this {
    this.out.push(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
    return this;
  }
  bold(on: boolean): this {
    this.out.push(ESC, 0x45, on ? 1 : 0);
    return this;
  }
  /** GS ! n: width and height multipliers 1–8. */
  size(width: number, height: number): this {
    this.out.push(GS, 0x21, ((width - 1) << 4) | (height - 1));
    return this;
  }
  feed(lines: number): this {
    if (lines > 0) this.out.push(ESC, 0x64, lines);
    return this;
  }

  /** Feed past the tear bar then cut (GS V 65/66 n = feed n and cut), per profile. */
  cut(): this {
    const p = this.profile;
    if (p.cutter === 'none') return this.feed(p.feedBeforeCut);
    this.out.push(GS, 0x56, p.cutter === 'partial' ? 66 : 65, p.feedBeforeCut);
    return this;
  }

  /** QR code, Epson `GS ( k` function 165/167/169/180/181 (model 2, size 6, level M). */
  qr(data: string, moduleSize = 6): this {
    const bytes = Buffer.from(data, 'utf8');
    const fn = (cn: number, fnc: number, ...args: number[]) => {
      const len = args.length + 2;
      this.out.push(GS, 0x28, 0x6b, len & 0xff, len >> 8, cn, fnc, ...args);
    };
    fn(0x31, 0x41, 0x32, 0x00); // model 2
    fn(0x31, 0x43, moduleSize); // module size
    fn(0x31, 0x45, 0x31); // error correction M
    const len = bytes.length + 3;
    this.out.push(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30);
    this.out.append(bytes);
    fn(0x31, 0x51, 0x30); // print
    return this;
  }

  /** Open the drawer with the profile's pin and pulse (never the old t2-less helpers). */
  kick(): this {
    this.out.append(drawerKickBytes(this.profile));
    return this;
  }

  raw(b: Uint8Array): this {
    this.out.append(b);
    return this;
  }

  get tableNumber(): number {
    return this.current.number;
  }

  bytes(): Buffer {
    return this.out.toBuffer();
  }
}

/**
 * ESC p m t1 t2 — m = 0 (pin 2) / 1 (pin 5), on-time t1 × 2 ms, off-time t2 × 2 ms; or the
 * real-time DLE DC4 1 m t — pulse t × 100 ms (1–8), for printers whose buffer may be busy.
 */
export function drawerKickBytes(profile: PrinterProfile): Buffer {
  const d = profile.drawer;
  const m = d.pin === 5 ? 1 : 0;
  if (d.command === 'dle-dc4') {
    const t = Math.min(8, Math.max(1, Math.round(d.onMs / 100)));
    return Buffer.from([DLE, DC4, 1, m, t]);
  }
  const t1 = Math.min(255, Math.max(1, Math.round(d.onMs / 2)));
  const t2 = Math.min(255, Math.max(t1, Math.round(d.offMs / 2)));
  return Buffer.from([ESC, 0x70, m, t1, t2]);
}

/** Real-time status requests: DLE EOT 1 (printer), 2 (offline cause), 4 (roll paper). */
export const STATUS_QUERY = Buffer.from([DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 4]);

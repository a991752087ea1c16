import { codePage } from './codepages.ts';
import { DC4, DLE, ESC, GS, LF } from './escpos.ts';
import type { PrinterProfile } from './profiles.ts';

/**
 * The virtual printer: interprets the same ESC/POS bytes a real printer gets and renders
 * them as text lines (receipt preview in the UI, demo mode, and a readable form in tests).
 */
export interface RenderedPage {
  columns: number;
  lines: string[];
  qr: string[];
  kicks: { pin: 2 | 5; onMs: number; offMs: number }[];
  cuts: number;
}

export function renderBytes(bytes: Uint8Array, profile: PrinterProfile): RenderedPage {
  const tables = new Map(profile.codePages.map((t) => [t.number, codePage(t.encoding)]));
  const first = profile.codePages[0]!;
  let table = tables.get(first.number)!;
  const cols = profile.columns;
  const page: RenderedPage = { columns: cols, lines: [], qr: [], kicks: [], cuts: 0 };
  let align: 'left' | 'center' | 'right' = 'left';
  let width = 1;
  let cur = '';
  let qrData = '';

  const flush = () => {
    let text = cur;
    if (width > 1) text = [...text].join(' '); // double width: each glyph takes two columns
    const pad = Math.max(0, cols - text.length);
    if (align === 'center') text = ' '.repeat(Math.floor(pad / 2)) + text;
    else if (align === 'right') text = ' '.repeat(pad) + text;
    page.lines.push(text.trimEnd());
    cur = '';
  };

  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b === LF) {
      flush();
      i++;
    } else if (b === ESC) {
      const c = bytes[i + 1];
      if (c === 0x40) {
        table = tables.get(first.number)!;
        align = 'left';
        width = 1;
        i += 2;
      } else if (c === 0x74) {
        table = tables.get(bytes[i + 2]!) ?? table;
        i += 3;
      } else if (c === 0x61) {
        const v = bytes[i + 2]!;
        align = v === 1 || v === 49 ? 'center' : v === 2 || v === 50 ? 'right' : 'left';
        i += 3;
      } else if (c === 0x64) {
        if (cur) flush();
        for (let k = 0; k < bytes[i + 2]!; k++) page.lines.push('');
        i += 3;
      } else if (c === 0x70) {
        const m = bytes[i + 2]!;
        page.kicks.push({
          pin: m === 1 || m === 49 ? 5 : 2,
          onMs: bytes[i + 3]! * 2,
          offMs: bytes[i + 4]! * 2,
        });
        i += 5;
      } else {
        i += 3; // ESC E n, ESC - n, ESC R n …: one parameter
      }
    } else if (b === GS) {
      const c = bytes[i + 1];
      if (c === 0x21) {
        width = ((bytes[i + 2]! >> 4) & 7) + 1;
        i += 3;
      } else if (c === 0x56) {
        if (cur) flush();
        const m = bytes[i + 2]!;
        if (m === 65 || m === 66) {
          for (let k = 0; k < bytes[i + 3]!; k++) page.lines.push('');
          i += 4;
        } else i += 3;
        page.cuts++;
        page.lines.push('- - - - - - - - - - - - - - - - - -'.slice(0, cols));
      } else if (c === 0x28 && bytes[i + 2] === 0x6b) {
        const len = bytes[i + 3]! | (bytes[i + 4]! << 8);
        const cn = bytes[i + 5];
        const fn = bytes[i + 6];
        if (cn === 0x31 && fn === 0x50) {
          qrData = Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString('utf8');
        } else if (cn === 0x31 && fn === 0x51) {
          page.qr.push(qrData);
          // the paper shows a square; the preview shows its text, wrapped to the paper's width
          // (a 60-character code on one line ran past the receipt's edge)
          const text = `[QR ${qrData}]`;
          for (let k = 0; k < text.length; k += cols) page.lines.push(text.slice(k, k + cols));
        }
        i += 5 + len;
      } else {
        i += 3;
      }
    } else if (b === DLE) {
      if (bytes[i + 1] === DC4 && bytes[i + 2] === 1) {
        page.kicks.push({
          pin: bytes[i + 3] === 1 ? 5 : 2,
          onMs: bytes[i + 4]! * 100,
          offMs: bytes[i + 4]! * 100,
        });
        i += 5;
      } else i += 3; // DLE EOT n
    } else if (b < 0x20) {
      i++;
    } else {
      cur += table.toChar[b]!;
      i++;
    }
  }
  if (cur) flush();
  return page;
}

/** In-memory "printer" for demo mode: keeps the last pages it was sent. */
export class VirtualPrinter {
  readonly jobs: { at: string; bytes: Buffer }[] = [];
  constructor(private readonly keep = 50) {}
  receive(bytes: Buffer, at: string): void {
    this.jobs.push({ at, bytes });
    if (this.jobs.length > this.keep) this.jobs.shift();
  }
}

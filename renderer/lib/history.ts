/**
 * What the clerk typed (or the scanner "typed") in the sales history's search box, read as one
 * exact reference: a receipt's QR code carries the sale's id (a ULID), its number is printed on it.
 * Anything else is a name to filter by, never a sale to open: Enter on "Thibault" once opened
 * the newest sale of the list, with its "Cancel the sale" button ready.
 */
export type HistoryQuery =
  | { kind: 'saleId'; id: string }
  | { kind: 'receipt'; number: number }
  | { kind: 'text'; text: string }
  | { kind: 'empty' };

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function readHistoryQuery(raw: string): HistoryQuery {
  const s = raw.trim();
  if (!s) return { kind: 'empty' };
  // the QR holds the bare id; a scanner set to lower case, or a URL-like payload ending in the id,
  // still names one sale
  const last = s.split(/[/:#?=]/).at(-1) ?? s;
  if (ULID.test(last.toUpperCase()) && last.length === 26) return { kind: 'saleId', id: last.toUpperCase() };
  // "4273", "#4273", "n° 4273", "No 4273", "№ 4273"
  const m = /^(?:#|n[°o]\.?|№)?\s*(\d{1,9})$/i.exec(s);
  if (m) {
    const n = Number(m[1]);
    if (n >= 1) return { kind: 'receipt', number: n };
  }
  return { kind: 'text', text: s };
}

/** Names compared as a clerk would: case, accents and spacing do not matter. */
export function sameName(a: string, b: string): boolean {
  const k = (x: string) =>
    x.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLocaleLowerCase();
  return k(a) === k(b);
}

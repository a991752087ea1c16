import iconv from 'iconv-lite';

/**
 * Single-byte code pages of ESC/POS printers. A table is built once per encoding from
 * iconv-lite's decoder (byte → char), then text is encoded by direct lookup: faster than
 * iconv per string, and — unlike iconv, which substitutes '?' — it tells us exactly which
 * characters a table cannot print so they can be sent through another table or transliterated.
 */
export interface CodePage {
  readonly encoding: string;
  /** char → byte, for bytes 0x80–0xFF */
  readonly toByte: ReadonlyMap<string, number>;
  /** byte → char (0x00–0x7F are ASCII) */
  readonly toChar: readonly string[];
}

const cache = new Map<string, CodePage>();

export function codePage(encoding: string): CodePage {
  const hit = cache.get(encoding);
  if (hit) return hit;
  if (!iconv.encodingExists(encoding)) throw new Error(`unknown code page ${encoding}`);
  const toByte = new Map<string, number>();
  const toChar: string[] = [];
  for (let b = 0; b < 256; b++) {
    if (b < 0x80) {
      toChar.push(String.fromCharCode(b));
      continue;
    }
    const ch = iconv.decode(Buffer.from([b]), encoding);
    toChar.push(ch);
    if (ch !== '\ufffd' && ch.length === 1 && !toByte.has(ch)) toByte.set(ch, b);
  }
  const cp: CodePage = { encoding, toByte, toChar };
  cache.set(encoding, cp);
  return cp;
}

/** Characters no receipt table needs in their own right: folded before anything else. */
const FOLD: Record<string, string> = {
  '\u00a0': ' ', // no-break space (Intl money in fr-CA)
  '\u202f': ' ', // narrow no-break space (Intl money in fr-FR)
  '\u2009': ' ',
  '\u2007': ' ',
  '\u2212': '-', // minus sign
  '\u2010': '-',
  '\u2011': '-',
  '\t': ' ',
};

/** Last-resort transliterations (applied only when no table of the profile has the char). */
const TRANSLIT: Record<string, string> = {
  œ: 'oe',
  Œ: 'OE',
  æ: 'ae',
  Æ: 'AE',
  ß: 'ss',
  '€': 'EUR',
  '£': 'GBP',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '«': '<<',
  '»': '>>',
  '–': '-',
  '—': '-',
  '…': '...',
  '•': '*',
  '·': '.',
  '×': 'x',
  '№': 'No',
  '°': 'o',
  '½': '1/2',
  '¼': '1/4',
  '✂': '8<',
  // Bulgarian, official streamlined system (2009 transliteration law)
  А: 'A',
  Б: 'B',
  В: 'V',
  Г: 'G',
  Д: 'D',
  Е: 'E',
  Ж: 'Zh',
  З: 'Z',
  И: 'I',
  Й: 'Y',
  К: 'K',
  Л: 'L',
  М: 'M',
  Н: 'N',
  О: 'O',
  П: 'P',
  Р: 'R',
  С: 'S',
  Т: 'T',
  У: 'U',
  Ф: 'F',
  Х: 'H',
  Ц: 'Ts',
  Ч: 'Ch',
  Ш: 'Sh',
  Щ: 'Sht',
  Ъ: 'A',
  Ь: 'Y',
  Ю: 'Yu',
  Я: 'Ya',
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'h',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sht',
  ъ: 'a',
  ь: 'y',
  ю: 'yu',
  я: 'ya',
  Ё: 'Yo',
  ё: 'yo',
  Ы: 'Y',
  ы: 'y',
  Э: 'E',
  э: 'e',
};

/** What is printed for a character nothing can represent (never '?', which reads as data). */
export const UNPRINTABLE = '_';

/** ASCII transliteration of one character: the table above, then accents stripped (NFD). */
export function transliterate(ch: string): string {
  const t = TRANSLIT[ch];
  if (t !== undefined) return t;
  const stripped = ch.normalize('NFKD').replace(/\p{M}/gu, '');
  if (stripped && stripped !== ch && /^[\x20-\x7e]+$/.test(stripped)) return stripped;
  return UNPRINTABLE;
}

export function fold(ch: string): string {
  return FOLD[ch] ?? ch;
}

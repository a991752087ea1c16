import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import bg from '../../renderer/i18n/bg.json';
import en from '../../renderer/i18n/en.json';
import fr from '../../renderer/i18n/fr.json';
import { taxKey } from '../../renderer/lib/labels.ts';
import { CANCEL_REASONS, PAYMENT_METHODS, TENDER_METHODS } from '../../shared/api/schemas.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { ROLES } from '../../shared/roles.ts';
import { PRINT_JOB_STATUSES, SALE_STATUSES } from '../../shared/statuses.ts';
import { JURISDICTIONS } from '../../shared/tax.ts';

type Tree = { [k: string]: string | Tree };
function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
const LOCALES = { fr: flatten(fr as Tree), en: flatten(en as Tree), bg: flatten(bg as Tree) };
const has = (m: Map<string, string>, key: string) => m.has(key) || m.has(`${key}_other`);

const ROOT = join(import.meta.dirname, '../../renderer');
function sources(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'transport') out.push(...sources(p, ext));
    } else if (ext.test(name)) out.push(p);
  }
  return out;
}

describe('locales', () => {
  it('fr, en and bg have exactly the same keys, none empty', () => {
    const all = new Set([...LOCALES.fr.keys(), ...LOCALES.en.keys(), ...LOCALES.bg.keys()]);
    for (const [lang, m] of Object.entries(LOCALES)) {
      const missing = [...all].filter((k) => !m.has(k));
      expect(missing, `missing in ${lang}`).toEqual([]);
      const empty = [...m].filter(([, v]) => v.trim() === '').map(([k]) => k);
      expect(empty, `empty in ${lang}`).toEqual([]);
    }
  });

  it('Bulgarian is written in Cyrillic (apart from names and codes)', () => {
    const latinOk = new Set([
      'app.name',
      'lang.fr',
      'lang.en',
      'keys.enter',
      'keys.del',
      'tax.QC-GST',
      'tax.QC-QST',
      'printerTransport.usb',
      'sync.urlPlaceholder', // an address
    ]);
    const notCyrillic = [...LOCALES.bg]
      .filter(([k, v]) => !latinOk.has(k) && !/\p{Script=Cyrillic}/u.test(v))
      .map(([k]) => k);
    expect(notCyrillic).toEqual([]);
    expect(LOCALES.bg.get('status.cancelled')).toBe('Анулирана');
    expect(LOCALES.bg.get('status.refunded')).toBe('Възстановено плащане');
  });

  it('every key the code uses literally exists in every language', () => {
    const used = new Set<string>();
    for (const file of sources(ROOT, /\.(tsx|ts)$/)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'((?:help|nav)\.[a-zA-Z]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(150);
    for (const [lang, m] of Object.entries(LOCALES)) {
      expect(
        [...used].filter((k) => !has(m, k)),
        `missing in ${lang}`,
      ).toEqual([]);
    }
  });

  it('every code the contract can return has a label in every language', () => {
    const keys = [
      ...CANCEL_REASONS.map((r) => `cancelReason.${r}`),
      ...[...TENDER_METHODS, ...PAYMENT_METHODS].map((m) => `tender.${m}`),
      ...SALE_STATUSES.map((s) => `status.${s}`),
      ...ERROR_CODES.map((c) => `errors.code.${c}`),
      ...ROLES.map((r) => `roles.${r}`),
      ...Object.values(JURISDICTIONS).flatMap((j) =>
        Object.values(j.categories).flatMap((rates) => rates.map((r) => taxKey(r.code))),
      ),
      ...['ready', 'paper_low', 'paper_out', 'cover_open', 'offline', 'none'].map((s) => `printerState.${s}`),
      ...PRINT_JOB_STATUSES.map((s) => `printStatus.${s}`),
      ...['tcp', 'usb', 'serial', 'spooler', 'virtual'].map((s) => `printerTransport.${s}`),
      'drawer.payIn',
      'drawer.payOut',
      'drawer.noSale',
      'lang.fr',
      'lang.en',
      'lang.bg',
    ];
    for (const [lang, m] of Object.entries(LOCALES)) {
      expect(
        keys.filter((k) => !has(m, k)),
        `missing in ${lang}`,
      ).toEqual([]);
    }
  });
});

describe('no hard-coded UI text', () => {
  const TEXT_ATTRS = new Set(['aria-label', 'placeholder', 'title', 'alt']);
  const letters = /\p{L}/u;

  function scan(file: string): string[] {
    const src = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      ts.ScriptKind.TSX,
    );
    const found: string[] = [];
    const where = (n: ts.Node) =>
      `${relative(ROOT, file)}:${src.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    const insideKbd = (n: ts.Node): boolean => {
      const el = n.parent;
      return ts.isJsxElement(el) && el.openingElement.tagName.getText() === 'kbd';
    };
    function visit(n: ts.Node) {
      if (ts.isJsxText(n) && letters.test(n.text) && !insideKbd(n)) {
        found.push(`${where(n)} text "${n.text.trim()}"`);
      }
      if (ts.isJsxAttribute(n) && TEXT_ATTRS.has(n.name.getText()) && n.initializer) {
        const init = n.initializer;
        const literal =
          ts.isStringLiteral(init) ||
          (ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression));
        const value = ts.isStringLiteral(init)
          ? init.text
          : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
            ? init.expression.text
            : '';
        if (literal && letters.test(value)) found.push(`${where(n)} ${n.name.getText()}="${value}"`);
      }
      ts.forEachChild(n, visit);
    }
    visit(src);
    return found;
  }

  it('finds hard-coded text when there is some (the scanner works)', () => {
    const tmp = join(import.meta.dirname, 'fixtures-hardcoded.tsx');
    expect(scan(tmp)).toEqual([
      '../test/renderer/fixtures-hardcoded.tsx:3 text "Payer maintenant"',
      '../test/renderer/fixtures-hardcoded.tsx:4 aria-label="Fermer"',
      '../test/renderer/fixtures-hardcoded.tsx:5 placeholder="Search"',
    ]);
  });

  it('no JSX text or aria-label/placeholder/title literal in renderer/**/*.tsx', () => {
    const files = sources(ROOT, /\.tsx$/);
    expect(files.length).toBeGreaterThan(15);
    expect(files.flatMap(scan)).toEqual([]);
  });
});

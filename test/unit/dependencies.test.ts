import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * package.json's runtime dependencies are what a packaged till ships: each one must be imported by
 * product code (electron/, shared/, db/, renderer/, server/), or be named below with the reason it is
 * there without an import. A package left behind after its code went (chart.js after the charts moved
 * to recharts, @node-escpos/core and network-adapter) makes the installer bigger and is one more
 * thing to patch.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRODUCT = ['electron', 'shared', 'db', 'renderer', 'server'];

const NOT_IMPORTED: Record<string, string> = {
  'react-is': 'peer dependency of recharts',
  usb: 'native peer of @node-escpos/usb-adapter (its install script is approved in allowScripts)',
  pdfmake: 'kept for the invoices issue (PDF invoices), which imports it',
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'migrations') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

/** the package name of an import specifier ('@a/b/c' → '@a/b', 'x/y' → 'x'), null for a relative or node: one */
function packageOf(spec: string): string | null {
  if (spec.startsWith('.') || spec.startsWith('node:')) return null;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function importedPackages(): Set<string> {
  const used = new Set<string>();
  for (const dir of PRODUCT) {
    for (const file of sourceFiles(join(ROOT, dir))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      for (const ref of info.importedFiles) {
        const pkg = packageOf(ref.fileName);
        if (pkg) used.add(pkg);
      }
    }
  }
  return used;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, unknown>;
};

describe('dependencies', () => {
  it('every runtime dependency is imported by product code or says why not', () => {
    const used = importedPackages();
    const unused = Object.keys(pkg.dependencies).filter((d) => !used.has(d) && !(d in NOT_IMPORTED));
    expect(unused).toEqual([]);
  });

  it('allowScripts holds booleans (npm reads the string "true" as a version range)', () => {
    const notBoolean = Object.entries(pkg.allowScripts).filter(([, v]) => typeof v !== 'boolean');
    expect(notBoolean).toEqual([]);
  });

  it('the node devDependency is an exact 24.x at or above 24.15 (jsdom 31 needs it)', () => {
    const m = /^24\.(\d+)\.(\d+)$/.exec(pkg.devDependencies.node ?? '');
    expect(m, pkg.devDependencies.node).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(15);
  });
});

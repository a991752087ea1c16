import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of ARCHITECTURE.md, checked on every import, `export … from`, dynamic
 * `import()` and `require()` of every .ts/.tsx file (TypeScript's own pre-processor reads them,
 * so commented-out imports and strings are not mistaken for imports):
 *
 * - shared/ imports nothing outside shared/, no Node built-in, no 'electron', no React, no better-sqlite3;
 * - db/ does not import electron/, renderer/, server/;
 * - electron/ does not import renderer/ or server/; only electron/main.ts, preload.ts, ipc.ts import 'electron'
 *   (and nothing else anywhere does);
 * - renderer/ does not import db/, electron/, server/, Node built-ins or better-sqlite3;
 * - server/ does not import db/, electron/, renderer/;
 * - nothing imports test/.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['shared', 'db', 'electron', 'renderer', 'server'] as const;
const ELECTRON_SHELL = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts']);

interface SourceFile {
  path: string; // repository-relative, posix separators
  text: string;
}

interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Package name of a bare specifier: 'react-dom/client' → 'react-dom', '@date-fns/tz' → '@date-fns/tz'. */
function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isNodeBuiltin = (spec: string) => spec.startsWith('node:') || isBuiltin(spec);
const isReact = (pkg: string) => pkg === 'react' || pkg === 'react-dom' || pkg.startsWith('react-');

function checkLayers(files: readonly SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const f of files) {
    const layer = f.path.split('/')[0]!;
    for (const spec of importSpecifiers(f.text)) {
      const bad = (reason: string) => out.push({ file: f.path, specifier: spec, reason });
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const resolved = spec.startsWith('/')
          ? relative(ROOT, spec).split(sep).join('/')
          : posix.normalize(posix.join(posix.dirname(f.path), spec));
        const target = resolved.startsWith('..') ? '(outside the repository)' : resolved.split('/')[0]!;
        if (target === 'test') bad('imports test/');
        else if (layer === 'shared' && target !== 'shared') bad(`shared imports ${target}/`);
        else if (layer === 'db' && ['electron', 'renderer', 'server'].includes(target))
          bad(`db imports ${target}/`);
        else if (layer === 'electron' && ['renderer', 'server'].includes(target))
          bad(`electron imports ${target}/`);
        else if (layer === 'renderer' && ['db', 'electron', 'server'].includes(target))
          bad(`renderer imports ${target}/`);
        else if (layer === 'server' && ['db', 'electron', 'renderer'].includes(target))
          bad(`server imports ${target}/`);
        continue;
      }
      const pkg = packageName(spec);
      if (pkg === 'electron' && !ELECTRON_SHELL.has(f.path)) {
        bad("imports 'electron' (only electron/main.ts, preload.ts, ipc.ts may)");
        continue;
      }
      if (layer === 'shared') {
        if (isNodeBuiltin(spec)) bad('shared imports a Node built-in');
        else if (isReact(pkg)) bad('shared imports React');
        else if (pkg === 'better-sqlite3') bad('shared imports better-sqlite3');
      } else if (layer === 'renderer') {
        if (isNodeBuiltin(spec)) bad('renderer imports a Node built-in');
        else if (pkg === 'better-sqlite3') bad('renderer imports better-sqlite3');
      }
    }
  }
  return out;
}

function walk(dir: string, acc: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (/\.tsx?$/.test(name)) acc.push(p);
  }
  return acc;
}

function readSources(): SourceFile[] {
  const files: SourceFile[] = [];
  for (const layer of LAYERS) {
    const dir = join(ROOT, layer);
    if (!existsSync(dir)) continue;
    for (const p of walk(dir)) {
      files.push({ path: relative(ROOT, p).split(sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  }
  return files;
}

describe('layer rule', () => {
  it('no file of shared, db, electron, renderer or server imports across a forbidden boundary', () => {
    const files = readSources();
    // the scan must actually see the code base, or an empty pass would prove nothing
    expect(files.filter((f) => f.path.startsWith('shared/')).length).toBeGreaterThan(5);
    expect(files.filter((f) => f.path.startsWith('db/')).length).toBeGreaterThan(3);
    const journal = files.find((f) => f.path === 'db/journal.ts');
    expect(journal && importSpecifiers(journal.text)).toContain('../shared/canonical-json.ts');
    const violations = checkLayers(files);
    const report = violations.map((v) => `${v.file}: '${v.specifier}' — ${v.reason}`).join('\n');
    expect(report).toBe('');
  });
});

describe('layer checker self-test (fake files in memory)', () => {
  it('reads imports, type imports, export-from, dynamic import and require, but not comments or strings', () => {
    expect(
      importSpecifiers(`
        import a from './a.ts';
        import type { B } from '../b.ts';
        export * from './c.ts';
        export { d } from './d.ts';
        const e = await import('./e.ts');
        // import x from './commented.ts';
        const s = "import y from './string.ts'";
        import './side-effect.ts';
        const r = require('node:fs');
      `),
    ).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './side-effect.ts', 'node:fs']);
  });

  it('reports each forbidden import with its file and specifier, and accepts the allowed ones', () => {
    const fake: SourceFile[] = [
      // allowed
      {
        path: 'shared/ok.ts',
        text: "import { z } from 'zod'; import { a } from './money.ts'; import '@date-fns/tz';",
      },
      {
        path: 'db/ok.ts',
        text: "import Database from 'better-sqlite3'; import { x } from '../shared/money.ts';",
      },
      { path: 'electron/main.ts', text: "import { app } from 'electron'; import '../db/open.ts';" },
      { path: 'electron/preload.ts', text: "import { contextBridge } from 'electron';" },
      { path: 'electron/services/ok.ts', text: "import '../../db/journal.ts'; import 'node:crypto';" },
      { path: 'renderer/ok.tsx', text: "import React from 'react'; import '../shared/api/client.ts';" },
      { path: 'server/ok.ts', text: "import 'node:http'; import '../shared/errors.ts';" },
      // forbidden
      { path: 'shared/a.ts', text: "import { openLedger } from '../db/open.ts';" },
      { path: 'shared/b.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'shared/c.ts', text: "import { createHash } from 'crypto';" },
      { path: 'shared/d.ts', text: "import { useState } from 'react';" },
      { path: 'shared/e.ts', text: "export { ipcRenderer } from 'electron';" },
      { path: 'shared/api/f.ts', text: "const m = await import('../../electron/app/index.ts');" },
      { path: 'db/g.ts', text: "import type { App } from '../electron/app/index.ts';" },
      { path: 'db/h.ts', text: "import '../server/x.ts';" },
      { path: 'electron/services/i.ts', text: "import { ipcMain } from 'electron';" },
      { path: 'electron/app/j.ts', text: "import '../../renderer/App.tsx';" },
      { path: 'renderer/k.tsx', text: "import { openLedger } from '../db/open.ts';" },
      { path: 'renderer/l.tsx', text: "import { join } from 'node:path';" },
      { path: 'renderer/m.tsx', text: "import Database from 'better-sqlite3';" },
      { path: 'renderer/n.tsx', text: "import { createApp } from '../electron/app/index.ts';" },
      { path: 'server/o.ts', text: "import { migrate } from '../db/migrate.ts';" },
      { path: 'server/p.ts', text: "import { ipcMain } from 'electron/main';" },
      { path: 'db/q.ts', text: "import { makeFixture } from '../test/helpers/fixture.ts';" },
      { path: 'shared/r.ts', text: "import { x } from '../../outside.ts';" },
    ];
    const got = checkLayers(fake).map((v) => `${v.file} ${v.specifier}`);
    expect(got).toEqual([
      'shared/a.ts ../db/open.ts',
      'shared/b.ts node:fs',
      'shared/c.ts crypto',
      'shared/d.ts react',
      'shared/e.ts electron',
      'shared/api/f.ts ../../electron/app/index.ts',
      'db/g.ts ../electron/app/index.ts',
      'db/h.ts ../server/x.ts',
      'electron/services/i.ts electron',
      'electron/app/j.ts ../../renderer/App.tsx',
      'renderer/k.tsx ../db/open.ts',
      'renderer/l.tsx node:path',
      'renderer/m.tsx better-sqlite3',
      'renderer/n.tsx ../electron/app/index.ts',
      'server/o.ts ../db/migrate.ts',
      'server/p.ts electron/main',
      'db/q.ts ../test/helpers/fixture.ts',
      'shared/r.ts ../../outside.ts',
    ]);
  });
});

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
 * - nothing imports test/;
 * - inside electron/ the layers run one way (ELECTRON_LAYERS below): the shell (main.ts, preload.ts,
 *   ipc.ts) and host/ → app/; app/ → services/, hardware/, sync/; services/ → db/, shared/;
 *   hardware/ and sync/ → db/, shared/ (they work the queues services/ filled, never by importing
 *   services/); nothing imports host/ but host/ itself. A folder of electron/ that the table does not
 *   name is a failure too, so a new one has to be placed.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAYERS = ['shared', 'db', 'electron', 'renderer', 'server'] as const;
const ELECTRON_SHELL = new Set(['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts']);

/**
 * What each part of electron/ may import inside electron/ (itself always; shared/ always; db/ only
 * where listed). demo/ (the demo ledger generator) and cli/ (operator tools) sit beside app/: they
 * build a till with createApp, and demo/ writes master data rows directly for speed.
 */
const ELECTRON_LAYERS: Record<string, readonly string[]> = {
  shell: ['app', 'demo'],
  host: ['app', 'demo'],
  app: ['services', 'hardware', 'sync', 'db'],
  services: ['db'],
  hardware: ['db'],
  sync: ['db'],
  demo: ['app', 'services', 'db'],
  cli: ['app', 'demo', 'db'],
};

/** 'electron/main.ts' → 'shell', 'electron/app/index.ts' → 'app'; null outside electron/. */
function electronPart(path: string): string | null {
  if (!path.startsWith('electron/')) return null;
  if (ELECTRON_SHELL.has(path)) return 'shell';
  const parts = path.split('/');
  return parts.length > 2 ? parts[1]! : '(top level)';
}

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
        const from = electronPart(f.path);
        if (from !== null && (target === 'electron' || target === 'db')) {
          const to = target === 'db' ? 'db' : electronPart(resolved)!;
          const allowed = ELECTRON_LAYERS[from];
          if (!allowed) {
            bad(`electron/${from} is not placed in the electron layers`);
            continue;
          }
          if (to !== from && !allowed.includes(to)) {
            bad(`electron ${from} imports ${to}`);
            continue;
          }
        }
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
      if (pkg === 'better-sqlite3' && ['shell', 'host'].includes(electronPart(f.path) ?? '')) {
        bad('the shell and host reach the ledger only through App');
        continue;
      }
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

/**
 * The shell and host/ reach the ledger only through App's methods (call, subscribe,
 * eventsSince): no statement of their own on its connection.
 */
const OWN_SQL = /\.sqlite\s*\.|\.prepare\s*\(/;
function checkTransportsUseApp(files: readonly SourceFile[]): Violation[] {
  return files
    .filter((f) => ['shell', 'host'].includes(electronPart(f.path) ?? '') && OWN_SQL.test(f.text))
    .map((f) => ({
      file: f.path,
      specifier: f.text.match(OWN_SQL)![0],
      reason: 'runs its own SQL (ask App: call, subscribe, eventsSince)',
    }));
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
    // the electron/ parts are all there, so the table above is not checked against nothing
    for (const part of ['shell', 'host', 'app', 'services', 'hardware']) {
      expect(files.some((f) => electronPart(f.path) === part)).toBe(true);
    }
    const violations = [...checkLayers(files), ...checkTransportsUseApp(files)];
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
      { path: 'electron/main.ts', text: "import { app } from 'electron'; import './app/index.ts';" },
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

  it('fails on each back-edge inside electron/ that the review found, and accepts the forward edges', () => {
    const fake: SourceFile[] = [
      // allowed
      { path: 'electron/app/a.ts', text: "import '../services/sales.ts'; import '../hardware/worker.ts';" },
      { path: 'electron/app/b.ts', text: "import '../sync/worker.ts'; import '../../db/open.ts';" },
      { path: 'electron/services/c.ts', text: "import '../../db/sql.ts'; import './context.ts';" },
      { path: 'electron/hardware/d.ts', text: "import '../../db/print-queue.ts'; import './escpos.ts';" },
      { path: 'electron/sync/e.ts', text: "import '../../db/journal.ts'; import '../../shared/errors.ts';" },
      { path: 'electron/ipc.ts', text: "import './app/transport.ts'; import '../shared/api/bridge.ts';" },
      { path: 'electron/host/f.ts', text: "import '../app/transport.ts'; import './api-docs.ts';" },
      // the review's back-edges
      { path: 'electron/hardware/worker.ts', text: "import { one, run } from '../services/sql.ts';" },
      {
        path: 'electron/services/printing.ts',
        text: "import { renderJobRow } from '../hardware/worker.ts';",
      },
      { path: 'electron/services/printing2.ts', text: "import { workerFor } from '../hardware/runtime.ts';" },
      { path: 'electron/ipc2.ts', text: "import { runToReply } from './host/reply.ts';" },
      { path: 'electron/main.ts', text: "import { CSP } from './host/server.ts';" },
      { path: 'electron/ipc.ts', text: "import { runToReply } from './host/reply.ts';" },
      // and the rest of the rule
      { path: 'electron/sync/g.ts', text: "import { CommandContext } from '../services/context.ts';" },
      { path: 'electron/sync/h.ts', text: "import { createApp } from '../app/index.ts';" },
      { path: 'electron/hardware/i.ts', text: "import '../app/index.ts';" },
      { path: 'electron/services/j.ts', text: "import '../sync/push.ts';" },
      { path: 'electron/app/k.ts', text: "import { startHost } from '../host/server.ts';" },
      { path: 'electron/host/l.ts', text: "import { run } from '../../db/sql.ts';" },
      { path: 'electron/host/m.ts', text: "import { loadSale } from '../services/sale-read.ts';" },
      { path: 'electron/preload.ts', text: "import '../db/open.ts';" },
      { path: 'electron/host/n.ts', text: "import Database from 'better-sqlite3';" },
      { path: 'electron/gadgets/o.ts', text: "import '../app/index.ts';" },
    ];
    const got = checkLayers(fake).map((v) => `${v.file} ${v.specifier}`);
    expect(got).toEqual([
      'electron/hardware/worker.ts ../services/sql.ts',
      'electron/services/printing.ts ../hardware/worker.ts',
      'electron/services/printing2.ts ../hardware/runtime.ts',
      'electron/ipc2.ts ./host/reply.ts',
      'electron/main.ts ./host/server.ts',
      'electron/ipc.ts ./host/reply.ts',
      'electron/sync/g.ts ../services/context.ts',
      'electron/sync/h.ts ../app/index.ts',
      'electron/hardware/i.ts ../app/index.ts',
      'electron/services/j.ts ../sync/push.ts',
      'electron/app/k.ts ../host/server.ts',
      'electron/host/l.ts ../../db/sql.ts',
      'electron/host/m.ts ../services/sale-read.ts',
      'electron/preload.ts ../db/open.ts',
      'electron/host/n.ts better-sqlite3',
      'electron/gadgets/o.ts ../app/index.ts',
    ]);
  });

  it('fails on a transport that runs its own SELECT on the journal (host/server.ts did)', () => {
    const fake: SourceFile[] = [
      {
        path: 'electron/host/server.ts',
        text: "const s = app.ledger.sqlite.prepare('SELECT seq, type, at FROM journal WHERE seq > ?');",
      },
      { path: 'electron/main.ts', text: 'const st = db.prepare("SELECT 1");' },
      { path: 'electron/host/ok.ts', text: "const f = 'ledger.sqlite'; const e = app.eventsSince(3);" },
      { path: 'electron/app/ok.ts', text: 'const s = sqlite.prepare("SELECT 1");' },
    ];
    expect(checkTransportsUseApp(fake).map((v) => v.file)).toEqual([
      'electron/host/server.ts',
      'electron/main.ts',
    ]);
  });
});

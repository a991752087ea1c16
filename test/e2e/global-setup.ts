import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Newest mtime under a folder (files only). */
function newest(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) max = Math.max(max, newest(p));
    else max = Math.max(max, statSync(p).mtimeMs);
  }
  return max;
}

/** written beside the build: a bundle without it (or with another mode) is built again */
const STAMP = 'out/renderer/.build-mode';

/**
 * Build the renderer once if out/renderer is missing, older than its sources, or not the
 * production build. vitest sets NODE_ENV=test, and a `vite build` inheriting it bundles React's
 * development build (~1.5 MB instead of ~1.2 MB, rendering several times slower): e2e tests then
 * tried something no store runs, and ui-search measured it. The build is always production.
 */
export default function setup(): void {
  const root = process.cwd();
  const out = join(root, 'out/renderer/index.html');
  const stamp = join(root, STAMP);
  const sources = Math.max(
    newest(join(root, 'renderer')),
    newest(join(root, 'shared')),
    statSync(join(root, 'vite.config.ts')).mtimeMs,
  );
  const production = existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === 'production';
  if (existsSync(out) && production && statSync(out).mtimeMs >= sources) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--mode', 'production'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  writeFileSync(stamp, 'production\n');
}

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

/** Build the renderer once if out/renderer is missing or older than its sources. */
export default function setup(): void {
  const root = process.cwd();
  const out = join(root, 'out/renderer/index.html');
  const sources = Math.max(
    newest(join(root, 'renderer')),
    newest(join(root, 'shared')),
    statSync(join(root, 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

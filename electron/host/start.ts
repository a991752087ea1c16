import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../app/index.ts';
import { progressLine } from '../app/progress.ts';
import { minimalSeed } from '../demo/minimal.ts';
import { seedDemo } from '../demo/seed.ts';
import { keepRunningWhenLogsFail, runUntilSignal } from './lifecycle.ts';
import { startHost } from './server.ts';

/**
 * `npm start`: the desktop app when Electron's binary is installed, otherwise the web host on
 * the demo ledger. Never triggers Electron's download (requiring 'electron' would).
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Path of the Electron executable if it is really on disk, else null. */
export function electronBinary(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const dir = dirname(req.resolve('electron'));
    const pathTxt = join(dir, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const exe = join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function npmRun(script: string): void {
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status})`);
}

export async function start(): Promise<void> {
  const exe = electronBinary();
  if (exe) {
    if (!existsSync(join(ROOT, 'out/main/main.cjs')) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
      npmRun('build');
    }
    console.log(`Comptoir: starting the desktop app (Electron at ${exe})`);
    const child = spawn(exe, [ROOT], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) {
    console.error('Comptoir: first start: building the screens (vite build)…');
    npmRun('build:renderer');
  }
  const file = resolve(process.env.COMPTOIR_DEMO_DB ?? join(ROOT, '.data/demo-ledger.sqlite'));
  let seeded = '';
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      console.error(`Comptoir: first start: seeding a demo ledger with 3 months of history in ${file}`);
      const s = seedDemo({ file, months: 3, progress: progressLine('seeding the demo ledger', 'days') });
      seeded = ` (demo ledger seeded: ${s.sales} sales over ${s.openDays} days)`;
    } catch (e) {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
      console.warn(`demo seed failed (${e instanceof Error ? e.message : e}); using a minimal seed instead`);
      minimalSeed(file);
      seeded = ' (minimal demo ledger: 3 users, 4 products)';
    }
  }
  const app = createApp({ file });
  const port = Number(process.env.PORT ?? 4710);
  let host: Awaited<ReturnType<typeof startHost>>;
  try {
    host = await startHost({ app, port, staticDir: join(ROOT, 'out/renderer') });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    host = await startHost({ app, port: 0, staticDir: join(ROOT, 'out/renderer') });
  }
  console.log(
    `Comptoir: Electron binary not installed — web host mode on the demo ledger${seeded}: open ${host.url}`,
  );
  console.log('Demo PINs: clerk 1234, manager 9876, admin 5555. Ctrl+C to stop.');
  runUntilSignal(app, host);
}

keepRunningWhenLogsFail();
start().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir, log, schemaKey } from '../lib.ts';

/**
 * A generated ledger cached under test/artifacts/bench/ (git-ignored), named
 * `<name>-<version>-<schema key>.sqlite`. Bump `version` when the generator changes; the
 * schema key changes with the migrations. Built into a temporary file and renamed, so an
 * interrupted build never leaves a half-made ledger behind; older versions are removed.
 */
export function cachedLedger(name: string, version: string, build: (file: string) => void): string {
  const dir = artifactsDir();
  const file = join(dir, `${name}-${version}-${schemaKey()}.sqlite`);
  if (existsSync(file)) {
    log(`${name}: cached ${file} (${mb(file)} MB)`);
    return file;
  }
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${name}-`)) rmSync(join(dir, f), { force: true, recursive: true }); // .secrets is a directory
  }
  const tmp = `${file}.tmp-${process.pid}`;
  log(`${name}: generating ${file} …`);
  const t0 = Date.now();
  try {
    build(tmp);
    for (const ext of ['-wal', '-shm', '-journal']) {
      if (existsSync(tmp + ext))
        throw new Error(`${tmp}${ext} left behind: the generator did not close cleanly`);
    }
    renameSync(tmp, file);
  } catch (e) {
    for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(tmp + ext, { force: true });
    throw e;
  }
  log(`${name}: generated in ${((Date.now() - t0) / 1000).toFixed(1)} s (${mb(file)} MB)`);
  return file;
}

function mb(file: string): string {
  return (statSync(file).size / 1e6).toFixed(0);
}

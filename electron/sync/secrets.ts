import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/**
 * Where the till keeps secrets that must never enter the ledger (it is backed up, exported and
 * read by auditors) nor the log: today the head-office device token. The Electron main process
 * provides one over the OS keychain (safeStorage); the web host uses `fileSecretStore`.
 */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  delete(name: string): void;
}

/** The name the head-office device token is kept under. */
export const DEVICE_TOKEN = 'headOffice.deviceToken';

const NAME_RE = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Web-host mode: one file per secret, mode 0600, in a folder of mode 0700 (owner only), written
 * to a temporary file, fsynced and renamed so a crash leaves the old value or the new one.
 * A folder or file that someone opened to the group or others is refused, not silently used.
 */
export function fileSecretStore(dir: string): SecretStore {
  const path = (name: string) => {
    if (!NAME_RE.test(name)) throw new Error(`bad secret name ${JSON.stringify(name)}`);
    return join(dir, name);
  };
  const ensureDir = () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700); // an existing folder, or a umask that widened it
  };
  const checkPrivate = (p: string) => {
    const mode = statSync(p).mode & 0o777;
    if (mode & 0o077)
      throw new Error(`${p} is readable by others (mode ${mode.toString(8)}): refusing to use it`);
  };
  return {
    get(name) {
      const p = path(name);
      try {
        checkPrivate(dir);
        checkPrivate(p);
        return readFileSync(p, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw e;
      }
    },
    set(name, value) {
      const p = path(name);
      ensureDir();
      const tmp = `${p}.${process.pid}.tmp`;
      const fd = openSync(tmp, 'w', 0o600);
      try {
        writeSync(fd, value);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      chmodSync(tmp, 0o600);
      renameSync(tmp, p);
    },
    delete(name) {
      rmSync(path(name), { force: true });
    },
  };
}

/** In memory only (tests, and a till that must not keep a token across restarts). */
export function memorySecretStore(): SecretStore {
  const m = new Map<string, string>();
  return {
    get: (n) => m.get(n) ?? null,
    set: (n, v) => void m.set(n, v),
    delete: (n) => void m.delete(n),
  };
}

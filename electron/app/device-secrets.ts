import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprintOf, verifySignature } from '../../db/seals.ts';

/**
 * The till's own secrets, kept OUTSIDE the ledger so that a copied or rewritten ledger file
 * carries neither:
 *   - an Ed25519 signing key (node:crypto): closings are signed with it, sync pushes too; its
 *     public key is printed on closing tickets (as a fingerprint) and registered with head
 *     office at enrolment, so re-chaining the journal without this key breaks the signatures;
 *   - a PIN pepper: PIN hashes mix it in, so a copied ledger alone cannot be brute-forced.
 *
 * Where the blob lives is injected (a SecretBox): Electron's safeStorage (OS keychain) in the
 * desktop app (electron/main.ts, the only file that may import electron), a 0600 file in a 0700
 * folder for the web host and the CLI.
 */
export interface SecretBox {
  /** where it lives, for messages ("OS keychain (…/device-secrets.bin)", a path) */
  readonly where: string;
  read(): string | null;
  write(text: string): void;
}

export interface DeviceSecrets {
  /** SPKI PEM of the Ed25519 public key */
  readonly publicKeyPem: string;
  /** SHA-256 of the public key's DER, first 16 bytes as 8 groups of 4 hex (printed on tickets) */
  readonly fingerprint: string;
  /** Ed25519 signature of `data` (UTF-8 for strings), base64 */
  sign(data: string | Uint8Array): string;
  /** 32 random bytes mixed into every PIN hash (never stored in the ledger) */
  readonly pepper: Buffer;
  /** where the secrets are kept */
  readonly where: string;
}

interface Blob {
  v: 1;
  /** PKCS#8 PEM of the Ed25519 private key */
  privateKeyPem: string;
  /** base64 of 32 bytes */
  pepper: string;
  createdAt: string;
}

export class DeviceSecretsError extends Error {
  override name = 'DeviceSecretsError';
}

export { fingerprintOf, verifySignature };

function parseBlob(text: string, where: string): Blob {
  let b: Partial<Blob>;
  try {
    b = JSON.parse(text) as Partial<Blob>;
  } catch {
    throw new DeviceSecretsError(`device secrets in ${where} are unreadable (not JSON)`);
  }
  if (b.v !== 1 || typeof b.privateKeyPem !== 'string' || typeof b.pepper !== 'string') {
    throw new DeviceSecretsError(`device secrets in ${where} are not in a known format`);
  }
  return b as Blob;
}

function newBlob(): Blob {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    v: 1,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    pepper: randomBytes(32).toString('base64'),
    createdAt: new Date().toISOString(),
  };
}

/**
 * Load the till's secrets from `store` (a SecretBox, or a folder for fileSecretBox), creating
 * them on first use. Never regenerates over a blob it cannot read: that would orphan every
 * signature and every PIN hash, so it refuses instead.
 */
export function loadDeviceSecrets(store: SecretBox | string): DeviceSecrets {
  const box = typeof store === 'string' ? fileSecretBox(store) : store;
  const text = box.read();
  let blob: Blob;
  if (text === null) {
    blob = newBlob();
    box.write(JSON.stringify(blob));
  } else {
    blob = parseBlob(text, box.where);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(blob.privateKeyPem);
  } catch {
    throw new DeviceSecretsError(`the signing key in ${box.where} is damaged`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new DeviceSecretsError(`the signing key in ${box.where} is not Ed25519`);
  }
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  const pepper = Buffer.from(blob.pepper, 'base64');
  if (pepper.length !== 32) throw new DeviceSecretsError(`the PIN pepper in ${box.where} is damaged`);
  return {
    publicKeyPem,
    fingerprint: fingerprintOf(publicKeyPem),
    pepper,
    where: box.where,
    sign: (data) =>
      sign(null, typeof data === 'string' ? Buffer.from(data, 'utf8') : data, privateKey).toString('base64'),
  };
}

/**
 * The web host's and CLI's store: `<dir>/device-secrets.json`, the folder 0700 and the file
 * 0600 (checked on every read: a file others can read is refused, not silently used).
 * Written to a temporary name and renamed, so a crash mid-write never leaves half a key.
 */
export function fileSecretBox(dir: string): SecretBox {
  const file = join(dir, 'device-secrets.json');
  return {
    where: file,
    read() {
      if (!existsSync(file)) return null;
      if (process.platform !== 'win32') {
        const mode = statSync(file).mode & 0o777;
        if (mode & 0o077) {
          throw new DeviceSecretsError(
            `${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it, or move it away to start with new keys`,
          );
        }
      }
      return readFileSync(file, 'utf8');
    },
    write(text) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (process.platform !== 'win32') chmodSync(dir, 0o700);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, text, { mode: 0o600 });
      renameSync(tmp, file);
    },
  };
}

/** The default folder for a ledger's secrets in web-host / CLI mode: beside it, never inside. */
export function defaultSecretsDir(ledgerFile: string): string {
  return `${ledgerFile}.secrets`;
}

/** Secrets that live only as long as the process (tests, benchmark generators). */
export function memorySecretBox(): SecretBox {
  let text: string | null = null;
  return {
    where: 'memory',
    read: () => text,
    write: (t) => {
      text = t;
    },
  };
}

import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

/**
 * Tokens, enrolment codes and head-office passwords. Tokens and codes are random and long, so a
 * plain SHA-256 is what head office stores (nothing to brute-force); passwords are chosen by
 * people, so they get scrypt with a salt.
 */

const scryptAsync = promisify(scrypt) as (
  pw: string,
  salt: Buffer,
  len: number,
  o: object,
) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A device token names its store so that looking it up is a single-store query:
 * `<storeId>.<43 chars of base64url>` (256 random bits).
 */
export function newDeviceToken(storeId: string): string {
  return `${storeId}.${randomBytes(32).toString('base64url')}`;
}

export function tokenStore(token: string): string | null {
  const dot = token.lastIndexOf('.');
  return dot > 0 ? token.slice(0, dot) : null;
}

// Crockford base32 without I, L, O, U: codes are read aloud and typed at the till
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An enrolment code: `<storeId>-XXXX-XXXX-XXXX` (60 random bits; expiring, single use, rate-limited). */
export function newEnrolCode(storeId: string): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) {
    s += CODE_ALPHABET[bytes[i]! & 31];
    if (i % 4 === 3 && i < 11) s += '-';
  }
  return `${storeId}-${s}`;
}

/** Split a code typed at the till: store id and the normalised secret part (case and spaces forgiven). */
export function parseEnrolCode(code: string): { storeId: string; secret: string } | null {
  const m = /^(.+)-([0-9A-Za-z]{4})-([0-9A-Za-z]{4})-([0-9A-Za-z]{4})$/.exec(code.trim());
  if (!m) return null;
  return { storeId: m[1]!, secret: `${m[2]}-${m[3]}-${m[4]}`.toUpperCase() };
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, saltB64, keyB64] = stored.split('$');
  if (alg !== 'scrypt' || !saltB64 || !keyB64) return false;
  const want = Buffer.from(keyB64, 'base64');
  const got = await scryptAsync(password, Buffer.from(saltB64, 'base64'), want.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(want, got);
}

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PINs are stored as scrypt hashes: `scrypt$N$r$p$salt$hash` (hex). A 4–8 digit PIN has
 * little entropy, so the lockout (5 wrong PINs → 5 minutes) is what really protects it;
 * scrypt makes an offline guess of a stolen file costly.
 */
const N = 16_384;
const R = 8;
const P = 1;
const KEYLEN = 32;

/**
 * `cost` is scrypt's N. Only the full N is ever stored for a real user; a lower one is for
 * throw-away ledgers that log in many times (the demo seed's simulated mornings, the tests'
 * fixtures): verifyPin reads the cost from the stored hash, so such a hash still verifies.
 */
export function hashPin(pin: string, cost: number = N): string {
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, KEYLEN, { N: cost, r: R, p: P });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [alg, n, r, p, saltHex, hashHex] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(expected, actual);
}

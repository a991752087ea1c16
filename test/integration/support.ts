import { expect } from 'vitest';
import { CommandError, type ErrorCode } from '../../shared/errors.ts';
import { CLERK_PIN, type Fixture, MANAGER_PIN } from '../helpers/fixture.ts';

/** Shared helpers for the integration tests (not a test file itself). */

/** Run `fn`, expect a CommandError with `code` (and, if given, a field issue at `path`). */
export function expectError(fn: () => unknown, code: ErrorCode, path?: string): CommandError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(CommandError);
  const err = caught as CommandError;
  expect({ code: err.code, message: err.message }).toMatchObject({ code });
  if (path !== undefined) {
    expect(err.fields?.map((f) => f.path)).toContain(path);
  }
  return err;
}

/** A manager approval with the right PIN. */
export function approval(f: Fixture, reason = 'checked with the customer') {
  return { managerId: f.managerId, pin: MANAGER_PIN, reason };
}

/** Open the drawer with a float of `dollars` × $20 notes + 4 rolls-worth of quarters (40 × 0.25). */
export function openDrawer(f: Fixture, float: Record<string, number> = { '2000': 5, '25': 40 }) {
  return f.app.call('drawer.open', { float }, f.clerk);
}

export function count(f: Fixture, sql: string, ...params: unknown[]): number {
  return (f.app.env.sqlite.prepare(sql).get(...params) as { n: number }).n;
}

export function rows<T>(f: Fixture, sql: string, ...params: unknown[]): T[] {
  return f.app.env.sqlite.prepare(sql).all(...params) as T[];
}

/** Product shortcuts: drill 19.99, bits 4.99, screw 0.10 (all taxable), deposit 25.00 (exempt). */
export function prods(f: Fixture) {
  const [drill, bits, screw, deposit] = f.products;
  return { drill: drill!.id, bits: bits!.id, screw: screw!.id, deposit: deposit!.id };
}

export const qty = (n: number) => n * 1000;

/** Independent CAD cash rounding: nearest multiple of 5 (1–2 down, 3–4 up, 6–7 down, 8–9 up). */
export function round5(cents: number): number {
  const r = cents % 5;
  return r <= 2 ? cents - r : cents + (5 - r);
}

/** Independent half-up tax: base × ppm / 10^6, halves away from zero (base ≥ 0). */
export function taxHalfUp(base: number, ratePpm: number): number {
  const num = BigInt(base) * BigInt(ratePpm);
  const q = num / 1_000_000n;
  const rem = num % 1_000_000n;
  return Number(rem * 2n >= 1_000_000n ? q + 1n : q);
}

export const HOUR = 3_600_000;
export const MIN = 60_000;

/** Log the fixture's clerk and manager in again (sessions last 12 h; tests that span days need it). */
export function relogin(f: Fixture): void {
  f.clerk = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).token;
  f.manager = f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token;
}

/** A wall-clock time in the fixture store's zone (America/Toronto, EST = UTC−5 from 1 Nov 2026 to March 2027). */
export function torontoWinter(t: string): Date {
  return new Date(`${t}:00-05:00`);
}

import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations } from '../../db/migrate.ts';

/**
 * The benchmark registry's contract. A benchmark is a file `test/bench/<name>.bench.ts` whose
 * default export is a `Bench`; `npm run bench [-- name…]` finds it by its `name`.
 * A benchmark measures and returns its figures; run.ts prints them as ONE JSON line on stdout.
 * Anything else (progress, generation) goes to stderr through `log`.
 */
export interface BenchResult {
  /** the headline figure */
  value: number;
  unit: string;
  p50?: number;
  p99?: number;
  /** the baseline's figure measured in the same run, in `unit` */
  baseline?: number;
  /** ours / baseline */
  ratio?: number;
  /** number of timed iterations */
  n?: number;
  target?: string;
  /** whether the target was met, as measured in this run */
  pass?: boolean;
  [extra: string]: unknown;
}

export interface Bench {
  name: string;
  description: string;
  run(): Promise<BenchResult> | BenchResult;
}

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS_DIR = join(BENCH_DIR, '..', 'artifacts', 'bench');

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return ARTIFACTS_DIR;
}

/**
 * A short digest of the migrations this build ships. Cached ledgers are keyed by it, so a
 * new migration regenerates them instead of migrating a cached file during a timed open.
 */
export function schemaKey(): string {
  const h = createHash('sha256');
  for (const m of loadMigrations()) h.update(m.hash);
  return h.digest('hex').slice(0, 10);
}

export function log(...parts: unknown[]): void {
  process.stderr.write(`[bench] ${parts.map(String).join(' ')}\n`);
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Time one call in milliseconds. */
export function time<T>(fn: () => T): { ms: number; out: T } {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out };
}

/**
 * Time one call: wall-clock ms and this process's CPU ms (user + system). On a shared,
 * oversubscribed machine the CPU figure is the steadier one for CPU-bound work; the wall
 * figure is what a user waits (and includes fsync waits).
 */
export function timeCpu<T>(fn: () => T): { ms: number; cpuMs: number; out: T } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const out = fn();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, out };
}

/** Nearest-rank percentile (p in 0..100) of a sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Round to 3 significant decimals for printing (figures are ms or s). */
export function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Machine load when the figure was taken (other engineers share the 2 cores). */
export function load(): { load1: number; cpus: number } {
  return { load1: r3(loadavg()[0]!), cpus: availableParallelism() };
}

/** Deterministic PRNG (mulberry32): the generated ledgers are the same bytes on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

export function intBetween(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, type Bench, load, log } from './lib.ts';

/**
 * `npm run bench [-- name…]`: runs the named benchmarks (all by default), in the order
 * given, and prints ONE JSON line per benchmark on stdout:
 *   {"name", "value", "unit", "p50"?, "p99"?, "baseline"?, "ratio"?, "n"?, …, "load1", "cpus"}
 * Progress goes to stderr. `--list` prints the registry. A benchmark is any
 * `test/bench/<name>.bench.ts` whose default export is a Bench (see lib.ts).
 * Benchmarks are measurements, not tests: a missed target is reported (`pass: false`), and
 * the exit code is 0 unless a benchmark crashed or an unknown name was asked for.
 */
async function registry(): Promise<Bench[]> {
  const files = readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const benches: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(BENCH_DIR, f)).href)) as { default?: Bench };
    const b = mod.default;
    if (!b || typeof b.name !== 'string' || typeof b.run !== 'function') {
      throw new Error(`${f}: the default export must be a Bench {name, description, run}`);
    }
    if (`${b.name}.bench.ts` !== f)
      throw new Error(`${f}: exports bench "${b.name}"; name the file after it`);
    benches.push(b);
  }
  return benches;
}

async function main(argv: string[]): Promise<number> {
  const all = await registry();
  if (argv.includes('--list')) {
    for (const b of all) process.stdout.write(`${b.name}\t${b.description}\n`);
    return 0;
  }
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !all.some((b) => b.name === n));
  if (unknown.length) {
    log(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const chosen = names.length ? names.map((n) => all.find((b) => b.name === n)!) : all;
  let failed = 0;
  for (const b of chosen) {
    log(`${b.name}: ${b.description}`);
    const before = load();
    try {
      const r = await b.run();
      const after = load();
      process.stdout.write(
        `${JSON.stringify({ name: b.name, ...r, load1: Math.max(before.load1, after.load1), cpus: after.cpus })}\n`,
      );
    } catch (e) {
      failed++;
      log(`${b.name} crashed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));

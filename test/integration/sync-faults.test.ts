import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy, type Toxic, type ToxicKind } from '../helpers/fault-proxy.ts';
import {
  type HarnessTill,
  type HeadOffice,
  makeTill,
  startHeadOffice,
  untilSynced,
  verifyConverged,
} from '../helpers/sync-harness.ts';
import { BACKENDS } from '../server/backends.ts';

/**
 * Two tills push to head office through the fault proxy (test/helpers/fault-proxy.ts), one toxic
 * at a time and then all of them at once, while they keep selling: small batches so the toxic
 * hits dozens of requests. Whatever it did — latency, a trickle, resets mid-request, requests
 * swallowed until the till's deadline, answers lost after head office committed, requests
 * delivered twice, 5xx before or after the commit — once the tills converge, head office holds
 * every entry exactly once, both chains verify, and counts and totals are equal.
 */
const TOXICS: { name: string; toxic: Toxic; toxicity: number }[] = [
  { name: 'latency', toxic: { kind: 'latency', ms: 40, jitterMs: 30 }, toxicity: 1 },
  { name: 'slow_drip', toxic: { kind: 'slow_drip', bytesPerSec: 400_000, chunk: 512 }, toxicity: 0.5 },
  { name: 'reset_mid_request', toxic: { kind: 'reset_mid_request' }, toxicity: 0.3 },
  { name: 'timeout', toxic: { kind: 'timeout' }, toxicity: 0.15 },
  { name: 'lose_response', toxic: { kind: 'lose_response' }, toxicity: 0.35 },
  { name: 'duplicate', toxic: { kind: 'duplicate' }, toxicity: 0.5 },
  { name: '503 before', toxic: { kind: 'http_error', status: 503 }, toxicity: 0.3 },
  { name: '502 after commit', toxic: { kind: 'http_error', status: 502, after: true }, toxicity: 0.3 },
];

const TUNING = {
  backoff: { baseMs: 10, capMs: 100, floorMs: 5 },
  http: { timeoutMs: 700 },
  heartbeatMs: 100,
  batchSize: 7,
};

describe.each(BACKENDS)('sync through the fault proxy on $name', (backend) => {
  let hq: HeadOffice;
  let proxy: FaultProxy;
  const tills: HarnessTill[] = [];
  const STORE = 'qc-faults';
  let seed = 1000;

  beforeAll(async () => {
    hq = await startHeadOffice(backend);
    proxy = await startFaultProxy({ upstreamPort: Number(new URL(hq.url).port), seed: 42 });
    for (const name of ['Caisse A', 'Caisse B']) {
      const t = makeTill(name);
      t.start(TUNING);
      await t.enrol(proxy.url, await hq.code(STORE));
      tills.push(t);
    }
  });
  afterAll(async () => {
    for (const t of tills) await t.close();
    await proxy?.close();
    await hq?.close();
    await backend.cleanup();
  });

  async function throughToxics(rules: { toxic: Toxic; toxicity: number }[]) {
    const before = { ...proxy.stats.fired };
    proxy.setToxics(rules);
    const fired = (k: ToxicKind) => proxy.stats.fired[k] - before[k];
    // sell in bursts while the worker pushes through the toxics, until each toxic hit a few requests
    for (let burst = 0; burst < 4 || (burst < 60 && rules.some((r) => fired(r.toxic.kind) < 3)); burst++) {
      for (const t of tills) t.work(12, seed++);
      await new Promise((r) => setTimeout(r, 60));
    }
    await untilSynced(tills, 100_000);
    proxy.setToxics([]);
    for (const t of tills) {
      const { till, headOffice } = await verifyConverged(hq, t, STORE);
      expect(headOffice).toEqual(till);
    }
    for (const r of rules) expect(fired(r.toxic.kind), `${r.toxic.kind} fired`).toBeGreaterThan(0);
  }

  for (const { name, toxic, toxicity } of TOXICS) {
    it(`${name}: every entry once, chains verified, figures equal`, { timeout: 120_000 }, async () => {
      await throughToxics([{ toxic, toxicity }]);
    });
  }

  it('every toxic at once, and head office down for a while in the middle', {
    timeout: 120_000,
  }, async () => {
    const rules = TOXICS.map(({ toxic, toxicity }) => ({ toxic, toxicity: Math.min(0.12, toxicity) }));
    proxy.setToxics(rules);
    for (const t of tills) t.work(20, seed++);
    proxy.setDown(true);
    for (const t of tills) t.work(20, seed++);
    await new Promise((r) => setTimeout(r, 200));
    for (const t of tills) expect(t.status().state).toBe('offline');
    proxy.setDown(false);
    await throughToxics(rules.filter((r) => r.toxic.kind !== 'latency'));
  });
});

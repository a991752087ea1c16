import { sealText, verifySignature } from '../../db/seals.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { type Bench, nowMs, percentile, r3 } from './lib.ts';

/**
 * What signing a closing costs (issue 10: each Z report and period closing is sealed with the
 * till's Ed25519 key). `value` = p50 of a Z report (drawer.close through app.call: count,
 * figures, seal, journal entry, print job) on a drawer that took a few sales; `seal_p50` = the
 * seal alone (canonical text of the same shape + Ed25519 sign with the till's key) and
 * `verify_p50` = checking one (what head office does per sealed entry); `ratio` = seal / Z, the
 * share of a Z that the signature is.
 */
const N = Number(process.env.BENCH_ITER ?? 200);

const bench: Bench = {
  name: 'closing-seal',
  description: `Z report (drawer.close) p50 vs its Ed25519 seal alone, ${N} each`,
  run() {
    const fx = makeFixture();
    try {
      const [p1] = fx.products;
      const z: number[] = [];
      for (let i = 0; i < N + 20; i++) {
        fx.app.call('drawer.open', { float: { '2000': 5 } }, fx.manager);
        for (let s = 0; s < 3; s++)
          fx.app.call(
            'sale.checkout',
            { lines: [{ productId: p1!.id, quantity: 1000 }], tenders: [{ method: 'cash', tendered: 5000 }] },
            fx.clerk,
          );
        const t = nowMs();
        fx.app.call('drawer.close', { count: { '2000': 5, '100': 60 } }, fx.manager);
        if (i >= 20) z.push(nowMs() - t);
      }
      const signer = fx.app.secrets;
      const content = {
        v: 1 as const,
        deviceId: fx.app.env.deviceId,
        kind: 'z' as const,
        ref: 'Z-1',
        entrySeq: 1001,
        coversSeq: 1000,
        coversHash: 'a'.repeat(64),
        figures: { expected: 16_000, counted: 16_000, overShort: 0, sales: 6000, refunds: 0 },
      };
      const seal: number[] = [];
      const check: number[] = [];
      let sig = '';
      for (let i = 0; i < N + 20; i++) {
        const t = nowMs();
        sig = signer.sign(sealText({ ...content, entrySeq: 1001 + i }));
        const t2 = nowMs();
        if (!verifySignature(signer.publicKeyPem, sealText({ ...content, entrySeq: 1001 + i }), sig))
          throw new Error('the seal does not verify');
        const t3 = nowMs();
        if (i >= 20) {
          seal.push(t2 - t);
          check.push(t3 - t2);
        }
      }
      const zp50 = percentile(z, 50);
      const sp50 = percentile(seal, 50);
      return {
        value: r3(zp50),
        unit: 'ms',
        p50: r3(zp50),
        p99: r3(percentile(z, 99)),
        seal_p50: r3(sp50),
        seal_p99: r3(percentile(seal, 99)),
        verify_p50: r3(percentile(check, 50)),
        ratio: r3(sp50 / zp50),
        n: N,
        target: 'the seal a small share of a Z (ratio <= 0.25)',
        pass: sp50 / zp50 <= 0.25,
      };
    } finally {
      fx.cleanup();
    }
  },
};
export default bench;

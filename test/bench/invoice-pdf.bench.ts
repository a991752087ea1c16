import { renderInvoicePdf, renderPdf } from '../../electron/app/invoice-pdf.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { type Bench, load, log, nowMs, percentile, r3 } from './lib.ts';

/**
 * One invoice's PDF (a 10-line issued French invoice with Latin and Cyrillic lines, TVA per rate,
 * legal mentions) rendered by renderInvoicePdf: pdfmake 0.3 layout + pdfkit with the embedded
 * DejaVu fonts, to a Buffer. Target ≤ 150 ms. `baseline` = pdfmake rendering a one-line document
 * in the same font, same run (the floor of any PDF with an embedded font); ratio = ours / baseline.
 * The first render (fonts read and parsed) is reported apart as `first_ms`.
 */
const ITER = Number(process.env.BENCH_ITER ?? 60);

const bench: Bench = {
  name: 'invoice-pdf',
  description:
    'one invoice PDF (10 lines, fr, Latin + Cyrillic, DejaVu embedded) vs a one-line pdfmake document',
  async run() {
    const f = makeFixture({
      store: {
        jurisdiction: 'FR',
        currency: 'EUR',
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        cashRoundingStep: 1,
        taxNumbers: ['SIREN 123 456 789', 'TVA FR12 123456789'],
      },
    });
    try {
      const lines = Array.from({ length: 10 }, (_, i) => ({
        description: i % 2 ? `Бетонобъркачка № ${i}` : `Location bétonnière — jour ${i}`,
        quantity: 1000 + i * 500,
        unitPrice: 1200 + i * 330,
        taxCategory: i % 3 === 0 ? 'reduced' : 'standard',
      }));
      const d = f.app.call('invoice.create', { customerId: f.customerId, lines }, f.clerk);
      const inv = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
      const env = f.app.env;
      const t0 = nowMs();
      await renderInvoicePdf(inv, env.store, env.jurisdiction);
      const first = nowMs() - t0;
      const floorDoc = () => ({ content: ['Facture — Фактура'], defaultStyle: { font: 'DejaVu' } });
      await renderPdf(floorDoc());
      const ours: number[] = [];
      const floor: number[] = [];
      let bytes = 0;
      for (let i = 0; i < ITER; i++) {
        // alternate so the load of the shared machine hits both alike
        const a = nowMs();
        bytes = (await renderInvoicePdf(inv, env.store, env.jurisdiction)).length;
        ours.push(nowMs() - a);
        const b = nowMs();
        await renderPdf(floorDoc());
        floor.push(nowMs() - b);
      }
      const p50 = percentile(ours, 50);
      const base = percentile(floor, 50);
      log(`invoice-pdf: p50 ${r3(p50)} ms, floor ${r3(base)} ms, ${bytes} bytes`);
      return {
        value: r3(p50),
        unit: 'ms',
        p50: r3(p50),
        p99: r3(percentile(ours, 99)),
        baseline: r3(base),
        ratio: r3(p50 / base),
        n: ITER,
        first_ms: r3(first),
        bytes,
        target: 'p50 ≤ 150 ms',
        pass: p50 <= 150,
        ...load(),
      };
    } finally {
      f.cleanup();
    }
  },
};
export default bench;

import { renderJob } from '../../electron/hardware/layouts.ts';
import { getProfile } from '../../electron/hardware/profiles.ts';
import type { Sale } from '../../shared/api/types.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';
import { type Bench, log, percentile, r3, timeCpu } from './lib.ts';

/**
 * Lay out and encode a 30-line sale receipt to ESC/POS bytes (header, lines with accents,
 * taxes, tenders, change, chain hash, QR, cut, drawer pulse): the work the print worker does
 * per job before the first byte leaves. Target: ≤ 1 ms. Also timed: the same receipt for a
 * Bulgarian store (Cyrillic tables, table switches for €).
 */
const ITER = Number(process.env.BENCH_ITER ?? 3000);
const WARMUP = 300;

function sale30(): Sale {
  const names = [
    'Perceuse sans fil',
    'Mèches à bois (jeu)',
    'Scie sauteuse à onglets',
    'Rallonge électrique 15 m',
  ];
  const lines = Array.from({ length: 30 }, (_, i) => ({
    id: `L${i}`,
    productId: `P${i}`,
    sku: `SKU-${i + 1}`,
    name: `${names[i % names.length]} n° ${i + 1}`,
    quantity: i % 3 === 0 ? 2000 : 1000,
    unitPrice: 499 + i * 100,
    listPrice: 499 + i * 100,
    discount: i % 5 === 0 ? 50 : 0,
    amount: (499 + i * 100) * (i % 3 === 0 ? 2 : 1) - (i % 5 === 0 ? 50 : 0),
    taxCategory: 'standard',
  }));
  const subtotal = lines.reduce((s, l) => s + l.amount, 0);
  const gst = Math.round(subtotal * 0.05);
  const qst = Math.round(subtotal * 0.09975);
  const total = subtotal + gst + qst;
  return {
    id: '01JDZZZZZZZZZZZZZZZZZZZZZZ',
    receiptNumber: 1234,
    status: 'completed',
    currency: 'CAD',
    customerId: 'C1',
    customerName: 'Julie Roy',
    clerkId: 'U1',
    clerkName: 'Camille Tremblay',
    openedAt: '2026-11-26T15:00:00.000Z',
    completedAt: '2026-11-26T15:03:00.000Z',
    businessDate: '2026-11-26',
    lines,
    taxes: [
      { code: 'QC-GST', ratePpm: 50_000, base: subtotal, tax: gst },
      { code: 'QC-QST', ratePpm: 99_750, base: subtotal, tax: qst },
    ],
    subtotal,
    taxTotal: gst + qst,
    total,
    cashRounding: 0,
    paid: total,
    tenders: [
      { id: 'T1', method: 'cash', amount: total, tendered: total + 1000, change: 1000, reference: null },
    ],
    cancelReason: null,
    cancelMessage: null,
    refundedAmount: 0,
    refundedAt: null,
    journalHash: 'a1b2c3d4e5f6',
  };
}

function measure(
  store: StoreSettings,
  profileId: string,
): { p50: number; p99: number; mean: number; cpuP50: number; bytes: number } {
  const profile = getProfile(profileId)!;
  const payload = { sale: { ...sale30(), currency: store.currency }, changeDue: 1000 };
  const ctx = { store, profile, offlineSince: null, kickDrawer: true };
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = renderJob('sale_receipt', payload, ctx).length;
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const m = timeCpu(() => renderJob('sale_receipt', payload, ctx));
    ms.push(m.ms);
    cpu.push(m.cpuMs);
  }
  return {
    cpuP50: percentile(cpu, 50),
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    mean: ms.reduce((a, b) => a + b, 0) / ms.length,
    bytes,
  };
}

const bench: Bench = {
  name: 'receipt-encode',
  description: `lay out + encode a 30-line sale receipt to ESC/POS (fr-CA, 48 columns), ${ITER} iterations`,
  run() {
    log('fr-CA / epson-tm-t20iii');
    const fr = measure(DEFAULT_STORE, 'epson-tm-t20iii');
    log('bg-BG / generic-80-42');
    const bg = measure(
      { ...DEFAULT_STORE, locale: 'bg-BG', currency: 'EUR', jurisdiction: 'BG', timeZone: 'Europe/Sofia' },
      'generic-80-42',
    );
    return {
      value: r3(fr.p50),
      unit: 'ms',
      p50: r3(fr.p50),
      p99: r3(fr.p99),
      mean: r3(fr.mean),
      n: ITER,
      cpu_p50: r3(fr.cpuP50),
      bytes: fr.bytes,
      bg_p50: r3(bg.p50),
      bg_p99: r3(bg.p99),
      bg_cpu_p50: r3(bg.cpuP50),
      target: 'p50 <= 1 ms (30-line receipt)',
      pass: fr.p50 <= 1 && bg.p50 <= 1,
    };
  },
};
export default bench;

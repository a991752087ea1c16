import { TZDate } from '@date-fns/tz';
import { addDays, format } from 'date-fns';
import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import type { HqDb } from '../db.ts';
import { alerts, devices, sales, stores, zReports } from '../schema.ts';

/**
 * What the head-office page shows, read store by store: every statement names one store (the
 * distribution column, docs/head-office.md), so the page keeps working when the tables are
 * distributed. `stores` is a reference table; a user sees the stores listed on their row.
 */

export interface TillView {
  deviceId: string;
  tillName: string;
  ackSeq: number;
  tillHeadSeq: number;
  pending: number;
  lastSeenAt: string | null;
  lastStoredAt: string | null;
  enrolledAt: string;
  refused: string | null;
  revokedAt: string | null;
  /** no contact for longer than the silence window (48 h by default) */
  silent: boolean;
}

export interface AlertView {
  deviceId: string;
  tillName: string;
  kind: 'FORK' | 'LEDGER_REWRITTEN' | 'SILENT';
  seq: number;
  ackSeq: number | null;
  firstAt: string;
  lastAt: string;
  count: number;
}

export interface DayView {
  /** business date yyyy-MM-dd in the store's time zone */
  day: string;
  receipts: number;
  /** minor units */
  total: number;
}

export interface ZView {
  zNumber: number;
  at: string;
  salesTotal: number;
  refundsTotal: number;
  expected: number;
  counted: number;
  overShort: number;
  seal: string | null;
}

export interface StoreView {
  storeId: string;
  name: string;
  currency: string;
  timeZone: string;
  tills: TillView[];
  alerts: AlertView[];
  days: DayView[];
  /** per device, newest first (the last `zPerTill`) */
  zReports: Record<string, ZView[]>;
}

export interface PageOptions {
  now: Date;
  /** hours without contact before a till is called silent */
  silentHours: number;
  days: number;
  zPerTill: number;
}

/** Sales that were rung up: a refund is its own movement, a cancelled sale never happened. */
const RUNG_UP = ['completed', 'refunded', 'refund_pending'];

export async function visibleStores(db: HqDb, list: string): Promise<string[]> {
  if (list === '*')
    return (await db.select({ id: stores.storeId }).from(stores).orderBy(stores.storeId)).map((r) => r.id);
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export async function storeView(db: HqDb, storeId: string, o: PageOptions): Promise<StoreView | null> {
  const [store] = await db.select().from(stores).where(eq(stores.storeId, storeId));
  if (!store) return null;
  const devs = await db.select().from(devices).where(eq(devices.storeId, storeId)).orderBy(devices.tillName);
  const silentBefore = o.now.getTime() - o.silentHours * 3_600_000;
  const tills: TillView[] = devs.map((d) => {
    const last = d.lastSeenAt ?? d.enrolledAt;
    return {
      deviceId: d.deviceId,
      tillName: d.tillName,
      ackSeq: d.ackSeq,
      tillHeadSeq: d.tillHeadSeq,
      pending: d.pending,
      lastSeenAt: d.lastSeenAt,
      lastStoredAt: d.lastStoredAt,
      enrolledAt: d.enrolledAt,
      refused: d.refused,
      revokedAt: d.revokedAt,
      silent: !d.revokedAt && new Date(last).getTime() < silentBefore,
    };
  });
  const names = new Map(tills.map((t) => [t.deviceId, t.tillName]));

  const raised = await db
    .select()
    .from(alerts)
    .where(eq(alerts.storeId, storeId))
    .orderBy(desc(alerts.lastAt))
    .limit(50);
  const alertViews: AlertView[] = raised.map((a) => {
    let ackSeq: number | null = null;
    try {
      const d = JSON.parse(a.details) as { ackSeq?: unknown };
      if (typeof d.ackSeq === 'number') ackSeq = d.ackSeq;
    } catch {
      // details are head office's own JSON; an old row without them shows no ack
    }
    return {
      deviceId: a.deviceId,
      tillName: names.get(a.deviceId) ?? a.deviceId,
      kind: a.kind === 'FORK' ? 'FORK' : 'LEDGER_REWRITTEN',
      seq: a.seq,
      ackSeq,
      firstAt: a.firstAt,
      lastAt: a.lastAt,
      count: a.count,
    };
  });
  for (const t of tills.filter((x) => x.silent))
    alertViews.push({
      deviceId: t.deviceId,
      tillName: t.tillName,
      kind: 'SILENT',
      seq: t.ackSeq,
      ackSeq: t.ackSeq,
      firstAt: t.lastSeenAt ?? t.enrolledAt,
      lastAt: t.lastSeenAt ?? t.enrolledAt,
      count: 1,
    });

  // the last `days` business days in the store's own time zone, today included
  const today = new TZDate(o.now.getTime(), store.timeZone);
  const dayList = Array.from({ length: o.days }, (_, i) =>
    format(addDays(today, i - o.days + 1), 'yyyy-MM-dd'),
  );
  const since = dayList[0]!;
  const rows = await db
    .select({
      day: sales.businessDate,
      receipts: sql<string>`count(*)`,
      total: sql<string>`coalesce(sum(${sales.total}), 0)`,
    })
    .from(sales)
    .where(and(eq(sales.storeId, storeId), gte(sales.businessDate, since), inArray(sales.status, RUNG_UP)))
    .groupBy(sales.businessDate);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const days = dayList.map((day) => ({
    day,
    receipts: Number(byDay.get(day)?.receipts ?? 0),
    total: Number(byDay.get(day)?.total ?? 0),
  }));

  const zs = await db
    .select()
    .from(zReports)
    .where(eq(zReports.storeId, storeId))
    .orderBy(zReports.deviceId, desc(zReports.zNumber));
  const zByTill: Record<string, ZView[]> = {};
  for (const z of zs) {
    const list = zByTill[z.deviceId] ?? [];
    zByTill[z.deviceId] = list;
    if (list.length < o.zPerTill)
      list.push({
        zNumber: z.zNumber,
        at: z.at,
        salesTotal: z.salesTotal,
        refundsTotal: z.refundsTotal,
        expected: z.expected,
        counted: z.counted,
        overShort: z.overShort,
        seal: z.seal,
      });
  }
  return {
    storeId,
    name: store.name,
    currency: store.currency,
    timeZone: store.timeZone,
    tills,
    alerts: alertViews,
    days,
    zReports: zByTill,
  };
}

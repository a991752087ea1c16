import { and, asc, between, eq, gt, sql } from 'drizzle-orm';
import type { FeedHistory, FeedPage, FeedRecord } from '../shared/sync/feed.ts';
import type { HqDb } from './db.ts';
import type { DeviceAuth } from './enrol.ts';
import { masterHistory, masterRecords } from './schema.ts';

/**
 * One page of the change feed for the token's store (shared/sync/feed.ts): the records whose
 * latest change is after `after`, oldest change first, at most `limit`, and the history rows of
 * the same range of change numbers. Read in one repeatable-read snapshot so the records and the
 * history agree even while a push writes.
 */
export async function feedPageFor(
  db: HqDb,
  auth: Pick<DeviceAuth, 'storeId'>,
  after: number,
  limit: number,
): Promise<FeedPage> {
  const { storeId } = auth;
  return db.transaction(
    async (tx) => {
      const rows = await tx
        .select()
        .from(masterRecords)
        .where(and(eq(masterRecords.storeId, storeId), gt(masterRecords.changeSeq, after)))
        .orderBy(asc(masterRecords.changeSeq))
        .limit(limit + 1);
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      let to = after;
      if (more || page.length) to = Number(page[page.length - 1]!.changeSeq);
      if (!more) {
        // the last page reaches the store's latest number (a change whose record changed again since)
        const [last] = (
          (await tx.execute(sql`SELECT last_seq FROM master_seq WHERE store_id = ${storeId}`)) as unknown as {
            rows: { last_seq: string | number }[];
          }
        ).rows;
        if (last) to = Math.max(to, Number(last.last_seq));
      }
      const history =
        to > after
          ? await tx
              .select()
              .from(masterHistory)
              .where(and(eq(masterHistory.storeId, storeId), between(masterHistory.changeSeq, after + 1, to)))
              .orderBy(asc(masterHistory.changeSeq), asc(masterHistory.n))
          : [];
      return {
        v: 1 as const,
        storeId,
        from: after,
        to,
        more,
        records: page.map(
          (r) =>
            ({
              entity: r.entity,
              id: r.entityId,
              seq: Number(r.changeSeq),
              deleted: r.deleted === 1,
              fields: JSON.parse(r.fields),
            }) as FeedRecord,
        ),
        history: history.map(
          (h): FeedHistory => ({
            seq: Number(h.changeSeq),
            n: h.n,
            entity: h.entity as FeedHistory['entity'],
            id: h.entityId,
            field: h.field,
            lost: h.lost,
            lostOrigin: h.lostOrigin,
            won: h.won,
            wonOrigin: h.wonOrigin,
            at: new Date(h.at).toISOString(),
          }),
        ),
      };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

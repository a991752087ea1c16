import type Database from 'better-sqlite3';
import { FEED_LIMITS, FEED_PATH } from '../../shared/sync/feed.ts';
import type { HttpClient } from './http.ts';

/**
 * The pull half of sync (issue 14): after a push left nothing pending, the worker asks head
 * office for its change feed from the till's cursor and hands each page to `apply` — the
 * feed-apply command (electron/services/feed-apply.ts through the app's runtime), one
 * transaction and one journal entry per page. Nothing here writes the ledger, and nothing runs
 * on a sale's path: the worker's loop calls `pull` between pushes, never inside a transaction.
 *
 * A page that arrives twice (an answer lost and asked again, a proxy replaying it) is applied
 * once: the command compares the page's range with the cursor it holds. A page cut mid-way never
 * reaches `apply` (the HTTP client rejects an incomplete or non-JSON answer), and a page that does
 * not parse, or is another store's, is refused by the command with nothing written: the pull
 * stops there and tries again at the next round.
 */
export interface FeedApplyResult {
  applied: boolean;
  cursor: number;
}

export interface FeedPullOptions {
  /** records per page asked for (default head office's default) */
  pageSize?: number;
  /** pages per pull at most, so a long catch-up yields to the push loop (default 50) */
  maxPages?: number;
}

export interface FeedPullResult {
  pages: number;
  applied: number;
  cursor: number;
  /** why the pull stopped early: a network code, an HTTP status, the command's refusal */
  error: string | null;
}

export function tillFeedCursor(sqlite: Database.Database): number {
  const r = sqlite.prepare('SELECT cursor FROM feed_state WHERE id = 1').get() as
    | { cursor: number }
    | undefined;
  return r?.cursor ?? 0;
}

export async function pullFeed(
  http: HttpClient,
  headOffice: string,
  token: string,
  cursor: () => number,
  apply: (raw: unknown) => FeedApplyResult,
  opts: FeedPullOptions = {},
): Promise<FeedPullResult> {
  const limit = Math.min(opts.pageSize ?? FEED_LIMITS.defaultRecords, FEED_LIMITS.maxRecords);
  const maxPages = opts.maxPages ?? 50;
  const out: FeedPullResult = { pages: 0, applied: 0, cursor: cursor(), error: null };
  while (out.pages < maxPages) {
    const url = new URL(FEED_PATH, headOffice);
    url.searchParams.set('after', String(out.cursor));
    url.searchParams.set('limit', String(limit));
    let answer: { status: number; body: unknown };
    try {
      answer = await http.request('GET', url, undefined, { Authorization: `Bearer ${token}` });
    } catch (e) {
      out.error = (e as { code?: string }).code ?? 'UNREACHABLE';
      return out;
    }
    if (answer.status !== 200) {
      out.error = `HTTP_${answer.status}`;
      return out;
    }
    out.pages++;
    let r: FeedApplyResult;
    try {
      r = apply(answer.body);
    } catch (e) {
      const d = (e as { details?: { reason?: unknown } }).details;
      out.error = typeof d?.reason === 'string' ? d.reason : ((e as { code?: string }).code ?? 'FEED_FAILED');
      return out;
    }
    if (r.applied) out.applied++;
    const more = (answer.body as { more?: unknown }).more === true;
    if (r.cursor <= out.cursor && more) {
      out.error = 'FEED_STUCK';
      return out;
    }
    out.cursor = r.cursor;
    if (!more) return out;
  }
  return out;
}

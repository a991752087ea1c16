import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpTransport } from '../../renderer/transport/index.ts';
import type { LedgerEvent } from '../../shared/api/types.ts';

/** The web transport's own logic: reconnecting event stream, replay de-duplication, offline replies. */
class FakeEventSource {
  static all: FakeEventSource[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  closed = false;
  private ls: ((m: { data: string }) => void)[] = [];
  constructor(readonly url: string) {
    FakeEventSource.all.push(this);
  }
  addEventListener(_t: string, fn: (m: { data: string }) => void) {
    this.ls.push(fn);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(e: LedgerEvent) {
    for (const fn of this.ls) fn({ data: JSON.stringify(e) });
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.();
  }
}

afterEach(() => {
  vi.useRealTimers();
  FakeEventSource.all = [];
});

const ev = (seq: number): LedgerEvent => ({ seq, type: 'sale.completed', at: '2026-11-26T15:00:00.000Z' });

describe('httpTransport events', () => {
  it('opens one stream for all subscribers, reconnects with ?since after a hard failure, drops replays', () => {
    vi.useFakeTimers();
    const t = httpTransport({ EventSource: FakeEventSource as never, backoff: [100, 1000] });
    const a: number[] = [];
    const b: number[] = [];
    const offA = t.subscribe((e) => a.push(e.seq));
    const offB = t.subscribe((e) => b.push(e.seq));
    expect(FakeEventSource.all.map((s) => s.url)).toEqual(['/api/events']);
    const first = FakeEventSource.all[0]!;
    first.open();
    first.push(ev(7));
    first.push(ev(8));
    // a transient error: the browser retries by itself, we do nothing
    first.fail(false);
    vi.advanceTimersByTime(5000);
    expect(FakeEventSource.all.length).toBe(1);
    // closed for good (host restarted): we reconnect after the backoff, asking for what we missed
    first.fail(true);
    vi.advanceTimersByTime(99);
    expect(FakeEventSource.all.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.all.map((s) => s.url)).toEqual(['/api/events', '/api/events?since=8']);
    const second = FakeEventSource.all[1]!;
    second.push(ev(8)); // already seen
    second.push(ev(9));
    expect(a).toEqual([7, 8, 9]);
    expect(b).toEqual([7, 8, 9]);
    offA();
    expect(second.closed).toBe(false);
    offB();
    expect(second.closed).toBe(true);
  });

  it('backs off further on repeated failures and stops retrying once nobody listens', () => {
    vi.useFakeTimers();
    const t = httpTransport({ EventSource: FakeEventSource as never, backoff: [100, 1000] });
    const off = t.subscribe(() => {});
    FakeEventSource.all[0]!.fail(true);
    vi.advanceTimersByTime(100);
    FakeEventSource.all[1]!.fail(true);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.all.length).toBe(2);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.all.length).toBe(3);
    FakeEventSource.all[2]!.fail(true);
    off();
    vi.advanceTimersByTime(10_000);
    expect(FakeEventSource.all.length).toBe(3);
  });
});

describe('httpTransport calls', () => {
  it('posts {input, token} to /api/<op> and returns the reply as is', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const t = httpTransport({
      fetch: (async (url: string, init: RequestInit) => {
        seen.push({ url, init });
        return new Response(JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }), {
          status: 403,
        });
      }) as never,
    });
    const r = await t.invoke('drawer.movements', {}, 'tok');
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } });
    expect(seen[0]?.url).toBe('/api/drawer.movements');
    expect(seen[0]?.init.method).toBe('POST');
    expect(JSON.parse(String(seen[0]?.init.body))).toEqual({ input: {}, token: 'tok' });
  });

  it('turns an unreachable host or a non-JSON answer into a typed INTERNAL reply', async () => {
    const down = httpTransport({
      fetch: (async () => {
        throw new TypeError('fetch failed');
      }) as never,
    });
    const r = await down.invoke('store.info', {}, null);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({ code: 'INTERNAL', details: { transport: true, offline: true } });
    const html = httpTransport({ fetch: (async () => new Response('<html>', { status: 502 })) as never });
    const r2 = await html.invoke('store.info', {}, null);
    if (r2.ok) throw new Error('expected a failure');
    expect(r2.error).toMatchObject({ code: 'INTERNAL', details: { status: 502 } });
  });
});

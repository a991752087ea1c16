import { afterEach, describe, expect, it } from 'vitest';
import { recordAck } from '../../electron/sync/outbox.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { relogin, rows } from './support.ts';

/**
 * recordAck marks as sent exactly the journal's outbox rows up to the acknowledged seq — it
 * looks only at the unsent rows before the first journal row still waiting (server-bound
 * messages of other topics, seq NULL, sit among them and are never touched).
 */
let f: Fixture | null = null;
afterEach(() => {
  f?.cleanup();
  f = null;
});

describe('recordAck', () => {
  it('marks the journal rows up to the ack, no other row, ack after ack', () => {
    f = makeFixture();
    const s = f.app.env.sqlite;
    const at = f.clock.now.toISOString();
    s.prepare(
      `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, acked_hash, last_contact_at)
       VALUES (1, 'http://127.0.0.1:4720', 'qc-1', ?, 1, ?, ?)`,
    ).run(at, '0'.repeat(64), at);
    const other = s.prepare(
      "INSERT INTO outbox (seq, topic, payload, created_at) VALUES (NULL, 'customer.email', '{}', ?)",
    );
    for (let i = 0; i < 6; i++) {
      other.run(at);
      relogin(f); // two journal entries, two outbox rows
    }
    const journal = rows<{ seq: number; hash: string }>(f, 'SELECT seq, hash FROM journal ORDER BY seq');
    const state = () =>
      rows<{ seq: number | null; topic: string; sent: number }>(
        f!,
        'SELECT seq, topic, sent_at IS NOT NULL AS sent FROM outbox ORDER BY id',
      );
    const n = journal.length;
    for (const k of [Math.floor(n / 3), Math.floor(n / 3) + 1, n - 2, n]) {
      const e = journal[k - 1]!;
      expect(recordAck(s, e.seq, e.hash, at)).toBe(true);
      for (const r of state()) {
        if (r.topic === 'journal') expect([r.seq, r.sent]).toEqual([r.seq, r.seq! <= e.seq ? 1 : 0]);
        else expect(r.sent).toBe(0);
      }
    }
    // an ack does not move back
    expect(recordAck(s, journal[0]!.seq, journal[0]!.hash, at)).toBe(false);
  });
});

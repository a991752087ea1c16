import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AppendInput,
  appendEntry,
  chainHash,
  entryText,
  GENESIS_HASH,
  type JournalRow,
  verifyChain,
  verifyTail,
} from '../../db/journal.ts';
import { migrate } from '../../db/migrate.ts';
import { canonicalJson } from '../../shared/canonical-json.ts';

/** The hash-chained journal on a raw, migrated in-memory database. */
let db: Database.Database;

beforeEach(() => {
  db = new Database(':memory:');
  migrate(db);
});
afterEach(() => db.close());

const entry = (i: number, payload: unknown = { n: i, total: 1000 + i }): AppendInput => ({
  id: ulid(),
  deviceId: 'till-1',
  at: new Date(Date.UTC(2026, 10, 26, 15, 0, i)).toISOString(),
  actor: 'clerk-1',
  type: 'sale.completed',
  payload,
});

function appendMany(n: number): JournalRow[] {
  return db.transaction(() => Array.from({ length: n }, (_, i) => appendEntry(db, entry(i + 1))))();
}

/** What someone with a hex editor / sqlite3 shell can do: the triggers are dropped first. */
function dropTriggers() {
  db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
}

const rows = () => db.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];

describe('appendEntry', () => {
  it('gives a gapless seq from 1 and links each prev_hash to the previous hash', () => {
    const written = appendMany(20);
    const stored = rows();
    expect(stored).toEqual(written);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(stored[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < stored.length; i++) expect(stored[i]!.prev_hash).toBe(stored[i - 1]!.hash);
  });

  it('hash = SHA-256(prev_hash ‖ canonical JSON of the entry), recomputable from the spec alone', () => {
    const [r1, r2] = appendMany(2);
    for (const r of [r1!, r2!]) {
      const text = canonicalJson({
        actor: r.actor,
        at: r.at,
        device_id: r.device_id,
        id: r.id,
        payload: JSON.parse(r.payload),
        seq: r.seq,
        type: r.type,
      });
      expect(r.hash).toBe(
        createHash('sha256')
          .update(r.prev_hash + text, 'utf8')
          .digest('hex'),
      );
    }
  });

  it('stores the payload as canonical JSON (key order of the caller does not matter)', () => {
    const a = appendEntry(db, { ...entry(1), payload: { z: 1, a: { y: [1, 2], b: 'é' } } });
    expect(a.payload).toBe('{"a":{"b":"é","y":[1,2]},"z":1}');
  });

  it('property: entryText equals the canonical JSON of the row for any JSON payload and text fields', () => {
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.integer({ min: 1, max: 2 ** 40 }),
          id: fc.string(),
          device_id: fc.string(),
          at: fc.string(),
          actor: fc.string(),
          type: fc.string(),
          payload: fc.jsonValue(),
        }),
        (r) => {
          const payload = canonicalJson(r.payload);
          expect(entryText({ ...r, payload })).toBe(canonicalJson({ ...r, payload: JSON.parse(payload) }));
        },
      ),
    );
  });

  it('a failed transaction leaves no entry and no hole in seq', () => {
    appendMany(3);
    expect(() =>
      db.transaction(() => {
        appendEntry(db, entry(4));
        throw new Error('command failed after its journal entry');
      })(),
    ).toThrow('command failed');
    const r = appendEntry(db, entry(5));
    expect(r.seq).toBe(4);
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 4 });
  });

  it('refuses a duplicate entry id', () => {
    const e = entry(1);
    appendEntry(db, e);
    expect(() => appendEntry(db, { ...e, at: 'later' })).toThrow(/UNIQUE/);
  });
});

describe('verifyChain', () => {
  it('an empty journal verifies', () => {
    expect(verifyChain(db)).toEqual({
      ok: true,
      entries: 0,
      firstBrokenSeq: null,
      reason: null,
      lastHash: GENESIS_HASH,
    });
  });

  it('a sound chain verifies and reports its last hash', () => {
    const written = appendMany(50);
    expect(verifyChain(db)).toEqual({
      ok: true,
      entries: 50,
      firstBrokenSeq: null,
      reason: null,
      lastHash: written[49]!.hash,
    });
    expect(verifyChain(db, { fromSeq: 30 })).toMatchObject({ ok: true, entries: 21 });
  });

  // every column of one row, modified in the file: verify names that row (or, for seq, the hole it leaves)
  const edits: [column: string, sql: string, reason: RegExp][] = [
    ['payload', `UPDATE journal SET payload = '{"n":7,"total":1}' WHERE seq = 7`, /hash does not match/],
    ['at', `UPDATE journal SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 7`, /hash does not match/],
    ['actor', `UPDATE journal SET actor = 'manager-1' WHERE seq = 7`, /hash does not match/],
    ['type', `UPDATE journal SET type = 'sale.voided' WHERE seq = 7`, /hash does not match/],
    ['id', `UPDATE journal SET id = '${'0'.repeat(26)}' WHERE seq = 7`, /hash does not match/],
    ['device_id', `UPDATE journal SET device_id = 'till-2' WHERE seq = 7`, /device_id differs/],
    ['hash', `UPDATE journal SET hash = '${'a'.repeat(64)}' WHERE seq = 7`, /hash does not match/],
    ['prev_hash', `UPDATE journal SET prev_hash = '${'b'.repeat(64)}' WHERE seq = 7`, /prev_hash/],
    ['seq', 'UPDATE journal SET seq = 1000 WHERE seq = 7', /seq 7 missing/],
  ];
  for (const [column, sql, reason] of edits) {
    it(`names seq 7 when its ${column} is modified in the file`, () => {
      appendMany(12);
      dropTriggers();
      db.exec(sql);
      const r = verifyChain(db);
      expect(r).toMatchObject({ ok: false, firstBrokenSeq: 7, entries: 6 });
      expect(r.reason).toMatch(reason);
    });
  }

  it('names the first broken row when several are modified', () => {
    appendMany(12);
    dropTriggers();
    db.exec(`UPDATE journal SET actor = 'x' WHERE seq IN (9, 4, 11)`);
    expect(verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: 4 });
  });

  it('a re-hashed edit (row rewritten with a valid hash) is caught at the next row', () => {
    appendMany(12);
    dropTriggers();
    const r5 = rows()[4]!;
    const forged = { ...r5, payload: '{"n":5,"total":1}' };
    const hash = chainHash(forged.prev_hash, entryText(forged));
    db.prepare('UPDATE journal SET payload = ?, hash = ? WHERE seq = 5').run(forged.payload, hash);
    expect(verifyChain(db)).toMatchObject({
      ok: false,
      firstBrokenSeq: 6,
      reason: expect.stringMatching(/prev_hash/),
    });
  });

  it('a deleted row is reported as the missing seq; a deleted last row is not detectable by the chain alone', () => {
    appendMany(12);
    dropTriggers();
    db.exec('DELETE FROM journal WHERE seq = 3');
    expect(verifyChain(db)).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      reason: expect.stringMatching(/seq 3 missing/),
    });
    db.exec('DELETE FROM journal WHERE seq >= 3');
    // truncation at the tail leaves a valid shorter chain: the outbox/head office copy is what catches it
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('property: modifying any one row of a random chain is reported at that row', () => {
    const n = 15;
    appendMany(n);
    dropTriggers();
    const original = rows();
    const restore = db.prepare('UPDATE journal SET actor = ?, payload = ? WHERE seq = ?');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: n }),
        fc.constantFrom('actor', 'payload'),
        fc.string({ minLength: 1, maxLength: 8 }),
        (seq, column, junk) => {
          const row = original[seq - 1]!;
          const value = column === 'actor' ? row.actor + junk : JSON.stringify({ junk });
          db.prepare(`UPDATE journal SET ${column} = ? WHERE seq = ?`).run(value, seq);
          try {
            expect(verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: seq });
          } finally {
            restore.run(row.actor, row.payload, seq);
          }
          expect(verifyChain(db).ok).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('verifyTail', () => {
  it('checks the last n entries only', () => {
    appendMany(100);
    expect(verifyTail(db, 10)).toMatchObject({ ok: true, entries: 10 });
    dropTriggers();
    db.exec(`UPDATE journal SET actor = 'x' WHERE seq = 50`);
    expect(verifyTail(db, 10).ok).toBe(true); // outside the window: the full verify is the one that finds it
    expect(verifyTail(db, 60)).toMatchObject({ ok: false, firstBrokenSeq: 50 });
    expect(verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: 50 });
  });

  it('an empty journal is fine', () => {
    expect(verifyTail(db)).toMatchObject({ ok: true, entries: 0 });
  });

  it('catches a hole anywhere by comparing count and last seq', () => {
    appendMany(100);
    dropTriggers();
    db.exec('DELETE FROM journal WHERE seq = 3');
    const r = verifyTail(db, 10);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/seq gap/);
  });

  it('catches an edit of the last entry', () => {
    appendMany(5);
    dropTriggers();
    db.exec(`UPDATE journal SET payload = '{}' WHERE seq = 5`);
    expect(verifyTail(db)).toMatchObject({ ok: false, firstBrokenSeq: 5 });
  });
});

describe('verify: fields that JSON escapes', () => {
  // verifyChain hashes a text SQLite builds without JSON escaping, and falls back to the exact
  // JS canonical text for a row whose quoted fields hold a quote, backslash, control or
  // non-ASCII character. Both paths must agree with appendEntry, and both must catch an edit.
  const odd = ['Zoë "la caissière"', 'back\\slash', 'tab\there', 'line\nbreak', 'Ёлка'];

  it('entries with such fields verify, and an edit of one is still caught at its seq', () => {
    db.transaction(() => {
      appendEntry(db, entry(1));
      odd.forEach((actor, i) => {
        appendEntry(db, { ...entry(i + 2), actor, type: `odd.${i}` });
      });
      appendEntry(db, entry(odd.length + 2));
    })();
    expect(verifyChain(db)).toMatchObject({ ok: true, entries: odd.length + 2 });
    db.exec('DROP TRIGGER journal_no_update');
    db.prepare('UPDATE journal SET actor = ? WHERE seq = 3').run('Zoë "la caissiere"');
    expect(verifyChain(db)).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('an edit that puts a quote into a plain row is caught', () => {
    appendMany(5);
    db.exec('DROP TRIGGER journal_no_update');
    db.prepare('UPDATE journal SET type = ? WHERE seq = 4').run('sale.completed"');
    expect(verifyChain(db)).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
      reason: 'hash does not match the entry',
    });
  });
});

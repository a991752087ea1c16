// Recompute the hash chain of a `npm run ledger -- export` file. No project imports: an
// auditor can run it alone. Usage: npx tsx scripts/verify-export.ts journal.jsonl
// hash = sha256(prev_hash ‖ {"actor":…,"at":…,"device_id":…,"id":…,"payload":<payload>,"seq":…,"type":…})
// (keys sorted, no spaces, strings JSON-encoded, `payload` spliced verbatim: it is canonical JSON text).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const q = JSON.stringify;
let prev = '0'.repeat(64);
let expected = 1;
let line = 0;
const fail = (why: string) => {
  console.log(`BROKEN at line ${line} (seq ${expected}): ${why}`);
  process.exit(1);
};
const file = process.argv[2];
if (!file) fail('usage: verify-export.ts <journal.jsonl>');
for await (const text of createInterface({ input: createReadStream(file!), crlfDelay: Infinity })) {
  line++;
  if (!text.trim()) continue;
  let e: Record<string, string | number>;
  try {
    e = JSON.parse(text);
  } catch {
    fail('not JSON');
    break;
  }
  if (e.seq !== expected) fail(`seq ${expected} expected, found ${e.seq}`);
  if (e.prev_hash !== prev) fail('prev_hash is not the previous entry hash');
  const body = `{"actor":${q(e.actor)},"at":${q(e.at)},"device_id":${q(e.device_id)},"id":${q(e.id)},"payload":${e.payload},"seq":${e.seq},"type":${q(e.type)}}`;
  const hash = createHash('sha256').update(prev).update(body).digest('hex');
  if (hash !== e.hash) fail('hash does not match the entry');
  prev = hash;
  expected++;
}
console.log(`OK ${expected - 1} entries, chain holds, last hash ${prev}`);

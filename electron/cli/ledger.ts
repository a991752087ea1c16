import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { BackupError, backupTo, RestoreError, restoreFrom } from '../../db/backup.ts';
import { checkEntries } from '../../db/entries-check.ts';
import { verifyChain } from '../../db/journal.ts';
import { checkProjections, describeDiff } from '../../db/projection-check.ts';
import { verifySeals } from '../../db/seals.ts';
import { verifyFileParallel } from '../../db/verify-parallel.ts';
import { parseReceiptClaim } from '../../shared/ledger/receipt-code.ts';
import { progressLine } from '../app/progress.ts';

/**
 * `npm run ledger -- <verb> …` — tools for the people who look after a till's ledger.
 *
 *   verify  --db <file> [--key fp] [--deep]      exit 0: chain and seals hold; exit 1: first broken seq / seal
 *                                                --deep: every entry parses with its schema, else the first that does not
 *   backup  --db <file> --dir <folder> [--keep N] online backup into a rotating folder
 *   restore --from <backup> --db <file>           verify the backup's chain, then put it in place
 *   export  --db <file> [--out file.jsonl]        the journal as JSON lines (stdout by default)
 *
 * Exit codes: 0 ok, 1 the ledger or backup is broken, 2 usage or unreadable input.
 * verify and export open the file read-only: they never migrate and never write.
 */

export const USAGE = `usage: npm run ledger -- <verb> [options]

  verify  --db <file> [--key <fingerprint>]        check the journal's hash chain and the closings' seals
                                                   (--key: the till key printed on closing tickets)
  verify  --db <file> --receipt <seq>:<hash>       also check one customer receipt (as printed, or its QR text)
  verify  --db <file> --deep                       also parse every entry with its schema (docs/ledger/entries.schema.json)
  backup  --db <file> --dir <folder> [--keep N]    online backup (keeps the newest N, default 14)
  restore --from <backup> --db <file>              check the backup (quick_check + chain), then restore it over <file>
                                                   (refused while a till has it open; the old file and its -wal are
                                                   kept beside it; the sales the backup lacks are listed by seq)
  export  --db <file> [--out <file.jsonl>]         journal as JSON lines (stdout without --out)

exit codes: 0 ok · 1 chain broken / restore refused · 2 usage or unreadable file`;

/**
 * Read-only, like db/open.ts openLedgerReadonly, without pulling drizzle into a CLI that only
 * reads the journal (half a second of start-up saved on every run).
 */
function openReadonly(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

class UsageError extends Error {}
/** a file that is missing or not a ledger: exit 2 without the usage text */
class InputError extends Error {}

function need(v: Record<string, string | boolean | undefined>, name: string): string {
  const x = v[name];
  if (typeof x !== 'string' || !x) throw new UsageError(`missing --${name}`);
  return x;
}

function mustExist(file: string, what: string): void {
  if (!existsSync(file)) throw new InputError(`${what} ${file} does not exist`);
}

/** One receipt against the ledger: the entry at its seq must still have the hash it printed. */
function checkReceipt(sqlite: Database.Database, claimText: string): number {
  const claim = parseReceiptClaim(claimText);
  if (!claim) throw new UsageError(`--receipt must be <seq>:<hash> (16 to 64 hex) or a receipt's QR text`);
  const row = sqlite.prepare('SELECT hash, device_id, type FROM journal WHERE seq = ?').get(claim.seq) as
    | { hash: string; device_id: string; type: string }
    | undefined;
  if (!row) {
    console.log(`BROKEN receipt ${claim.seq}: the journal has no entry ${claim.seq}: entries were removed`);
    return 1;
  }
  if (claim.deviceId && claim.deviceId !== row.device_id) {
    console.log(`BROKEN receipt ${claim.seq}: printed by ${claim.deviceId}, this ledger is ${row.device_id}`);
    return 1;
  }
  if (!row.hash.startsWith(claim.hash)) {
    console.log(
      `BROKEN receipt ${claim.seq}: the receipt says ${claim.hash}, the journal has ${row.hash.slice(0, claim.hash.length)}: the journal was rewritten at or before seq ${claim.seq}`,
    );
    return 1;
  }
  console.log(
    `OK receipt ${claim.seq}: ${row.type} with hash ${row.hash.slice(0, claim.hash.length)}… is in the journal`,
  );
  return 0;
}

/** `--deep`: parse every entry with its type's schema; name the first that does not parse. */
function deepCheck(sqlite: Database.Database): boolean {
  const r = checkEntries(sqlite);
  if (!r.firstInvalid) {
    console.log(`OK entries: ${r.parsed} parse with their schemas (${Object.keys(r.types).length} types)`);
    return true;
  }
  const bad = r.firstInvalid;
  const fields = bad.issues.map((i) => `${i.path || '(payload)'}: ${i.message}`).join('; ');
  const what = bad.code === 'UNKNOWN_ENTRY_TYPE' ? 'unknown entry type' : 'does not parse';
  console.log(
    `BROKEN entries: first invalid seq ${bad.seq} (${bad.type}) ${what}: ${fields} (${r.parsed} entries parsed before it)`,
  );
  return false;
}

async function verify(db: string, key: string | undefined, receipt?: string, deep = false): Promise<number> {
  mustExist(db, 'ledger');
  // read-only connections only; a large journal is verified on every core (db/verify-parallel.ts)
  const r = await verifyFileParallel(db, { onProgress: progressLine('verify', 'entries') });
  const sqlite = openReadonly(db);
  let seals: ReturnType<typeof verifySeals>;
  let receiptCode = 0;
  try {
    // the file's pages too: a zeroed page outside the journal (a sales leaf) keeps the chain whole
    const qc = (sqlite.pragma('quick_check(5)') as { quick_check: string }[])
      .map((x) => x.quick_check)
      .filter((m) => m !== 'ok');
    if (qc.length) {
      console.log(`BROKEN pages: quick_check: ${qc.join('; ')} (restore the newest good backup)`);
      receiptCode = 1;
    }
    // the business tables as the journal says they must be (a chain that holds says nothing of
    // them) — not on damaged pages: their rows cannot be read, and quick_check said so already
    if (qc.length === 0) {
      const tables = checkProjections(sqlite);
      const counted = Object.entries(tables.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
      if (tables.ok) console.log(`OK tables: rows match the journal (${counted})`);
      else {
        console.log(
          `BROKEN tables: ${tables.differences} difference(s) with the journal; first: ${describeDiff(tables.first!)}`,
        );
        receiptCode = 1;
      }
    } else console.log('tables not compared: the pages are damaged');
    seals = verifySeals(sqlite, key ? { expectFingerprint: key } : {});
    if (receipt !== undefined) receiptCode = checkReceipt(sqlite, receipt);
    if (deep && !deepCheck(sqlite)) receiptCode = 1;
  } finally {
    sqlite.close();
  }
  const sealLine =
    seals.seals === 0
      ? 'no sealed closing yet'
      : `${seals.seals} sealed closings, last sealed seq ${seals.lastSealedSeq}, key ${seals.fingerprints.join(', ')}`;
  let code = receiptCode;
  if (r.ok) {
    console.log(`OK ${db}: ${r.entries} journal entries, chain holds, last hash ${r.lastHash}`);
  } else {
    console.log(
      `BROKEN ${db}: first broken seq ${r.firstBrokenSeq}: ${r.reason} (${r.entries} entries verified before it)`,
    );
    code = 1;
  }
  if (seals.ok) console.log(`OK seals: ${sealLine}`);
  else {
    code = 1;
    const first = seals.problems[0]!;
    console.log(
      `BROKEN seals: ${seals.problems.length} of ${seals.seals} do not hold; first: closing ${first.ref} (seq ${first.seq}): ${first.reason}`,
    );
  }
  if (code === 0 && !key && seals.seals > 0) {
    console.log(
      'compare the key with the one printed on the closing tickets and registered with head office (--key)',
    );
  }
  return code;
}

async function backup(db: string, dir: string, keepRaw: string | undefined): Promise<number> {
  mustExist(db, 'ledger');
  let keep: number | undefined;
  if (keepRaw !== undefined) {
    keep = Number(keepRaw);
    if (!Number.isInteger(keep) || keep < 1) throw new UsageError('--keep must be a whole number ≥ 1');
  }
  const sqlite = openReadonly(db);
  try {
    const onProgress = progressLine('backup', 'pages');
    const onCheckProgress = progressLine('backup check', 'entries');
    // the copy passes quick_check and the whole chain before it counts (db/backup.ts)
    const r = await backupTo(
      sqlite,
      dir,
      keep === undefined ? { onProgress, onCheckProgress } : { keep, onProgress, onCheckProgress },
    );
    console.log(
      `OK backup ${r.file}: ${r.entries} journal entries up to seq ${r.lastSeq}, quick_check ok, chain holds`,
    );
    for (const f of r.removed) console.log(`rotated out ${f}`);
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      console.log(`REFUSED backup of ${db}: ${e.message}; the copies in ${dir} are untouched`);
      return 1;
    }
    throw e;
  } finally {
    sqlite.close();
  }
}

function restore(from: string, db: string): number {
  mustExist(from, 'backup');
  try {
    const r = restoreFrom(from, db, { onProgress: progressLine('restore check', 'entries') });
    console.log(`OK restored ${from} → ${db}: ${r.entries} journal entries, quick_check ok, chain holds`);
    if (r.keptAs)
      console.log(`the ledger as it was (with its -wal, up to seq ${r.previousSeq}) is kept as ${r.keptAs}`);
    if (r.lostEntries > 0) {
      console.log(
        `LOST ${r.lostEntries} entries the restored copy lacks, ${r.lostSales.length} of them sales or payments: enter them again`,
      );
      for (const s of r.lostSales) {
        const what = [
          s.receiptNumber !== undefined ? `receipt ${s.receiptNumber}` : null,
          s.total !== undefined ? `total ${s.total}` : null,
          s.saleId ? `sale ${s.saleId}` : null,
        ]
          .filter(Boolean)
          .join(', ');
        console.log(`  seq ${s.seq} ${s.type} at ${s.at}${what ? ` (${what})` : ''}`);
      }
      if (r.reportFile) console.log(`the list is in ${r.reportFile}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof RestoreError) {
      console.log(`REFUSED: ${e.message}; ${db} left untouched`);
      return 1;
    }
    throw e;
  }
}

/**
 * One JSON object per entry with every column. `payload` is the exact canonical JSON text
 * stored in the ledger (a string), so a verifier splices it verbatim and never re-serialises.
 */
function exportJournal(db: string, out: string | undefined): number {
  mustExist(db, 'ledger');
  const sqlite = openReadonly(db);
  const fd = out ? openSync(out, 'w') : null;
  let n = 0;
  const total = (sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  const tick = progressLine('export', 'entries');
  let buf: string[] = [];
  const flush = () => {
    const chunk = buf.join('');
    buf = [];
    if (fd === null) process.stdout.write(chunk);
    else writeSync(fd, chunk);
  };
  try {
    const it = sqlite
      .prepare(
        'SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM journal ORDER BY seq',
      )
      .iterate() as IterableIterator<Record<string, unknown>>;
    for (const row of it) {
      buf.push(`${JSON.stringify(row)}\n`);
      if (++n % 5000 === 0) {
        flush();
        tick(n, total);
      }
    }
    flush();
    tick(n, total);
  } finally {
    if (fd !== null) closeSync(fd);
    sqlite.close();
  }
  if (out) console.error(`exported ${n} journal entries to ${out}`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  try {
    if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
      console.error(USAGE);
      return verb ? 0 : 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        db: { type: 'string' },
        dir: { type: 'string' },
        keep: { type: 'string' },
        from: { type: 'string' },
        out: { type: 'string' },
        key: { type: 'string' },
        receipt: { type: 'string' },
        deep: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
    switch (verb) {
      case 'verify':
        return await verify(need(values, 'db'), values.key, values.receipt, values.deep === true);
      case 'backup':
        return await backup(need(values, 'db'), need(values, 'dir'), values.keep);
      case 'restore':
        return restore(need(values, 'from'), need(values, 'db'));
      case 'export':
        return exportJournal(need(values, 'db'), values.out);
      default:
        throw new UsageError(`unknown verb "${verb}"`);
    }
  } catch (e) {
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      console.error(`error: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    if (e instanceof Database.SqliteError) {
      console.error(`error: cannot read the ledger: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

// `export … | head`: a closed pipe ends the export quietly instead of with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));

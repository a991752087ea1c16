import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { addUser, createEnrolCode, createStore, revokeDevice } from './admin.ts';
import { openDatabase } from './db.ts';
import { isSyncError } from './errors.ts';
import { editMaster } from './master-data.ts';

/**
 * `npm run hq -- <command>` administers head office (same database options as `npm run server`):
 *   store add --id qc-mtl --name "Montréal" --currency CAD --tz America/Toronto
 *   user add --username marie --stores qc-mtl,fr-lyon|*      (password read from HQ_PASSWORD or stdin)
 *   code --store qc-mtl [--minutes 1440]                        (prints a one-time enrolment code)
 *   device revoke --store qc-mtl --device <deviceId>
 *   product set --store qc-mtl --id <productId> --fields '{"price":1299}'   (master data: the change feed)
 *   category set / customer set — the same, `--delete` deletes the record
 * Every action is written to the audit log with the operator's login name.
 */
const USAGE = `usage: npm run hq -- [--data DIR] store add --id ID --name NAME --currency CAD --tz ZONE
       npm run hq -- user add --username NAME --stores ID,ID|*   (password: HQ_PASSWORD or stdin)
       npm run hq -- code --store ID [--minutes N]
       npm run hq -- device revoke --store ID --device DEVICE
       npm run hq -- product|category|customer set --store ID --id ID --fields JSON [--delete]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    data: { type: 'string', default: '.data/hq' },
    id: { type: 'string' },
    name: { type: 'string' },
    currency: { type: 'string' },
    tz: { type: 'string' },
    username: { type: 'string' },
    stores: { type: 'string' },
    store: { type: 'string' },
    minutes: { type: 'string' },
    device: { type: 'string' },
    fields: { type: 'string' },
    delete: { type: 'boolean' },
  },
});

async function readPassword(): Promise<string> {
  if (process.env.HQ_PASSWORD) return process.env.HQ_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

function need(v: string | undefined, name: string): string {
  if (!v) {
    console.error(`missing --${name}\n${USAGE}`);
    process.exit(2);
  }
  return v;
}

const databaseUrl = process.env.DATABASE_URL || undefined;
const actor = `cli:${userInfo().username}`;
const cmd = positionals.join(' ');
const database = await openDatabase({ databaseUrl, dataDir: databaseUrl ? undefined : values.data });
try {
  const { db } = database;
  if (cmd === 'store add') {
    await createStore(db, actor, {
      storeId: need(values.id, 'id'),
      name: need(values.name, 'name'),
      currency: need(values.currency, 'currency'),
      timeZone: need(values.tz, 'tz'),
    });
    console.log(`store ${values.id} created`);
  } else if (cmd === 'user add') {
    const list = need(values.stores, 'stores');
    await addUser(db, actor, {
      username: need(values.username, 'username'),
      password: await readPassword(),
      stores: list === '*' ? '*' : list.split(',').map((s) => s.trim()),
    });
    console.log(`user ${values.username} added`);
  } else if (cmd === 'code') {
    const minutes = values.minutes ? Number(values.minutes) : undefined;
    const { code, expiresAt } = await createEnrolCode(db, actor, need(values.store, 'store'), {
      ttlMinutes: minutes,
    });
    console.log(`${code}\n(single use, expires ${expiresAt})`);
  } else if (cmd === 'device revoke') {
    await revokeDevice(db, actor, need(values.store, 'store'), need(values.device, 'device'));
    console.log(`device ${values.device} revoked`);
  } else if (/^(product|category|customer) set$/.test(cmd)) {
    const entity = positionals[0] as 'product' | 'category' | 'customer';
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(values.fields ?? '{}') as Record<string, unknown>;
    } catch {
      console.error(`--fields is not JSON\n${USAGE}`);
      process.exit(2);
    }
    const { seq } = await editMaster(db, actor, need(values.store, 'store'), {
      entity,
      id: need(values.id, 'id'),
      fields,
      deleted: values.delete ?? false,
    });
    console.log(`${entity} ${values.id} saved (change ${seq})`);
  } else {
    console.error(USAGE);
    process.exitCode = 2;
  }
} catch (e) {
  if (!isSyncError(e)) throw e;
  console.error(`${e.code}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}

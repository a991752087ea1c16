import type { Bench } from './lib.ts';
import { ENTRIES, pushBench } from './sync-push.ts';

/** One till's journal pushed to head office on PostgreSQL (a fresh database), against PouchDB (see sync-push.ts). */
const bench: Bench = {
  name: 'sync-push-100k',
  description: `${ENTRIES} journal entries from one till to head office on PostgreSQL (a fresh database), vs PouchDB replication`,
  run: () => pushBench('postgres'),
};

export default bench;

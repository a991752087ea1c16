import type { Bench } from './lib.ts';
import { ENTRIES, pushBench } from './sync-push.ts';

/** One till's journal pushed to head office on PGlite in memory, against PouchDB (see sync-push.ts). */
const bench: Bench = {
  name: 'sync-push-100k-pglite',
  description: `${ENTRIES} journal entries from one till to head office on PGlite in memory, vs PouchDB replication`,
  run: () => pushBench('pglite'),
};

export default bench;

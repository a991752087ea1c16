import { parseArgs } from 'node:util';
import { startServer } from './app.ts';

/**
 * `npm run server [-- --port N --data DIR --updates DIR]`: head office on the embedded PGlite in DIR
 * (default .data/hq), or on the PostgreSQL named by DATABASE_URL.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4720' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string', default: '.data/hq' },
    // app updates for the tills (electron-builder's dist/): served at /updates/
    updates: { type: 'string' },
  },
});
const databaseUrl = process.env.DATABASE_URL || undefined;
const hq = await startServer({
  port: Number(values.port),
  host: values.host,
  databaseUrl,
  dataDir: databaseUrl ? undefined : values.data,
  updatesDir: values.updates,
});
console.log(
  `head office on ${hq.url} (${databaseUrl ? 'PostgreSQL' : `PGlite in ${values.data}`}); page: ${hq.url}/hq/`,
);
const stop = () => {
  void hq.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

import { resolve } from 'node:path';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { z } from 'zod';
import { FEED_PATH, feedQuery } from '../shared/sync/feed.ts';
import { enrolRequest, pushRequest, SYNC_LIMITS, SYNC_PATHS } from '../shared/sync/protocol.ts';
import { type HqDatabase, openDatabase } from './db.ts';
import { authenticate, enrol } from './enrol.ts';
import { isSyncError, SyncError } from './errors.ts';
import { feedPageFor } from './feed.ts';
import { registerPage } from './page/routes.ts';
import { push, status } from './push.ts';

export interface ServerOptions {
  /** postgres://… selects a real PostgreSQL; otherwise PGlite in `dataDir` (in memory without one) */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
  /** enrolment attempts per address and minute (default 10) */
  enrolPerMinute?: number | undefined;
  /** clock, for the tests of expiry and silence */
  now?: (() => Date) | undefined;
  poolSize?: number | undefined;
  /** every SQL statement sent (tests) */
  onQuery?: ((sql: string) => void) | undefined;
  /**
   * a folder of app updates (what `npm run dist` leaves in dist/: latest*.yml and installers),
   * served read-only at /updates/ — the feed tills look at once enrolled (electron/app/updates.ts)
   */
  updatesDir?: string | undefined;
}

export interface RunningServer {
  url: string;
  database: HqDatabase;
  app: FastifyInstance;
  close(): Promise<void>;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const fields = r.error.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new SyncError('VALIDATION', `invalid request: ${fields.map((f) => f.path || '(root)').join(', ')}`, {
    fields,
  });
}

function sendError(reply: FastifyReply, e: SyncError) {
  return reply.code(e.status).type('application/json').send(e.toJSON());
}

export async function buildApp(database: HqDatabase, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const now = opts.now ?? (() => new Date());
  const app = Fastify({ logger: false, bodyLimit: SYNC_LIMITS.maxBodyBytes, trustProxy: false });
  const { db } = database;

  await app.register(rateLimit, { global: false });

  app.setErrorHandler((err: FastifyError, _req, reply) => {
    if (isSyncError(err)) return sendError(reply, err);
    if (err.statusCode === 429)
      return sendError(reply, new SyncError('RATE_LIMITED', 'too many attempts; wait and try again', {}));
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendError(
        reply,
        new SyncError('BATCH_TOO_LARGE', `the body exceeds ${SYNC_LIMITS.maxBodyBytes} bytes`, {
          maxBodyBytes: SYNC_LIMITS.maxBodyBytes,
        }),
      );
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendError(reply, new SyncError('VALIDATION', err.message.slice(0, 200), { fields: [] }));
    // never the database's message (table names, values) to the client
    reply.log.error(err);
    return sendError(reply, new SyncError('INTERNAL', 'head office could not handle this request'));
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, new SyncError('NOT_FOUND', 'no such path')));

  const enrolPerMinute = opts.enrolPerMinute ?? 10;
  app.post(
    SYNC_PATHS.enrol,
    {
      config: { rateLimit: { max: enrolPerMinute, timeWindow: 60_000 } },
    },
    async (req) => enrol(db, parse(enrolRequest, req.body), now()),
  );

  app.post(SYNC_PATHS.push, async (req) => {
    const auth = await authenticate(db, req.headers.authorization);
    return push(db, auth, parse(pushRequest, req.body), now());
  });

  app.get(SYNC_PATHS.status, async (req) => {
    const auth = await authenticate(db, req.headers.authorization);
    return status(db, auth, now());
  });

  app.get(FEED_PATH, async (req) => {
    const auth = await authenticate(db, req.headers.authorization);
    const q = parse(feedQuery, req.query);
    return feedPageFor(db, auth, q.after, q.limit);
  });

  await registerPage(app, database, { now });
  if (opts.updatesDir) {
    // files only, no listing, nothing outside the folder (@fastify/static resolves and refuses ..)
    await app.register(fastifyStatic, {
      root: resolve(opts.updatesDir),
      prefix: '/updates/',
      decorateReply: false,
      index: false,
      list: false,
      dotfiles: 'deny',
    });
  }
  return app;
}

/** Start head office: open (and migrate) the database, listen. Used by `npm run server`, tests and benches. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const database = await openDatabase(opts);
  let app: FastifyInstance;
  try {
    app = await buildApp(database, opts);
    await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  } catch (e) {
    await database.close();
    throw e;
  }
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  let closed: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    database,
    app,
    close() {
      closed ??= (async () => {
        await app.close();
        await database.close();
      })();
      return closed;
    },
  };
}

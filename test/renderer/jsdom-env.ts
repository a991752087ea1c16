import { builtinEnvironments } from 'vitest/runtime';

/**
 * jsdom for the DOM, but modules transformed for the server (SSR) side: the component tests
 * drive a real better-sqlite3 ledger in-process, and the client transform would rewrite
 * `new URL(…, import.meta.url)` (db/migrate.ts) into an http:// asset URL.
 */
export default {
  ...builtinEnvironments.jsdom,
  name: 'jsdom-ledger',
  viteEnvironment: 'ssr',
};

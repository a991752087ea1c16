import { defineConfig } from 'drizzle-kit';

// Head office's PostgreSQL schema (PGlite embedded or a real server): `npm run server:generate`
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/schema.ts',
  out: './server/migrations',
});

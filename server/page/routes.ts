import type { FastifyInstance } from 'fastify';
import type { HqDatabase } from '../db.ts';

export async function registerPage(
  _app: FastifyInstance,
  _database: HqDatabase,
  _opts: { now: () => Date },
): Promise<void> {}

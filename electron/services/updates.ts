import { addHours } from 'date-fns';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { CommandContext, ReadEnv } from './context.ts';

/**
 * A manager's say over app updates: the updater (electron/app/updates.ts) installs a downloaded
 * version only after the Z with head office holding everything, unless a manager postponed it.
 * The postponement is a journal entry, so it survives a restart and is seen by head office.
 */
export const updateHandlers = {
  'update.postpone'(ctx: CommandContext, input: OpParsed<'update.postpone'>): { postponedUntil: string } {
    const until = addHours(ctx.at, input.hours).toISOString();
    ctx.record('update.postponed', { version: input.version, until });
    return { postponedUntil: until };
  },
};

export const updateQueries = {
  'update.status': (env: ReadEnv) => (env.runtime.update ? env.runtime.update() : null),
};

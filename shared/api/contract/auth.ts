import { z } from 'zod';
import { STORE_LOCALES } from '../../store-settings.ts';
import { JURISDICTION_IDS } from '../../tax.ts';
import { id, pin, shortText } from '../schemas.ts';
import type { SessionInfo, StoreInfo, UserTile } from '../types.ts';

import { command, empty, query } from './def.ts';

/** sessions */
export const authOps = {
  'auth.login': command<SessionInfo>()(z.object({ userId: id, pin }).strict(), null),
  'auth.logout': command<{ ok: true }>()(empty, 'clerk'),
  'auth.session': query<SessionInfo | null>()(empty, null),
  'users.tiles': query<UserTile[]>()(empty, null),
  'store.info': query<StoreInfo>()(empty, null),
  /**
   * First run of a till: the store's identity and the first administrator, who is logged in.
   * Callable without a session, and only while the ledger has no user at all.
   */
  'setup.initialize': command<SessionInfo>()(
    z
      .object({
        store: z
          .object({
            name: shortText,
            address: z.string().trim().max(300).default(''),
            taxNumbers: z.array(shortText).max(4).default([]),
            tillName: shortText.default('Caisse 1'),
            jurisdiction: z.enum(JURISDICTION_IDS),
            locale: z.enum(STORE_LOCALES).optional(),
          })
          .strict(),
        admin: z.object({ name: shortText, pin }).strict(),
      })
      .strict(),
    null,
  ),
} as const;

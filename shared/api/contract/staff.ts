import { z } from 'zod';
import { ROLES } from '../../roles.ts';
import { coded, id, pin, shortText } from '../schemas.ts';
import type { BackupStatus, ClockStatus, SyncStatus, UpdateStatus, UserInfo } from '../types.ts';

import { command, empty, query } from './def.ts';

/** staff (managers manage clerks; administrators manage everyone) */
export const staffOps = {
  'users.list': query<UserInfo[]>()(empty, 'manager'),
  /** automatic backups, when the process that owns the ledger runs them (null otherwise) */
  'backup.status': query<BackupStatus | null>()(empty, 'manager'),
  /** copy the ledger now (or join the copy under way); answers when it is done: the status after it */
  'backup.run': command<BackupStatus>()(empty, 'manager'),
  /** whether the till's clock was set back (journal stamps never go backwards: they continue from the last entry) */
  'clock.status': query<ClockStatus>()(empty, 'manager'),
  /** the app's updates (null when no updater runs in this process: the web host, a dev build) */
  'update.status': query<UpdateStatus | null>()(empty, 'manager'),
  /** hold an update back until the end of the given hours (a busy day); journaled with the version */
  'update.postpone': command<{ postponedUntil: string }>()(
    z
      .object({
        version: shortText,
        hours: z
          .number()
          .int()
          .min(1)
          .max(24 * 14),
      })
      .strict(),
    'manager',
  ),
  /** the link to head office (status bar, settings) */
  'sync.status': query<SyncStatus>()(empty, 'clerk'),
  /**
   * Enrol this till with head office: trade a one-time code for a device token (kept outside
   * the ledger), register the till's signing key. Journaled: the fact, the URL, the store id.
   * Head office's refusals come back as HEAD_OFFICE with details.reason.
   */
  'sync.enrol': command<SyncStatus>()(
    z
      .object({
        url: z
          .string()
          .trim()
          .max(200)
          .regex(
            coded(/^https?:\/\/[^\s/?#]+(:\d+)?(\/[^\s?#]*)?$/, 'headOfficeUrl'),
            'head office URL as http(s)://host[:port]',
          ),
        code: z.string().trim().min(4).max(64),
        staleHours: z.number().int().min(1).max(720).default(48),
      })
      .strict(),
    'admin',
  ),
  'users.create': command<UserInfo>()(
    z.object({ name: shortText, role: z.enum(ROLES), pin }).strict(),
    'manager',
  ),
  'users.update': command<UserInfo>()(
    z
      .object({
        userId: id,
        name: shortText.optional(),
        role: z.enum(ROLES).optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    'manager',
  ),
  /** a new PIN, chosen by a manager with the user at the counter; also lifts a lockout */
  'users.setPin': command<UserInfo>()(z.object({ userId: id, pin }).strict(), 'manager'),
} as const;

import { z } from 'zod';
import { approval, denominationCount, positiveAmount, shortText } from '../schemas.ts';
import type { DrawerMovement, DrawerReport, DrawerState } from '../types.ts';

import { command, empty, query } from './def.ts';

/** drawer */
export const drawerOps = {
  'drawer.open': command<DrawerState>()(z.object({ float: denominationCount }).strict(), 'clerk'),
  'drawer.payIn': command<DrawerMovement>()(
    z.object({ amount: positiveAmount, reason: shortText }).strict(),
    'clerk',
  ),
  'drawer.payOut': command<DrawerMovement>()(
    z.object({ amount: positiveAmount, reason: shortText, approval: approval.optional() }).strict(),
    'clerk',
  ),
  'drawer.noSale': command<DrawerMovement>()(
    z.object({ reason: shortText, approval: approval.optional() }).strict(),
    'clerk',
  ),
  /** Blind close: the clerk counts without seeing what is expected. */
  'drawer.close': command<DrawerReport>()(
    z.object({ count: denominationCount, note: z.string().trim().max(500).optional() }).strict(),
    'clerk',
  ),
  'drawer.printX': command<DrawerReport>()(empty, 'manager'),
  'drawer.current': query<DrawerState | null>()(empty, 'clerk'),
  'drawer.movements': query<DrawerMovement[]>()(empty, 'manager'),
  'report.x': query<DrawerReport>()(empty, 'manager'),
  'report.z': query<DrawerReport>()(z.object({ number: z.number().int().min(1) }).strict(), 'clerk'),
  'report.zList': query<DrawerReport[]>()(empty, 'manager'),
} as const;

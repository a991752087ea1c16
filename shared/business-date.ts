import { TZDate } from '@date-fns/tz';
import { format, subHours } from 'date-fns';

/**
 * The business day an instant belongs to, in the store's time zone: a sale at 01:30 with a
 * 04:00 closing hour belongs to the previous day. Not UTC midnight.
 */
export function businessDate(at: Date, timeZone: string, closingHour: number): string {
  return format(subHours(new TZDate(at.getTime(), timeZone), closingHour), 'yyyy-MM-dd');
}

/** Local hour (0–23) of an instant in the store's time zone. */
export function localHour(at: Date, timeZone: string): number {
  return new TZDate(at.getTime(), timeZone).getHours();
}

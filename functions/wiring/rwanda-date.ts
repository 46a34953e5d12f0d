import { RWANDA_UTC_OFFSET_MINUTES } from '../core/catalogue/tour-model.ts';
import { dateAtOffset } from '../core/iso-dates.ts';

/** The calendar date in Rwanda (yyyy-mm-dd, UTC+2) at an instant: the `today` tour transforms are given. */
export function rwandaDate(at: Date): string {
  return dateAtOffset(at.toISOString(), RWANDA_UTC_OFFSET_MINUTES);
}

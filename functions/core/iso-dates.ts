/**
 * Calendar arithmetic on ISO dates ("2026-12-05") as whole day numbers since 1970-01-01, so a
 * departure calendar is built with integer steps and never with a Date in a local time zone.
 * Pure: nothing here reads the clock.
 */

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Days since 1970-01-01 of a real calendar date; throws RangeError on anything else (a caller's bug, not data). */
export function dayNumber(isoDate: string): number {
  const match = ISO_DATE.exec(isoDate);
  if (match === null) throw new RangeError(`not an ISO date: ${JSON.stringify(isoDate)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a real date: ${isoDate}`);
  }
  return ms / DAY_MS;
}

export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Monday-first weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): Weekday {
  return WEEKDAYS[(((day + 3) % 7) + 7) % 7] as Weekday;
}

/** The calendar date at a fixed UTC offset (minutes east of UTC) of an ISO instant. */
export function dateAtOffset(instant: string, offsetMinutes: number): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${JSON.stringify(instant)}`);
  return new Date(ms + offsetMinutes * MINUTE_MS).toISOString().slice(0, 10);
}

/**
 * The UTC instant ("2026-12-04T16:00:00Z") of a wall-clock time on a date at a fixed UTC offset:
 * 18:00 in Kigali (UTC+2) on 4 December is 16:00 UTC.
 */
export function instantAtOffset(day: number, minuteOfDay: number, offsetMinutes: number): string {
  const ms = day * DAY_MS + (minuteOfDay - offsetMinutes) * MINUTE_MS;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** Calendar dates as producers and spreadsheets write them: ISO, day first, Excel serials. */
import type { RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from './cell-text.ts';
import { fail, ok, type Parsed } from './value-result.ts';

/** A time after a date (what a spreadsheet writes for a date-time cell): hour, minute, second, offset. */
const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))?)?$/u;
const YEAR_FIRST_DATE = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/u;
const DAY_FIRST_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/u;
const SERIAL_DATE = /^\d{5}(?:\.\d+)?$/u;
/** Spreadsheet serials accepted: 1954-10-03 to 2099-12-31; a bare "2026" is a year, not a day. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 73_050;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isoOf(year: number, month: number, day: number, original: string): Parsed<string> {
  if (month < 1 || month > 12) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} has no month ${month}; expected dd/mm/yyyy or yyyy-mm-dd.`,
    );
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth} days.`,
    );
  }
  return ok(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

function fromSerial(serial: number, original: string): Parsed<string> {
  if (!(serial >= SERIAL_MIN && serial <= SERIAL_MAX)) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} is not a date; expected dd/mm/yyyy or yyyy-mm-dd (or a spreadsheet date).`,
    );
  }
  // Serial 1 is 1900-01-01 counting Excel's phantom 29 February 1900, hence the 1899-12-30 epoch.
  const date = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return ok(date.toISOString().slice(0, 10));
}

/**
 * The date's time, when it has one, must be a time of day: "2026-06-15T25:00:00" is no reading
 * of the 15th (the day is kept and the time dropped, so a typo there would pass unseen). A leap
 * second (":60") is a time; offsets run to ±14:00 (ISO 8601 as time zones use it).
 */
function timeProblem(match: RegExpExecArray, first: number, original: string): Parsed<string> | null {
  const [hour, minute, second, offsetHour, offsetMinute] = [0, 1, 2, 3, 4].map((at) =>
    match[first + at] === undefined ? 0 : Number(match[first + at]),
  ) as [number, number, number, number, number];
  if (hour <= 23 && minute <= 59 && second <= 60 && offsetHour <= 14 && offsetMinute <= 59) return null;
  return fail(
    'DATE_INVALID',
    `${quoteValue(original)} has a time that does not exist; give the date alone (yyyy-mm-dd) or a time from 00:00 to 23:59.`,
  );
}

/**
 * A calendar date as ISO yyyy-mm-dd from "2026-06-15", "15/06/2026", "15.06.2026",
 * "15-06-2026" or a spreadsheet serial number. Day-first only: "06/15/2026" is refused rather
 * than guessed, since month 15 does not exist.
 */
export function parseDate(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  if (typeof value === 'number') return fromSerial(value, text);
  const iso = ISO_DATE.exec(text) ?? YEAR_FIRST_DATE.exec(text);
  if (iso !== null) {
    return timeProblem(iso, 4, text) ?? isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);
  }
  const dayFirst = DAY_FIRST_DATE.exec(text);
  if (dayFirst !== null) {
    return (
      timeProblem(dayFirst, 4, text) ??
      isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]), text)
    );
  }
  if (SERIAL_DATE.test(text)) return fromSerial(Number(text), text);
  return fail('DATE_INVALID', `${quoteValue(text)} is not a date; expected dd/mm/yyyy or yyyy-mm-dd.`);
}

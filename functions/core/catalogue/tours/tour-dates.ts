/**
 * Departure dates as operators type them: ISO (2026-12-05), day first (05/12/2026, 5.12.2026),
 * a spreadsheet serial, or with the month in words in English, French or Kinyarwanda
 * ("5 déc. 2026", "5 December 2026", "December 5, 2026", "1er janvier 2027"). A date without its
 * year is refused rather than guessed.
 */
import { foldText } from '../normalise-key.ts';
import type { RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { MONTH_NAMES, parseDate } from '../values/dates.ts';
import { MONTH_WORDS } from './tour-words.ts';

export type DateResult = { ok: true; date: string } | { ok: false; message: string };

const MONTH_BY_WORD: ReadonlyMap<string, number> = new Map(
  Object.entries(MONTH_WORDS).flatMap(([month, words]) =>
    words.map((word) => [word, Number(month)] as const),
  ),
);
const MONTH = [...MONTH_BY_WORD.keys()].sort((a, b) => b.length - a.length).join('|');

/** Any date form, found inside longer text (folded): what a season or blackout cell holds. */
export const DATE_TOKEN = new RegExp(
  [
    String.raw`\d{4}-\d{1,2}-\d{1,2}`,
    String.raw`\d{4}/\d{1,2}/\d{1,2}`,
    String.raw`\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}`,
    String.raw`\d{1,2}(?:er)?\s+(?:${MONTH})\.?\s+\d{4}`,
    String.raw`(?:${MONTH})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}`,
  ].join('|'),
  'gu',
);
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})(?:er)?\s+(${MONTH})\.?\s+(\d{4})$`, 'u');
const MONTH_DAY_YEAR = new RegExp(String.raw`^(${MONTH})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$`, 'u');

function ymd(year: number, month: number, day: number, original: string): DateResult {
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) {
    return {
      ok: false,
      message: `${quoteValue(original)} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${last} days.`,
    };
  }
  return {
    ok: true,
    date: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** One date, the whole value: ISO, day first, a serial, or with its month in words. */
export function parseTourDate(value: RawValue): DateResult {
  const original = cellText(value).trim();
  const folded = foldText(original).replace(/\s+/gu, ' ');
  const dayFirst = DAY_MONTH_YEAR.exec(folded);
  if (dayFirst !== null) {
    return ymd(Number(dayFirst[3]), MONTH_BY_WORD.get(dayFirst[2] ?? '') ?? 0, Number(dayFirst[1]), original);
  }
  const monthFirst = MONTH_DAY_YEAR.exec(folded);
  if (monthFirst !== null) {
    return ymd(
      Number(monthFirst[3]),
      MONTH_BY_WORD.get(monthFirst[1] ?? '') ?? 0,
      Number(monthFirst[2]),
      original,
    );
  }
  const parsed = parseDate(typeof value === 'number' ? value : original);
  if (parsed.ok) return { ok: true, date: parsed.value };
  // A date's shape with an impossible day or month: parseDate says what is wrong with it.
  if (/^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$/u.test(original))
    return { ok: false, message: parsed.problem.message };
  return {
    ok: false,
    message: `${quoteValue(original)} is not a date; write 05/12/2026, 2026-12-05 or 5 Dec 2026 (with the year).`,
  };
}

/** The date-like pieces of a longer text, in order, each parsed (a piece may be an unreal date). */
export function scanDates(text: string): { token: string; result: DateResult; index: number }[] {
  const folded = foldText(text);
  return [...folded.matchAll(DATE_TOKEN)].map((match) => ({
    token: match[0],
    result: parseTourDate(match[0]),
    index: match.index ?? 0,
  }));
}

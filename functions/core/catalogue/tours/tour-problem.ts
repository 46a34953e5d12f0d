/** What the tour cell parsers return: a value, or every problem found, each with its field and code. */
import type { RowErrorCode } from '../codes.ts';
import { quoteValue } from '../values/cell-text.ts';

export type TourRowCode = RowErrorCode;

export interface TourProblem {
  /** The canonical tour field: `departures`, `itinerary`, `prices.adult`, `start.placeId`... */
  field: string;
  code: TourRowCode;
  message: string;
}

export type TourParsed<T> = { ok: true; value: T } | { ok: false; problems: TourProblem[] };

export function parsed<T>(value: T): TourParsed<T> {
  return { ok: true, value };
}

export function refused(
  field: string,
  code: TourRowCode,
  message: string,
): { ok: false; problems: TourProblem[] } {
  return { ok: false, problems: [{ field, code, message }] };
}

const MINUS = String.raw`[-\u2212\u2010\u2011\u2012\u2013\uFE63\uFF0D]`;
/**
 * A minus sign that makes a number negative rather than joining two: at the start ("-6",
 * "− 6"), after punctuation ("8 jours / -7 nuits") or after a spaced word ("2 à -6"). Not a
 * range ("2-6", "2 - 6", "15–17") nor a letter's own dash ("J-3", the day-count French
 * operators write for "3 days before").
 */
const NEGATIVE_NUMBER = new RegExp(
  String.raw`(?:^\s*|[^\p{L}\p{N}\s]\s*|[^\p{N}\s]\s+)${MINUS}\s*\p{N}`,
  'u',
);

/**
 * The refusal of a count, age, size or duration written negative: their parsers read digits
 * only, so "-6" seats would otherwise be read as 6 without a word.
 */
export function negativeRefusal(text: string, field: string): { ok: false; problems: TourProblem[] } | null {
  if (!NEGATIVE_NUMBER.test(text)) return null;
  return refused(
    field,
    'NUMBER_NEGATIVE',
    `${quoteValue(text.trim())} is negative; expected a number above 0.`,
  );
}

/** Splits a list cell on semicolons, vertical bars, bullets and line breaks (commas stay: they are inside items). */
export function listPieces(text: string): string[] {
  return text
    .split(/[;|\n\r•]+/u)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
}

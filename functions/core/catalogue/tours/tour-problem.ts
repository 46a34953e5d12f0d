/** What the tour cell parsers return: a value, or every problem found, each with its field and code. */
import type { RowErrorCode } from '../codes.ts';

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

/** Splits a list cell on semicolons, vertical bars, bullets and line breaks (commas stay: they are inside items). */
export function listPieces(text: string): string[] {
  return text
    .split(/[;|\n\r•]+/u)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
}

/**
 * A tour's duration as operators write it: "8 jours / 7 nuits", "8 days 7 nights", "8D/7N",
 * "Iminsi 8, amajoro 7", "1 day", "4 hours", "4 h", "3,5 heures", "amasaha 4"; or a bare number
 * under a header naming its unit ("Durée (jours)": 8). Days without nights are a trip of N days and
 * N − 1 nights (a day trip has none). "Half day" is refused: it does not say how many hours.
 */

import { foldText } from '../normalise-key.ts';
import type { RawValue } from '../readers/raw-record.ts';
import type { TourDuration } from '../tour-model.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { daysPerDurationUnit } from '../vocabulary.ts';
import { negativeRefusal, parsed, refused, type TourParsed } from './tour-problem.ts';

const FIELD = 'duration';
const NUMBER = String.raw`(\d{1,3}(?:[.,]\d+)?)`;
const DAYS = new RegExp(
  String.raw`${NUMBER}\s*(?:days?|jours?|j|d|iminsi|umunsi)\b|\b(?:iminsi|umunsi)\s*${NUMBER}`,
  'u',
);
const NIGHTS = new RegExp(
  String.raw`${NUMBER}\s*(?:nights?|nuits?|n|amajoro|ijoro)\b|\b(?:amajoro|ijoro)\s*${NUMBER}`,
  'u',
);
const HOURS = new RegExp(
  String.raw`${NUMBER}\s*(?:hours?|heures?|hrs?|h|amasaha|isaha)\b|\b(?:amasaha|isaha)\s*${NUMBER}`,
  'u',
);
const BARE = /^\d{1,3}(?:[.,]\d+)?$/u;
const HOUR_UNITS = new Set(['h', 'hour', 'hours', 'heure', 'heures', 'hrs', 'amasaha']);

function numberOf(match: RegExpExecArray | null): number | null {
  if (match === null) return null;
  return Number((match[1] ?? match[2] ?? '').replace(',', '.'));
}

const invalid = (original: string, why: string) =>
  refused(
    FIELD,
    'TOUR_DURATION_INVALID',
    `${quoteValue(original)} ${why}; write "8 days / 7 nights", "1 jour" or "4 hours".`,
  );

/** The duration of a cell; `unit` is the header's ("jours" in "Durée (jours)"). */
export function parseDuration(value: RawValue, unit: string | null): TourParsed<TourDuration> {
  const original = cellText(value).trim();
  const negative =
    typeof value === 'number' && value < 0
      ? refused('duration', 'NUMBER_NEGATIVE', `${quoteValue(original)} is negative; expected a duration.`)
      : negativeRefusal(original, 'duration');
  if (negative) return negative;
  const folded = foldText(original);
  if (BARE.test(folded) || typeof value === 'number') {
    const amount = Number(folded.replace(',', '.'));
    const unitWord = unit === null ? null : foldText(unit).trim();
    if (unitWord !== null && HOUR_UNITS.has(unitWord)) return hours(amount, original);
    if (unitWord !== null && daysPerDurationUnit(unitWord) === 1) return days(amount, null, original);
    return invalid(original, 'gives no unit');
  }
  const hoursMatch = numberOf(HOURS.exec(folded));
  const daysMatch = numberOf(DAYS.exec(folded));
  const nightsMatch = numberOf(NIGHTS.exec(folded));
  if (hoursMatch !== null && daysMatch === null && nightsMatch === null) return hours(hoursMatch, original);
  if (daysMatch !== null) return days(daysMatch, nightsMatch, original);
  return invalid(original, 'is not a duration');
}

function hours(amount: number, original: string): TourParsed<TourDuration> {
  if (!(amount > 0 && amount <= 24)) return invalid(original, 'is not between 0 and 24 hours');
  return parsed({ hours: amount });
}

function days(count: number, nights: number | null, original: string): TourParsed<TourDuration> {
  if (!Number.isInteger(count) || count < 1 || count > 21)
    return invalid(original, 'is not 1 to 21 whole days');
  const nightCount = nights ?? count - 1;
  if (!Number.isInteger(nightCount) || nightCount > count)
    return invalid(original, 'has more nights than days');
  return parsed({ days: count, nights: nightCount });
}

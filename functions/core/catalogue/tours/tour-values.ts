/**
 * The smaller tour cells: category, places (through the gazetteer), guide languages, fitness
 * level, group size ("2-6", "2 à 6", "max 8"), an age band ("5-12 ans"), a minimum age, the booking
 * cut-off ("2 jours avant, 18:00"), the confirmation ("immédiate", "sous 6 h") and highlights.
 */

import { buildAliasIndex, foldText, normaliseKey } from '../normalise-key.ts';
import type { RawValue } from '../readers/raw-record.ts';
import type { PlaceId } from '../rwanda-gazetteer.ts';
import { resolvePlace } from '../rwanda-gazetteer.ts';
import type {
  BookingCutoff,
  Confirmation,
  FitnessLevel,
  GuideLanguage,
  TourCategory,
} from '../tour-model.ts';
import { GUIDE_LANGUAGES } from '../tour-model.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import {
  listPieces,
  negativeRefusal,
  parsed,
  refused,
  type TourParsed,
  type TourProblem,
} from './tour-problem.ts';
import { CATEGORY_ALIASES, FITNESS_ALIASES, LANGUAGE_ALIASES } from './tour-words.ts';

const categoryIndex = buildAliasIndex(CATEGORY_ALIASES);
const fitnessIndex = buildAliasIndex(FITNESS_ALIASES);
const languageIndex = buildAliasIndex<GuideLanguage>(LANGUAGE_ALIASES);

/** The pieces of a list cell or JSON list: "Volcanoes, Lac Kivu; Nyungwe", ["en", "fr"]. */
export function pieces(value: RawValue, splitCommas = true): string[] {
  if (Array.isArray(value)) return value.map((item) => cellText(item).trim()).filter((item) => item !== '');
  const text = cellText(value);
  const parts = splitCommas ? text.split(/[;|\n\r•,+]+/u) : listPieces(text);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

export function parseCategory(text: string): TourParsed<TourCategory> {
  const found = categoryIndex.get(normaliseKey(text).key);
  if (found !== undefined) return parsed(found);
  return refused(
    'category',
    'TOUR_CATEGORY_UNKNOWN',
    `${quoteValue(text)} is not a tour category; write one of gorilla trekking, chimpanzee trekking, safari, canopy walk, hiking, birding, lake, city and culture, circuit, other (in English, French or Kinyarwanda).`,
  );
}

export function parseFitness(text: string): TourParsed<FitnessLevel> {
  const found = fitnessIndex.get(normaliseKey(text).key);
  if (found !== undefined) return parsed(found);
  return refused(
    'fitnessLevel',
    'TOUR_VALUE_INVALID',
    `${quoteValue(text)} is not a fitness level; write easy, moderate, challenging or strenuous (facile, modéré, difficile, très difficile).`,
  );
}

export function parseLanguages(value: RawValue): TourParsed<GuideLanguage[]> {
  const languages: GuideLanguage[] = [];
  const problems: TourProblem[] = [];
  for (const piece of pieces(value).flatMap((part) => part.split(/\s+(?:and|et|na)\s+|\//u))) {
    const key = normaliseKey(piece).key;
    const code = (GUIDE_LANGUAGES as readonly string[]).includes(key)
      ? (key as GuideLanguage)
      : languageIndex.get(key);
    if (code === undefined) {
      problems.push({
        field: 'guideLanguages',
        code: 'TOUR_VALUE_INVALID',
        message: `${quoteValue(piece)} is not a guide language we know.`,
      });
    } else if (!languages.includes(code)) languages.push(code);
  }
  return problems.length > 0 ? { ok: false, problems } : parsed(languages);
}

/** One place through the gazetteer; `field` says which (start.placeId, destinations...). */
export function parsePlace(text: string, field: string): TourParsed<PlaceId> {
  const id = resolvePlace(text);
  if (id !== null) return parsed(id);
  return refused(
    field,
    'TOUR_PLACE_UNKNOWN',
    `${quoteValue(text)} is not a place of the Rwanda gazetteer (parks, lakes and towns tours go to); write its usual name, e.g. Volcanoes National Park, Lac Kivu, Musanze.`,
  );
}

export function parsePlaces(value: RawValue, field: string): TourParsed<PlaceId[]> {
  const ids: PlaceId[] = [];
  const problems: TourProblem[] = [];
  for (const piece of pieces(value)) {
    const read = parsePlace(piece, field);
    if (!read.ok) problems.push(...read.problems);
    else if (!ids.includes(read.value)) ids.push(read.value);
  }
  return problems.length > 0 ? { ok: false, problems } : parsed(ids);
}

const INTEGERS = /\d+/gu;

function integersOf(text: string): number[] {
  return [...text.matchAll(INTEGERS)].map((match) => Number(match[0]));
}

/** "2-6", "2 à 6 personnes", "min 2 max 6"; one number is the maximum (from 1). */
export function parseGroupSize(text: string): TourParsed<{ min: number; max: number }> {
  const negative = negativeRefusal(text, 'groupSize');
  if (negative) return negative;
  const numbers = integersOf(text);
  if (numbers.length === 1 && /\bmin/u.test(foldText(text)) === false)
    return parsed({ min: 1, max: numbers[0] as number });
  if (numbers.length === 2) return parsed({ min: numbers[0] as number, max: numbers[1] as number });
  return refused(
    'groupSize',
    'TOUR_VALUE_INVALID',
    `${quoteValue(text)} is not a group size; write "2-6" (the fewest and the most people).`,
  );
}

/** An age band: "5-12", "5 à 12 ans", "15–17 years". */
export function parseAgeBand(text: string, field: string): TourParsed<{ minAge: number; maxAge: number }> {
  const negative = negativeRefusal(text, field);
  if (negative) return negative;
  const numbers = integersOf(text);
  if (numbers.length === 2) return parsed({ minAge: numbers[0] as number, maxAge: numbers[1] as number });
  return refused(
    field,
    'TOUR_VALUE_INVALID',
    `${quoteValue(text)} is not an age band; write "5-12" (the youngest and oldest ages the child price is for).`,
  );
}

export function parseWholeNumberIn(text: string, field: string, what: string): TourParsed<number> {
  const negative = negativeRefusal(text, field);
  if (negative) return negative;
  const numbers = integersOf(text);
  if (numbers.length === 1 && !/[.,]\d/u.test(text)) return parsed(numbers[0] as number);
  return refused(field, 'TOUR_VALUE_INVALID', `${quoteValue(text)} is not ${what}.`);
}

const TIME = /(\d{1,2})\s*(?::|h)\s*(\d{2})?/u;
const SAME_DAY = /\b(?:same day|le jour meme|jour meme|uwo munsi)\b/u;
const DAY_BEFORE = /\b(?:the day before|la veille|veille)\b/u;

/** "2 days before, 18:00", "14 jours avant 12h", "la veille", "1"; 23:59 is left to the model's default. */
export function parseBookingCutoff(text: string): TourParsed<BookingCutoff> {
  const negative = negativeRefusal(text, 'bookingCutoff');
  if (negative) return negative;
  const folded = foldText(text);
  const time = TIME.exec(
    folded.replace(/^\s*\d+\s*(?:days?|jours?|j|d|iminsi)\b/u, (days) => ' '.repeat(days.length)),
  );
  const withoutTime = time === null ? folded : folded.replace(time[0], ' ');
  const days = SAME_DAY.test(folded) ? 0 : DAY_BEFORE.test(folded) ? 1 : integersOf(withoutTime)[0];
  if (days === undefined) {
    return refused(
      'bookingCutoff',
      'TOUR_VALUE_INVALID',
      `${quoteValue(text)} gives no number of days; write "2 days before, 18:00" or "14 jours avant".`,
    );
  }
  if (time === null) return parsed({ daysBefore: days });
  const hour = Number(time[1]);
  const minute = Number(time[2] ?? '0');
  if (hour > 23 || minute > 59)
    return refused(
      'bookingCutoff.time',
      'TOUR_VALUE_INVALID',
      `${quoteValue(text)} has no real time of day.`,
    );
  return parsed({
    daysBefore: days,
    time: `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
  });
}

const INSTANT =
  /\b(?:instant|instantly|immediate|immediately|immediat|immediate|instantanee|tout de suite|ako kanya|ako kanya kanya)\b/u;
const HOURS = /(\d{1,3})\s*(?:h|hours?|heures?|hrs?|amasaha)\b|\b(?:a?masaha)\s*(\d{1,3})/u;

/** "instant", "immédiate", "within 6 hours", "sous 6 h", "sur demande (24 h)". */
export function parseConfirmation(text: string): TourParsed<Confirmation> {
  const folded = foldText(text);
  if (INSTANT.test(folded)) return parsed({ kind: 'instant' });
  const hours = HOURS.exec(folded);
  if (hours !== null) return parsed({ kind: 'on-request', withinHours: Number(hours[1] ?? hours[2]) });
  return refused(
    'confirmation',
    'TOUR_VALUE_INVALID',
    `${quoteValue(text)} is not a confirmation; write "instant" (immédiate) or "within 6 hours" (sous 6 h).`,
  );
}

/** Highlights: one per line, ";" or "|" (commas stay inside one). */
export function parseHighlights(value: RawValue): string[] {
  return pieces(value, false);
}

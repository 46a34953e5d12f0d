/**
 * An itinerary in one cell, one day after another, each opened by its marker ("Day 1:", "Jour 1 :",
 * "J1 -", "Umunsi wa 1:") and separated by "|" or a line break:
 *
 *   Jour 1 : Arrival in Kigali, city tour ; Repas : dîner ; Nuit : Kigali Serena Hotel |
 *   Jour 2 : Kigali to Musanze — Drive north... ; Repas : petit-déjeuner, déjeuner, dîner ; Nuit : ...
 *
 * A day is its title, then after " — " (or " – ") its description; after ";" come its meals
 * ("Meals: B, L, D", "Repas : pension complète", "Amafunguro: ...") and where the night is spent
 * ("Accommodation:", "Nuit :", "Hébergement :", "Icumbi:"). An unlabelled part after ";" belongs
 * to the description. The meals of one day are also read from an itinerary sheet's meals column.
 */

import { foldText } from '../normalise-key.ts';
import type { ItineraryDay } from '../tour-model.ts';
import { quoteValue } from '../values/cell-text.ts';
import { parsed, refused, type TourParsed, type TourProblem } from './tour-problem.ts';
import { ITINERARY_LABELS, MEAL_PLANS, MEAL_WORDS } from './tour-words.ts';

export type Meals = ItineraryDay['meals'];

const DAY_MARKER = /(?:^|[|\n\r])\s*(?:day|jour|umunsi\s+wa|umunsi|j|d)\s*(\d{1,2})\s*[:.)\-–—]?\s*/giu;
const TITLE_BREAK = /\s+[—–]\s+|\s+-\s+/u;
const LABEL = /^\s*([\p{L}' ]+?)\s*:\s*(.*)$/su;

function labelKind(label: string): 'meals' | 'accommodation' | null {
  const folded = foldText(label).trim();
  if ((ITINERARY_LABELS.meals as readonly string[]).includes(folded)) return 'meals';
  if ((ITINERARY_LABELS.accommodation as readonly string[]).includes(folded)) return 'accommodation';
  return null;
}

/** The meals a text names: "B, L, D", "petit-déjeuner, dîner", "pension complète", "none". */
export function parseMeals(text: string): { ok: true; meals: Meals } | { ok: false; message: string } {
  const meals: Meals = { breakfast: false, lunch: false, dinner: false };
  const folded = foldText(text).trim().replace(/\s+/gu, ' ');
  const plan = MEAL_PLANS[folded];
  if (plan !== undefined) {
    for (const meal of plan) meals[meal] = true;
    return { ok: true, meals };
  }
  // "petit-déjeuner" before "déjeuner": the longer phrase is taken out first.
  let rest = folded;
  const phrases = (Object.entries(MEAL_WORDS) as [keyof Meals, readonly string[]][])
    .flatMap(([meal, words]) => words.map((word) => ({ meal, word })))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { meal, word } of phrases) {
    const pattern = new RegExp(`(?:^|[^\\p{L}])${word.replace(/[-]/gu, '[- ]')}(?=[^\\p{L}]|$)`, 'gu');
    if (pattern.test(rest)) {
      meals[meal] = true;
      rest = rest.replace(pattern, ' ');
    }
  }
  if (/\p{L}/u.test(rest.replace(/\b(?:and|et|na)\b/gu, ''))) {
    return {
      ok: false,
      message: `${quoteValue(text.trim())} names no meal we know; write breakfast, lunch, dinner (B, L, D) or petit-déjeuner, déjeuner, dîner.`,
    };
  }
  return { ok: true, meals };
}

function parseDay(day: number, body: string, problems: TourProblem[]): ItineraryDay | null {
  const [head = '', ...parts] = body.split(';').map((part) => part.trim());
  const titleBreak = TITLE_BREAK.exec(head);
  const title = (titleBreak === null ? head : head.slice(0, titleBreak.index)).trim();
  const descriptionParts: string[] =
    titleBreak === null ? [] : [head.slice(titleBreak.index + titleBreak[0].length).trim()];
  let meals: Meals = { breakfast: false, lunch: false, dinner: false };
  let accommodation: string | undefined;
  for (const part of parts) {
    if (part === '') continue;
    const labelled = LABEL.exec(part);
    const kind = labelled === null ? null : labelKind(labelled[1] ?? '');
    if (kind === 'meals') {
      const read = parseMeals(labelled?.[2] ?? '');
      if (read.ok) meals = read.meals;
      else
        problems.push({
          field: 'itinerary',
          code: 'TOUR_ITINERARY_INVALID',
          message: `Day ${day}: ${read.message}`,
        });
    } else if (kind === 'accommodation') accommodation = (labelled?.[2] ?? '').trim() || undefined;
    else descriptionParts.push(part);
  }
  if (title === '') {
    problems.push({
      field: 'itinerary',
      code: 'TOUR_ITINERARY_INVALID',
      message: `Day ${day} has no title.`,
    });
    return null;
  }
  const description = descriptionParts.filter((part) => part !== '').join('; ');
  return {
    day,
    title,
    ...(description === '' ? {} : { description }),
    meals,
    ...(accommodation === undefined ? {} : { accommodation }),
  };
}

/** The days of an itinerary cell, in the order written; an empty cell is no itinerary. */
export function parseItineraryCell(text: string): TourParsed<ItineraryDay[]> {
  const trimmed = text.trim();
  if (trimmed === '') return parsed([]);
  const markers = [...trimmed.matchAll(DAY_MARKER)];
  const first = markers[0];
  if (first === undefined || ((first.index ?? 0) > 0 && trimmed.slice(0, first.index).trim() !== '')) {
    return refused(
      'itinerary',
      'TOUR_ITINERARY_INVALID',
      `${quoteValue(trimmed.length > 60 ? `${trimmed.slice(0, 60)}…` : trimmed)} does not open with a day ("Day 1:", "Jour 1 :", "Umunsi wa 1:"); write one day after another, separated by "|" or line breaks.`,
    );
  }
  const problems: TourProblem[] = [];
  const days: ItineraryDay[] = [];
  const seen = new Set<number>();
  markers.forEach((marker, position) => {
    const day = Number(marker[1]);
    const start = (marker.index ?? 0) + marker[0].length;
    const end = markers[position + 1]?.index ?? trimmed.length;
    if (seen.has(day)) {
      problems.push({
        field: 'itinerary',
        code: 'TOUR_ITINERARY_INVALID',
        message: `Day ${day} is described twice.`,
      });
      return;
    }
    seen.add(day);
    const read = parseDay(day, trimmed.slice(start, end).trim(), problems);
    if (read !== null) days.push(read);
  });
  return problems.length > 0 ? { ok: false, problems } : parsed(days);
}

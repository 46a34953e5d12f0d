/**
 * The departures of a tour written in one cell, with the season, blackout and seats columns
 * beside it:
 * - a list of dates, each with its seats or the seats column's: "05/12/2026 (8); 28/11/2026 (6)",
 *   "2026-12-05: 8, 2026-12-12: 4", "5 déc. 2026, 12 déc. 2026" with Places = 8;
 * - "daily" ("tous les jours", "buri munsi"), or weekdays in English, French or Kinyarwanda
 *   ("Mon, Wed, Fri", "lundi, mercredi", "tous les samedis", "kuwa gatandatu"), over a season given
 *   in the cell ("Samedis du 01/12/2026 au 31/03/2027") or in a season column, with blackout dates
 *   after "sauf" / "except" or in a blackout column, and seats per departure.
 */
import { WEEKDAYS, type Weekday } from '../../iso-dates.ts';
import { foldText } from '../normalise-key.ts';
import type { Departures } from '../tour-model.ts';
import { quoteValue } from '../values/cell-text.ts';
import { DATE_TOKEN, parseTourDate, scanDates } from './tour-dates.ts';
import { parsed, refused, type TourParsed, type TourProblem } from './tour-problem.ts';
import { DAILY_PHRASES, EXCEPT_WORDS, WEEKDAY_FILLERS, WEEKDAY_WORDS } from './tour-words.ts';

export interface DepartureCells {
  /** The departures cell; empty when the tour's departures come from a second table. */
  cell: string;
  /** A season cell ("du 01/12/2026 au 31/03/2027"), or its two ends in their own columns. */
  season?: string;
  from?: string;
  to?: string;
  blackouts?: string;
  /** Seats per departure from the seats column, already read. */
  seats?: number;
}

const WEEKDAY_BY_WORD: ReadonlyMap<string, Weekday> = new Map(
  (Object.entries(WEEKDAY_WORDS) as [Weekday, readonly string[]][]).flatMap(([day, words]) =>
    words.map((word) => [word, day] as const),
  ),
);
/** Words joining a season's two dates: "du ... au ...", "from ... to ...", "kuva ... kugeza ...". */
const SEASON_WORDS: ReadonlySet<string> = new Set([
  'du',
  'au',
  'from',
  'to',
  'until',
  'till',
  'jusqu',
  'jusquau',
  'de',
  'a',
  'entre',
  'between',
  'kuva',
  'kugeza',
  'season',
  'saison',
]);
const SEATS_IN_TEXT = /(\d{1,5})\s*(?:places?|seats?|pax|sieges?|imyanya)\b/u;
const WORDS = /[\p{L}]+/gu;
const FIELD = 'departures';

function wordsOf(text: string): string[] {
  return [...text.matchAll(WORDS)].map((match) => match[0]);
}

function withoutDates(text: string): string {
  return text.replace(DATE_TOKEN, ' ');
}

/** The part before "sauf"/"except" and the blackout part after it. */
function splitExcept(folded: string): { main: string; except: string } {
  let at = -1;
  for (const word of EXCEPT_WORDS) {
    const match = new RegExp(`(?:^|[^\\p{L}])${word}(?:[^\\p{L}]|$)`, 'u').exec(folded);
    if (match !== null && (at === -1 || match.index < at)) at = match.index;
  }
  if (at === -1) return { main: folded, except: '' };
  return { main: folded.slice(0, at), except: folded.slice(at) };
}

function datesIn(text: string, label: string, problems: TourProblem[]): string[] {
  const dates: string[] = [];
  for (const { result } of scanDates(text)) {
    if (result.ok) dates.push(result.date);
    else
      problems.push({
        field: FIELD,
        code: 'TOUR_DEPARTURE_DATE_INVALID',
        message: `${label}: ${result.message}`,
      });
  }
  const leftover = wordsOf(withoutDates(foldText(text))).filter(
    (word) => !SEASON_WORDS.has(word) && !EXCEPT_WORDS.includes(word) && word !== 'et' && word !== 'and',
  );
  if (leftover.length > 0) {
    problems.push({
      field: FIELD,
      code: 'TOUR_DEPARTURE_DATE_INVALID',
      message: `${label}: ${quoteValue(leftover.join(' '))} is not a date; write 05/12/2026, 2026-12-05 or 5 Dec 2026.`,
    });
  }
  return dates;
}

function weekdaysOf(words: readonly string[], folded: string): Weekday[] | null {
  const daily = DAILY_PHRASES.some((phrase) => folded.includes(phrase));
  const days = new Set<Weekday>();
  for (const word of words) {
    const day = WEEKDAY_BY_WORD.get(word);
    if (day !== undefined) days.add(day);
  }
  if (daily) return [...WEEKDAYS];
  if (days.size === 0) return null;
  return WEEKDAYS.filter((day) => days.has(day));
}

function weeklyRule(
  folded: string,
  main: string,
  except: string,
  weekdays: Weekday[],
  cells: DepartureCells,
  seatsInCell: number | null,
): TourParsed<Departures> {
  const problems: TourProblem[] = [];
  const stray = wordsOf(withoutDates(main)).filter(
    (word) =>
      !WEEKDAY_BY_WORD.has(word) &&
      !WEEKDAY_FILLERS.has(word) &&
      !SEASON_WORDS.has(word) &&
      !DAILY_PHRASES.some((phrase) => phrase.split(' ').includes(word)),
  );
  if (stray.length > 0) {
    problems.push({
      field: FIELD,
      code: 'TOUR_DEPARTURES_INVALID',
      message: `${quoteValue(folded)} mixes weekdays with ${quoteValue(stray.join(' '))}; write the weekdays ("Mon, Wed, Fri", "tous les samedis") or a list of dates.`,
    });
  }
  // Only the dates of the cell itself: its words were checked as weekdays above.
  let season: string[] = [];
  for (const { result } of scanDates(main)) {
    if (result.ok) season.push(result.date);
    else problems.push({ field: FIELD, code: 'TOUR_DEPARTURE_DATE_INVALID', message: result.message });
  }
  if (season.length === 0) {
    if (cells.season !== undefined && cells.season.trim() !== '')
      season = datesIn(cells.season, 'the season', problems);
    else {
      if (cells.from !== undefined && cells.from.trim() !== '')
        season.push(...datesIn(cells.from, 'the season start', problems));
      if (cells.to !== undefined && cells.to.trim() !== '')
        season.push(...datesIn(cells.to, 'the season end', problems));
    }
  }
  if (problems.length === 0 && season.length !== 2) {
    problems.push({
      field: 'departures.season',
      code: 'TOUR_DEPARTURES_INVALID',
      message:
        season.length === 0
          ? 'Weekly departures need a season: its first and last dates ("du 01/12/2026 au 31/03/2027") in the cell or in a season column.'
          : `The season gives ${season.length} dates; it needs exactly two, its first and last day.`,
    });
  }
  const blackouts = [
    ...datesIn(except, 'the dates after "except"', problems),
    ...(cells.blackouts === undefined ? [] : datesIn(cells.blackouts, 'the blackout dates', problems)),
  ];
  const seats = seatsInCell ?? cells.seats;
  if (seats === undefined) {
    problems.push({
      field: 'departures.seats',
      code: 'TOUR_DEPARTURES_INVALID',
      message:
        'Say how many seats each departure has: in a seats column ("Places") or in the cell ("6 places").',
    });
  }
  if (problems.length > 0 || seats === undefined) return { ok: false, problems };
  const [from, to] = season as [string, string];
  return parsed({ kind: 'weekly', weekdays, from, to, blackouts: [...new Set(blackouts)], seats });
}

/** Dates with their seats: each date token, then what stands before the next one ("(8)", ": 8"). */
function dateList(main: string, cells: DepartureCells, seatsInCell: number | null): TourParsed<Departures> {
  const problems: TourProblem[] = [];
  const tokens = [...main.matchAll(DATE_TOKEN)];
  if (tokens.length === 0) {
    return refused(
      FIELD,
      'TOUR_DEPARTURE_DATE_INVALID',
      `${quoteValue(main.trim())} is neither dates nor weekdays; write 05/12/2026 (8); 12/12/2026 (6), or "Mon, Wed, Fri" with a season.`,
    );
  }
  const lead = wordsOf(main.slice(0, tokens[0]?.index ?? 0)).filter(
    (word) => !WEEKDAY_FILLERS.has(word) && word !== 'dates',
  );
  if (lead.length > 0) {
    problems.push({
      field: FIELD,
      code: 'TOUR_DEPARTURE_DATE_INVALID',
      message: `${quoteValue(lead.join(' '))} is not a date; write 05/12/2026, 2026-12-05 or 5 Dec 2026.`,
    });
  }
  const dates: { date: string; seats: number }[] = [];
  const seen = new Set<string>();
  tokens.forEach((token, position) => {
    const start = (token.index ?? 0) + token[0].length;
    const end = tokens[position + 1]?.index ?? main.length;
    const between = main.slice(start, end);
    const result = parseTourDate(token[0]);
    const strayWords = wordsOf(between).filter(
      (word) => !/^(?:places?|seats?|pax|sieges?|imyanya|et|and)$/u.test(word),
    );
    if (strayWords.length > 0) {
      problems.push({
        field: FIELD,
        code: 'TOUR_DEPARTURE_DATE_INVALID',
        message: `${quoteValue(strayWords.join(' '))} is not a date; write 05/12/2026, 2026-12-05 or 5 Dec 2026.`,
      });
    }
    if (!result.ok) {
      problems.push({ field: FIELD, code: 'TOUR_DEPARTURE_DATE_INVALID', message: result.message });
      return;
    }
    // "(-10)": a dash elsewhere between dates is a separator ("05/12/2026 - 8 places").
    if (/\(\s*[-\u2212]\s*\d/u.test(between)) {
      problems.push({
        field: 'departures.seats',
        code: 'NUMBER_NEGATIVE',
        message: `The departure of ${result.date} has negative seats (${quoteValue(between.trim())}).`,
      });
      return;
    }
    const ownSeats = /(\d{1,5})/u.exec(between);
    const seats = ownSeats === null ? (seatsInCell ?? cells.seats) : Number(ownSeats[1]);
    if (seats === undefined) {
      problems.push({
        field: 'departures.seats',
        code: 'TOUR_DEPARTURES_INVALID',
        message: `The departure of ${result.date} has no seats: write them after the date ("05/12/2026 (8)") or in a seats column.`,
      });
      return;
    }
    if (seen.has(result.date)) {
      problems.push({
        field: FIELD,
        code: 'TOUR_DEPARTURES_INVALID',
        message: `${result.date} is listed twice.`,
      });
      return;
    }
    seen.add(result.date);
    dates.push({ date: result.date, seats });
  });
  if (problems.length > 0) return { ok: false, problems };
  return parsed({ kind: 'dates', dates });
}

/** The departures the cells describe, or null when the departures cell is empty. */
export function parseDepartureCells(cells: DepartureCells): TourParsed<Departures | null> {
  const folded = foldText(cells.cell).replace(/\s+/gu, ' ').trim();
  if (folded === '') return parsed(null);
  const seatsMatch = SEATS_IN_TEXT.exec(folded);
  const seatsInCell = seatsMatch === null ? null : Number(seatsMatch[1]);
  const text = seatsMatch === null ? folded : folded.replace(seatsMatch[0], ' ');
  const { main, except } = splitExcept(text);
  const weekdays = weekdaysOf(wordsOf(withoutDates(main)), main);
  if (weekdays !== null) return weeklyRule(folded, main, except, weekdays, cells, seatsInCell);
  if (except !== '') {
    return refused(
      FIELD,
      'TOUR_DEPARTURES_INVALID',
      `Blackout dates ("${except.trim()}") only go with weekly departures.`,
    );
  }
  return dateList(main, cells, seatsInCell);
}

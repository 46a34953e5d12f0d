/**
 * One row of a tour table (or one JSON tour) to a canonical TourPackage: every cell cleaned
 * (cell-hygiene.ts), read by its parser, every problem collected with its field and the tour code,
 * then the package checked by the model (tour-model.ts). Channel rules (a future departure, a
 * gorilla permit, monotonic tiers) are not checked here: they are the fliggy channel's.
 */
import { cleanCell } from '../cell-hygiene.ts';
import type { RowIssue } from '../codes.ts';
import type { CurrencyCode, Money } from '../model.ts';
import { normaliseKey } from '../normalise-key.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { tourLimitProblem } from '../tour-limits.ts';
import { type Departures, type ItineraryDay, type TourPackage, tourPackageSchema } from '../tour-model.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { parseImageUrls } from '../values/codes-and-addresses.ts';
import { resolvePrice } from '../values/price.ts';
import { findInUnit, resolveCurrency } from '../vocabulary.ts';
import { parseCancellationTiers } from './cancellation-tiers.ts';
import { parseDepartureCells } from './departures-cell.ts';
import { parseDuration } from './duration.ts';
import { parseFeeItems } from './fee-items.ts';
import { parseItineraryCell } from './itinerary-cell.ts';
import type { SecondTableRows } from './second-tables.ts';
import type { TourField } from './tour-aliases.ts';
import type { TourColumn } from './tour-columns.ts';
import type { TourParsed, TourProblem } from './tour-problem.ts';
import {
  parseAgeBand,
  parseBookingCutoff,
  parseCategory,
  parseConfirmation,
  parseFitness,
  parseGroupSize,
  parseHighlights,
  parseLanguages,
  parsePlace,
  parsePlaces,
  parseWholeNumberIn,
} from './tour-values.ts';

export interface TourRowContext {
  producerId: string;
  maxCellChars: number;
  /** The operator's currency for prices that name none (profile or `--currency`). */
  defaultCurrency: CurrencyCode | null;
  /** The field each key feeds, decided once per file (null: a column naming no tour field). */
  columnOf: (key: string) => TourColumn | null;
}

export interface TourRowOutcome {
  row: number;
  code: string | null;
  tour: TourPackage | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

interface Cell {
  value: RawValue;
  unit: string | null;
}

/** The row's cells by tour field: cleaned, empty ones left out. */
class RowCells {
  readonly cells = new Map<TourField, Cell>();
  readonly problems: TourProblem[] = [];
  readonly warnings: { field: string; code: 'CELL_INVISIBLE_CHARACTERS_REMOVED'; message: string }[] = [];

  constructor(
    record: RawRecord,
    private readonly context: TourRowContext,
  ) {
    for (const [key, value] of record.fields) {
      const column = context.columnOf(key);
      if (column === null || this.cells.has(column.field)) continue;
      const clean = this.clean(value, column.field);
      if (clean === null) continue;
      this.cells.set(column.field, { value: clean, unit: column.unit });
    }
  }

  private clean(value: RawValue, field: string): RawValue | null {
    if (Array.isArray(value)) {
      const items = value.map((item) => this.clean(item, field)).filter((item) => item !== null);
      return items.length === 0 ? null : items;
    }
    if (typeof value !== 'string') return value;
    const verdict = cleanCell(value, this.context.maxCellChars);
    if (!verdict.ok) {
      this.problems.push({ field, code: verdict.problem.code, message: verdict.problem.message });
      return null;
    }
    if (verdict.warning !== null) this.warnings.push({ field, ...verdict.warning });
    const text = verdict.text.trim();
    return text === '' ? null : text;
  }

  value(field: TourField): RawValue | undefined {
    return this.cells.get(field)?.value;
  }

  text(field: TourField): string | undefined {
    const value = this.value(field);
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map(cellText).join('; ') : cellText(value).trim();
  }

  unit(field: TourField): string | null {
    return this.cells.get(field)?.unit ?? null;
  }

  /** Reads a field with its parser, recording problems; undefined when absent or refused. */
  read<T>(field: TourField, parse: (text: string) => TourParsed<T>): T | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    return this.take(parse(text));
  }

  take<T>(result: TourParsed<T>): T | undefined {
    if (result.ok) return result.value;
    this.problems.push(...result.problems);
    return undefined;
  }

  missing(field: string, what: string): void {
    this.problems.push({ field, code: 'TOUR_REQUIRED_MISSING', message: `The tour has no ${what}.` });
  }
}

function price(cells: RowCells, field: TourField, defaultCurrency: CurrencyCode | null): Money | undefined {
  const amount = cells.value(field);
  if (amount === undefined) return undefined;
  const currencyCell = cells.value('currency');
  const result = resolvePrice({
    amount,
    ...(currencyCell === undefined ? {} : { currency: currencyCell }),
    headerCurrency: findInUnit(cells.unit(field), resolveCurrency),
    defaultCurrency,
  });
  for (const problem of result.problems) {
    cells.problems.push({
      field,
      code: 'TOUR_PRICE_INVALID',
      message: `${problem.message} (${problem.code})`,
    });
  }
  return result.money ?? undefined;
}

function prices(cells: RowCells, context: TourRowContext): TourPackage['prices'] | undefined {
  const adult = price(cells, 'prices.adult', context.defaultCurrency);
  if (adult === undefined && cells.value('prices.adult') === undefined)
    cells.missing('prices.adult', 'adult price');
  const child = price(cells, 'prices.child.price', context.defaultCurrency);
  const single = price(cells, 'prices.singleSupplement', context.defaultCurrency);
  let band: { minAge: number; maxAge: number } | undefined;
  if (cells.value('prices.child.price') !== undefined) {
    band = cells.read('prices.child.ages', (text) => parseAgeBand(text, 'prices.child.ages'));
    const min = cells.read('prices.child.minAge', (text) =>
      parseWholeNumberIn(text, 'prices.child.minAge', 'an age'),
    );
    const max = cells.read('prices.child.maxAge', (text) =>
      parseWholeNumberIn(text, 'prices.child.maxAge', 'an age'),
    );
    if (band === undefined && min !== undefined && max !== undefined) band = { minAge: min, maxAge: max };
    if (band === undefined && cells.text('prices.child.ages') === undefined)
      cells.missing('prices.child.ages', 'age band for its child price ("5-12" in a child ages column)');
  }
  if (adult === undefined) return undefined;
  return {
    adult,
    ...(child === undefined || band === undefined ? {} : { child: { price: child, ...band } }),
    ...(single === undefined ? {} : { singleSupplement: single }),
  };
}

function duration(cells: RowCells): TourPackage['duration'] | undefined {
  const cell = cells.value('duration');
  if (cell !== undefined) return cells.take(parseDuration(cell, cells.unit('duration')));
  const hours = cells.text('duration.hours');
  if (hours !== undefined) return cells.take(parseDuration(hours, 'hours'));
  const days = cells.read('duration.days', (text) =>
    parseWholeNumberIn(text, 'duration', 'a number of days'),
  );
  if (days === undefined) {
    if (cells.text('duration.days') === undefined) cells.missing('duration', 'duration');
    return undefined;
  }
  const nights = cells.read('duration.nights', (text) =>
    parseWholeNumberIn(text, 'duration', 'a number of nights'),
  );
  return { days, nights: nights ?? days - 1 };
}

function departures(cells: RowCells, second: SecondTableRows | null): Departures | undefined {
  const seatsText = cells.text('departures.seats');
  const seats =
    seatsText === undefined
      ? undefined
      : cells.take(parseWholeNumberIn(seatsText, 'departures.seats', 'a number of seats'));
  const inCell = cells.take(
    parseDepartureCells({
      cell: cells.text('departures') ?? '',
      ...optional('season', cells.text('departures.season')),
      ...optional('from', cells.text('departures.from')),
      ...optional('to', cells.text('departures.to')),
      ...optional('blackouts', cells.text('departures.blackouts')),
      ...optional('seats', seats),
    }),
  );
  const listed = second?.departures ?? [];
  if (inCell !== undefined && inCell !== null && listed.length > 0) {
    cells.problems.push({
      field: 'departures',
      code: 'TOUR_DEPARTURES_INVALID',
      message:
        'The departures are both in the departures cell and in the departures table; keep them in one place.',
    });
    return undefined;
  }
  if (inCell !== undefined && inCell !== null) return inCell;
  if (listed.length > 0) {
    const dates: { date: string; seats: number }[] = [];
    for (const departure of listed) {
      const count = departure.seats ?? seats;
      if (count === undefined) {
        cells.problems.push({
          field: 'departures.seats',
          code: 'TOUR_DEPARTURES_INVALID',
          message: `The departure of ${departure.date} has no seats, and the tour has no seats column.`,
        });
      } else dates.push({ date: departure.date, seats: count });
    }
    return dates.length === listed.length ? { kind: 'dates', dates } : undefined;
  }
  const refusedElsewhere = [...cells.problems, ...(second?.problems ?? [])].some((problem) =>
    problem.field.startsWith('departures'),
  );
  if (inCell === null && !refusedElsewhere)
    cells.missing(
      'departures',
      'departures (dates or weekdays in a departures column, or rows in a departures table)',
    );
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function itinerary(cells: RowCells, second: SecondTableRows | null): ItineraryDay[] {
  const inCell = cells.read('itinerary', parseItineraryCell) ?? [];
  const listed = second?.itinerary ?? [];
  if (inCell.length > 0 && listed.length > 0) {
    cells.problems.push({
      field: 'itinerary',
      code: 'TOUR_ITINERARY_INVALID',
      message:
        'The itinerary is both in the itinerary cell and in the itinerary table; keep it in one place.',
    });
    return [];
  }
  return inCell.length > 0 ? inCell : listed;
}

function places(cells: RowCells): Pick<TourPackage, 'destinations' | 'start' | 'end'> | undefined {
  const destinations = cells.value('destinations');
  const ids = destinations === undefined ? undefined : cells.take(parsePlaces(destinations, 'destinations'));
  if (destinations === undefined) cells.missing('destinations', 'destinations');
  const start = cells.read('start.placeId', (text) => parsePlace(text, 'start.placeId'));
  if (cells.text('start.placeId') === undefined)
    cells.missing('start.placeId', 'start place (the town it starts from)');
  const endText = cells.text('end.placeId');
  // A tour ends where it starts unless an end column says otherwise.
  const end = endText === undefined ? start : cells.take(parsePlace(endText, 'end.placeId'));
  if (ids === undefined || start === undefined || end === undefined) return undefined;
  const startPoint = cells.text('start.meetingPoint');
  const endPoint = cells.text('end.meetingPoint');
  return {
    destinations: ids,
    start: { placeId: start, ...(startPoint === undefined ? {} : { meetingPoint: startPoint }) },
    end: { placeId: end, ...(endPoint === undefined ? {} : { meetingPoint: endPoint }) },
  };
}

function groupSize(cells: RowCells): TourPackage['groupSize'] | undefined {
  const cell = cells.read('groupSize', parseGroupSize);
  if (cell !== undefined) return cell;
  const min = cells.read('groupSize.min', (text) =>
    parseWholeNumberIn(text, 'groupSize.min', 'a number of people'),
  );
  const max = cells.read('groupSize.max', (text) =>
    parseWholeNumberIn(text, 'groupSize.max', 'a number of people'),
  );
  if (max !== undefined) return { min: min ?? 1, max };
  if (cells.text('groupSize') === undefined && cells.text('groupSize.max') === undefined)
    cells.missing('groupSize', 'group size ("2-6" in a group size column)');
  return undefined;
}

function images(cells: RowCells): string[] {
  const value = cells.value('images');
  if (value === undefined) return [];
  const read = parseImageUrls(value);
  for (const problem of read.problems)
    cells.problems.push({ field: 'images', code: 'TOUR_VALUE_INVALID', message: problem.message });
  return read.urls;
}

function names(cells: RowCells): TourPackage['names'] {
  const found: TourPackage['names'] = {};
  for (const locale of ['en', 'fr', 'rw', 'zh-CN'] as const) {
    const text = cells.text(`names.${locale}`);
    if (text !== undefined) found[locale] = text;
  }
  if (Object.keys(found).length === 0) cells.missing('names', 'name in any language');
  return found;
}

function producerClaim(cells: RowCells, producerId: string): void {
  const claimed = cells.text('producerId');
  if (claimed === undefined || normaliseKey(claimed).key === normaliseKey(producerId).key) return;
  cells.problems.push({
    field: 'producerId',
    code: 'PRODUCER_MISMATCH',
    message: `The row gives the operator as ${quoteValue(claimed)}, but the file is uploaded by ${quoteValue(producerId)}.`,
  });
}

function required<T>(cells: RowCells, field: TourField, what: string, read: T | undefined): T | undefined {
  if (read === undefined && cells.text(field) === undefined) cells.missing(field, what);
  return read;
}

/** The package a row describes, before the model checks it; undefined where a part was refused. */
function assemble(cells: RowCells, code: string, context: TourRowContext, second: SecondTableRows | null) {
  producerClaim(cells, context.producerId);
  const description = cells.text('description');
  const minimumAge = cells.read('minimumAge', (text) =>
    parseWholeNumberIn(text, 'minimumAge', 'an age in years'),
  );
  const fitnessLevel = cells.read('fitnessLevel', parseFitness);
  const languages = cells.value('guideLanguages');
  const tiers = cells.read('cancellationTiers', parseCancellationTiers) ?? [];
  const inclusions = cells.value('inclusions');
  const exclusions = cells.value('exclusions');
  return {
    producerId: context.producerId,
    code,
    names: names(cells),
    ...(description === undefined ? {} : { description }),
    highlights:
      cells.value('highlights') === undefined ? [] : parseHighlights(cells.value('highlights') ?? ''),
    category: required(
      cells,
      'category',
      'category (gorilla trekking, safari, circuit...)',
      cells.read('category', parseCategory),
    ),
    ...places(cells),
    duration: duration(cells),
    itinerary: itinerary(cells, second),
    inclusions: inclusions === undefined ? [] : parseFeeItems(inclusions),
    exclusions: exclusions === undefined ? [] : parseFeeItems(exclusions),
    guideLanguages: languages === undefined ? [] : (cells.take(parseLanguages(languages)) ?? []),
    groupSize: groupSize(cells),
    ...(minimumAge === undefined ? {} : { minimumAge }),
    ...(fitnessLevel === undefined ? {} : { fitnessLevel }),
    prices: prices(cells, context),
    departures: departures(cells, second),
    bookingCutoff: required(
      cells,
      'bookingCutoff',
      'booking cut-off ("2 days before, 18:00")',
      cells.read('bookingCutoff', parseBookingCutoff),
    ),
    confirmation: required(
      cells,
      'confirmation',
      'confirmation ("instant" or "within 6 hours")',
      cells.read('confirmation', parseConfirmation),
    ),
    cancellationTiers: tiers,
    images: images(cells),
  };
}

/** A problem as the row issue the report lists. */
export function issue(row: number, code: string | null, problem: TourProblem): RowIssue {
  return { row, sku: code, field: problem.field, code: problem.code, message: problem.message };
}

/**
 * Reads one tour row. `second` holds the tour's rows of the second tables (its departures and
 * itinerary days) and their problems, which reject the tour too.
 */
export function parseTourRow(
  record: RawRecord,
  context: TourRowContext,
  second: (code: string) => SecondTableRows | null,
): TourRowOutcome | null {
  const cells = new RowCells(record, context);
  if (cells.cells.size === 0 && cells.problems.length === 0) return null;
  const codeText = cells.text('code');
  const code = codeText ?? null;
  const secondRows = code === null ? null : second(code);
  const warnings = cells.warnings.map((warning) => ({ row: record.row, sku: code, ...warning }));
  if (code === null) cells.missing('code', 'code (the tour code, your product key)');
  const draft = assemble(cells, code ?? '', context, secondRows);
  const problems = [...cells.problems, ...(secondRows?.problems ?? [])];
  if (problems.length > 0 || code === null) {
    return {
      row: record.row,
      code,
      tour: null,
      errors: problems.map((problem) => issue(record.row, code, problem)),
      warnings,
    };
  }
  const checked = tourPackageSchema.safeParse(draft);
  if (!checked.success) {
    return {
      row: record.row,
      code,
      tour: null,
      warnings,
      errors: checked.error.issues.map((zodIssue) =>
        issue(record.row, code, {
          field: zodIssue.path.map(String).join('.') || 'tour',
          code: zodIssue.path[0] === 'itinerary' ? 'TOUR_ITINERARY_INVALID' : 'TOUR_VALUE_INVALID',
          message: `${zodIssue.path.map(String).join('.') || 'The tour'}: ${zodIssue.message}.`,
        }),
      ),
    };
  }
  const tooLarge = tourLimitProblem(checked.data);
  if (tooLarge !== null) {
    const problem = { field: 'tour', code: 'TOUR_TOO_LARGE' as const, message: tooLarge };
    return { row: record.row, code, tour: null, warnings, errors: [issue(record.row, code, problem)] };
  }
  return { row: record.row, code, tour: checked.data, errors: [], warnings };
}

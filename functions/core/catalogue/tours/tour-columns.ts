/**
 * Tour headers mapped to tour fields, the same way product headers are (whole alias first, then
 * words: headers.ts), and what tells a tour catalogue from a product catalogue: its header names
 * at least two fields only tours have (a duration, departures, an itinerary, a group size...),
 * that no product alias claims.
 */
import type { ColumnReport } from '../columns/column-plan.ts';
import { matchHeader } from '../headers.ts';
import type { Locale } from '../model.ts';
import { findInUnit, resolveLocale } from '../vocabulary.ts';
import { AliasTable } from './alias-table.ts';
import { TOUR_ALIASES, type TourField } from './tour-aliases.ts';

export interface TourColumn {
  field: TourField;
  /** What the header said in brackets or as unit words ("usd", "en", "jours"), for the value parsers. */
  unit: string | null;
}

const NAME_FIELDS: Readonly<Record<Locale, TourField>> = {
  en: 'names.en',
  fr: 'names.fr',
  rw: 'names.rw',
  'zh-CN': 'names.zh-CN',
};

const tourTable = new AliasTable<TourField>(TOUR_ALIASES);

/** The tour field one header or JSON key names, or null. A name column takes its header's language. */
export function matchTourHeader(header: string): TourColumn | null {
  const found = tourTable.match(header);
  if (found === null) return null;
  if (found.field.startsWith('names.')) {
    const locale = findInUnit(found.unit, resolveLocale);
    if (locale !== null) return { field: NAME_FIELDS[locale], unit: found.unit };
  }
  return found;
}

/** Fields a product catalogue may share with a tour catalogue: they tell nothing about its kind. */
const SHARED_FIELDS: ReadonlySet<TourField> = new Set<TourField>([
  'producerId',
  'code',
  'names.en',
  'names.fr',
  'names.rw',
  'names.zh-CN',
  'description',
  'images',
  'currency',
  'prices.adult',
]);

/** A header naming a field only tours have, and no product field. */
function tourOnlyField(header: string): TourField | null {
  const tour = matchTourHeader(header);
  if (tour === null || SHARED_FIELDS.has(tour.field)) return null;
  return matchHeader(header).kind === 'match' ? null : tour.field;
}

/** A tour header names at least this many tour-only fields; no product catalogue does. */
export const MIN_TOUR_ONLY_FIELDS = 2;

/** How much a row looks like a tour table's header: fields it names, tour-only ones counting double. */
export function scoreTourHeader(cells: readonly (string | undefined)[]): { score: number; tourOnly: number } {
  const fields = new Set<TourField>();
  const only = new Set<TourField>();
  let score = 0;
  for (const cell of cells) {
    const text = cell?.trim() ?? '';
    if (text === '') continue;
    if (/^[-+]?[\d\s.,]+$/u.test(text)) {
      score -= 1;
      continue;
    }
    const column = matchTourHeader(text);
    if (column === null || fields.has(column.field)) continue;
    fields.add(column.field);
    score += 1;
    const onlyField = tourOnlyField(text);
    if (onlyField !== null && !only.has(onlyField)) {
      only.add(onlyField);
      score += 1;
    }
  }
  return { score, tourOnly: only.size };
}

/** Whether a header row (or a JSON item's keys) is a tour catalogue's. */
export function isTourHeader(cells: readonly (string | undefined)[]): boolean {
  return scoreTourHeader(cells).tourOnly >= MIN_TOUR_ONLY_FIELDS;
}

/** The column plan of a tour table: each header's field (the first column naming a field takes it). */
export interface TourColumnPlan {
  byHeader: ReadonlyMap<string, TourColumn>;
  report: ColumnReport[];
  /** Headers naming no field, or a field an earlier column took. */
  unknown: string[];
  duplicates: { header: string; field: TourField; takenBy: string }[];
}

export function planTourColumns(headers: readonly string[]): TourColumnPlan {
  const byHeader = new Map<string, TourColumn>();
  const taken = new Map<TourField, string>();
  const report: ColumnReport[] = [];
  const unknown: string[] = [];
  const duplicates: TourColumnPlan['duplicates'] = [];
  headers.forEach((header, index) => {
    const column = matchTourHeader(header);
    const takenBy = column === null ? undefined : taken.get(column.field);
    if (column === null || takenBy !== undefined) {
      if (column === null) unknown.push(header);
      else if (takenBy !== undefined) duplicates.push({ header, field: column.field, takenBy });
      report.push({ index, header, field: null, via: null, suggestions: suggestTourFields(header) });
      return;
    }
    taken.set(column.field, header);
    byHeader.set(header, column);
    report.push({
      index,
      header,
      field: column.field,
      via: column.unit === null ? 'alias' : 'header-unit',
      suggestions: [],
    });
  });
  return { byHeader, report, unknown, duplicates };
}

export function suggestTourFields(header: string, limit = 3): TourField[] {
  return tourTable.suggest(header, limit);
}

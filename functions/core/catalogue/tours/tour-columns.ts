/**
 * Tour headers mapped to tour fields, the same way product headers are (whole alias first, then
 * words: headers.ts), and what tells a tour catalogue from a product catalogue: its header names
 * at least two fields only tours have (a duration, departures, an itinerary, a group size...),
 * that no product alias claims.
 */
import type { ColumnReport, ColumnVia } from '../columns/column-plan.ts';
import { matchHeader } from '../headers.ts';
import type { Locale } from '../model.ts';
import { normaliseKey } from '../normalise-key.ts';
import type { ProfileLookup } from '../producer-profile.ts';
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

/** How a tour table reads one header: the producer's profile first, then the alias table. */
export type TourHeaderReading =
  | { kind: 'column'; column: TourColumn; via: 'profile' | 'alias' | 'header-unit' }
  /** The profile says `ignore`. */
  | { kind: 'ignored' }
  /** The profile maps it to a field only products have (`stock`, `attributes.<name>`). */
  | { kind: 'product'; target: string }
  | { kind: 'unknown' };

/**
 * The tour field a header feeds. The profile's mapping wins over the aliases, as for products;
 * the header's bracket still gives its unit ("Prix safari (USD)" mapped to `prices.adult`).
 */
export function readTourHeader(header: string, profile?: ProfileLookup): TourHeaderReading {
  const own = profile?.tourColumn(header);
  if (own !== undefined) {
    if (own.kind === 'ignore') return { kind: 'ignored' };
    if (own.kind === 'product') return { kind: 'product', target: own.target };
    return { kind: 'column', column: { field: own.field, unit: normaliseKey(header).unit }, via: 'profile' };
  }
  const column = matchTourHeader(header);
  if (column === null) return { kind: 'unknown' };
  return { kind: 'column', column, via: column.unit === null ? 'alias' : 'header-unit' };
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

/**
 * A header naming a field only tours have, and no product field. A profile mapping onto a tour
 * field counts as one whatever a product alias says: the producer said so.
 */
function tourOnlyField(header: string, reading: TourHeaderReading): TourField | null {
  if (reading.kind !== 'column' || SHARED_FIELDS.has(reading.column.field)) return null;
  if (reading.via === 'profile') return reading.column.field;
  return matchHeader(header).kind === 'match' ? null : reading.column.field;
}

/** A tour header names at least this many tour-only fields; no product catalogue does. */
export const MIN_TOUR_ONLY_FIELDS = 2;

/** How much a row looks like a tour table's header: fields it names, tour-only ones counting double. */
export function scoreTourHeader(
  cells: readonly (string | undefined)[],
  profile?: ProfileLookup,
): { score: number; tourOnly: number } {
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
    const reading = readTourHeader(text, profile);
    if (reading.kind !== 'column' || fields.has(reading.column.field)) continue;
    fields.add(reading.column.field);
    score += 1;
    const onlyField = tourOnlyField(text, reading);
    if (onlyField !== null && !only.has(onlyField)) {
      only.add(onlyField);
      score += 1;
    }
  }
  return { score, tourOnly: only.size };
}

/** Whether a header row (or a JSON item's keys) is a tour catalogue's. */
export function isTourHeader(cells: readonly (string | undefined)[], profile?: ProfileLookup): boolean {
  return scoreTourHeader(cells, profile).tourOnly >= MIN_TOUR_ONLY_FIELDS;
}

/** The column plan of a tour table: each header's field (the first column naming a field takes it). */
export interface TourColumnPlan {
  byHeader: ReadonlyMap<string, TourColumn>;
  report: ColumnReport[];
  /** Headers naming no field, or a field an earlier column took. */
  unknown: string[];
  duplicates: { header: string; field: TourField; takenBy: string }[];
  /** Headers the profile maps to a field only products have, with that field. */
  productOnly: { header: string; target: string }[];
}

/**
 * Plans a tour table's columns. Columns the profile maps claim their fields first (the
 * producer's word is the strongest claim), then the others in order: the first naming a field
 * takes it, a later one is a duplicate.
 */
export function planTourColumns(headers: readonly string[], profile?: ProfileLookup): TourColumnPlan {
  const byHeader = new Map<string, TourColumn>();
  const taken = new Map<TourField, string>();
  const unknown: string[] = [];
  const duplicates: TourColumnPlan['duplicates'] = [];
  const productOnly: TourColumnPlan['productOnly'] = [];
  const readings = headers.map((header) => readTourHeader(header, profile));
  const claims = readings.flatMap((reading, index) =>
    reading.kind === 'column' ? [{ index, reading }] : [],
  );
  const order = [
    ...claims.filter(({ reading }) => reading.via === 'profile'),
    ...claims.filter(({ reading }) => reading.via !== 'profile'),
  ];
  const fieldOf = new Map<number, { column: TourColumn; via: ColumnVia }>();
  for (const { index, reading } of order) {
    const header = headers[index] ?? '';
    const takenBy = taken.get(reading.column.field);
    if (takenBy !== undefined) {
      duplicates.push({ header, field: reading.column.field, takenBy });
      continue;
    }
    taken.set(reading.column.field, header);
    byHeader.set(header, reading.column);
    fieldOf.set(index, { column: reading.column, via: reading.via });
  }
  const report: ColumnReport[] = headers.map((header, index) => {
    const reading = readings[index];
    const read = fieldOf.get(index);
    if (read !== undefined)
      return { index, header, field: read.column.field, via: read.via, suggestions: [] };
    if (reading?.kind === 'ignored') return { index, header, field: null, via: 'ignored', suggestions: [] };
    if (reading?.kind === 'product') productOnly.push({ header, target: reading.target });
    if (reading?.kind === 'unknown') unknown.push(header);
    return { index, header, field: null, via: null, suggestions: suggestTourFields(header) };
  });
  duplicates.sort((a, b) => headers.indexOf(a.header) - headers.indexOf(b.header));
  return { byHeader, report, unknown, duplicates, productOnly };
}

export function suggestTourFields(header: string, limit = 3): TourField[] {
  return tourTable.suggest(header, limit);
}

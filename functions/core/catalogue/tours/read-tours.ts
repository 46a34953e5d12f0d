/**
 * A tour catalogue, once its columns have told it is one (offering-kind.ts): the second tables
 * first (a workbook's Departures and Itinerary sheets), then every tour row to a TourPackage
 * (tour-row.ts), handed on as it is read. A JSON document's second arrays ("departures",
 * "itinerary") may come after the tours, so a JSON catalogue's tours are held until its end.
 *
 * Bounds (TOUR_LIMITS): a tour catalogue is small (an operator sells tens of packages, not
 * thousands) and what is held for it is bounded: at most 5,000 tour rows, 100,000 rows of second
 * tables and 32 MiB of file; past any of them the file is refused with TOUR_CATALOGUE_TOO_LARGE.
 */
import { CatalogueFileError, type RowIssue } from '../codes.ts';
import type { ColumnReport } from '../columns/column-plan.ts';
import { HEADER_SEARCH_ROWS, isRepeatedHeader } from '../columns/table-shape.ts';
import { isProducerField, refuseForeignProducerClaims } from '../parse-catalogue.ts';
import { ProfileLookup } from '../producer-profile.ts';
import type { ReadCatalogueOptions, RowCounts } from '../read-catalogue.ts';
import type { AcceptedOfferingHandler, OfferingsSummary } from '../read-offerings.ts';
import { describeBytes } from '../readers/chunk-stream.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type RawRecord,
  type RawValue,
  type TableLayoutLike,
} from '../readers/raw-record.ts';
import { quoteValue } from '../values/cell-text.ts';
import { AliasTable } from './alias-table.ts';
import { isCanonicalTour, parseCanonicalTour } from './canonical-tour.ts';
import { columnWarnings, UnknownKeys } from './column-warnings.ts';
import { type SecondTable, SecondTables } from './second-tables.ts';
import {
  DEPARTURE_TABLE_ALIASES,
  ITINERARY_TABLE_ALIASES,
  REQUIRED_TOUR_COLUMNS,
  SECOND_TABLE_FIELDS,
  type SecondTableKind,
} from './tour-aliases.ts';
import {
  matchTourHeader,
  planTourColumns,
  readTourHeader,
  suggestTourFields,
  type TourColumn,
  type TourHeaderReading,
} from './tour-columns.ts';
import { parseTourRow, type TourRowOutcome } from './tour-row.ts';

export const TOUR_LIMITS = {
  maxTours: 5_000,
  maxSecondTableRows: 100_000,
  maxBytes: 32 * 1024 * 1024,
} as const;

export interface TourLimits {
  maxTours: number;
  maxSecondTableRows: number;
  maxBytes: number;
}

const SECOND_TABLE_KINDS: ReadonlySet<string> = new Set(SECOND_TABLE_FIELDS);

/**
 * Which second table a sheet's or JSON member's name says it holds, if any: the name read as a
 * tour column header naming the departures or itinerary field (tour-aliases.ts, one table).
 */
export function secondTableKindOf(name: string): SecondTableKind | null {
  const field = matchTourHeader(name)?.field;
  return field !== undefined && SECOND_TABLE_KINDS.has(field) ? (field as SecondTableKind) : null;
}

const SECOND_COLUMNS = {
  departures: new AliasTable(DEPARTURE_TABLE_ALIASES),
  itinerary: new AliasTable(ITINERARY_TABLE_ALIASES),
};

/** A second sheet's header: the first of its first rows naming two of the table's columns. */
function secondTableLayout(kind: SecondTableKind): TableLayoutLike {
  const table: AliasTable<string> = SECOND_COLUMNS[kind];
  const score = (cells: readonly (string | undefined)[]) =>
    new Set(
      cells
        .flatMap((cell) =>
          cell === undefined || cell.trim() === '' ? [] : [table.match(cell)?.field ?? null],
        )
        .filter((field) => field !== null),
    ).size;
  return {
    searchRows: HEADER_SEARCH_ROWS,
    findHeader: (rows) =>
      Math.max(
        0,
        rows.findIndex((cells) => score(cells) >= 2),
      ),
    scoreHeader: score,
  };
}

function tooLarge(what: string, limits: TourLimits): CatalogueFileError {
  return new CatalogueFileError(
    'TOUR_CATALOGUE_TOO_LARGE',
    `The tour catalogue has ${what}; a tour catalogue may have at most ${limits.maxTours} tours, ${limits.maxSecondTableRows} rows of departures and itinerary tables, and ${describeBytes(limits.maxBytes)}. Split it into smaller files.`,
  );
}

async function collectRows(
  rows: AsyncIterable<RawRecord>,
  limits: TourLimits,
  count: { rows: number },
): Promise<RawRecord[]> {
  const kept: RawRecord[] = [];
  for await (const record of rows) {
    count.rows += 1;
    if (count.rows > limits.maxSecondTableRows)
      throw tooLarge(`more than ${limits.maxSecondTableRows} rows of second tables`, limits);
    kept.push(record);
  }
  return kept;
}

/** A workbook's Departures / Itinerary sheets (by name), read before the tours. */
async function readSecondSheets(
  source: CatalogueSource,
  tables: SecondTables,
  limits: TourLimits,
): Promise<string[]> {
  const read: string[] = [];
  const count = { rows: 0 };
  for (const name of source.otherSheets?.names ?? []) {
    const kind = secondTableKindOf(name);
    if (kind === null || source.otherSheets === undefined) continue;
    const rows = await collectRows(source.otherSheets.records(name, secondTableLayout(kind)), limits, count);
    tables.add({ kind, label: `Sheet ${JSON.stringify(name)}`, rows });
    read.push(name);
  }
  return read;
}

/** A name outside the tours that gives the file's operator: a producer column's, or "operator", "opérateur". */
export function isTourProducerField(name: string): boolean {
  return isProducerField(name) || matchTourHeader(name)?.field === 'producerId';
}

/** JSON second arrays, kept as document fields ("departures.0.tour", ...), back as rows. */
function secondArrays(source: CatalogueSource, tables: SecondTables, limits: TourLimits): void {
  const byMember = new Map<string, Map<number, Map<string, RawValue>>>();
  for (const field of source.documentFields?.() ?? []) {
    const match = /^([^.]+)\.(\d+)\.(.+)$/u.exec(field.name);
    if (match === null || secondTableKindOf(match[1] ?? '') === null) continue;
    const member = match[1] ?? '';
    const rows = byMember.get(member) ?? new Map<number, Map<string, RawValue>>();
    byMember.set(member, rows);
    const index = Number(match[2]);
    const row = rows.get(index) ?? new Map<string, RawValue>();
    rows.set(index, row);
    row.set(match[3] ?? '', field.value);
  }
  let count = 0;
  for (const [member, rows] of byMember) {
    count += rows.size;
    if (count > limits.maxSecondTableRows)
      throw tooLarge(`more than ${limits.maxSecondTableRows} rows of second tables`, limits);
    const kind = secondTableKindOf(member) as SecondTableKind;
    tables.add({
      kind,
      label: `The ${JSON.stringify(member)} array`,
      rows: [...rows].map(([index, fields]) => ({ row: index + 1, fields })),
    });
  }
}

const NESTED = /^([^.]+)\.(\d+)\.(.+)$/u;

function isNestedSecondRow(key: string): boolean {
  const match = NESTED.exec(key);
  return match !== null && secondTableKindOf(match[1] ?? '') !== null;
}

/** A JSON tour's own nested lists of objects ("itinerary.0.title") as second-table rows of its code. */
function nestedRows(record: RawRecord, code: string | null, tables: SecondTables): RawRecord {
  const groups = new Map<string, Map<number, Map<string, RawValue>>>();
  const rest = new Map<string, RawValue>();
  for (const [key, value] of record.fields) {
    const match = NESTED.exec(key);
    const kind = match === null ? null : secondTableKindOf(match[1] ?? '');
    if (match === null || kind === null) {
      rest.set(key, value);
      continue;
    }
    const group = groups.get(kind) ?? new Map<number, Map<string, RawValue>>();
    groups.set(kind, group);
    const index = Number(match[2]);
    const fields = group.get(index) ?? new Map<string, RawValue>();
    group.set(index, fields);
    fields.set(match[3] ?? '', value);
  }
  if (code !== null) {
    for (const [kind, group] of groups) {
      const table: SecondTable = {
        kind: kind as SecondTableKind,
        label: `Tour ${quoteValue(code)} ${kind}`,
        rows: [],
      };
      for (const [index, fields] of group) tables.addRow(code, table, { row: index + 1, fields });
    }
  }
  return { ...record, fields: rest };
}

function missingColumns(plan: ReadonlyMap<string, TourColumn>, line: number): void {
  const fields = new Set([...plan.values()].map((column) => column.field));
  const missing = REQUIRED_TOUR_COLUMNS.filter((group) => !group.some((field) => fields.has(field))).map(
    (group) => (group.length > 1 ? 'a name' : group[0]),
  );
  if (missing.length === 0) return;
  throw new CatalogueFileError(
    'TOUR_HEADER_COLUMN_MISSING',
    `The header on line ${line} is a tour catalogue's, but has no column for ${missing.join(', ')}; every tour needs a code, a name and an adult price (see docs/tour-packages.md for the accepted names).`,
    line,
  );
}

export interface ReadToursInput {
  source: CatalogueSource;
  /** The records, the first already read to tell the kind, replayed. */
  records: AsyncIterable<RawRecord>;
  /** Bytes of the file read so far (the whole file once the records are read). */
  bytesRead: () => number;
  limits?: Partial<TourLimits>;
}

/** Reads a tour catalogue and hands each accepted tour on as soon as it is read. */
export async function readTours(
  input: ReadToursInput,
  options: ReadCatalogueOptions,
  onOffering: AcceptedOfferingHandler,
): Promise<OfferingsSummary> {
  const limits: TourLimits = { ...TOUR_LIMITS, ...options.tourLimits, ...input.limits };
  const { source } = input;
  const maxCellChars = options.limits?.maxCellChars ?? DEFAULT_READER_LIMITS.maxCellChars;
  const checkBytes = () => {
    if (input.bytesRead() > limits.maxBytes)
      throw tooLarge(`more than ${describeBytes(limits.maxBytes)}`, limits);
  };
  checkBytes();
  const tables = new SecondTables(maxCellChars);
  await readSecondSheets(source, tables, limits);
  const rows: RowCounts = { total: 0, accepted: 0, rejected: 0, skipped: 0 };
  /** Codes accepted so far, without case: a later row with one is TOUR_CODE_DUPLICATE. */
  const seen = new Set<string>();
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const report = async (kind: 'error' | 'warning', issue: RowIssue) => {
    if (options.onIssue !== undefined) await options.onIssue(kind, issue);
    else (kind === 'error' ? errors : warnings).push(issue);
  };

  const header = source.header?.() ?? null;
  const profile = options.profile === undefined ? undefined : new ProfileLookup(options.profile);
  const lateColumns = new Map<string, TourHeaderReading>();
  const plan = header === null ? null : planTourColumns(header.names, profile);
  if (plan !== null && header !== null) missingColumns(plan.byHeader, header.line);
  const unknownKeys = new UnknownKeys();
  const columnOf = (key: string): TourColumn | null => {
    if (plan !== null) return plan.byHeader.get(key) ?? null;
    let reading = lateColumns.get(key);
    if (reading === undefined) {
      reading = readTourHeader(key, profile);
      lateColumns.set(key, reading);
      unknownKeys.note(key, reading);
    }
    return reading.kind === 'column' ? reading.column : null;
  };
  const defaultCurrency = options.currency ?? options.profile?.defaults.currency ?? null;
  const context = { producerId: options.producerId, maxCellChars, defaultCurrency, columnOf };
  if (plan !== null) for (const warning of columnWarnings(plan)) await report('warning', warning);

  const isJson = source.format === 'json';
  /** JSON tours, each sheet-like or in the model's own shape (canonical-tour.ts), decided per object. */
  const held: { record: RawRecord; canonical: boolean }[] = [];
  const canonicalKeys = new Map<string, boolean>();
  // A tour's own nested lists ("itinerary.0.title") are second-table rows, never its columns.
  const codeKey = (record: RawRecord) =>
    [...record.fields.keys()].find((key) => !isNestedSecondRow(key) && columnOf(key)?.field === 'code');
  for await (const record of input.records) {
    options.checkpoint?.();
    checkBytes();
    if (held.length + rows.total >= limits.maxTours)
      throw tooLarge(`more than ${limits.maxTours} tours`, limits);
    if (isJson && isCanonicalTour(record)) {
      held.push({ record, canonical: true });
      continue;
    }
    if (isJson) {
      const key = codeKey(record);
      const code = key === undefined ? null : String(record.fields.get(key) ?? '').trim() || null;
      held.push({ record: nestedRows(record, code, tables), canonical: false });
      continue;
    }
    await readRow(record);
  }
  checkBytes();
  if (isJson) {
    // Before any tour is handed on: JSON tours are held until the whole file is read.
    refuseForeignProducerClaims(source.documentFields?.() ?? [], options.producerId, isTourProducerField);
    secondArrays(source, tables, limits);
    for (const { record, canonical } of held.splice(0)) await readRow(record, canonical);
  }
  for (const leftover of tables.leftovers()) await report('error', leftover);

  return {
    producerId: options.producerId,
    format: source.format,
    encoding: source.encoding,
    source: 'table',
    ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
    ...(header === null ? {} : { headerRow: header.line }),
    columns: plan?.report ?? jsonColumns(lateColumns, canonicalKeys),
    rows,
    errors,
    warnings,
    offeringKind: 'tour',
  };

  /** A canonical-shape tour, its keys noted for the report and its unknown ones warned about. */
  function readCanonical(record: RawRecord): TourRowOutcome {
    const read = parseCanonicalTour(record, { producerId: options.producerId, maxCellChars }, (code) =>
      tables.take(code),
    );
    for (const key of record.fields.keys()) {
      const top = key.split('.')[0] ?? key;
      if (!canonicalKeys.has(top)) canonicalKeys.set(top, !read.unknownKeys.includes(top));
    }
    for (const key of read.unknownKeys) unknownKeys.noteOutsideModel(key);
    return read;
  }

  async function readRow(record: RawRecord, canonical = false): Promise<void> {
    if (!isJson && isRepeatedHeader(record)) {
      rows.skipped += 1;
      await report('warning', {
        row: record.row,
        sku: null,
        field: null,
        code: 'ROW_HEADER_REPEATED',
        message: `Row ${record.row} repeats the column names; it was skipped.`,
      });
      return;
    }
    const outcome = canonical
      ? readCanonical(record)
      : parseTourRow(record, context, (code) => tables.take(code));
    for (const warning of unknownKeys.take()) await report('warning', warning);
    if (outcome === null) return;
    rows.total += 1;
    for (const warning of outcome.warnings) await report('warning', warning);
    if (outcome.tour !== null && seen.has(outcome.tour.code.toLowerCase())) {
      outcome.errors.push({
        row: record.row,
        sku: outcome.code,
        field: 'code',
        code: 'TOUR_CODE_DUPLICATE',
        message: `Tour code ${quoteValue(outcome.tour.code)} is already used by an earlier row; the earlier row is kept.`,
      });
      outcome.tour = null;
    }
    if (outcome.tour === null) {
      rows.rejected += 1;
      for (const error of outcome.errors) await report('error', error);
      return;
    }
    seen.add(outcome.tour.code.toLowerCase());
    rows.accepted += 1;
    await onOffering({ kind: 'tour', tour: outcome.tour }, record.row);
  }
}

function jsonColumns(
  columns: ReadonlyMap<string, TourHeaderReading>,
  canonicalKeys: ReadonlyMap<string, boolean>,
): ColumnReport[] {
  const report: ColumnReport[] = [...columns].map(([header, reading], index) => {
    if (reading.kind === 'column')
      return { index, header, field: reading.column.field, via: reading.via, suggestions: [] };
    if (reading.kind === 'ignored') return { index, header, field: null, via: 'ignored', suggestions: [] };
    return { index, header, field: null, via: null, suggestions: suggestTourFields(header) };
  });
  // A canonical tour's members are the model's own fields, named exactly.
  for (const [key, known] of canonicalKeys) {
    if (columns.has(key)) continue;
    report.push({
      index: report.length,
      header: key,
      field: known ? key : null,
      via: known ? 'alias' : null,
      suggestions: [],
    });
  }
  return report;
}

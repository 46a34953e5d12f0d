/** Builds RawRecords the way the readers would, so the parser is tested without any reader. */
import type { RowIssue } from '../../../functions/core/catalogue/codes.ts';
import {
  type CatalogueContext,
  type CatalogueEvent,
  parseCatalogue,
  type RowOutcome,
} from '../../../functions/core/catalogue/parse-catalogue.ts';
import type { RawRecord, RawValue } from '../../../functions/core/catalogue/readers/raw-record.ts';

export const PRODUCER = 'huye-mountain';

/** One record from [key, value] pairs; pairs rather than an object so keys like __proto__ stay data. */
export function record(row: number, pairs: [string, RawValue][], extra: Partial<RawRecord> = {}): RawRecord {
  return { row, fields: new Map(pairs), ...extra };
}

/** Tabular records: a header and rows of cells, numbered as spreadsheet lines from 2. */
export function table(header: string[], ...rows: RawValue[][]): RawRecord[] {
  return rows.map((cells, index) =>
    record(
      index + 2,
      header.map((key, column): [string, RawValue] => [key, cells[column] ?? '']),
    ),
  );
}

async function* stream(records: readonly RawRecord[]): AsyncGenerator<RawRecord> {
  for (const item of records) yield item;
}

/** Row and warning events; the one 'columns' event (how the columns were read) is tested apart. */
export type RowEvent = Exclude<CatalogueEvent, { kind: 'columns' }>;

export async function parseAll(
  records: readonly RawRecord[],
  context: Partial<CatalogueContext> = {},
): Promise<RowEvent[]> {
  const events: RowEvent[] = [];
  for await (const event of parseCatalogue(stream(records), { producerId: PRODUCER, ...context }))
    if (event.kind !== 'columns') events.push(event);
  return events;
}

export async function outcomesOf(
  records: readonly RawRecord[],
  context: Partial<CatalogueContext> = {},
): Promise<RowOutcome[]> {
  const events = await parseAll(records, context);
  return events.flatMap((event) => (event.kind === 'row' ? [event.outcome] : []));
}

export async function fileWarningsOf(records: readonly RawRecord[]): Promise<RowIssue[]> {
  const events = await parseAll(records);
  return events.flatMap((event) => (event.kind === 'file-warning' ? [event.issue] : []));
}

/** The single outcome of a one-row catalogue. */
export async function onlyOutcome(
  records: readonly RawRecord[],
  context: Partial<CatalogueContext> = {},
): Promise<RowOutcome> {
  const outcomes = await outcomesOf(records, context);
  const [first, ...rest] = outcomes;
  if (first === undefined || rest.length > 0) throw new Error(`expected one row, got ${outcomes.length}`);
  return first;
}

/** Issues as [code, field] pairs: what most assertions compare. */
export function codesOf(issues: readonly RowIssue[]): [string, string | null][] {
  return issues.map((issue) => [issue.code, issue.field]);
}

/** Each row as [accepted?, its errors, its warnings], as [code, field] pairs. */
export function verdictsOf(
  outcomes: readonly RowOutcome[],
): [boolean, [string, string | null][], [string, string | null][]][] {
  return outcomes.map((outcome) => [
    outcome.product !== null,
    codesOf(outcome.errors),
    codesOf(outcome.warnings),
  ]);
}

/** A minimal valid English row; tests add columns, or override one by repeating its header. */
export const BASE_HEADER = ['SKU', 'Name', 'Type', 'Price', 'Currency'];
export const BASE_ROW: RawValue[] = ['HMC-1', 'Green coffee', 'green coffee', '1500', 'RWF'];

export function baseWith(extraHeader: string[], extraCells: RawValue[], row = 2): RawRecord {
  const pairs = [...BASE_HEADER, ...extraHeader].map((key, index): [string, RawValue] => [
    key,
    [...BASE_ROW, ...extraCells][index] ?? '',
  ]);
  return record(row, pairs);
}

/**
 * From raw records to canonical products. The columns are decided once per file, from the
 * header and a sample of the first rows (columns/column-plan.ts), or by a shop system's own
 * rules when the header is its export's (shop-exports/); each row is then read field by field
 * (rows/). Runs at 100k-1M rows per file: nothing is decided per row that the plan decided, and
 * no regular expression is compiled per row.
 *
 * Products always belong to the uploading producer: a producer column only serves to refuse a
 * row that claims another producer (PRODUCER_MISMATCH), every producer column of it, and a file
 * that claims another producer as a whole is refused (FILE_PRODUCER_MISMATCH).
 */
import { CatalogueFileError, type RowIssue } from './codes.ts';
import {
  type ColumnDecision,
  type ColumnPlanContext,
  type ColumnReport,
  planColumns,
  planLateColumn,
  reportColumns,
} from './columns/column-plan.ts';
import { isRepeatedHeader, isTotalRow } from './columns/table-shape.ts';
import { type HeaderField, mapHeader, missingRequiredColumns } from './headers.ts';
import { normaliseKey } from './normalise-key.ts';
import { EMPTY_PROFILE, type ProducerProfile, ProfileLookup } from './producer-profile.ts';
import {
  type CatalogueFormat,
  DEFAULT_READER_LIMITS,
  type DocumentField,
  type RawRecord,
  type RawValue,
  type TableColumns,
} from './readers/raw-record.ts';
import { ProductRowParser, type RowExtras, type RowOutcome } from './rows/product-row.ts';
import { recogniseShopExport } from './shop-exports/recognise-shop-export.ts';
import type { ShopExport, ShopSystem } from './shop-exports/shop-export.ts';
import { cellText, quoteValue } from './values/cell-text.ts';

export type { RowOutcome } from './rows/product-row.ts';

/** What kind of file a catalogue is: an ordinary table or document, or a shop system's export. */
export type CatalogueSourceKind = 'table' | ShopSystem;

/**
 * 'columns' once, before anything else: how every column was read. 'row' for every non-empty
 * record, in file order. 'skip' for a row that is plainly not a product (a total line, a repeated
 * header, a shop's draft): a warning, counted apart. 'file-warning' for findings not tied to one
 * product: unknown or duplicate columns and runs of empty rows (one warning per run).
 */
export type CatalogueEvent =
  | { kind: 'columns'; source: CatalogueSourceKind; columns: ColumnReport[] }
  | { kind: 'row'; outcome: RowOutcome }
  | { kind: 'skip'; issue: RowIssue }
  | { kind: 'file-warning'; issue: RowIssue };

export interface CatalogueContext {
  /** The uploading producer: every product gets this id. */
  producerId: string;
  /** Longest text cell accepted; defaults to DEFAULT_READER_LIMITS.maxCellChars. */
  maxCellChars?: number;
  /** What the producer told us once: column mappings, value maps, defaults. */
  profile?: ProducerProfile;
  /** The file's format: tables (CSV, TSV, XLSX) have a header every row shares. */
  format?: CatalogueFormat;
  /** Tables: the header's names and line, once the reader has found it. */
  header?: () => TableColumns | null;
  /** The day a shop export's scheduled sale prices are judged against (yyyy-mm-dd). */
  today?: string;
}

/** Rows read before the columns are decided: enough to see what a column holds. */
export const SAMPLE_ROWS = 50;

const TABLE_FORMATS: ReadonlySet<CatalogueFormat> = new Set(['csv', 'tsv', 'xlsx']);

interface EmptyRun {
  first: number;
  last: number;
  count: number;
}

function emptyRunWarning(run: EmptyRun): CatalogueEvent {
  return {
    kind: 'file-warning',
    issue: {
      row: run.first,
      sku: null,
      field: null,
      code: 'ROW_EMPTY_SKIPPED',
      message:
        run.count === 1
          ? `Row ${run.first} is empty and was skipped.`
          : `${run.count} empty rows (${run.first} to ${run.last}) were skipped.`,
    },
  };
}

/** The first records, held while the columns are decided, and the rest still to come. */
async function sampled(
  records: AsyncIterable<RawRecord>,
): Promise<{ sample: RawRecord[]; rest: AsyncIterator<RawRecord> }> {
  const iterator = records[Symbol.asyncIterator]();
  const sample: RawRecord[] = [];
  while (sample.length < SAMPLE_ROWS) {
    const next = await iterator.next();
    if (next.done === true) break;
    sample.push(next.value);
  }
  return { sample, rest: iterator };
}

/** The items already read, then the rest of the iterator (closed when the reading stops early). */
export async function* replay<T>(first: readonly T[], rest: AsyncIterator<T>): AsyncGenerator<T> {
  try {
    for (const item of first) yield item;
    for (;;) {
      const next = await rest.next();
      if (next.done === true) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

/** Keys in order of first appearance (a table's header, or JSON/XML records' keys). */
function keysOf(header: TableColumns | null, sample: readonly RawRecord[]): string[] {
  const keys = new Set<string>(header?.names ?? []);
  for (const record of sample) for (const key of record.fields.keys()) keys.add(key);
  return [...keys];
}

function samplesOf(keys: readonly string[], sample: readonly RawRecord[]): RawValue[][] {
  return keys.map((key) => sample.map((record) => record.fields.get(key) ?? ''));
}

/**
 * The plan's decisions by key, and keys first seen later (JSON and XML records need not share
 * their keys) decided as they come, once each.
 */
class ColumnLookup {
  private readonly decisions = new Map<string, ColumnDecision>();
  private readonly taken = new Map<HeaderField, string>();
  private pending: RowIssue[] = [];

  constructor(
    decisions: readonly ColumnDecision[],
    private readonly context: ColumnPlanContext,
  ) {
    for (const decision of decisions) {
      this.decisions.set(decision.header, decision);
      if (decision.use.kind === 'field' && !this.taken.has(decision.use.mapping.field))
        this.taken.set(decision.use.mapping.field, decision.header);
    }
  }

  readonly decide = (key: string): ColumnDecision => {
    const known = this.decisions.get(key);
    if (known !== undefined) return known;
    const { decision, warning } = planLateColumn(this.decisions.size, key, this.context, this.taken);
    this.decisions.set(key, decision);
    if (decision.use.kind === 'field' && !this.taken.has(decision.use.mapping.field))
      this.taken.set(decision.use.mapping.field, key);
    if (warning !== null) this.pending.push(warning);
    return decision;
  };

  /** Warnings about keys decided since the last call. */
  takeWarnings(): RowIssue[] {
    if (this.pending.length === 0) return [];
    const warnings = this.pending;
    this.pending = [];
    return warnings;
  }
}

/**
 * In a table every row has the header's columns, so a column every row needs that the header
 * lacks is one file-level error, not the same row error on every line.
 */
function checkRequiredColumns(decisions: readonly ColumnDecision[], header: TableColumns): void {
  const fields = new Set<HeaderField>();
  for (const decision of decisions) if (decision.use.kind === 'field') fields.add(decision.use.mapping.field);
  const missing = missingRequiredColumns(fields);
  if (missing.length === 0) return;
  throw new CatalogueFileError(
    'HEADER_REQUIRED_COLUMN_MISSING',
    `No column for ${missing.join(', ')} in the header on line ${header.line}; the header needs a column for each (see docs/errors.md for accepted names, or map yours in your profile).`,
    header.line,
  );
}

function skipIssue(record: RawRecord, code: 'ROW_TOTAL_SKIPPED' | 'ROW_HEADER_REPEATED'): RowIssue {
  return {
    row: record.row,
    sku: null,
    field: null,
    code,
    message:
      code === 'ROW_TOTAL_SKIPPED'
        ? `Row ${record.row} is a total line, not a product; it was skipped.`
        : `Row ${record.row} repeats the column names; it was skipped.`,
  };
}

/** The columns that label a row (its SKU and name columns), where a total line says "Total". */
function skuKey(decisions: readonly ColumnDecision[]): string | undefined {
  return decisions.find((decision) => decision.use.kind === 'field' && decision.use.mapping.field === 'sku')
    ?.header;
}

function labelKeys(decisions: readonly ColumnDecision[]): string[] {
  return decisions
    .filter(
      (decision) =>
        decision.use.kind === 'field' &&
        (decision.use.mapping.field === 'sku' || decision.use.mapping.field.startsWith('names.')),
    )
    .map((decision) => decision.header);
}

/** Rows of one shop export, as canonical records and skips, with the report of its columns. */
async function* shopEvents(
  shop: ShopExport,
  originalKeys: readonly string[],
  records: AsyncIterable<RawRecord>,
  context: ColumnPlanContext & { today?: string },
): AsyncGenerator<CatalogueEvent | { kind: 'record'; record: RawRecord; extras: RowExtras }> {
  const shopContext = {
    profile: context.profile,
    ...(context.today === undefined ? {} : { today: context.today }),
  };
  const documented = shop.columns(originalKeys, shopContext);
  const passedThrough = originalKeys.filter((key) => !documented.has(key));
  const plan = planColumns(passedThrough, [], context);
  const byHeader = new Map(reportColumns(plan).map((column) => [column.header, column]));
  const columns: ColumnReport[] = originalKeys.map((header, index) => {
    const target = documented.get(header);
    if (target === undefined) return { ...(byHeader.get(header) as ColumnReport), index };
    const field =
      target.kind === 'field'
        ? target.field
        : target.kind === 'attribute'
          ? `attributes.${target.name}`
          : null;
    return { index, header, field, via: target.kind === 'ignore' ? 'ignored' : 'signature', suggestions: [] };
  });
  yield { kind: 'columns', source: shop.system, columns };
  for (const issue of plan.warnings) yield { kind: 'file-warning', issue };
  for await (const event of shop.read(records, shopContext)) {
    if (event.kind === 'skip') {
      const { row, sku, code, message } = event;
      yield { kind: 'skip', issue: { row, sku, field: null, code, message } };
      continue;
    }
    yield {
      kind: 'record',
      record: event.record,
      extras: { typeHints: event.typeHints, warnings: event.warnings },
    };
  }
}

/**
 * Parses a catalogue's records into products. Duplicate SKUs (compared without case): the first
 * row wins, later rows get SKU_DUPLICATE.
 */
export async function* parseCatalogue(
  records: AsyncIterable<RawRecord>,
  context: CatalogueContext,
): AsyncGenerator<CatalogueEvent> {
  const profile = new ProfileLookup(context.profile ?? EMPTY_PROFILE);
  const planContext: ColumnPlanContext = { profile };
  const parser = new ProductRowParser(
    context.producerId,
    profile,
    context.maxCellChars ?? DEFAULT_READER_LIMITS.maxCellChars,
  );
  const { sample, rest } = await sampled(records);
  const header = context.header?.() ?? null;
  const isTable = context.format !== undefined && TABLE_FORMATS.has(context.format);
  const keys = keysOf(header, sample);
  const shop = recogniseShopExport(keys);
  const all = replay(sample, rest);

  let lookup: ColumnLookup;
  let rows: AsyncIterable<CatalogueEvent | { kind: 'record'; record: RawRecord; extras: RowExtras }>;
  let labels: string[] = [];
  let skuColumn: string | undefined;
  if (shop !== null) {
    // Canonical records: their keys are field paths the plain alias lookup reads exactly.
    lookup = new ColumnLookup([], planContext);
    rows = shopEvents(shop, keys, all, {
      ...planContext,
      ...(context.today === undefined ? {} : { today: context.today }),
    });
  } else {
    const plan = planColumns(keys, samplesOf(keys, sample), planContext);
    if (isTable && header !== null) checkRequiredColumns(plan.decisions, header);
    lookup = new ColumnLookup(plan.decisions, planContext);
    labels = labelKeys(plan.decisions);
    skuColumn = skuKey(plan.decisions);
    yield { kind: 'columns', source: 'table', columns: reportColumns(plan) };
    for (const issue of plan.warnings) yield { kind: 'file-warning', issue };
    rows = (async function* () {
      for await (const record of all) yield { kind: 'record' as const, record, extras: {} };
    })();
  }

  let emptyRun: EmptyRun | null = null;
  for await (const event of rows) {
    if (event.kind !== 'record') {
      yield event;
      continue;
    }
    const { record, extras } = event;
    if (isTable && shop === null) {
      const skip = isRepeatedHeader(record)
        ? 'ROW_HEADER_REPEATED'
        : isTotalRow(record, labels, skuColumn)
          ? 'ROW_TOTAL_SKIPPED'
          : null;
      if (skip !== null) {
        yield { kind: 'skip', issue: skipIssue(record, skip) };
        continue;
      }
    }
    const outcome = parser.parse(record, lookup.decide, extras);
    for (const issue of lookup.takeWarnings()) yield { kind: 'file-warning', issue };
    if (outcome === null) {
      if (emptyRun === null) emptyRun = { first: record.row, last: record.row, count: 1 };
      else {
        emptyRun.last = record.row;
        emptyRun.count += 1;
      }
      continue;
    }
    if (emptyRun !== null) {
      yield emptyRunWarning(emptyRun);
      emptyRun = null;
    }
    yield { kind: 'row', outcome };
  }
  if (emptyRun !== null) yield emptyRunWarning(emptyRun);
}

/** Whether a producer value names someone other than the producer whose normalised id is `ownKey`. */
function namesOtherProducer(value: RawValue, ownKey: string): boolean {
  const text = cellText(value).trim();
  return text !== '' && normaliseKey(text).key !== ownKey;
}

/**
 * Refuses a file that says, outside its products, that it belongs to another producer (a JSON
 * top-level "producer", an XML root attribute): the claim is wrong whatever the rows say, and
 * ignoring it would hide that the wrong file was sent. `fields` are the document fields read.
 */
export function refuseForeignProducerClaims(
  fields: readonly DocumentField[],
  producerId: string,
  namesProducer: (name: string) => boolean = isProducerField,
): void {
  const ownKey = normaliseKey(producerId).key;
  for (const field of fields) {
    if (!namesProducer(field.name) || !namesOtherProducer(field.value, ownKey)) continue;
    const where = field.line === null ? 'The file' : `Line ${field.line}`;
    throw new CatalogueFileError(
      'FILE_PRODUCER_MISMATCH',
      `${where} gives the producer as ${quoteValue(cellText(field.value).trim())} (${JSON.stringify(field.name)}), but the file is uploaded by ${quoteValue(producerId)}; a file cannot write into another producer's catalogue.`,
      field.line,
    );
  }
}

/** Whether a document field names a producer: the readers keep only these. */
export function isProducerField(name: string): boolean {
  return mapHeader(name)?.field === 'producerId';
}

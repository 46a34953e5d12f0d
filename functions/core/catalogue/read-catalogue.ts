import type { RowIssue } from './codes.ts';
import type { ColumnReport } from './columns/column-plan.ts';
import { findHeaderRow, HEADER_SEARCH_ROWS, scoreHeaderRow } from './columns/table-shape.ts';
import type { CurrencyCode, Product } from './model.ts';
import {
  type CatalogueSourceKind,
  isProducerField,
  parseCatalogue,
  refuseForeignProducerClaims,
} from './parse-catalogue.ts';
import type { ProducerProfile } from './producer-profile.ts';
import type { ByteSource } from './readers/byte-source.ts';
import { type OpenCatalogueOptions, openCatalogue } from './readers/open-catalogue.ts';
import type { CatalogueFormat, CatalogueSource, DocumentField, RawRecord } from './readers/raw-record.ts';
import type { TableLayout } from './readers/tabular.ts';

export interface RowCounts {
  /** Rows read as products: accepted + rejected. */
  total: number;
  accepted: number;
  rejected: number;
  /** Rows under the header that are plainly not products (totals, repeated headers, drafts). */
  skipped: number;
}

export interface CatalogueSummary {
  producerId: string;
  format: CatalogueFormat;
  encoding: string;
  /** An ordinary table or document, or the shop system whose export this is. */
  source: CatalogueSourceKind;
  /** XLSX: the sheet read. */
  sheet?: string;
  /** Tables: the line (CSV) or row (XLSX) of the header. */
  headerRow?: number;
  /** How every column was read. */
  columns: ColumnReport[];
  rows: RowCounts;
  errors: RowIssue[];
  warnings: RowIssue[];
}

export type AcceptedProductHandler = (product: Product, row: number) => void | Promise<void>;

export interface ReadCatalogueOptions extends OpenCatalogueOptions {
  producerId: string;
  /** What the producer told us once (column mappings, value maps, defaults). */
  profile?: ProducerProfile;
  /** The producer's currency for prices that name none (`--currency`); wins over the profile's. */
  currency?: CurrencyCode;
  /** The day scheduled sale prices of a shop export are judged against (yyyy-mm-dd). */
  today?: string;
  /** Called after every row; whatever it throws stops the reading (a caller's deadline). */
  checkpoint?: () => void;
  /**
   * When given, every row error and warning goes here as it is found and the summary's `errors`
   * and `warnings` stay empty: a caller that writes them out (preview's report spool) reads a
   * file with millions of findings in bounded memory.
   */
  onIssue?: (kind: 'error' | 'warning', issue: RowIssue) => void | Promise<void>;
  /** Tour catalogues (readOfferings): lower bounds than tours/read-tours.ts TOUR_LIMITS, for tests. */
  tourLimits?: Partial<{ maxTours: number; maxSecondTableRows: number; maxBytes: number }>;
}

/** How a table is found in a sheet people made for people (columns/table-shape.ts). */
const TABLE_LAYOUT: TableLayout = {
  searchRows: HEADER_SEARCH_ROWS,
  findHeader: findHeaderRow,
  scoreHeader: (cells) => scoreHeaderRow(cells).score,
};

function withCurrency(profile: ProducerProfile | undefined, currency: CurrencyCode | undefined) {
  if (currency === undefined) return profile;
  const base = profile ?? { defaults: {}, columns: {}, values: {} };
  return { ...base, defaults: { ...base.defaults, currency } };
}

/**
 * Reads one catalogue end to end and hands each accepted product to `onProduct` as soon as it
 * is parsed, so callers choose whether to keep products (validate, ingest) or stream them
 * onwards (preview). A file-level failure throws CatalogueFileError; callers must then discard
 * whatever `onProduct` received, since the file as a whole is refused.
 */
export async function readCatalogue(
  input: ByteSource,
  options: ReadCatalogueOptions,
  onProduct: AcceptedProductHandler,
): Promise<CatalogueSummary> {
  const source = await openCatalogue(input, {
    layout: TABLE_LAYOUT,
    ...options,
    documentFields: isProducerField,
  });
  return readOpenedCatalogue(source, options, onProduct);
}

/**
 * The products of a catalogue already opened (readOfferings opens it once to tell products from
 * tours); the rest of readCatalogue's contract holds.
 */
export async function readOpenedCatalogue(
  source: CatalogueSource,
  options: ReadCatalogueOptions,
  onProduct: AcceptedProductHandler,
): Promise<CatalogueSummary> {
  const rows: RowCounts = { total: 0, accepted: 0, rejected: 0, skipped: 0 };
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  const onIssue = options.onIssue;
  const addWarning = async (issue: RowIssue) => {
    if (onIssue === undefined) warnings.push(issue);
    else await onIssue('warning', issue);
  };
  let kind: CatalogueSourceKind = 'table';
  let columns: ColumnReport[] = [];
  let records: AsyncIterable<RawRecord> = source.records;
  if (source.documentFields) records = withProducerClaims(records, source.documentFields, options.producerId);
  const profile = withCurrency(options.profile, options.currency);
  const events = parseCatalogue(records, {
    producerId: options.producerId,
    format: source.format,
    ...(source.header ? { header: source.header } : {}),
    ...(profile === undefined ? {} : { profile }),
    ...(options.today === undefined ? {} : { today: options.today }),
  });
  for await (const event of events) {
    options.checkpoint?.();
    if (event.kind === 'columns') {
      kind = event.source;
      columns = event.columns;
      continue;
    }
    if (event.kind === 'file-warning' || event.kind === 'skip') {
      if (event.kind === 'skip') rows.skipped += 1;
      await addWarning(event.issue);
      continue;
    }
    const { outcome } = event;
    rows.total += 1;
    // One by one, never spread: a JSON row's list can hold more findings than a call takes arguments.
    for (const warning of outcome.warnings) await addWarning(warning);
    if (outcome.product) {
      rows.accepted += 1;
      await onProduct(outcome.product, outcome.row);
    } else {
      rows.rejected += 1;
      for (const error of outcome.errors) {
        if (onIssue === undefined) errors.push(error);
        else await onIssue('error', error);
      }
    }
  }
  const headerRow = source.header?.()?.line;
  return {
    producerId: options.producerId,
    format: source.format,
    encoding: source.encoding,
    source: kind,
    ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
    ...(headerRow === undefined ? {} : { headerRow }),
    columns,
    rows,
    errors,
    warnings,
  };
}

/**
 * A producer claim outside the products (JSON top-level member, XML root attribute) is checked as
 * soon as it has been read: before the first product when it comes first, else at the end.
 */
async function* withProducerClaims(
  records: AsyncIterable<RawRecord>,
  documentFields: () => readonly DocumentField[],
  producerId: string,
): AsyncGenerator<RawRecord> {
  let checked = 0;
  const check = () => {
    const fields = documentFields();
    if (fields.length === checked) return;
    refuseForeignProducerClaims(fields.slice(checked), producerId);
    checked = fields.length;
  };
  for await (const record of records) {
    check();
    yield record;
  }
  check();
}

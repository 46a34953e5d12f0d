import { CatalogueFileError, type RowIssue } from './codes.ts';
import { mapHeaders, missingRequiredColumns } from './headers.ts';
import type { Product } from './model.ts';
import { isProducerField, parseCatalogue, refuseForeignProducerClaims } from './parse-catalogue.ts';
import type { ByteSource } from './readers/byte-source.ts';
import { type OpenCatalogueOptions, openCatalogue } from './readers/open-catalogue.ts';
import type { CatalogueFormat, DocumentField, RawRecord, TableColumns } from './readers/raw-record.ts';

export interface RowCounts {
  total: number;
  accepted: number;
  rejected: number;
}

export interface CatalogueSummary {
  producerId: string;
  format: CatalogueFormat;
  encoding: string;
  rows: RowCounts;
  errors: RowIssue[];
  warnings: RowIssue[];
}

export type AcceptedProductHandler = (product: Product, row: number) => void | Promise<void>;

/**
 * Reads one catalogue end to end and hands each accepted product to `onProduct` as soon as it
 * is parsed, so callers choose whether to keep products (validate, ingest) or stream them
 * onwards (preview). A file-level failure throws CatalogueFileError; callers must then discard
 * whatever `onProduct` received, since the file as a whole is refused.
 */
export interface ReadCatalogueOptions extends OpenCatalogueOptions {
  producerId: string;
  /** Called after every row; whatever it throws stops the reading (a caller's deadline). */
  checkpoint?: () => void;
}

export async function readCatalogue(
  input: ByteSource,
  options: ReadCatalogueOptions,
  onProduct: AcceptedProductHandler,
): Promise<CatalogueSummary> {
  const source = await openCatalogue(input, { ...options, documentFields: isProducerField });
  const rows: RowCounts = { total: 0, accepted: 0, rejected: 0 };
  const errors: RowIssue[] = [];
  const warnings: RowIssue[] = [];
  let records = source.header ? withRequiredColumns(source.records, source.header) : source.records;
  if (source.documentFields) records = withProducerClaims(records, source.documentFields, options.producerId);
  for await (const event of parseCatalogue(records, { producerId: options.producerId })) {
    options.checkpoint?.();
    if (event.kind === 'file-warning') {
      warnings.push(event.issue);
      continue;
    }
    const { outcome } = event;
    rows.total += 1;
    // One by one, never spread: a JSON row's list can hold more findings than a call takes arguments.
    for (const warning of outcome.warnings) warnings.push(warning);
    if (outcome.product) {
      rows.accepted += 1;
      await onProduct(outcome.product, outcome.row);
    } else {
      rows.rejected += 1;
      for (const error of outcome.errors) errors.push(error);
    }
  }
  return {
    producerId: options.producerId,
    format: source.format,
    encoding: source.encoding,
    rows,
    errors,
    warnings,
  };
}

/**
 * In a table every row has the header's columns, so a column every row needs that the header
 * lacks is one file-level error, not the same row error on every line. Checked as soon as the
 * header is read, and at the end for a table with a header and no data row.
 */
async function* withRequiredColumns(
  records: AsyncIterable<RawRecord>,
  header: () => TableColumns | null,
): AsyncGenerator<RawRecord> {
  let checked = false;
  const check = () => {
    const columns = header();
    if (columns === null) return;
    checked = true;
    const { columns: mapped } = mapHeaders(columns.names);
    const missing = missingRequiredColumns(new Set([...mapped.values()].map((mapping) => mapping.field)));
    if (missing.length > 0) {
      throw new CatalogueFileError(
        'HEADER_REQUIRED_COLUMN_MISSING',
        `No column for ${missing.join(', ')} in the header on line ${columns.line}; the header needs a column for each (see docs/errors.md for accepted names).`,
        columns.line,
      );
    }
  };
  for await (const record of records) {
    if (!checked) check();
    yield record;
  }
  if (!checked) check();
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

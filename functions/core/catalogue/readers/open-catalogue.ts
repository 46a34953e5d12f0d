/**
 * The one entry point for catalogue bytes: decides the format, applies the file-wide limits
 * (size while streaming, row count) and hands over to the format's reader.
 */
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { concatBytes, limitBytes, peekBytes } from './chunk-stream.ts';
import { readCsv } from './csv-reader.ts';
import { bomOf, guessUtf16, SNIFF_BYTES } from './encoding.ts';
import { readJson } from './json-reader.ts';
import {
  type CatalogueFormat,
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type RawRecord,
  type ReaderLimits,
} from './raw-record.ts';
import type { TableLayout } from './tabular.ts';

export interface OpenCatalogueOptions {
  /** Wins over everything else. */
  format?: CatalogueFormat;
  /** Only its extension is used. */
  fileName?: string;
  /** An HTTP Content-Type; parameters such as charset are ignored (the encoding is detected). */
  contentType?: string;
  /** XLSX sheet name; default: the first visible sheet. */
  sheet?: string;
  limits?: Partial<ReaderLimits>;
  /** JSON and XML: which names outside the products to keep as document fields (see DocumentField). */
  documentFields?: (name: string) => boolean;
  /** CSV, TSV and XLSX: where the header is among the first rows, and which sheet to read. */
  layout?: TableLayout;
  /** JSON: the top-level members whose array holds the records (default: "products"). */
  jsonItemMembers?: readonly string[];
}

export const CATALOGUE_FORMATS: readonly CatalogueFormat[] = ['csv', 'tsv', 'xlsx', 'json', 'xml'];

const CONTENT_TYPES: ReadonlyMap<string, CatalogueFormat> = new Map([
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['text/comma-separated-values', 'csv'],
  ['text/tab-separated-values', 'tsv'],
  ['application/json', 'json'],
  ['text/json', 'json'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
]);

/**
 * The format a Content-Type names, or null when it names none (text/plain,
 * application/octet-stream, and application/vnd.ms-excel, which Windows sends for .csv files).
 */
export function formatFromContentType(contentType: string | undefined): CatalogueFormat | null {
  if (contentType === undefined) return null;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  const known = CONTENT_TYPES.get(type);
  if (known !== undefined) return known;
  if (type.endsWith('+json')) return 'json';
  if (type.endsWith('+xml')) return 'xml';
  return null;
}

const EXTENSIONS: ReadonlyMap<string, CatalogueFormat> = new Map([
  ['csv', 'csv'],
  ['tsv', 'tsv'],
  ['tab', 'tsv'],
  ['xlsx', 'xlsx'],
  ['xlsm', 'xlsx'],
  ['json', 'json'],
  ['xml', 'xml'],
]);

/** The format a file name's extension names; null for .txt, .xls and the like, which are sniffed. */
export function formatFromFileName(fileName: string | undefined): CatalogueFormat | null {
  if (fileName === undefined) return null;
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot === -1) return null;
  return EXTENSIONS.get(base.slice(dot + 1).toLowerCase()) ?? null;
}

export interface SniffResult {
  /** null when the bytes looked at are all white space. */
  format: CatalogueFormat | null;
}

/**
 * The format the first bytes suggest: a zip (or an old OLE2 Excel file, so that it gets the
 * XLSX reader's explanation) is XLSX; otherwise the first visible character, after any BOM and
 * in UTF-16 too, says XML ("<"), JSON ("[" or "{") or, for anything else, CSV.
 */
export function sniffFormat(head: Uint8Array): SniffResult {
  const [first, second, third, fourth] = head;
  if (first === 0x50 && second === 0x4b && third === 0x03 && fourth === 0x04) return { format: 'xlsx' };
  if (first === 0xd0 && second === 0xcf && third === 0x11 && fourth === 0xe0) return { format: 'xlsx' };
  const label = bomOf(head)?.label ?? guessUtf16(head);
  const text =
    label === null
      ? Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')
      : new TextDecoder(label).decode(head);
  const visible = /\S/u.exec(text);
  if (visible === null) return { format: null };
  const char = visible[0];
  if (char === '<') return { format: 'xml' };
  if (char === '[' || char === '{') return { format: 'json' };
  return { format: 'csv' };
}

async function* limitRows(
  records: AsyncIterable<RawRecord>,
  maxRows: number,
  rowIsLine: boolean,
): AsyncGenerator<RawRecord> {
  let count = 0;
  for await (const record of records) {
    count += 1;
    if (count > maxRows) {
      throw new CatalogueFileError(
        'TOO_MANY_ROWS',
        `The file has more than ${maxRows} product rows; split it into smaller files.`,
        rowIsLine ? record.row : null,
      );
    }
    yield record;
  }
}

/**
 * CSV and TSV, nearly every upload, are read by what is loaded already; the XLSX reader (zip and
 * workbook code) and the XML reader (sax) are loaded when a file of theirs arrives, so a CSV never
 * pays their start-up, in a Lambda cold start or a CLI run.
 */
async function openFormat(
  format: CatalogueFormat,
  bytes: AsyncIterable<Uint8Array>,
  options: OpenCatalogueOptions,
  limits: ReaderLimits,
): Promise<CatalogueSource> {
  const documentFields =
    options.documentFields === undefined ? {} : { documentFields: options.documentFields };
  const layout = options.layout === undefined ? {} : { layout: options.layout };
  switch (format) {
    case 'csv':
      return readCsv(bytes, { limits, ...layout });
    case 'tsv':
      return readCsv(bytes, { delimiter: '\t', limits, ...layout });
    case 'xlsx': {
      const { readXlsx } = await import('./xlsx-reader.ts');
      return readXlsx(bytes, {
        limits,
        ...layout,
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
      });
    }
    case 'json':
      return readJson(bytes, {
        limits,
        ...documentFields,
        ...(options.jsonItemMembers === undefined ? {} : { itemMembers: options.jsonItemMembers }),
      });
    case 'xml': {
      const { readXml } = await import('./xml-reader.ts');
      return readXml(bytes, { limits, ...documentFields });
    }
  }
}

/**
 * Opens a catalogue. The format comes from `options.format`, else the content type, else the
 * file extension, else the first bytes. Throws CatalogueFileError for what can be told before
 * the first record (empty file, unknown format, undecodable start); later file-level failures,
 * including FILE_TOO_LARGE and TOO_MANY_ROWS, are thrown while `records` is read.
 */
export async function openCatalogue(
  input: ByteSource,
  options: OpenCatalogueOptions = {},
): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  if (options.format !== undefined && !CATALOGUE_FORMATS.includes(options.format)) {
    throw new CatalogueFileError(
      'FORMAT_UNKNOWN',
      `Unknown format ${JSON.stringify(options.format)}; expected one of ${CATALOGUE_FORMATS.join(', ')}.`,
    );
  }
  const ahead = await peekBytes(limitBytes(chunksOf(input), limits.maxBytes), SNIFF_BYTES);
  let source: CatalogueSource;
  try {
    const head = concatBytes(ahead.items);
    if (head.byteLength === 0) throw new CatalogueFileError('FILE_EMPTY', 'The file is empty.');
    const sniffed = sniffFormat(head);
    if (sniffed.format === null && ahead.done) {
      throw new CatalogueFileError('FILE_EMPTY', 'The file holds nothing but white space.');
    }
    const format =
      options.format ??
      formatFromContentType(options.contentType) ??
      formatFromFileName(options.fileName) ??
      sniffed.format ??
      'csv';
    // A sheet asked of a file that has none is a mistake about the file (the wrong one given, or a
    // CSV saved from the workbook): reading it anyway would pass off its one table as that sheet.
    if (options.sheet !== undefined && format !== 'xlsx') {
      throw new CatalogueFileError(
        'XLSX_SHEET_NOT_FOUND',
        `${JSON.stringify(options.sheet)} names a sheet, but the file is ${format}, which has none; only an XLSX workbook has sheets.`,
      );
    }
    source = await openFormat(format, ahead.rest, options, limits);
  } catch (error) {
    await ahead.close();
    throw error;
  }
  const opened = source;
  return {
    format: opened.format,
    get encoding() {
      return opened.encoding;
    },
    ...(opened.sheet === undefined ? {} : { sheet: opened.sheet }),
    records: limitRows(opened.records, limits.maxRows, opened.format !== 'json' && opened.format !== 'xml'),
    ...(opened.header ? { header: opened.header } : {}),
    ...(opened.documentFields ? { documentFields: opened.documentFields } : {}),
    ...(opened.otherSheets ? { otherSheets: opened.otherSheets } : {}),
  };
}

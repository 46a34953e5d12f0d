/**
 * XLSX with the project's own small reader (see docs/dependencies.md for why not exceljs): the
 * compressed bytes are held in memory (bounded by openCatalogue's byte limit; a zip cannot be read
 * without its central directory, at the end), the workbook's structure is read from its
 * relationships, and the chosen sheet is streamed row by row as it inflates. Only the parts a
 * read needs are inflated, each checked against the limits before and while it inflates; nothing
 * is written to disk.
 */
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { readAllBytes } from './chunk-stream.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type RawRecord,
  type ReaderLimits,
} from './raw-record.ts';
import { isBlankRow, TableHeader } from './tabular.ts';
import { columnLetters } from './xlsx-cells.ts';
import type { SheetRow } from './xlsx-sheet.ts';
import { type WorkbookSheet, XlsxWorkbook } from './xlsx-workbook.ts';

export { columnLetters, isoDateText, plainNumber } from './xlsx-cells.ts';

export interface XlsxReaderOptions {
  /** Sheet to read by name (exact, else ignoring case and surrounding spaces); default: the first visible sheet. */
  sheet?: string;
  limits?: Partial<ReaderLimits>;
}

const KIND_LABELS: Readonly<Record<WorkbookSheet['kind'], string>> = {
  worksheet: 'worksheet',
  chartsheet: 'chart',
  dialogsheet: 'dialog sheet',
  macrosheet: 'macro sheet',
};

/**
 * The sheet to read: the one named (exact name, else ignoring case and surrounding spaces), or
 * the first visible worksheet (the first worksheet if all are hidden).
 */
function chooseSheet(sheets: readonly WorkbookSheet[], wanted: string | undefined): WorkbookSheet {
  if (wanted === undefined) {
    const tables = sheets.filter((sheet) => sheet.kind === 'worksheet');
    const first = tables.find((sheet) => sheet.state === 'visible') ?? tables[0];
    if (first === undefined)
      throw new CatalogueFileError('XLSX_UNREADABLE', 'The workbook has no worksheet.');
    return first;
  }
  const folded = wanted.trim().toLowerCase();
  const found =
    sheets.find((sheet) => sheet.name === wanted) ??
    sheets.find((sheet) => sheet.name.trim().toLowerCase() === folded);
  if (found === undefined) {
    throw new CatalogueFileError(
      'XLSX_SHEET_NOT_FOUND',
      `The workbook has no sheet named ${JSON.stringify(wanted)}; its sheets are ${sheets.map((sheet) => JSON.stringify(sheet.name)).join(', ')}.`,
    );
  }
  if (found.kind !== 'worksheet') {
    throw new CatalogueFileError(
      'XLSX_SHEET_NOT_FOUND',
      `Sheet ${JSON.stringify(found.name)} is a ${KIND_LABELS[found.kind]}, not a table.`,
    );
  }
  return found;
}

async function* recordsOf(
  rows: AsyncIterable<SheetRow>,
  onHeader: (header: TableHeader) => void,
): AsyncGenerator<RawRecord> {
  let header: TableHeader | null = null;
  for await (const { number, cells } of rows) {
    // Rows whose cells are all empty are formatting, not data (Excel keeps styled empty rows).
    if (isBlankRow(cells)) continue;
    if (header === null) {
      header = TableHeader.fromCells(cells, number, columnLetters);
      onHeader(header);
      continue;
    }
    yield header.record(number, cells, { reportMissing: false });
  }
  if (header === null) {
    throw new CatalogueFileError('HEADER_MISSING', 'The sheet is empty: no row holds column names.');
  }
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

/** The workbook in `input`, its structure read (no sheet inflated yet). */
export async function openWorkbook(
  input: ByteSource,
  limits: Partial<ReaderLimits> = {},
): Promise<XlsxWorkbook> {
  const bytes = await readAllBytes(chunksOf(input));
  if (startsWith(bytes, OLE2_SIGNATURE)) {
    throw new CatalogueFileError(
      'XLSX_UNREADABLE',
      'This is an Excel 97-2003 (.xls) or password-protected workbook; save it as an unprotected .xlsx workbook.',
    );
  }
  if (!startsWith(bytes, ZIP_SIGNATURE)) {
    throw new CatalogueFileError(
      'XLSX_UNREADABLE',
      'The file is not an XLSX workbook (it is not a zip archive).',
    );
  }
  return XlsxWorkbook.open(bytes, { ...DEFAULT_READER_LIMITS, ...limits });
}

export async function readXlsx(input: ByteSource, options: XlsxReaderOptions = {}): Promise<CatalogueSource> {
  const workbook = await openWorkbook(input, options.limits);
  const sheet = chooseSheet(workbook.sheets, options.sheet);
  let header: TableHeader | null = null;
  const records = recordsOf(workbook.rows(sheet), (read) => {
    header = read;
  });
  return {
    format: 'xlsx',
    encoding: 'binary',
    records,
    header: () => (header as TableHeader | null)?.columns() ?? null,
  };
}

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
  type OtherSheets,
  type RawRecord,
  type ReaderLimits,
} from './raw-record.ts';
import {
  isBlankRow,
  type TableHeader,
  type TableLayout,
  type TableRow,
  type TableStart,
  tableRecords,
} from './tabular.ts';
import { columnLetters } from './xlsx-cells.ts';
import type { SheetRow } from './xlsx-sheet.ts';
import { type WorkbookSheet, XlsxWorkbook } from './xlsx-workbook.ts';

export { columnLetters, isoDateText, plainNumber } from './xlsx-cells.ts';

export interface XlsxReaderOptions {
  /** Sheet to read by name (exact, else ignoring case and surrounding spaces); default: the first visible sheet. */
  sheet?: string;
  limits?: Partial<ReaderLimits>;
  /** Where the header is on a sheet, and how header-like a row is, to pick the sheet to read. */
  layout?: TableLayout;
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
  layout: TableLayout | undefined,
  onStart: (start: TableStart) => void,
): AsyncGenerator<RawRecord> {
  let started = false;
  yield* tableRecords(tableRowsOf(rows), {
    ...(layout === undefined ? {} : { layout }),
    columnName: columnLetters,
    reportMissing: false,
    onStart: (start) => {
      started = true;
      onStart(start);
    },
  });
  if (!started) {
    throw new CatalogueFileError('HEADER_MISSING', 'The sheet is empty: no row holds column names.');
  }
}

async function* tableRowsOf(rows: AsyncIterable<SheetRow>): AsyncGenerator<TableRow> {
  for await (const { number, cells } of rows) yield { line: number, cells };
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

/** The best score any of a sheet's first non-blank rows gets as a header. */
async function headerScoreOf(
  workbook: XlsxWorkbook,
  sheet: WorkbookSheet,
  layout: TableLayout,
): Promise<number> {
  let best = Number.NEGATIVE_INFINITY;
  let seen = 0;
  for await (const { cells } of workbook.rows(sheet)) {
    if (isBlankRow(cells)) continue;
    best = Math.max(best, layout.scoreHeader(cells));
    seen += 1;
    if (seen >= layout.searchRows) break;
  }
  return best;
}

/**
 * Without `--sheet`, the visible worksheet whose header names the most (a cover sheet, a
 * "Lisez-moi" or an export summary first does not hide the catalogue); the first one on a tie.
 */
async function bestSheet(
  workbook: XlsxWorkbook,
  first: WorkbookSheet,
  layout: TableLayout | undefined,
): Promise<WorkbookSheet> {
  const candidates = workbook.sheets.filter(
    (sheet) => sheet.kind === 'worksheet' && sheet.part !== null && sheet.state === first.state,
  );
  if (layout === undefined || candidates.length < 2) return first;
  let chosen = first;
  let chosenScore = Number.NEGATIVE_INFINITY;
  for (const sheet of candidates) {
    const score = await headerScoreOf(workbook, sheet, layout);
    if (score > chosenScore) {
      chosen = sheet;
      chosenScore = score;
    }
  }
  return chosen;
}

export async function readXlsx(input: ByteSource, options: XlsxReaderOptions = {}): Promise<CatalogueSource> {
  const workbook = await openWorkbook(input, options.limits);
  const named = chooseSheet(workbook.sheets, options.sheet);
  const sheet = options.sheet === undefined ? await bestSheet(workbook, named, options.layout) : named;
  let header: TableHeader | null = null;
  const records = recordsOf(workbook.rows(sheet), options.layout, (start) => {
    header = start.header;
  });
  return {
    format: 'xlsx',
    encoding: 'binary',
    sheet: sheet.name,
    records,
    header: () => (header as TableHeader | null)?.columns() ?? null,
    otherSheets: otherSheetsOf(workbook, sheet),
  };
}

/**
 * The other worksheets, read on demand through the same workbook (so the same inflation limits
 * count every part read); an empty sheet has no rows rather than failing the file.
 */
function otherSheetsOf(workbook: XlsxWorkbook, read: WorkbookSheet): OtherSheets {
  const others = workbook.sheets.filter(
    (sheet) => sheet !== read && sheet.kind === 'worksheet' && sheet.part !== null,
  );
  return {
    names: others.map((sheet) => sheet.name),
    async *records(name, layout) {
      const sheet = others.find((other) => other.name === name);
      if (sheet === undefined) return;
      yield* tableRecords(tableRowsOf(workbook.rows(sheet)), {
        ...(layout === undefined ? {} : { layout }),
        columnName: columnLetters,
        reportMissing: false,
        onStart: () => {},
      });
    },
  };
}

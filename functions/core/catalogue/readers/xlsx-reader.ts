/**
 * XLSX with exceljs. The compressed bytes are held in memory (bounded by openCatalogue's byte
 * limit; a zip cannot be read without its central directory, at the end), and the chosen sheet
 * is then read row by row with exceljs's streaming WorkbookReader, so a 100k-row sheet never
 * becomes a full in-memory workbook model.
 *
 * The streaming reader has known weak spots, so it is not trusted blindly:
 * - it tells sheets apart only by their part name (xl/worksheets/sheetN.xml) and names them only
 *   when the workbook's relationship targets are relative; sheet names and tab order are
 *   therefore resolved here from the workbook model and relationships it has parsed;
 * - it can fail before the first row on some part orders (exceljs#3064: workbook.xml not yet
 *   parsed when a sheet arrives), and it finds nothing when sheet parts are named differently.
 * In those cases, and only if no row was handed over yet, the workbook is loaded whole with
 * workbook.xlsx.load instead, which is robust but holds every sheet in memory.
 * exceljs also spools sheets that precede sharedStrings.xml in the zip (Excel writes them in
 * that order) to temporary files; it deletes them once the workbook has been read through,
 * which is why the remaining sheets are still iterated after the chosen one.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { Cell, CellValue, Row } from 'exceljs';
import ExcelJS from 'exceljs';
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { readAllBytes } from './chunk-stream.ts';
import type { CatalogueSource, RawRecord } from './raw-record.ts';
import { isBlankRow, type RowCells, TableHeader } from './tabular.ts';

export interface XlsxReaderOptions {
  /** Sheet to read by name (exact, else ignoring case and surrounding spaces); default: the first visible sheet. */
  sheet?: string;
}

/** A–Z, AA… as Excel labels columns; `index` is 0-based. */
export function columnLetters(index: number): string {
  let number = index + 1;
  let letters = '';
  while (number > 0) {
    const remainder = (number - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    number = Math.floor((number - 1) / 26);
  }
  return letters;
}

function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/u.exec(text);
  if (match === null) return text;
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as a person would type it: Excel keeps 15 significant digits, so rounding there
 * drops binary noise (0.1 + 0.2 is "0.3"), and no exponent (1e21 is written out).
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return expandExponent(String(Number(value.toPrecision(15))));
}

/** yyyy-mm-dd for a date cell; the time too when it is not midnight. */
export function isoDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

function richTextOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || !('richText' in value)) return null;
  const runs: unknown = value.richText;
  if (!Array.isArray(runs)) return null;
  return runs
    .map((run: unknown) =>
      typeof run === 'object' && run !== null && 'text' in run && typeof run.text === 'string'
        ? run.text
        : '',
    )
    .join('');
}

/**
 * The text of one cell. A formula is never replaced by its cached result: it comes out as
 * "=formula", which the row parser refuses (CELL_FORMULA), so a feed never carries a value the
 * producer did not type.
 */
export function cellText(cell: Pick<Cell, 'value' | 'formula'>): string {
  const value: CellValue = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return plainNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDateText(value);
  if ('formula' in value || 'sharedFormula' in value) {
    // Cells sharing a formula carry none of their own in a streamed sheet.
    const formula = cell.formula;
    return typeof formula === 'string' && formula !== '' ? `=${formula}` : '=(shared formula)';
  }
  const rich = richTextOf(value);
  if (rich !== null) return rich;
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    return richTextOf(text) ?? '';
  }
  if ('error' in value) return value.error;
  return '';
}

function rowCells(row: Row): RowCells {
  const cells: (string | undefined)[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    // A merged range shows its value once, in its top-left cell; the others are empty.
    if (cell.isMerged && cell.master.address !== cell.address) return;
    cells[column - 1] = cellText(cell);
  });
  return cells;
}

interface SheetRow {
  number: number;
  cells: RowCells;
}

interface SheetChoice {
  name: string;
  hidden: boolean;
}

function pickSheet<T extends SheetChoice>(sheets: readonly T[], wanted: string | undefined): T {
  if (wanted === undefined) {
    const first = sheets.find((sheet) => !sheet.hidden) ?? sheets[0];
    if (first === undefined)
      throw new CatalogueFileError('XLSX_UNREADABLE', 'The workbook has no worksheet.');
    return first;
  }
  const folded = wanted.trim().toLowerCase();
  const found =
    sheets.find((sheet) => sheet.name === wanted) ??
    sheets.find((sheet) => sheet.name.trim().toLowerCase() === folded);
  if (found !== undefined) return found;
  throw new CatalogueFileError(
    'XLSX_SHEET_NOT_FOUND',
    `The workbook has no sheet named ${JSON.stringify(wanted)}; its sheets are ${sheets.map((sheet) => JSON.stringify(sheet.name)).join(', ')}.`,
  );
}

function unreadable(error: unknown): CatalogueFileError {
  if (error instanceof CatalogueFileError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new CatalogueFileError('XLSX_UNREADABLE', `The workbook cannot be read (${reason}).`);
}

/** The streaming reader could not serve this workbook; load it whole instead. */
class StreamingUnsupported extends Error {}

function objectOrNull(value: unknown): { [key: string]: unknown } | null {
  return typeof value === 'object' && value !== null ? (value as { [key: string]: unknown }) : null;
}

interface StreamedSheet extends SheetChoice {
  /** N of xl/worksheets/sheetN.xml; null for a chart sheet. */
  part: string | null;
}

/** Sheets in tab order, from what the streaming reader parsed of workbook.xml and its relationships. */
function streamedSheets(reader: object): StreamedSheet[] | null {
  const model = objectOrNull(Reflect.get(reader, 'model'));
  const sheets: unknown = model?.sheets;
  const relationships: unknown = Reflect.get(reader, 'workbookRels');
  if (!Array.isArray(sheets) || !Array.isArray(relationships)) return null;
  const targets = new Map<string, string>();
  for (const relationship of relationships) {
    const entry = objectOrNull(relationship);
    if (typeof entry?.Id === 'string' && typeof entry.Target === 'string')
      targets.set(entry.Id, entry.Target);
  }
  return sheets.flatMap((sheet: unknown): StreamedSheet[] => {
    const entry = objectOrNull(sheet);
    if (entry === null || typeof entry.name !== 'string') return [];
    const target = typeof entry.rId === 'string' ? targets.get(entry.rId) : undefined;
    // Relative ("worksheets/sheet2.xml") or absolute ("/xl/worksheets/sheet2.xml") targets.
    const part = target === undefined ? null : (/worksheets\/sheet(\d+)\.xml$/iu.exec(target)?.[1] ?? null);
    return [{ name: entry.name, hidden: entry.state === 'hidden' || entry.state === 'veryHidden', part }];
  });
}

/** Lets exceljs close a sheet spooled to a temporary file without reading it. */
/**
 * Reads a sheet we do not want to the end. Destroying its stream instead raced with exceljs, which
 * deletes a spooled sheet's temp file as soon as we move on: the file could vanish before the
 * stream opened it, and the ENOENT surfaced as an uncaught exception (seen under a loaded test run).
 */
async function skipSheet(worksheet: AsyncIterable<unknown>): Promise<void> {
  for await (const _row of worksheet) {
    // discarded
  }
}

async function* streamedRows(bytes: Buffer, wanted: string | undefined): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles are needed to tell a date from a number.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'emit',
  });
  // exceljs announces each sheet part just before handing over its reader (its typings omit
  // that the reader is an EventEmitter).
  if (!(reader instanceof EventEmitter)) throw new StreamingUnsupported('no entry events');
  let announced: string | null = null;
  reader.on('entry', (entry: unknown) => {
    const details = objectOrNull(entry);
    if (details?.type === 'worksheet' && typeof details.id === 'string') announced = details.id;
  });
  let target: string | null = null;
  let read = false;
  for await (const worksheet of reader) {
    const part = announced;
    if (read) {
      await skipSheet(worksheet);
      continue;
    }
    if (target === null) {
      const sheets = streamedSheets(reader);
      if (sheets === null) throw new StreamingUnsupported('workbook.xml was not read before the sheets');
      const chosen = pickSheet(
        wanted === undefined ? sheets.filter((sheet) => sheet.part !== null) : sheets,
        wanted,
      );
      if (chosen.part === null) {
        throw new CatalogueFileError(
          'XLSX_SHEET_NOT_FOUND',
          `Sheet ${JSON.stringify(chosen.name)} is a chart, not a table.`,
        );
      }
      target = chosen.part;
    }
    if (part !== target) {
      await skipSheet(worksheet);
      continue;
    }
    read = true;
    for await (const row of worksheet) yield { number: row.number, cells: rowCells(row) };
  }
  if (!read) throw new StreamingUnsupported('the chosen sheet part was not found');
}

async function* loadedRows(bytes: Buffer, wanted: string | undefined): AsyncGenerator<SheetRow> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs types `load` against ArrayBuffer; JSZip reads either.
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
  } catch (error) {
    throw unreadable(error);
  }
  const sheets = workbook.worksheets.map((worksheet) => ({
    name: worksheet.name,
    hidden: worksheet.state !== 'visible',
    worksheet,
  }));
  const { worksheet } = pickSheet(sheets, wanted);
  for (let number = 1; number <= worksheet.rowCount; number += 1) {
    const row = worksheet.findRow(number);
    if (row !== undefined) yield { number, cells: rowCells(row) };
  }
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

async function* xlsxRecords(
  bytes: Buffer,
  wanted: string | undefined,
  onHeader: (header: TableHeader) => void,
): AsyncGenerator<RawRecord> {
  let handedOver = false;
  try {
    for await (const record of recordsOf(streamedRows(bytes, wanted), onHeader)) {
      handedOver = true;
      yield record;
    }
    return;
  } catch (error) {
    if (error instanceof CatalogueFileError || handedOver) throw unreadable(error);
  }
  try {
    yield* recordsOf(loadedRows(bytes, wanted), onHeader);
  } catch (error) {
    throw unreadable(error);
  }
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

export async function readXlsx(input: ByteSource, options: XlsxReaderOptions = {}): Promise<CatalogueSource> {
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
  let header: TableHeader | null = null;
  const records = xlsxRecords(bytes, options.sheet, (read) => {
    header = read;
  });
  return {
    format: 'xlsx',
    encoding: 'binary',
    records,
    header: () => (header as TableHeader | null)?.columns() ?? null,
  };
}

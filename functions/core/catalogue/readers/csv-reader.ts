/**
 * CSV and TSV: decoded as it streams, split by csv-parse, one record per row. The separator is
 * taken from the header line because Excel writes ";" on French Windows, "," elsewhere, and tab
 * in "Unicode text" exports.
 */
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { describeBytes, peek } from './chunk-stream.ts';
import { type DecodedText, decodeText } from './encoding.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  maxRecordChars,
  type RawRecord,
  type ReaderLimits,
} from './raw-record.ts';
import {
  type TableHeader,
  type TableLayout,
  type TableRow,
  type TableStart,
  tableRecords,
} from './tabular.ts';

export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvReaderOptions {
  /** Forces the separator (a .tsv file is tab-separated whatever its header looks like). */
  delimiter?: CsvDelimiter;
  /** Where the header is among the first lines (title lines above it are left out). */
  layout?: TableLayout;
  limits?: Partial<ReaderLimits>;
}

// Ties go to the earlier one: a tab or ";" in a header is a separator far more often than a
// "," is ("Prix, RWF" is a header; "Prix;RWF" is two).
const DELIMITER_PRIORITY: readonly CsvDelimiter[] = ['\t', ';', ','];

function separatorCounts(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  return counts;
}

/**
 * The separator of a file from its first lines: the one that splits the most lines into the
 * same number of cells (a title line "Catalogue 2026, Coopérative Maraba" above a ";" table has
 * one comma, the table's lines the same count of ";" each), then the one used most; "," when
 * no line has any. One line alone is read by the count in it.
 */
export function detectDelimiter(lines: string | readonly string[]): CsvDelimiter {
  const sample = (typeof lines === 'string' ? [lines] : lines).filter((line) => line.trim() !== '');
  const counts = sample.map(separatorCounts);
  let best: CsvDelimiter = ',';
  let bestAgreeing = 0;
  let bestCount = 0;
  for (const candidate of DELIMITER_PRIORITY) {
    const perLine = counts.map((count) => count.get(candidate) ?? 0).filter((count) => count > 0);
    if (perLine.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of perLine) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let agreeing = 0;
    let count = 0;
    for (const [value, lineCount] of frequency) {
      if (lineCount > agreeing || (lineCount === agreeing && value > count)) {
        agreeing = lineCount;
        count = value;
      }
    }
    if (agreeing > bestAgreeing || (agreeing === bestAgreeing && count > bestCount)) {
      best = candidate;
      bestAgreeing = agreeing;
      bestCount = count;
    }
  }
  return best;
}

/** Excel's "sep=;" first line names the separator (and is not part of the table). */
const SEPARATOR_HINT = /^\uFEFF?"?sep=(.)"?\s*$/iu;

/** Beyond this, the first lines are not looked at any further to tell the separator. */
const HEADER_SCAN_CHARS = 1024 * 1024;
/** Lines looked at to tell the separator (title lines may come first). */
const SEPARATOR_SAMPLE_LINES = 20;

/**
 * The first lines with any visible character, each up to its end outside quotes, at most `max`;
 * null while `text` may still be missing part of them.
 */
export function leadingLines(text: string, final: boolean, max: number): string[] | null {
  const lines: string[] = [];
  let start = 0;
  let quoted = false;
  for (let index = 0; index < text.length && lines.length < max; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      const line = text.slice(start, index);
      if (line.trim() !== '') lines.push(line);
      start = index + 1;
    }
  }
  if (lines.length >= max) return lines;
  if (!final) return null;
  const last = text.slice(start);
  if (last.trim() !== '' && lines.length < max) lines.push(last);
  return lines;
}

function lineBreaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    if (!cell.includes('\n') && !cell.includes('\r')) continue;
    for (let index = 0; index < cell.length; index += 1) {
      const code = cell.charCodeAt(index);
      if (code === 0x0a) breaks += 1;
      else if (code === 0x0d) {
        breaks += 1;
        if (cell.charCodeAt(index + 1) === 0x0a) index += 1;
      }
    }
  }
  return breaks;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((cell) => typeof cell === 'string');
}

function csvFailure(error: unknown, line: number, maxRecordBytes: number, maxCellChars: number): unknown {
  if (!(error instanceof CsvError)) return error;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new CatalogueFileError(
        'CSV_MALFORMED',
        `The quote opened in the row starting on line ${line} is never closed; the rest of the file would be read as one cell.`,
        line,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new CatalogueFileError(
        'CSV_MALFORMED',
        // Whether a quote closes further on is not known here: both causes are said.
        `The row starting on line ${line} is over ${describeBytes(maxRecordBytes)}, more than a row can hold: a quote opened in it is never closed, or a cell is far longer than the ${maxCellChars} characters a cell may hold.`,
        line,
      );
    case 'INVALID_OPENING_QUOTE':
      return new CatalogueFileError(
        'CSV_MALFORMED',
        `Line ${line} has a quote (") inside a cell that does not start with one; put the whole cell in quotes and double the quote inside ("").`,
        line,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new CatalogueFileError(
        'CSV_MALFORMED',
        `Line ${line} has text right after a closing quote; a quote inside a quoted cell must be doubled ("").`,
        line,
      );
    default:
      return new CatalogueFileError('CSV_MALFORMED', `Line ${line} is not valid CSV: ${error.message}`, line);
  }
}

/**
 * csv-parse compares every record's length with the one it expects (the first record's) and, even
 * with relax_column_count, builds a CsvError for each that differs: a captured stack and a JSON
 * copy of the record, about 44 µs a row. A title line above the header made every row after it
 * differ, so such a file read three times slower (100k rows: 2.0 s of csv-parse became 6.5 s; 1M
 * blank lines at the end, 47 s). Called from on_record, this makes the next record expected to
 * be as long as this one, so only a change of length costs an error: once after a title line,
 * twice around a block of blank lines. A plain write of the field csv-parse keeps; an accessor
 * there instead turned its state object slow and every file 2.5 times slower to split.
 * csv-parse is pinned exactly; csv-reader.test.ts fails if a version stops honouring this.
 */
export function expectNextRecordLength(parser: ReturnType<typeof parse>, length: number): void {
  const state = (parser as unknown as { state?: { expectedRecordLength?: unknown } }).state;
  if (state !== undefined) state.expectedRecordLength = length;
}

interface CsvRowsState {
  /** The line of the first record csv-parse made, blank or not; null for a file of nothing. */
  firstLine: number | null;
}

/** The file's records as rows of cells with the line each starts on; CSV errors as file errors. */
async function* csvRows(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter,
  limits: ReaderLimits,
  state: CsvRowsState,
): AsyncGenerator<TableRow> {
  // This also bounds what csv-parse buffers. Four bytes per character because csv-parse counts
  // UTF-8 bytes.
  const maxRecordBytes = maxRecordChars(limits) * 4;
  /** First physical line of the next record csv-parse produces; counted as records are made, so it is right even when an error overtakes records still buffered. */
  let nextLine = 1;
  const startLines: number[] = [];
  const parser = parse({
    delimiter,
    quote: '"',
    escape: '"',
    bom: false,
    relax_column_count: true,
    // Tab-separated text has no quoting rule of its own (IANA text/tab-separated-values): a quote
    // inside a cell, as Google's text feeds write one ('12" box'), is a quote. A cell that starts
    // with one is still read as quoted, as Excel writes cells holding tabs or line breaks.
    relax_quotes: delimiter === '\t',
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: maxRecordBytes,
    on_record: (cells) => {
      expectNextRecordLength(parser, cells.length);
      const line = nextLine;
      // Every record takes one line plus the line breaks quoted inside its cells. Counted here
      // rather than from csv-parse's info.lines, which counts a CRLF inside quotes twice.
      nextLine += 1 + lineBreaksIn(cells);
      // A line with nothing but spaces is an empty line, skipped like one.
      if (cells.length === 1 && (cells[0] ?? '').trim() === '') return null;
      startLines.push(line);
      return cells;
    },
  });
  // One decoded chunk in hand is enough; csv-parse buffers what it has not emitted yet.
  const input = Readable.from(text, { highWaterMark: 1 });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const value of parser) {
      const cells: unknown = value;
      const line = startLines.shift() ?? nextLine;
      if (!isStringArray(cells)) continue;
      state.firstLine ??= line;
      yield { line, cells };
    }
  } catch (error) {
    throw csvFailure(error, nextLine, maxRecordBytes, limits.maxCellChars);
  } finally {
    input.unpipe(parser);
    input.destroy();
    parser.destroy();
    // Readable.from releases the text source on destroy but does not wait for it; waiting here
    // means a file stream is closed by the time a consumer that stopped early moves on.
    await text[Symbol.asyncIterator]().return?.();
  }
}

async function* csvRecords(
  text: AsyncIterable<string>,
  delimiter: CsvDelimiter,
  limits: ReaderLimits,
  layout: TableLayout | undefined,
  onStart: (start: TableStart) => void,
): AsyncGenerator<RawRecord> {
  const state: CsvRowsState = { firstLine: null };
  let started = false;
  yield* tableRecords(csvRows(text, delimiter, limits, state), {
    ...(layout === undefined ? {} : { layout }),
    columnName: (index) => String(index + 1),
    reportMissing: true,
    keepBlankRows: true,
    onStart: (start) => {
      started = true;
      onStart(start);
    },
  });
  if (!started) {
    if (state.firstLine === null) throw new CatalogueFileError('FILE_EMPTY', 'The file holds no text.');
    throw new CatalogueFileError(
      'HEADER_MISSING',
      `No line holds column names: line ${state.firstLine} and every line after it has only empty cells.`,
      state.firstLine,
    );
  }
}

/** Reads a CSV or TSV file; `format` is 'tsv' when the separator is a tab. */
export async function readCsv(input: ByteSource, options: CsvReaderOptions = {}): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const decoded: DecodedText = decodeText(chunksOf(input));
  let delimiter = options.delimiter;
  let rest: AsyncIterable<string> = decoded.text;
  if (delimiter === undefined) {
    let scanned = 0;
    const ahead = await peek(decoded.text, (parts) => {
      const last = parts.at(-1);
      if (last === undefined) return false;
      scanned += last.length;
      return (
        scanned >= HEADER_SCAN_CHARS || leadingLines(parts.join(''), false, SEPARATOR_SAMPLE_LINES) !== null
      );
    });
    const lines = leadingLines(ahead.items.join(''), true, SEPARATOR_SAMPLE_LINES) ?? [];
    const hint = SEPARATOR_HINT.exec(lines[0] ?? '')?.[1];
    delimiter = hint === ';' || hint === ',' || hint === '\t' ? hint : detectDelimiter(lines);
    rest = ahead.rest;
  }
  let header: TableHeader | null = null;
  const records = csvRecords(rest, delimiter, limits, options.layout, (start) => {
    header = start.header;
  });
  return {
    format: delimiter === '\t' ? 'tsv' : 'csv',
    get encoding() {
      return decoded.encoding;
    },
    records,
    header: () => (header as TableHeader | null)?.columns() ?? null,
  };
}

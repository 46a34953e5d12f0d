/**
 * Header and row handling shared by the CSV and XLSX readers, so both formats agree on what a
 * header is, which names clash, and how a ragged row is reported.
 */
import { CatalogueFileError } from '../codes.ts';
import type { RawRecord, RawValue, TableColumns } from './raw-record.ts';

/** Cells by column position; XLSX rows may have holes. */
export type RowCells = readonly (string | undefined)[];

/** Past this length a row is read as sparse (see forEachCell). */
const DENSE_ROW = 1024;

/**
 * Calls `visit` for each cell present, in column order. A row from a sheet can be sparse (one cell
 * in column XFD, nothing between): stepping through its length would look at 16,384 holes, about
 * 50 ns each, for every row of the file; the positions it holds are enumerated instead.
 */
function forEachCell(cells: RowCells, visit: (cell: string, index: number) => void): void {
  if (cells.length <= DENSE_ROW) {
    for (let index = 0; index < cells.length; index += 1) {
      const cell = cells[index];
      if (cell !== undefined) visit(cell, index);
    }
    return;
  }
  // Integer keys enumerate in ascending order, and only those present.
  for (const key of Object.keys(cells)) {
    const cell = cells[Number(key)];
    if (cell !== undefined) visit(cell, Number(key));
  }
}

export function isBlank(cell: string | undefined): boolean {
  return cell === undefined || cell.trim() === '';
}

export function isBlankRow(cells: RowCells): boolean {
  let blank = true;
  forEachCell(cells, (cell) => {
    if (blank && !isBlank(cell)) blank = false;
  });
  return blank;
}

/** Names compare without surrounding space, case or Unicode composition ("Désignation" typed two ways). */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export class TableHeader {
  /** The named columns, [position, name], in column order: what a record visits besides its own cells. */
  private readonly named: readonly (readonly [number, string])[];

  private constructor(
    /** The producer's column name per position, trimmed; null where the header cell is empty. */
    readonly keys: readonly (string | null)[],
    /** Columns up to the last named one: cells missing beyond it are not worth a warning. */
    private readonly namedWidth: number,
    private readonly folded: ReadonlySet<string>,
    private readonly columnName: (index: number) => string,
    /** Where the header is: its line (CSV) or row number (XLSX). */
    readonly line: number,
  ) {
    this.named = keys.flatMap((key, index) => (key === null ? [] : [[index, key] as const]));
  }

  columns(): TableColumns {
    return { names: this.keys.filter((key): key is string => key !== null), line: this.line };
  }

  /**
   * The header from the first row that has any text. Columns without a name are allowed (Excel
   * leaves them when a stray cell was once typed far right); their cells are kept under a
   * "Column C" label when they hold something. `columnName` names a position as the producer
   * sees it: "C" in a spreadsheet, "3" in a CSV.
   */
  static fromCells(cells: RowCells, line: number, columnName: (index: number) => string): TableHeader {
    const keys: (string | null)[] = [];
    const seen = new Map<string, number>();
    let namedWidth = 0;
    forEachCell(cells, (cell, index) => {
      const name = cell.trim();
      if (name === '') {
        keys[index] = null;
        return;
      }
      const folded = foldName(name);
      const earlier = seen.get(folded);
      if (earlier !== undefined) {
        throw new CatalogueFileError(
          'HEADER_DUPLICATE_COLUMN',
          `Columns ${columnName(earlier)} and ${columnName(index)} are both named ${JSON.stringify(name)}; rename one so every column has its own name.`,
          line,
        );
      }
      seen.set(folded, index);
      keys[index] = name;
      namedWidth = index + 1;
    });
    // Holes were skipped; fill them so every position is explicit (once, for the header).
    for (let index = 0; index < keys.length; index += 1) if (keys[index] === undefined) keys[index] = null;
    if (namedWidth === 0) {
      throw new CatalogueFileError(
        'HEADER_MISSING',
        `Line ${line} should hold the column names but is empty.`,
        line,
      );
    }
    return new TableHeader(keys, namedWidth, new Set(seen.keys()), columnName, line);
  }

  /**
   * One record. Every named column is present (missing cells as ''), so which columns a file has
   * never depends on a row's data. Extra cells count only when they hold something: Excel pads
   * rows with empty trailing separators. Fields keep the column order; the work is the row's own
   * cells and the named columns, whatever the width of the sheet.
   */
  record(row: number, cells: RowCells, options: { reportMissing: boolean }): RawRecord {
    const fields = new Map<string, RawValue>();
    const { named } = this;
    let next = 0;
    const namedBefore = (end: number): void => {
      while (next < named.length) {
        const [index, key] = named[next] as readonly [number, string];
        if (index >= end) return;
        fields.set(key, cells[index] ?? '');
        next += 1;
      }
    };
    let extraCells = 0;
    forEachCell(cells, (cell, index) => {
      if (this.keys[index] !== undefined && this.keys[index] !== null) return;
      if (isBlank(cell)) return;
      if (index >= this.keys.length) {
        extraCells += 1;
        return;
      }
      namedBefore(index);
      const label = `Column ${this.columnName(index)}`;
      if (this.folded.has(foldName(label))) extraCells += 1;
      else fields.set(label, cell);
    });
    namedBefore(Number.POSITIVE_INFINITY);
    const record: RawRecord = { row, fields };
    if (extraCells > 0) record.extraCells = extraCells;
    const missingCells = this.namedWidth - cells.length;
    if (options.reportMissing && missingCells > 0) record.missingCells = missingCells;
    return record;
  }
}

/** Rows held while looking for the header, blank ones included. */
const MAX_ROWS_AHEAD = 1000;

/** One row of a table as a reader sees it: its line (CSV) or row number (XLSX), and its cells. */
export interface TableRow {
  line: number;
  cells: RowCells;
}

/**
 * Where the table starts: given the first rows that hold anything (at most `searchRows`), the
 * index of the header among them. The catalogue layer knows what a header looks like
 * (columns/table-shape.ts); a reader only knows rows. By default the first such row is the header.
 */
export interface TableLayout {
  searchRows: number;
  findHeader(rows: readonly RowCells[]): number;
  /** How header-like a row is: the sheet of a workbook whose best row scores highest is read. */
  scoreHeader(cells: RowCells): number;
}

/** Title lines, dates and notes above the header are not data: what a reader says it skipped. */
export interface TableStart {
  header: TableHeader;
  /** Lines above the header that held something (a title, a date), in order. */
  linesAbove: number[];
}

/**
 * Keys a table's rows by its header, the header found by `layout` among the first non-blank rows
 * (the rows before it are left out as title lines). Blank rows above the header are left out,
 * and under it unless `keepBlankRows`; `onStart` hears where the table starts before the first record is handed over.
 */
export async function* tableRecords(
  rows: AsyncIterable<TableRow>,
  options: {
    layout?: TableLayout;
    columnName: (index: number) => string;
    reportMissing: boolean;
    /** Hand over blank rows under the header too (CSV: the row parser reports runs of them). */
    keepBlankRows?: boolean;
    onStart: (start: TableStart) => void;
  },
): AsyncGenerator<RawRecord> {
  const search = options.layout?.searchRows ?? 1;
  const keepBlank = options.keepBlankRows === true;
  const { reportMissing } = options;
  /** Rows read while looking for the header: the non-blank ones are the candidates. */
  const ahead: TableRow[] = [];
  let candidates = 0;
  let header: TableHeader | null = null;
  const start = (): TableHeader => {
    const filled = ahead.filter((row) => !isBlankRow(row.cells));
    const index = options.layout?.findHeader(filled.map((row) => row.cells)) ?? 0;
    const chosen = filled[Math.min(Math.max(index, 0), filled.length - 1)] as TableRow;
    const made = TableHeader.fromCells(chosen.cells, chosen.line, options.columnName);
    options.onStart({
      header: made,
      linesAbove: filled.filter((row) => row.line < chosen.line).map((row) => row.line),
    });
    return made;
  };
  const under = function* (made: TableHeader): Generator<RawRecord> {
    for (const row of ahead.splice(0)) {
      if (row.line <= made.line || (!keepBlank && isBlankRow(row.cells))) continue;
      yield made.record(row.line, row.cells, { reportMissing });
    }
  };
  for await (const row of rows) {
    const blank = isBlankRow(row.cells);
    if (header !== null) {
      if (!blank || keepBlank) yield header.record(row.line, row.cells, { reportMissing });
      continue;
    }
    // Blank rows above any text are not worth keeping; later ones may fall under the header.
    if (blank && candidates === 0) continue;
    ahead.push(row);
    if (!blank) candidates += 1;
    // Blank rows count too, so a sheet of a few rows and a million empty ones is not held.
    if (candidates < search && ahead.length < MAX_ROWS_AHEAD) continue;
    header = start();
    yield* under(header);
  }
  if (header === null && candidates > 0) {
    header = start();
    yield* under(header);
  }
}

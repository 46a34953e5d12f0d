/**
 * Header and row handling shared by the CSV and XLSX readers, so both formats agree on what a
 * header is, which names clash, and how a ragged row is reported.
 */
import { CatalogueFileError } from '../codes.ts';
import type { RawRecord, RawValue, TableColumns } from './raw-record.ts';

/** Cells by column position; XLSX rows may have holes. */
export type RowCells = readonly (string | undefined)[];

export function isBlank(cell: string | undefined): boolean {
  return cell === undefined || cell.trim() === '';
}

export function isBlankRow(cells: RowCells): boolean {
  return cells.every(isBlank);
}

/** Names compare without surrounding space, case or Unicode composition ("Désignation" typed two ways). */
function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

export class TableHeader {
  private constructor(
    /** The producer's column name per position, trimmed; null where the header cell is empty. */
    readonly keys: readonly (string | null)[],
    /** Columns up to the last named one: cells missing beyond it are not worth a warning. */
    private readonly namedWidth: number,
    private readonly folded: ReadonlySet<string>,
    private readonly columnName: (index: number) => string,
    /** Where the header is: its line (CSV) or row number (XLSX). */
    readonly line: number,
  ) {}

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
    cells.forEach((cell, index) => {
      const name = cell?.trim() ?? '';
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
    // forEach skips holes; fill them so every position is explicit.
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
   * rows with empty trailing separators.
   */
  record(row: number, cells: RowCells, options: { reportMissing: boolean }): RawRecord {
    const fields = new Map<string, RawValue>();
    let extraCells = 0;
    this.keys.forEach((key, index) => {
      const cell = cells[index];
      if (key !== null) {
        fields.set(key, cell ?? '');
        return;
      }
      if (cell === undefined || isBlank(cell)) return;
      const label = `Column ${this.columnName(index)}`;
      if (this.folded.has(foldName(label))) extraCells += 1;
      else fields.set(label, cell);
    });
    for (let index = this.keys.length; index < cells.length; index += 1)
      if (!isBlank(cells[index])) extraCells += 1;
    const record: RawRecord = { row, fields };
    if (extraCells > 0) record.extraCells = extraCells;
    const missingCells = this.namedWidth - cells.length;
    if (options.reportMissing && missingCells > 0) record.missingCells = missingCells;
    return record;
  }
}

/**
 * Cells merged down a column: a producer's sheet merges one "Type" cell over the three rows it
 * applies to, and Excel stores the value in the top cell only. Such a value belongs to every row
 * of the range, so those rows get it. Merges across columns (a title over the table, a group
 * heading over two header cells) are layout, not data, and are left alone: filling them would
 * give a header two columns of one name.
 *
 * Excel writes <mergeCells> after <sheetData>, so the merges are found by a first pass over the
 * part before its rows are read; that costs a second inflate, so only parts of a bounded size
 * get it (far above what a hand-kept sheet with merged cells holds).
 */
import { columnIndex } from './xlsx-cells.ts';
import type { SheetRow } from './xlsx-sheet.ts';

/** Sheet parts larger than this (declared size) are read without filling merges. */
export const MERGE_SCAN_MAX_BYTES = 32 * 1024 * 1024;
/** More merges than this in one sheet are not cell data merged by hand: the rest are left. */
const MAX_MERGES = 10_000;

export interface VerticalMerge {
  column: number;
  firstRow: number;
  lastRow: number;
}

const MERGE_CELL =
  /<(?:\w+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})["']/gu;
/** What is kept of one chunk for the next, so a tag cut between chunks is found whole. */
const CARRY = 256;

/** The merges down one column, from a sheet part's text. */
export async function verticalMerges(text: AsyncIterable<string>): Promise<VerticalMerge[]> {
  const merges: VerticalMerge[] = [];
  let carried = '';
  for await (const chunk of text) {
    const window = carried + chunk;
    let lastEnd = 0;
    for (const match of window.matchAll(MERGE_CELL)) {
      lastEnd = (match.index ?? 0) + match[0].length;
      const [, firstColumn = '', firstRow = '', lastColumn = '', lastRow = ''] = match;
      if (firstColumn !== lastColumn || Number(lastRow) <= Number(firstRow)) continue;
      merges.push({
        column: columnIndex(`${firstColumn}1`),
        firstRow: Number(firstRow),
        lastRow: Number(lastRow),
      });
      if (merges.length >= MAX_MERGES) return merges;
    }
    carried = window.slice(Math.max(lastEnd, window.length - CARRY));
  }
  return merges;
}

/** The rows, each cell under a vertical merge given the value of the range's top cell. */
export async function* withVerticalMerges(
  rows: AsyncIterable<SheetRow>,
  merges: readonly VerticalMerge[],
): AsyncGenerator<SheetRow> {
  if (merges.length === 0) {
    yield* rows;
    return;
  }
  const sorted = [...merges].sort((a, b) => a.firstRow - b.firstRow);
  let next = 0;
  /** Ranges whose top row has been read, with its value. */
  const open: { merge: VerticalMerge; value: string | undefined }[] = [];
  for await (const row of rows) {
    while (next < sorted.length && (sorted[next] as VerticalMerge).firstRow < row.number) next += 1;
    for (let index = open.length - 1; index >= 0; index -= 1) {
      if ((open[index] as { merge: VerticalMerge }).merge.lastRow < row.number) open.splice(index, 1);
    }
    let cells = row.cells;
    for (const { merge, value } of open) {
      if (value === undefined || (cells[merge.column] ?? '') !== '') continue;
      if (cells === row.cells) cells = [...row.cells];
      (cells as (string | undefined)[])[merge.column] = value;
    }
    while (next < sorted.length && (sorted[next] as VerticalMerge).firstRow === row.number) {
      const merge = sorted[next] as VerticalMerge;
      open.push({ merge, value: row.cells[merge.column] });
      next += 1;
    }
    yield cells === row.cells ? row : { number: row.number, cells };
  }
}

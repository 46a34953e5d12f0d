/**
 * One worksheet part, streamed: <sheetData> rows become cell text as each row closes, and the rest
 * of the part (merged ranges, hyperlinks, page setup) is not even inflated. A formula cell is read
 * as the result the spreadsheet saved with it, what the producer sees; one saved without a result
 * comes out as "=formula", which the row parser refuses (CELL_FORMULA). A merged range's
 * value is in its top-left cell; Excel stores the other cells of the range without a value.
 */
import { CatalogueFileError } from '../codes.ts';
import { maxRecordChars } from './raw-record.ts';
import type { RowCells } from './tabular.ts';
import {
  columnIndex,
  excelSerialDate,
  isDateFormat,
  isoDateText,
  plainNumber,
  timeOfDayText,
} from './xlsx-cells.ts';
import { localName, parsePart, scanPart, unescapeExcelText } from './xlsx-xml.ts';
import type { TagAttributes } from './xlsx-xml-scanner.ts';

export interface SheetRow {
  /** The row number Excel shows (1-based). */
  number: number;
  cells: RowCells;
}

export interface SheetContext {
  sharedStrings: readonly string[];
  /** By cell style index (the s attribute): whether its number format shows a date. */
  dateStyles: readonly boolean[];
  date1904: boolean;
  maxCellChars: number;
}

/** Whether each cell style (cellXfs, in order) formats numbers as dates. */
export async function dateStylesOf(text: AsyncIterable<string>): Promise<boolean[]> {
  const custom = new Map<number, string>();
  const styles: number[] = [];
  const open: string[] = [];
  await parsePart(text, 'styles', {
    open(tag, attributes) {
      const name = localName(tag);
      const parent = open.at(-1);
      open.push(name);
      const id = Number(attributes.numFmtId ?? '0');
      // Number formats and cell formats also appear in dxfs and cellStyleXfs, which cells do not use.
      if (name === 'numFmt' && parent === 'numFmts') custom.set(id, attributes.formatCode ?? '');
      else if (name === 'xf' && parent === 'cellXfs') styles.push(id);
    },
    close() {
      open.pop();
    },
  });
  return styles.map((id) => isDateFormat(id, custom.get(id)));
}

/** The XML text of one cell as it is read. */
interface CellParts {
  column: number;
  type: string;
  style: number;
  value: string;
  /** null without an <f> element; '' for a shared formula's other cells, which carry no text. */
  formula: string | null;
  inline: string;
  hasValue: boolean;
}

/**
 * A shared-string cell's text. An index the workbook's table lacks is a damaged file (or a
 * crafted one): read as an empty cell, the value would vanish without a word.
 */
function sharedString(cell: CellParts, context: SheetContext, label: string): string {
  const index = Number(cell.value);
  const text = Number.isInteger(index) && index >= 0 ? context.sharedStrings[index] : undefined;
  if (text === undefined) {
    throw new CatalogueFileError(
      'XLSX_UNREADABLE',
      `The workbook cannot be read: its ${label} has a cell pointing at text ${JSON.stringify(cell.value.slice(0, 20))} of ${context.sharedStrings.length} in its shared strings. Open it in Excel or LibreOffice and save it again.`,
    );
  }
  return text;
}

function textOfCell(cell: CellParts, context: SheetContext, label: string): string | undefined {
  // Excel, LibreOffice and Google Sheets save each formula's result beside it: that is the value
  // the producer sees. Only a formula saved without one (by a generator that does not calculate)
  // comes out as "=formula", which the row parser refuses (CELL_FORMULA).
  if (cell.formula !== null && !cell.hasValue) {
    return cell.formula === '' ? '=(shared formula)' : `=${cell.formula}`;
  }
  switch (cell.type) {
    case 'inlineStr':
      return unescapeExcelText(cell.inline);
    case 's':
      return cell.hasValue ? sharedString(cell, context, label) : undefined;
    case 'b':
      return cell.hasValue ? (cell.value === '1' || cell.value === 'true' ? 'TRUE' : 'FALSE') : undefined;
    case 'str':
    case 'e':
      return cell.hasValue ? cell.value : undefined;
    case 'd': {
      if (!cell.hasValue) return undefined;
      // An ISO date-time without a zone would be read as local time; Excel means none.
      const zoned = /T.*(?:Z|[+-]\d\d:?\d\d)$/u.test(cell.value) || !cell.value.includes('T');
      return isoDateText(new Date(zoned ? cell.value : `${cell.value}Z`));
    }
    default: {
      if (!cell.hasValue || cell.value === '') return undefined;
      const number = Number(cell.value);
      if (!Number.isFinite(number)) return cell.value;
      if (context.dateStyles[cell.style] === true) {
        if (number >= 0 && number < 1) return timeOfDayText(number);
        return isoDateText(excelSerialDate(number, context.date1904));
      }
      return plainNumber(number);
    }
  }
}

type Target = 'value' | 'formula' | 'inline' | null;

/** Builds rows from sax events; a closed row waits in `ready` until the reader takes it. */
class SheetRows {
  readonly ready: SheetRow[] = [];
  finished = false;
  private row: { number: number; cells: (string | undefined)[]; chars: number; lastColumn: number } | null =
    null;
  private lastRow = 0;
  private cell: CellParts | null = null;
  private target: Target = null;
  private inInline = false;
  private phonetic = 0;
  private readonly maxRowChars: number;

  constructor(
    private readonly context: SheetContext,
    private readonly label: string,
  ) {
    this.maxRowChars = maxRecordChars(context);
  }

  open(tag: string, attributes: TagAttributes): void {
    if (this.finished) return;
    const name = localName(tag);
    if (name === 'row') this.openRow(attributes);
    else if (name === 'c') this.openCell(attributes);
    else if (this.cell === null) return;
    else if (name === 'v') this.target = 'value';
    else if (name === 'f') {
      this.cell.formula = '';
      this.target = 'formula';
    } else if (name === 'is') this.inInline = true;
    else if (name === 'rPh') this.phonetic += 1;
    else if (name === 't' && this.inInline && this.phonetic === 0) this.target = 'inline';
  }

  text(text: string): void {
    const cell = this.cell;
    if (cell === null || this.target === null) return;
    if (this.target === 'value') {
      cell.value += text;
      cell.hasValue = true;
    } else if (this.target === 'formula') cell.formula = `${cell.formula ?? ''}${text}`;
    else cell.inline += text;
    if (this.row === null) return;
    this.row.chars += text.length;
    if (this.row.chars > this.maxRowChars) {
      throw new CatalogueFileError(
        'XLSX_TOO_LARGE',
        `Row ${this.row.number} of ${this.label} holds more than ${this.maxRowChars} characters; a row may hold at most that much text (a cell at most ${this.context.maxCellChars} characters).`,
        this.row.number,
      );
    }
  }

  close(tagName: string): void {
    if (this.finished) return;
    const name = localName(tagName);
    if (name === 'v' || name === 'f' || name === 't') this.target = null;
    else if (name === 'is') this.inInline = false;
    else if (name === 'rPh') this.phonetic -= 1;
    else if (name === 'c') this.closeCell();
    else if (name === 'row' && this.row !== null) {
      this.ready.push({ number: this.row.number, cells: this.row.cells });
      this.row = null;
    } else if (name === 'sheetData') this.finished = true;
  }

  private openRow(attributes: TagAttributes): void {
    const reference = attributes.r;
    const number = reference !== undefined && /^\d+$/u.test(reference) ? Number(reference) : this.lastRow + 1;
    this.lastRow = number;
    this.row = { number, cells: [], chars: 0, lastColumn: -1 };
  }

  private openCell(attributes: TagAttributes): void {
    if (this.row === null) return;
    const reference = attributes.r;
    const column = reference === undefined ? this.row.lastColumn + 1 : columnIndex(reference);
    if (column < 0) {
      throw new CatalogueFileError(
        'XLSX_UNREADABLE',
        `The workbook cannot be read: its ${this.label} has a cell reference ${JSON.stringify(reference?.slice(0, 20))} beyond Excel's last column.`,
      );
    }
    this.row.lastColumn = column;
    this.cell = {
      column,
      type: attributes.t ?? 'n',
      style: Number(attributes.s ?? '0'),
      value: '',
      formula: null,
      inline: '',
      hasValue: false,
    };
    this.inInline = false;
    this.phonetic = 0;
    this.target = null;
  }

  private closeCell(): void {
    const cell = this.cell;
    this.cell = null;
    if (cell === null || this.row === null) return;
    const text = textOfCell(cell, this.context, this.label);
    if (text !== undefined) this.row.cells[cell.column] = text;
  }
}

/** The rows of a sheet part, in order, as its text streams in. */
export function readSheetRows(
  text: AsyncIterable<string>,
  label: string,
  context: SheetContext,
): AsyncGenerator<SheetRow> {
  const rows = new SheetRows(context, label);
  // Nothing after <sheetData> is needed: the rest of the part is not inflated.
  return scanPart(
    text,
    label,
    {
      open: (tag, attributes) => rows.open(tag, attributes),
      close: (tag) => rows.close(tag),
      text: (piece) => rows.text(piece),
    },
    rows.ready,
    () => rows.finished,
  );
}

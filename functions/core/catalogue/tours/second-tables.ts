/**
 * Second tables keyed by the tour code: a departures table (tour code, date, seats) and an
 * itinerary table (tour code, day, title, description, meals, accommodation), from a workbook's
 * named sheets, a JSON document's second top-level arrays, or a tour's own nested JSON lists
 * (`itinerary.0.title`, `departures.0.date`). Rows are grouped by code, in the order written.
 */

import { cleanCell } from '../cell-hygiene.ts';
import type { RowIssue } from '../codes.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import type { ItineraryDay } from '../tour-model.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { AliasTable } from './alias-table.ts';
import { parseMeals } from './itinerary-cell.ts';
import {
  DEPARTURE_TABLE_ALIASES,
  type DepartureTableField,
  ITINERARY_TABLE_ALIASES,
  type ItineraryTableField,
} from './tour-aliases.ts';
import { parseTourDate } from './tour-dates.ts';
import type { TourProblem } from './tour-problem.ts';

const departureColumns = new AliasTable<DepartureTableField>(DEPARTURE_TABLE_ALIASES);
const itineraryColumns = new AliasTable<ItineraryTableField>(ITINERARY_TABLE_ALIASES);

export interface DepartureEntry {
  date: string;
  seats: number | null;
}

/** One tour's rows of the second tables, and the problems its rows had (they reject the tour). */
export interface SecondTableRows {
  /** The code as the first row wrote it, and every row read for it (for a code no tour has). */
  code: string;
  sources: { kind: SecondTable['kind']; label: string; row: number }[];
  departures: DepartureEntry[];
  itinerary: ItineraryDay[];
  problems: TourProblem[];
}

/** Where a second table's rows come from, for messages: "sheet \"Départs\"", "the \"departures\" array". */
export interface SecondTable {
  kind: 'departures' | 'itinerary';
  label: string;
  rows: readonly RawRecord[];
}

type Cells<F extends string> = Partial<Record<F, RawValue>>;

function cellsOf<F extends string>(
  record: RawRecord,
  table: AliasTable<F>,
  meals: Map<string, RawValue>,
): Cells<F> {
  const cells: Cells<F> = {};
  for (const [key, value] of record.fields) {
    const meal = /^meals\.(breakfast|lunch|dinner)$/u.exec(key);
    if (meal !== null) {
      meals.set(meal[1] ?? '', value);
      continue;
    }
    const hit = table.match(key);
    if (hit !== null && cells[hit.field] === undefined) cells[hit.field] = value;
  }
  return cells;
}

function text(value: RawValue | undefined, maxCellChars: number): { text: string } | { problem: string } {
  const raw = value === undefined ? '' : cellText(value).trim();
  if (raw === '') return { text: '' };
  const verdict = cleanCell(raw, maxCellChars);
  return verdict.ok ? { text: verdict.text.trim() } : { problem: verdict.problem.message };
}

/** Groups second-table rows by tour code; rows naming no tour or an unknown one become file issues. */
export class SecondTables {
  private readonly byCode = new Map<string, SecondTableRows>();
  /** Rows whose tour code is empty or unreadable: reported once the tours are known. */
  private readonly orphans: { table: SecondTable; record: RawRecord; code: string }[] = [];

  constructor(private readonly maxCellChars: number) {}

  private entry(code: string): SecondTableRows {
    const key = code.toLowerCase();
    let found = this.byCode.get(key);
    if (found === undefined) {
      found = { code, sources: [], departures: [], itinerary: [], problems: [] };
      this.byCode.set(key, found);
    }
    return found;
  }

  has(code: string): boolean {
    return this.byCode.has(code.toLowerCase());
  }

  /** The rows of one tour (and forgets them, so what is left at the end named no tour). */
  take(code: string): SecondTableRows | null {
    const key = code.toLowerCase();
    const found = this.byCode.get(key) ?? null;
    this.byCode.delete(key);
    return found;
  }

  add(table: SecondTable): void {
    for (const record of table.rows) {
      const meals = new Map<string, RawValue>();
      const codeCell =
        table.kind === 'departures'
          ? cellsOf(record, departureColumns, meals).tourCode
          : cellsOf(record, itineraryColumns, meals).tourCode;
      const code = codeCell === undefined ? '' : cellText(codeCell).trim();
      if (code === '') {
        if ([...record.fields.values()].every((value) => cellText(value).trim() === '')) continue;
        this.orphans.push({ table, record, code });
        continue;
      }
      this.addRow(code, table, record);
    }
  }

  /** One row for a known tour code (a tour's own nested JSON list, or a sheet row). */
  addRow(code: string, table: SecondTable, record: RawRecord): void {
    const rows = this.entry(code);
    const where = `${table.label} row ${record.row}`;
    rows.sources.push({ kind: table.kind, label: table.label, row: record.row });
    if (table.kind === 'departures') this.addDeparture(rows, where, record);
    else this.addDay(rows, where, record);
  }

  private addDeparture(rows: SecondTableRows, where: string, record: RawRecord): void {
    const cells = cellsOf(record, departureColumns, new Map());
    const date = text(cells.date, this.maxCellChars);
    if ('problem' in date) {
      rows.problems.push({
        field: 'departures',
        code: 'TOUR_DEPARTURE_DATE_INVALID',
        message: `${where}: ${date.problem}`,
      });
      return;
    }
    const read = parseTourDate(typeof cells.date === 'number' ? cells.date : date.text);
    if (!read.ok) {
      rows.problems.push({
        field: 'departures',
        code: 'TOUR_DEPARTURE_DATE_INVALID',
        message: `${where}: ${read.message}`,
      });
      return;
    }
    const seatsText = cells.seats === undefined ? '' : cellText(cells.seats).trim();
    if (seatsText !== '' && !/^\d{1,5}$/u.test(seatsText)) {
      rows.problems.push({
        field: 'departures.seats',
        code: 'TOUR_DEPARTURES_INVALID',
        message: `${where}: ${quoteValue(seatsText)} is not a number of seats.`,
      });
      return;
    }
    if (rows.departures.some((departure) => departure.date === read.date)) {
      rows.problems.push({
        field: 'departures',
        code: 'TOUR_DEPARTURES_INVALID',
        message: `${where}: ${read.date} is listed twice.`,
      });
      return;
    }
    rows.departures.push({ date: read.date, seats: seatsText === '' ? null : Number(seatsText) });
  }

  private addDay(rows: SecondTableRows, where: string, record: RawRecord): void {
    const mealFlags = new Map<string, RawValue>();
    const cells = cellsOf(record, itineraryColumns, mealFlags);
    const problem = (message: string) =>
      rows.problems.push({
        field: 'itinerary',
        code: 'TOUR_ITINERARY_INVALID',
        message: `${where}: ${message}`,
      });
    const day = text(cells.day, this.maxCellChars);
    const dayNumber = 'text' in day ? /^(?:\D*)(\d{1,2})$/u.exec(day.text) : null;
    if (dayNumber === null) {
      problem(`${quoteValue('text' in day ? day.text : '')} is not a day number (1, 2, 3...).`);
      return;
    }
    const parts: Partial<Record<'title' | 'description' | 'meals' | 'accommodation', string>> = {};
    for (const field of ['title', 'description', 'meals', 'accommodation'] as const) {
      const read = text(cells[field], this.maxCellChars);
      if ('problem' in read) {
        problem(read.problem);
        return;
      }
      if (read.text !== '') parts[field] = read.text;
    }
    if (parts.title === undefined) {
      problem(`day ${dayNumber[1]} has no title.`);
      return;
    }
    let meals: ItineraryDay['meals'] = { breakfast: false, lunch: false, dinner: false };
    if (parts.meals !== undefined) {
      const read = parseMeals(parts.meals);
      if (!read.ok) {
        problem(read.message);
        return;
      }
      meals = read.meals;
    }
    for (const [meal, value] of mealFlags) {
      if (meal === 'breakfast' || meal === 'lunch' || meal === 'dinner')
        meals[meal] = value === true || cellText(value).trim().toLowerCase() === 'true';
    }
    const number = Number(dayNumber[1]);
    if (rows.itinerary.some((other) => other.day === number)) {
      problem(`day ${number} is described twice.`);
      return;
    }
    rows.itinerary.push({
      day: number,
      title: parts.title,
      ...(parts.description === undefined ? {} : { description: parts.description }),
      meals,
      ...(parts.accommodation === undefined ? {} : { accommodation: parts.accommodation }),
    });
  }

  /**
   * What the second tables hold that no tour took: rows for a code no tour row has, and rows with
   * no code. Each is a row error of its table (the tour rows are not touched).
   */
  leftovers(): RowIssue[] {
    const issues: RowIssue[] = [];
    for (const { table, record } of this.orphans) {
      issues.push({
        row: record.row,
        sku: null,
        field: table.kind,
        code: table.kind === 'departures' ? 'TOUR_DEPARTURE_UNKNOWN_TOUR' : 'TOUR_ITINERARY_UNKNOWN_TOUR',
        message: `${table.label} row ${record.row} names no tour code; give the code of the tour it belongs to.`,
      });
    }
    for (const rows of this.byCode.values()) {
      for (const source of rows.sources) {
        issues.push({
          row: source.row,
          sku: rows.code,
          field: source.kind,
          code: source.kind === 'departures' ? 'TOUR_DEPARTURE_UNKNOWN_TOUR' : 'TOUR_ITINERARY_UNKNOWN_TOUR',
          message: `${source.label} row ${source.row} is for tour ${quoteValue(rows.code)}, which no row of the tours table has; check the code.`,
        });
      }
    }
    return issues;
  }
}

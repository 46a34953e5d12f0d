/**
 * One row's cells, sorted by the field each column feeds (decided once per file by the column
 * plan), cleaned (cell-hygiene.ts) before any value is read from them. What the field readers
 * of product-fields.ts read from.
 */
import { cleanCell } from '../cell-hygiene.ts';
import type { RowErrorCode, WarningCode } from '../codes.ts';
import type { ColumnDecision } from '../columns/column-plan.ts';
import { type ColumnMapping, HEADER_ALIASES, type HeaderField } from '../headers.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { cellText, isEmptyValue } from '../values/cell-text.ts';

export type Finding = { field: string | null; code: RowErrorCode | WarningCode; message: string };

/** One row's findings so far. A class rather than closures made per row: rows run by the million. */
export class RowFindings {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];
  /** Fields already reported as errors: no REQUIRED_MISSING or schema issue is added on top. */
  readonly failed = new Set<string>();

  error(field: string | null, code: RowErrorCode, message: string): void {
    this.errors.push({ field, code, message });
    if (field !== null) this.failed.add(field);
  }

  warning(field: string | null, code: WarningCode, message: string): void {
    this.warnings.push({ field, code, message });
  }
}

export interface Cell {
  value: RawValue;
  mapping: ColumnMapping;
}

const FIELD_SLOTS: ReadonlyMap<HeaderField, number> = new Map(
  (Object.keys(HEADER_ALIASES) as HeaderField[]).map((field, slot) => [field, slot]),
);

/** Where a canonical field's problems are reported, when the input field is only part of it. */
const ISSUE_FIELD: Partial<Record<HeaderField, string>> = {
  'price.minor': 'price',
  'netContent.unit': 'netContent',
  'grossWeight.unit': 'grossWeight',
};

export function issueFieldOf(field: HeaderField): string {
  return ISSUE_FIELD[field] ?? field;
}

/**
 * A row's cells by field. A Map made per row grew and rehashed as each row filled it; the fields
 * are a fixed set, so each has a fixed slot instead.
 */
export class RowInput {
  private readonly slots: (Cell | undefined)[] = new Array<Cell | undefined>(FIELD_SLOTS.size);
  readonly images: RawValue[] = [];
  readonly certificationValues: RawValue[] = [];
  readonly certificationParts = new Map<number, { code?: string; label?: string }>();
  readonly attributes: Record<string, string> = {};
  /** Every producer column's value, the ones kept as attributes too: each is checked. */
  readonly producers: RawValue[] = [];
  /** Non-empty cells, refused ones included. */
  filled = 0;

  constructor(readonly record: RawRecord) {}

  get(field: HeaderField): Cell | undefined {
    return this.slots[FIELD_SLOTS.get(field) as number];
  }

  set(field: HeaderField, cell: Cell): void {
    this.slots[FIELD_SLOTS.get(field) as number] = cell;
  }

  /** The field's text, trimmed; undefined when the row has none. */
  text(field: HeaderField): string | undefined {
    const cell = this.get(field);
    if (cell === undefined) return undefined;
    const text = cellText(cell.value).trim();
    return text === '' ? undefined : text;
  }
}

/** What cleaning a cell returns when the cell is refused (its error is already recorded). */
const REFUSED = Symbol('refused');

/**
 * The value with each of its text cells cleaned, its warning recorded; or REFUSED, with the first
 * problem recorded as the field's error.
 */
function cleaned(
  value: RawValue,
  field: string,
  maxCellChars: number,
  found: RowFindings,
): RawValue | typeof REFUSED {
  if (Array.isArray(value)) {
    const items: RawValue[] = [];
    for (const item of value) {
      const clean = cleaned(item, field, maxCellChars, found);
      if (clean === REFUSED) return REFUSED;
      items.push(clean);
    }
    return items;
  }
  if (typeof value !== 'string') return value;
  const verdict = cleanCell(value, maxCellChars);
  if (!verdict.ok) {
    found.error(field, verdict.problem.code, verdict.problem.message);
    return REFUSED;
  }
  if (verdict.warning !== null) found.warnings.push({ field, ...verdict.warning });
  return verdict.text;
}

function findingFieldOf(decision: ColumnDecision): string {
  if (decision.use.kind === 'field') return issueFieldOf(decision.use.mapping.field);
  if (decision.use.kind === 'attribute' && decision.via !== null) return `attributes.${decision.use.name}`;
  return decision.header;
}

/** Sorts a record's cells by the field their column feeds. */
export function collectRow(
  record: RawRecord,
  decide: (key: string) => ColumnDecision,
  maxCellChars: number,
  found: RowFindings,
): RowInput {
  const input = new RowInput(record);
  for (const [key, raw] of record.fields) {
    // Decided before the emptiness test, so which column claims a field never depends on the data.
    const decision = decide(key);
    if (isEmptyValue(raw)) continue;
    const { use } = decision;
    if (use.kind === 'ignored') {
      input.filled += 1;
      continue;
    }
    const value = cleaned(raw, findingFieldOf(decision), maxCellChars, found);
    // A cell of nothing but invisible characters is as empty as a blank one.
    if (value !== REFUSED && isEmptyValue(value)) continue;
    input.filled += 1;
    if (value === REFUSED) continue;
    if (use.kind === 'attribute') {
      input.attributes[use.name] = cellText(value).trim();
      if (decision.lostTo?.field === 'producerId') input.producers.push(value);
      continue;
    }
    const { mapping } = use;
    if (mapping.field === 'images') input.images.push(value);
    else if (mapping.field === 'producerId') input.producers.push(value);
    else if (mapping.field === 'certifications') {
      if (mapping.index !== undefined && mapping.part !== undefined) {
        const entry = input.certificationParts.get(mapping.index) ?? {};
        entry[mapping.part] = cellText(value).trim();
        input.certificationParts.set(mapping.index, entry);
      } else input.certificationValues.push(value);
    } else input.set(mapping.field, { value, mapping });
  }
  return input;
}

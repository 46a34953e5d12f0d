/**
 * What a tour catalogue says about its columns: COLUMN_UNKNOWN for a header or JSON key naming
 * no tour field (with the profile line that would map it) or one the profile maps onto a field
 * only products have, COLUMN_DUPLICATE for a second column of one field. JSON keys are warned
 * about once per file, as they are met.
 */
import type { RowIssue } from '../codes.ts';
import { suggestTourFields, type TourColumnPlan, type TourHeaderReading } from './tour-columns.ts';

export function columnWarnings(plan: TourColumnPlan): RowIssue[] {
  return [
    ...plan.unknown.map((header) => unknownColumn('Column', header)),
    ...plan.productOnly.map(({ header, target }) => productOnlyColumn('Column', header, target)),
    ...plan.duplicates.map(({ header, field, takenBy }) => ({
      row: null,
      sku: null,
      field: header,
      code: 'COLUMN_DUPLICATE' as const,
      message: `Column ${JSON.stringify(header)} is another ${field} column; ${JSON.stringify(takenBy)} already provides it, so this one was not read.`,
    })),
  ];
}

/** COLUMN_UNKNOWN for a header or key naming no tour field, with the profile line that maps it. */
function unknownColumn(what: 'Column' | 'Key', header: string): RowIssue {
  const fields = suggestTourFields(header);
  const closest = fields.length === 0 ? '' : ` Closest tour fields: ${fields.join(', ')}.`;
  const line = `"columns": { ${JSON.stringify(header)}: ${fields[0] === undefined ? '"<tour field>"' : JSON.stringify(fields[0])} }`;
  return {
    row: null,
    sku: null,
    field: header,
    code: 'COLUMN_UNKNOWN',
    message: `${what} ${JSON.stringify(header)} is not a tour field; it was not read.${closest} To map it, add to your profile: ${line}.`,
  };
}

/** COLUMN_UNKNOWN for a header the profile maps to a field only products have. */
function productOnlyColumn(what: 'Column' | 'Key', header: string, target: string): RowIssue {
  return {
    row: null,
    sku: null,
    field: header,
    code: 'COLUMN_UNKNOWN',
    message: `${what} ${JSON.stringify(header)} is mapped by your profile to ${JSON.stringify(target)}, which only products have; a tour catalogue does not read it.`,
  };
}

/**
 * JSON keys naming no tour field, each warned about once (COLUMN_UNKNOWN, as an unknown header
 * is): the first time a key is met, whichever object has it. A key of a list of objects counts
 * once for all its positions ("media.0.url" and "media.1.url" are one key).
 */
export class UnknownKeys {
  private readonly seen = new Set<string>();
  private pending: RowIssue[] = [];

  note(key: string, reading: TourHeaderReading): void {
    if (reading.kind !== 'unknown' && reading.kind !== 'product') return;
    this.push(key, () =>
      reading.kind === 'unknown' ? unknownColumn('Key', key) : productOnlyColumn('Key', key, reading.target),
    );
  }

  /** A key of a canonical-shape tour that the model has no place for ("timeZone", "supplier"). */
  noteOutsideModel(key: string): void {
    this.push(key, () => ({
      row: null,
      sku: null,
      field: key,
      code: 'COLUMN_UNKNOWN',
      message: `Key ${JSON.stringify(key)} has no place in the tour model (docs/tour-packages.md); it was not read.`,
    }));
  }

  private push(key: string, warning: () => RowIssue): void {
    const shape = key.replace(/\.\d+(?=\.|$)/gu, '.*');
    if (this.seen.has(shape)) return;
    this.seen.add(shape);
    this.pending.push(warning());
  }

  /** The warnings noted since the last call. */
  take(): RowIssue[] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }
}

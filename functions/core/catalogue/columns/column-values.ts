/**
 * What a column's values say about the column, for headers that say too little: a bare "Unit"
 * column holding "g" and "kg" is the unit of the quantity beside it, one holding "sac" and "bag"
 * is the sales unit; a column of "RWF" and "USD" is the currency. Read from a sample of the first
 * rows, once per file.
 */

import type { RawValue } from '../readers/raw-record.ts';
import { cellText, isEmptyValue } from '../values/cell-text.ts';
import { parseDecimalText } from '../values/decimal.ts';
import { resolveCurrency, resolveQuantityUnit, resolveSalesUnit } from '../vocabulary.ts';

export type ValueKind = 'number' | 'quantity-unit' | 'packaging' | 'currency' | 'image-url' | 'text';

/** How many sampled values a column needs before its values may decide anything. */
export const MIN_VALUES_TO_DECIDE = 2;
/** The share of a column's values that must agree for them to decide. */
export const AGREEMENT = 0.8;

const IMAGE_URL = /^https:\/\/\S+\.(?:jpe?g|png|webp|gif|avif)(?:[?#]\S*)?$/iu;

/** The kind of one value, most specific first. */
export function valueKind(value: RawValue): ValueKind {
  if (typeof value === 'number') return 'number';
  const text = cellText(value).trim();
  if (parseDecimalText(text, false).ok) return 'number';
  if (resolveQuantityUnit(text) !== null) return 'quantity-unit';
  if (resolveSalesUnit(text) !== null) return 'packaging';
  if (resolveCurrency(text) !== null) return 'currency';
  if (IMAGE_URL.test(text)) return 'image-url';
  return 'text';
}

export interface ColumnValues {
  /** Non-empty sampled values. */
  count: number;
  kinds: ReadonlyMap<ValueKind, number>;
}

export function describeValues(values: readonly RawValue[]): ColumnValues {
  const kinds = new Map<ValueKind, number>();
  let count = 0;
  for (const value of values) {
    if (isEmptyValue(value)) continue;
    count += 1;
    const kind = valueKind(value);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return { count, kinds };
}

/** True when enough values were sampled and nearly all of them are of these kinds. */
export function mostlyOf(values: ColumnValues, ...kinds: ValueKind[]): boolean {
  if (values.count < MIN_VALUES_TO_DECIDE) return false;
  const agreeing = kinds.reduce((sum, kind) => sum + (values.kinds.get(kind) ?? 0), 0);
  return agreeing >= values.count * AGREEMENT;
}

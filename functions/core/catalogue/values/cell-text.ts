/** A cell's text as people see it, for reading and for messages. */
import type { RawValue } from '../readers/raw-record.ts';

/** The value as the producer wrote it, quoted and cut to about 40 characters, for messages. */
export function quoteValue(value: string): string {
  const flat = value.replace(/\s+/gu, ' ');
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat);
}

/** The text of a cell: numbers as JavaScript writes them, lists joined with ", ". */
export function cellText(value: RawValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value
      .map(cellText)
      .filter((item) => item.trim() !== '')
      .join(', ');
  return String(value);
}

/** Null, blank text, or a list of nothing but those. */
export function isEmptyValue(value: RawValue): boolean {
  if (value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isEmptyValue);
  return false;
}

/**
 * Where the table is in a sheet people made for people: the header may sit under a title line,
 * a date and a blank line; a "Total" line may close the data; the header may be repeated where
 * two sheets were pasted together. These functions tell those lines apart from products.
 */

import { matchHeader } from '../headers.ts';
import { foldText } from '../normalise-key.ts';
import type { RawRecord } from '../readers/raw-record.ts';
import { cellText } from '../values/cell-text.ts';

/** The header is looked for on the first lines that hold anything, this many at most. */
export const HEADER_SEARCH_ROWS = 20;

const NUMBER_LIKE = /^[-+]?[\d\s.,]+$/u;
const REQUIRED_FIELD_WEIGHT: Readonly<Record<string, number>> = {
  sku: 1,
  price: 1,
  productType: 1,
  'names.en': 1,
  'names.fr': 1,
  'names.rw': 1,
  'names.zh-CN': 1,
};

export interface HeaderScore {
  /** Higher is more header-like. */
  score: number;
  /** Distinct fields the row's cells name. */
  fields: number;
}

/**
 * How much a row looks like the table's header: each cell naming a field counts (a whole-name
 * match more than a word match), the required fields more, and numbers count against it: a
 * header names things, a product row prices them.
 */
export function scoreHeaderRow(cells: readonly (string | undefined)[]): HeaderScore {
  const fields = new Set<string>();
  let score = 0;
  for (const cell of cells) {
    const text = cell?.trim() ?? '';
    if (text === '') continue;
    if (NUMBER_LIKE.test(text)) {
      score -= 1;
      continue;
    }
    const matched = matchHeader(text);
    if (matched.kind === 'match') {
      const { field } = matched.mapping;
      if (fields.has(field)) continue;
      fields.add(field);
      score += (matched.exact ? 1 : 0.75) + (REQUIRED_FIELD_WEIGHT[field] ?? 0);
    } else if (matched.kind === 'ambiguous') score += 0.25;
  }
  return { score, fields: fields.size };
}

/** A header must name at least this many fields to be preferred over the first line. */
const MIN_HEADER_FIELDS = 2;

/**
 * The index (into `rows`) of the header: the best-scoring of the first rows, earliest on a tie;
 * the first row when none names enough fields (it is then refused or read as it is today).
 */
export function findHeaderRow(rows: readonly (readonly (string | undefined)[])[]): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
    const { score, fields } = scoreHeaderRow(cells);
    if (fields >= MIN_HEADER_FIELDS && score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/**
 * A label that opens with a total word: "Total", "TOTAL GÉNÉRAL", "Sous-total café vert", "Sub
 * total:", "Grand Total", "Igiteranyo cyose", "Somme".
 */
const TOTAL_LABEL = /^(?:(?:grand|sub|sous)\s*-?\s*)?(?:totals?|totaux)\b|^igiteranyo\b|^(?:somme|sum)\b/u;

/**
 * Folding keeps an ASCII letter as its lower case, so a cell opening with an ASCII character other
 * than g, i, s or t cannot fold into a total word; most product names are ruled out unfolded (the
 * check runs on every row, and folding a non-ASCII name is NFKD over the whole cell).
 */
const TOTAL_INITIAL = /^\s*(?:\P{ASCII}|[gist])/iu;

function isTotalLabel(text: string): boolean {
  if (!TOTAL_INITIAL.test(text)) return false;
  return TOTAL_LABEL.test(foldText(text).trim().replace(/\s+/gu, ' '));
}

/**
 * True for a total line: its label (the first non-empty cell, or the SKU or name cell) opens with
 * a total word, and it has no SKU of its own: "Total Roast blend" with SKU T-1 is a product.
 */
export function isTotalRow(record: RawRecord, labelKeys: readonly string[], skuKey?: string): boolean {
  const candidates: string[] = [];
  for (const key of labelKeys) candidates.push(cellText(record.fields.get(key) ?? '').trim());
  for (const value of record.fields.values()) {
    const text = cellText(value).trim();
    if (text !== '') {
      candidates.push(text);
      break;
    }
  }
  const label = candidates.find((text) => text !== '' && isTotalLabel(text));
  if (label === undefined) return false;
  const sku = skuKey === undefined ? '' : cellText(record.fields.get(skuKey) ?? '').trim();
  return sku === '' || sku === label;
}

/**
 * Column names folded once, not once per row: this check runs on every row of every table. Bounded
 * (cleared when full) because a long-lived process reads many files with their own headers.
 */
const FOLDED_KEYS = new Map<string, string>();
const FOLDED_KEYS_LIMIT = 4096;

function foldedKey(key: string): string {
  let folded = FOLDED_KEYS.get(key);
  if (folded === undefined) {
    if (FOLDED_KEYS.size >= FOLDED_KEYS_LIMIT) FOLDED_KEYS.clear();
    folded = foldText(key.trim());
    FOLDED_KEYS.set(key, folded);
  }
  return folded;
}

/** True for the header line again: most of its named cells say their own column's name. */
export function isRepeatedHeader(record: RawRecord): boolean {
  let named = 0;
  let same = 0;
  // At most every field is named, so once more than 40% of them differ the answer is no: a data
  // row (asked on every row) stops after a few cells instead of folding them all.
  const mostDifferent = record.fields.size * 0.4;
  for (const [key, value] of record.fields) {
    if (key.startsWith('Column ')) continue;
    named += 1;
    if (foldText(cellText(value).trim()) === foldedKey(key)) same += 1;
    else if (named - same > mostDifferent) return false;
  }
  return named >= 2 && same >= 2 && same * 10 >= named * 6;
}

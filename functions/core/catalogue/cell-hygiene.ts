/**
 * Checks every text cell before any value is read from it. Catalogue text ends up in feeds and
 * reports that people open in Excel, so a cell Excel would run as a formula is refused outright
 * rather than escaped: the producer sees it and fixes the source.
 */
import type { RowErrorCode } from './codes.ts';

export interface CellProblem {
  code: Extract<RowErrorCode, 'CELL_FORMULA' | 'CELL_CONTROL_CHARACTERS' | 'CELL_TOO_LONG'>;
  message: string;
}

// Tab, line feed and carriage return are ordinary in multi-line cells; every other C0/C1 control is not.
const CONTROL_CHARACTERS = /[^\P{Cc}\t\n\r]/u;
/**
 * What may follow a leading "+" or "-" without it being a formula: a number with an optional
 * currency and short unit ("-1", "-$5", "-18 °C", "-12,50 €", "+250 788 123 456", "-1,5E+3"),
 * or a range of two ("-2 - 4 °C"). A letter right after the sign (other than a currency code),
 * brackets, "|", "!", quotes or operators make it a formula.
 */
const SIGNED_NUMBER = String.raw`[+\-−]?\s*(?:[$€¥£]|(?:rwf|frw|usd|us\$|eur|cny|rmb)\s*)?\d[\d\s\u00A0\u202F.,]*(?:e[+\-]?\d+)?(?:\s*(?:[°º]?\s*\p{L}{1,12}\.?|[$€¥£%]))?`;
const PLAIN_SIGNED_VALUE = new RegExp(
  String.raw`^${SIGNED_NUMBER}(?:\s*(?:-|–|—|to|à|a)\s*${SIGNED_NUMBER})?\s*$`,
  'iu',
);

/** Index of the first character that is not whitespace: Excel skips leading blanks, tabs and CRs too. */
function firstVisible(text: string): number {
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (
      code !== 32 &&
      code !== 9 &&
      code !== 10 &&
      code !== 13 &&
      code !== 0xa0 &&
      code !== 0x202f &&
      code !== 0x2009
    ) {
      break;
    }
    index += 1;
  }
  return index;
}

function excerpt(text: string): string {
  const flat = text.replace(/\p{Cc}/gu, ' ');
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat);
}

/**
 * The first problem with one text cell, or null when it is clean. Order matters: a giant cell
 * is reported as too long without scanning it further.
 */
export function checkCell(text: string, maxChars: number): CellProblem | null {
  if (text.length > maxChars) {
    return {
      code: 'CELL_TOO_LONG',
      message: `Cell has ${text.length} characters; at most ${maxChars} are accepted.`,
    };
  }
  const lead = firstVisible(text);
  const first = text.charAt(lead);
  if (
    first === '=' ||
    first === '@' ||
    ((first === '+' || first === '-') && !PLAIN_SIGNED_VALUE.test(text.slice(lead)))
  ) {
    return {
      code: 'CELL_FORMULA',
      message: `${excerpt(text)} starts with "${first}" and would run as a spreadsheet formula; remove the leading "${first}" or write a plain value.`,
    };
  }
  if (CONTROL_CHARACTERS.test(text)) {
    return {
      code: 'CELL_CONTROL_CHARACTERS',
      message: `${excerpt(text)} contains invisible control characters; retype the cell as plain text.`,
    };
  }
  return null;
}

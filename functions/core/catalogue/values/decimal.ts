/**
 * Decimal numbers as producers type them ("1 500", "0,25", "1.500,50"), read exactly: money never
 * goes through floating point, amounts are decimal digit strings scaled with BigInt. The other
 * modules of values/ read prices, quantities, dates and codes on top of these; each value becomes
 * a canonical value or a problem that says what was found and what is expected.
 *
 * NUMBER FORMAT RULE
 * - Spaces (ordinary, no-break, narrow no-break, thin) only ever group thousands: "1 500".
 * - When both "." and "," appear, the last one is the decimal mark and the other groups
 *   thousands: "1.500,50" and "1,500.50" are both 1500.5.
 * - One kind of mark appearing several times groups thousands: "1.500.000", "1,500,000".
 * - A single "." or "," is a decimal mark ("1,5" = 1.5, "0,250" = 0.25, "12.345" = 12.345),
 *   EXCEPT in a whole-number column (stock, case pack, and prices in a currency without minor
 *   units, i.e. RWF) where a single mark followed by exactly three digits, after one to three
 *   digits that do not start with 0, groups thousands: there "1,500" and "1.500" are 1500.
 *   So "1,500" is 1500 RWF but 1.50 USD, and 1500 items of stock but 1.5 kg of net weight.
 * - Thousands groups must be exactly three digits ("1 50" and "1.50.0" are refused), and the
 *   decimal mark comes last. "1e3" style exponents are accepted; results that are not finite
 *   numbers (1e400) are refused.
 * Numbers already typed as numbers (XLSX, JSON) need none of this and are read as they are.
 */

import type { RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from './cell-text.ts';
import { fail, ok, type Parsed, type ValueProblem } from './value-result.ts';

/** A decimal as digits and a scale: 1500.5 is { digits: "15005", scale: 1 }. No trailing fraction zeros. */
export interface DecimalValue {
  negative: boolean;
  digits: string;
  scale: number;
}

const SPACE_SEPARATORS: ReadonlySet<string> = new Set([' ', '\u00A0', '\u202F', '\u2009']);
const EXPONENT = /^(.*?)[eE]([+-]?\d{1,6})$/u;
const JS_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/u;
const MAX_EXPONENT = 400;
const UNICODE_MINUS = /\u2212/gu;
const ALL_DIGITS = /^\d+$/u;
const SPACE_GROUPED = /^\d{1,3}(?: \d{3})+$/u;
const PLAIN_SPACES = / /gu;
const ONE_MARK = /^(\d+)[.,](\d+)$/u;

function normaliseDecimal(
  negative: boolean,
  intDigits: string,
  fracDigits: string,
  exponent: number,
): DecimalValue {
  let digits = intDigits + fracDigits;
  let scale = fracDigits.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let end = digits.length;
  while (scale > 0 && end > 0 && digits.charCodeAt(end - 1) === 48) {
    end -= 1;
    scale -= 1;
  }
  let start = 0;
  while (start < end - 1 && digits.charCodeAt(start) === 48) start += 1;
  digits = digits.slice(start, end);
  if (digits === '' || /^0+$/u.test(digits)) return { negative: false, digits: '0', scale: 0 };
  return { negative, digits, scale };
}

export const notANumber = (text: string): { ok: false; problem: ValueProblem } =>
  fail(
    'NUMBER_INVALID',
    `${quoteValue(text)} is not a number; expected digits such as 1500, 1 500 or 12,50.`,
  );

/**
 * Parses number text by the rule at the top of this file. `wholeNumberColumn` turns on the
 * single-separator-before-three-digits-is-thousands reading.
 */
export function parseDecimalText(raw: string, wholeNumberColumn: boolean): Parsed<DecimalValue> {
  let text = raw.trim().replace(UNICODE_MINUS, '-');
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text.startsWith('-');
    text = text.slice(1).trimStart();
  }
  // Most cells (stock, shelf life, weights) are bare digits: the general reading below gives
  // exactly this for them, without building groups and separator sets for every cell.
  if (ALL_DIGITS.test(text)) return ok(normaliseDecimal(negative, text, '', 0));
  // The next most common shapes, read directly with the result the general reading gives them:
  // thousands grouped by plain spaces ("12 500": groups of three after one to three digits) and
  // one mark between digits ("0,5"; "1,500" in a whole-number column is the thousands case).
  if (SPACE_GROUPED.test(text)) return ok(normaliseDecimal(negative, text.replace(PLAIN_SPACES, ''), '', 0));
  const oneMark = ONE_MARK.exec(text);
  if (oneMark !== null) {
    const before = oneMark[1] as string;
    const after = oneMark[2] as string;
    const thousands =
      wholeNumberColumn && after.length === 3 && before.length <= 3 && before.charCodeAt(0) !== 48;
    return ok(
      thousands
        ? normaliseDecimal(negative, before + after, '', 0)
        : normaliseDecimal(negative, before, after, 0),
    );
  }
  let exponent = 0;
  const withExponent = EXPONENT.exec(text);
  if (withExponent !== null) {
    text = withExponent[1] ?? '';
    exponent = Number(withExponent[2]);
    if (Math.abs(exponent) > MAX_EXPONENT) return notANumber(raw);
  }

  const groups: string[] = [];
  const separators: string[] = [];
  let current = '';
  for (const char of text) {
    if (char >= '0' && char <= '9') {
      current += char;
      continue;
    }
    const isMark = char === '.' || char === ',';
    if (!isMark && !SPACE_SEPARATORS.has(char)) return notANumber(raw);
    // Only a leading decimal mark (".5") may come without digits before it.
    if (current === '' && !(isMark && groups.length === 0)) return notANumber(raw);
    groups.push(current);
    separators.push(isMark ? char : ' ');
    current = '';
  }
  if (current === '') return notANumber(raw);
  groups.push(current);

  let decimalAt = -1;
  const marks: number[] = [];
  separators.forEach((separator, index) => {
    if (separator !== ' ') marks.push(index);
  });
  const lastMark = marks.at(-1);
  if (lastMark !== undefined) {
    const lastChar = separators[lastMark];
    const kinds = new Set(marks.map((index) => separators[index]));
    if (kinds.size === 2) decimalAt = lastMark;
    else if (marks.length > 1) decimalAt = -1;
    else if (separators.length > 1) decimalAt = lastMark;
    else {
      const before = groups[0] ?? '';
      const after = groups[1] ?? '';
      const thousands =
        wholeNumberColumn &&
        after.length === 3 &&
        before.length >= 1 &&
        before.length <= 3 &&
        !before.startsWith('0');
      decimalAt = thousands ? -1 : lastMark;
    }
    if (decimalAt !== -1 && separators.slice(decimalAt + 1).length > 0) return notANumber(raw);
    if (decimalAt !== -1 && separators.filter((separator) => separator === lastChar).length > 1) {
      return notANumber(raw);
    }
  }

  const groupingEnd = decimalAt === -1 ? separators.length : decimalAt;
  if (groupingEnd > 0) {
    // Exponents belong to plain numbers ("1.5E+06"), never to grouped ones.
    if (withExponent !== null) return notANumber(raw);
    const grouping = new Set(separators.slice(0, groupingEnd));
    const first = groups[0] ?? '';
    if (grouping.size > 1 || first.length < 1 || first.length > 3) return notANumber(raw);
    for (let index = 1; index <= groupingEnd; index += 1) {
      if ((groups[index] ?? '').length !== 3) return notANumber(raw);
    }
  }
  const intDigits = groups.slice(0, groupingEnd + 1).join('');
  const fracDigits = decimalAt === -1 ? '' : (groups[decimalAt + 1] ?? '');
  return ok(normaliseDecimal(negative, intDigits, fracDigits, exponent));
}

/** A number typed as a number (XLSX, JSON): read exactly, through its shortest decimal form. */
export function decimalFromNumber(value: number): Parsed<DecimalValue> {
  if (!Number.isFinite(value)) return notANumber(String(value));
  const match = JS_NUMBER.exec(String(value));
  if (match === null) return notANumber(String(value));
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  return ok(normaliseDecimal(match[1] === '-', match[2] ?? '0', match[3] ?? '', exponent));
}

function decimalFromValue(value: RawValue, wholeNumberColumn: boolean): Parsed<DecimalValue> {
  if (typeof value === 'number') return decimalFromNumber(value);
  return parseDecimalText(cellText(value), wholeNumberColumn);
}

/** The decimal as text, "-1500.5": what the producer's number means, for messages. */
export function decimalToString(decimal: DecimalValue): string {
  const padded = decimal.digits.padStart(decimal.scale + 1, '0');
  const split = padded.length - decimal.scale;
  const text = decimal.scale === 0 ? padded : `${padded.slice(0, split)}.${padded.slice(split)}`;
  return decimal.negative ? `-${text}` : text;
}

/** The decimal as a JavaScript number, or NUMBER_INVALID when it does not fit one (1e400). */
export function decimalToNumber(decimal: DecimalValue, original: string): Parsed<number> {
  const value = Number(decimalToString(decimal));
  return Number.isFinite(value) ? ok(value) : notANumber(original);
}

export function shiftDecimal(decimal: DecimalValue, powerOfTen: number): DecimalValue {
  if (powerOfTen === 0) return decimal;
  const padded = decimal.digits.padStart(decimal.scale + 1, '0');
  const split = padded.length - decimal.scale;
  return normaliseDecimal(decimal.negative, padded.slice(0, split), padded.slice(split), powerOfTen);
}

/** Exact decimal times a whole factor, or null when the result is not a whole number. */
export function multiplyToInteger(decimal: DecimalValue, factor: number): bigint | null {
  const product = BigInt(decimal.digits) * BigInt(factor);
  const divisor = 10n ** BigInt(decimal.scale);
  if (product % divisor !== 0n) return null;
  const whole = product / divisor;
  return decimal.negative ? -whole : whole;
}

/**
 * A whole number (stock, case pack): thousands read as in any whole-number column, decimals
 * refused. Negative values are returned; the caller decides whether they are allowed.
 */
export function parseWholeNumber(value: RawValue): Parsed<number> {
  const text = cellText(value).trim();
  const parsed = decimalFromValue(value, true);
  if (!parsed.ok) return parsed;
  if (parsed.value.scale > 0) {
    return fail('NUMBER_INVALID', `${quoteValue(text)} is not a whole number; expected a count such as 120.`);
  }
  const whole = BigInt(parsed.value.digits);
  if (whole > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail(
      'NUMBER_OUT_OF_RANGE',
      `${quoteValue(text)} is too large; expected at most ${Number.MAX_SAFE_INTEGER}.`,
    );
  }
  return ok(parsed.value.negative ? -Number(whole) : Number(whole));
}

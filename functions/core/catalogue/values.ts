/**
 * Cell values as producers type them ("1 500 FRW", "0,25", "500g", "15/06/2026", "12 mois",
 * "0901.11") parsed into canonical values, or into a problem that says what was found and what
 * is expected. Money never goes through floating point: amounts are decimal digit strings
 * scaled with BigInt.
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
import { withLeadingZerosRestored } from '../gtin.ts';
import { formatMinor, pricePlausibility } from '../money.ts';
import type { RowErrorCode, WarningCode } from './codes.ts';
import { CURRENCY_MINOR_UNITS, type CurrencyCode, type Money, type Quantity } from './model.ts';
import type { RawValue } from './readers/raw-record.ts';
import {
  daysPerDurationUnit,
  type ResolvedQuantityUnit,
  resolveCurrency,
  resolveQuantityUnit,
  resolveTemperatureUnit,
} from './vocabulary.ts';

export interface ValueProblem {
  code: RowErrorCode;
  message: string;
}
/** A value read with a repair the producer should know about (a GTIN's lost zeros). */
export interface ValueWarning {
  code: WarningCode;
  message: string;
}
export type Parsed<T> = { ok: true; value: T; warning?: ValueWarning } | { ok: false; problem: ValueProblem };

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}
function fail(code: RowErrorCode, message: string): { ok: false; problem: ValueProblem } {
  return { ok: false, problem: { code, message } };
}

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

// ---------------------------------------------------------------------------------------------
// Decimal numbers

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

const NOT_A_NUMBER = (text: string): { ok: false; problem: ValueProblem } =>
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
    if (Math.abs(exponent) > MAX_EXPONENT) return NOT_A_NUMBER(raw);
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
    if (!isMark && !SPACE_SEPARATORS.has(char)) return NOT_A_NUMBER(raw);
    // Only a leading decimal mark (".5") may come without digits before it.
    if (current === '' && !(isMark && groups.length === 0)) return NOT_A_NUMBER(raw);
    groups.push(current);
    separators.push(isMark ? char : ' ');
    current = '';
  }
  if (current === '') return NOT_A_NUMBER(raw);
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
    if (decimalAt !== -1 && separators.slice(decimalAt + 1).length > 0) return NOT_A_NUMBER(raw);
    if (decimalAt !== -1 && separators.filter((separator) => separator === lastChar).length > 1) {
      return NOT_A_NUMBER(raw);
    }
  }

  const groupingEnd = decimalAt === -1 ? separators.length : decimalAt;
  if (groupingEnd > 0) {
    // Exponents belong to plain numbers ("1.5E+06"), never to grouped ones.
    if (withExponent !== null) return NOT_A_NUMBER(raw);
    const grouping = new Set(separators.slice(0, groupingEnd));
    const first = groups[0] ?? '';
    if (grouping.size > 1 || first.length < 1 || first.length > 3) return NOT_A_NUMBER(raw);
    for (let index = 1; index <= groupingEnd; index += 1) {
      if ((groups[index] ?? '').length !== 3) return NOT_A_NUMBER(raw);
    }
  }
  const intDigits = groups.slice(0, groupingEnd + 1).join('');
  const fracDigits = decimalAt === -1 ? '' : (groups[decimalAt + 1] ?? '');
  return ok(normaliseDecimal(negative, intDigits, fracDigits, exponent));
}

/** A number typed as a number (XLSX, JSON): read exactly, through its shortest decimal form. */
export function decimalFromNumber(value: number): Parsed<DecimalValue> {
  if (!Number.isFinite(value)) return NOT_A_NUMBER(String(value));
  const match = JS_NUMBER.exec(String(value));
  if (match === null) return NOT_A_NUMBER(String(value));
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
  return Number.isFinite(value) ? ok(value) : NOT_A_NUMBER(original);
}

function shiftDecimal(decimal: DecimalValue, powerOfTen: number): DecimalValue {
  if (powerOfTen === 0) return decimal;
  const padded = decimal.digits.padStart(decimal.scale + 1, '0');
  const split = padded.length - decimal.scale;
  return normaliseDecimal(decimal.negative, padded.slice(0, split), padded.slice(split), powerOfTen);
}

/** Exact decimal times a whole factor, or null when the result is not a whole number. */
function multiplyToInteger(decimal: DecimalValue, factor: number): bigint | null {
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

// ---------------------------------------------------------------------------------------------
// Money

export interface PriceInput {
  /** The price cell: "1 500", "RWF 1,500", "$12.50", 12.5. */
  amount?: RawValue;
  /** Canonical-shape JSON: integer minor units. */
  minor?: RawValue;
  /** The currency column, if any. */
  currency?: RawValue;
  /** Currency named in the price column's header ("Prix (USD)"), already resolved. */
  headerCurrency?: CurrencyCode | null;
}
export interface FieldProblem extends ValueProblem {
  field: 'price' | 'price.currency';
}
export interface FieldWarning {
  field: 'price';
  code: WarningCode;
  message: string;
}
export interface PriceResult {
  /** Null when any problem was found or there was no price at all. */
  money: Money | null;
  problems: FieldProblem[];
  warnings: FieldWarning[];
}

const LEADING_TOKEN = /^([+\-\u2212]?)\s*([^\d\s+\-\u2212.,][^\d\s]*?)\s*(?=[\d.,+\-\u2212]|$)/u;
const TRAILING_TOKEN = /\s*([^\d\s.,+\-\u2212][^\d\s]*)$/u;

interface SplitAmount {
  number: string;
  tokens: string[];
}

/** Splits "RWF 1,500", "1 500 FRW", "-$5", "12,50 €" into the number and the words around it. */
export function splitCurrencyTokens(text: string): SplitAmount {
  let rest = text.trim();
  const tokens: string[] = [];
  const leading = LEADING_TOKEN.exec(rest);
  if (leading !== null && leading[2] !== undefined) {
    tokens.push(leading[2]);
    rest = `${leading[1] ?? ''}${rest.slice(leading[0].length)}`;
  }
  const trailing = TRAILING_TOKEN.exec(rest);
  if (trailing !== null && trailing[1] !== undefined) {
    tokens.push(trailing[1]);
    rest = rest.slice(0, trailing.index);
  }
  return { number: rest.trim(), tokens };
}

const ACCEPTED_CURRENCIES = Object.keys(CURRENCY_MINOR_UNITS).join(', ');

function minorUnitsOf(decimal: DecimalValue, currency: CurrencyCode, original: string): Parsed<number> {
  const minorUnits = CURRENCY_MINOR_UNITS[currency];
  if (decimal.scale > minorUnits) {
    const allowed = minorUnits === 0 ? 'no decimals' : `at most ${minorUnits} decimals`;
    return fail(
      'PRICE_INVALID',
      `${quoteValue(original)} has ${decimal.scale} decimals but ${currency} prices have ${allowed}.`,
    );
  }
  const minor = BigInt(decimal.digits) * 10n ** BigInt(minorUnits - decimal.scale);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    return fail('NUMBER_OUT_OF_RANGE', `${quoteValue(original)} is too large to be a price.`);
  }
  return ok(Number(minor));
}

/**
 * Resolves a price and its currency from the price cell, a currency column and the price
 * header. The currency is never guessed: none anywhere is CURRENCY_UNKNOWN, two different ones
 * are CURRENCY_CONFLICT. Every problem found is reported, not just the first.
 */
export function resolvePrice(input: PriceInput): PriceResult {
  const problems: FieldProblem[] = [];
  const sources: { where: string; currency: CurrencyCode }[] = [];
  let currencyUnreadable = false;

  if (input.currency !== undefined) {
    const text = cellText(input.currency).trim();
    const currency = resolveCurrency(text);
    if (currency === null) {
      currencyUnreadable = true;
      problems.push({
        field: 'price.currency',
        code: 'CURRENCY_UNKNOWN',
        message: `${quoteValue(text)} is not an accepted currency; expected one of ${ACCEPTED_CURRENCIES}.`,
      });
    } else sources.push({ where: 'the currency column', currency });
  }

  let amountText: string | null = null;
  let amountNumber: RawValue | null = null;
  if (input.amount !== undefined) {
    if (typeof input.amount === 'number') amountNumber = input.amount;
    else {
      const original = cellText(input.amount).trim();
      const split = splitCurrencyTokens(original);
      amountText = split.number;
      // Words around something that is not a number ("dix-huit mille") are not a currency.
      const numberLooksValid = /\d/u.test(split.number) && parseDecimalText(split.number, false).ok;
      if (!numberLooksValid) {
        problems.push({ field: 'price', ...NOT_A_NUMBER(original).problem });
        amountText = null;
      } else {
        for (const token of split.tokens) {
          const currency = resolveCurrency(token);
          if (currency === null) {
            currencyUnreadable = true;
            problems.push({
              field: 'price.currency',
              code: 'CURRENCY_UNKNOWN',
              message: `${quoteValue(token)} in price ${quoteValue(original)} is not an accepted currency; expected one of ${ACCEPTED_CURRENCIES}.`,
            });
          } else sources.unshift({ where: 'the price cell', currency });
        }
      }
    }
  }
  if (input.headerCurrency !== null && input.headerCurrency !== undefined) {
    sources.push({ where: 'the price column header', currency: input.headerCurrency });
  }

  const distinct = [...new Set(sources.map((source) => source.currency))];
  const currency = distinct.length === 1 ? (distinct[0] ?? null) : null;
  if (distinct.length > 1) {
    const said = sources.map((source) => `${source.where} says ${source.currency}`);
    problems.push({
      field: 'price.currency',
      code: 'CURRENCY_CONFLICT',
      message: `The currency is ambiguous: ${[...new Set(said)].join(', ')}. Give one currency.`,
    });
  }
  const hasPrice = input.amount !== undefined || input.minor !== undefined;
  if (hasPrice && distinct.length === 0 && !currencyUnreadable) {
    problems.push({
      field: 'price.currency',
      code: 'CURRENCY_UNKNOWN',
      message:
        'The price has no currency; write it in the cell (RWF 1 500), in a Currency column, or in the header: Price (RWF).',
    });
  }

  const wholeNumbers = currency !== null && CURRENCY_MINOR_UNITS[currency] === 0;
  let minor: number | null = null;
  if (amountNumber !== null || amountText !== null) {
    const original = amountNumber === null ? (amountText ?? '') : String(amountNumber);
    const parsed =
      amountNumber === null
        ? parseDecimalText(amountText ?? '', wholeNumbers)
        : decimalFromNumber(amountNumber);
    const finite = parsed.ok ? decimalToNumber(parsed.value, original) : parsed;
    if (!parsed.ok) problems.push({ field: 'price', ...parsed.problem });
    else if (!finite.ok) problems.push({ field: 'price', ...finite.problem });
    else if (parsed.value.negative) {
      problems.push({
        field: 'price',
        code: 'NUMBER_NEGATIVE',
        message: `Price ${quoteValue(original)} is negative; expected 0 or more.`,
      });
    } else if (currency !== null) {
      const converted = minorUnitsOf(parsed.value, currency, original);
      if (converted.ok) minor = converted.value;
      else problems.push({ field: 'price', ...converted.problem });
    }
  }

  if (input.minor !== undefined) {
    const original = cellText(input.minor).trim();
    const parsed = parseWholeNumber(input.minor);
    if (!parsed.ok) {
      problems.push({
        field: 'price',
        code: parsed.problem.code === 'NUMBER_INVALID' ? 'PRICE_INVALID' : parsed.problem.code,
        message: `price.minor ${quoteValue(original)} must be a whole number of minor units (cents, fen).`,
      });
    } else if (parsed.value < 0) {
      problems.push({
        field: 'price',
        code: 'NUMBER_NEGATIVE',
        message: `price.minor ${quoteValue(original)} is negative; expected 0 or more.`,
      });
    } else if (input.amount === undefined) minor = parsed.value;
    else if (minor !== null && minor !== parsed.value) {
      problems.push({
        field: 'price',
        code: 'PRICE_INVALID',
        message: `The price amount and price.minor ${quoteValue(original)} disagree; give one of them.`,
      });
    }
  }

  const money = problems.length === 0 && currency !== null && minor !== null ? { minor, currency } : null;
  return money === null ? { money, problems, warnings: [] } : withPlausibility(money);
}

/** A thousands-grouped amount for messages: "1 500 000 000 RWF". */
function shownAmount(major: number, currency: CurrencyCode): string {
  return `${String(major).replace(/\B(?=(\d{3})+$)/gu, ' ')} ${currency}`;
}

/** Refuses a price no unit is sold for and flags an unusual one (PRICE_PLAUSIBILITY, money.ts). */
function withPlausibility(money: Money): PriceResult {
  const found = pricePlausibility(money);
  if (found.verdict === 'plausible') return { money, problems: [], warnings: [] };
  const price = `${formatMinor(money.minor, money.currency)} ${money.currency}`;
  if (found.verdict === 'implausible') {
    return {
      money: null,
      warnings: [],
      problems: [
        {
          field: 'price',
          code: 'NUMBER_OUT_OF_RANGE',
          message: `Price ${price} is more than any unit is sold for (at most ${shownAmount(found.bound, money.currency)}); check the price column for a code, a phone number or extra zeros.`,
        },
      ],
    };
  }
  return {
    money,
    problems: [],
    warnings: [
      {
        field: 'price',
        code: 'PRICE_UNUSUALLY_HIGH',
        message: `Price ${price} is more than ${shownAmount(found.bound, money.currency)} for one unit; it is accepted, but check it has no extra zeros.`,
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Quantities, temperatures, durations

const NUMBER_THEN_UNIT = /^([+\-\u2212]?\s*(?:\d[\d\s\u00A0\u202F.,]*)?\d)\s*(.*)$/su;

interface NumberWithUnit {
  number: string;
  unit: string;
}

function splitNumberAndUnit(text: string): NumberWithUnit | null {
  const match = NUMBER_THEN_UNIT.exec(text.trim());
  if (match === null) return null;
  return { number: match[1] ?? '', unit: (match[2] ?? '').trim() };
}

/**
 * Net content: "500g", "1,5 kg", "75 cl", or a bare number whose unit comes from a unit column
 * or the header ("Poids net (kg)"). A unit in the cell wins over the column and the header.
 */
export function parseQuantity(
  value: RawValue,
  headerUnit: ResolvedQuantityUnit | null,
  unitCell?: string,
): Parsed<Quantity> {
  const text = cellText(value).trim();
  let numberPart: Parsed<DecimalValue>;
  let unit: ResolvedQuantityUnit | null = null;
  let unitText = '';
  if (typeof value === 'number') numberPart = decimalFromNumber(value);
  else {
    const split = splitNumberAndUnit(text);
    if (split === null) return NOT_A_NUMBER(text);
    numberPart = parseDecimalText(split.number, false);
    unitText = split.unit;
  }
  if (!numberPart.ok) return numberPart;
  if (unitText === '' && unitCell !== undefined && unitCell.trim() !== '') unitText = unitCell.trim();
  if (unitText !== '') {
    unit = resolveQuantityUnit(unitText);
    if (unit === null) {
      return fail(
        'UNIT_UNKNOWN',
        `${quoteValue(unitText)} in ${quoteValue(text)} is not a unit of weight or volume; expected g, kg, t, lb, ml or l.`,
      );
    }
  } else unit = headerUnit;
  if (unit === null) {
    return fail(
      'UNIT_UNKNOWN',
      `${quoteValue(text)} has no unit; write it in the cell (500 g) or in the header: Net weight (kg).`,
    );
  }
  if (numberPart.value.negative)
    return fail('NUMBER_NEGATIVE', `${quoteValue(text)} is negative; expected more than 0.`);
  if (numberPart.value.digits === '0') {
    return fail('NUMBER_OUT_OF_RANGE', `${quoteValue(text)} is zero; expected more than 0.`);
  }
  const number = decimalToNumber(shiftDecimal(numberPart.value, unit.shift), text);
  return number.ok ? ok({ value: number.value, unit: unit.unit }) : number;
}

type TemperatureScale = 'celsius' | 'fahrenheit';
const DEGREE_ONLY = /^[°º˚]$/u;

function temperatureScale(unitText: string): TemperatureScale | null {
  const compact = unitText.replace(/\s+/gu, '');
  if (DEGREE_ONLY.test(compact)) return 'celsius';
  return resolveTemperatureUnit(compact);
}

function toCelsius(value: number, scale: TemperatureScale): number {
  // Fahrenheit is converted to a tenth of a degree: finer than any cold-chain rule needs.
  return scale === 'celsius' ? value : Math.round(((value - 32) * 5 * 10) / 9) / 10;
}

/** One storage temperature: "4°C", "-1", "0 °C", "39 °F"; a bare number is in the header's scale, else °C. */
export function parseTemperature(value: RawValue, headerScale: TemperatureScale | null): Parsed<number> {
  const text = cellText(value).trim();
  let parsed: Parsed<DecimalValue>;
  let scale: TemperatureScale = headerScale ?? 'celsius';
  if (typeof value === 'number') parsed = decimalFromNumber(value);
  else {
    const split = splitNumberAndUnit(text);
    if (split === null) return NOT_A_NUMBER(text);
    parsed = parseDecimalText(split.number.replace(/\s+/gu, ''), false);
    if (split.unit !== '') {
      const found = temperatureScale(split.unit);
      if (found === null) {
        return fail('UNIT_UNKNOWN', `${quoteValue(text)} is not in °C or °F; expected e.g. 4 °C.`);
      }
      scale = found;
    }
  }
  if (!parsed.ok) return parsed;
  const number = decimalToNumber(parsed.value, text);
  if (!number.ok) return number;
  const celsius = toCelsius(number.value, scale);
  if (celsius < -60 || celsius > 60) {
    return fail('NUMBER_OUT_OF_RANGE', `${quoteValue(text)} is outside -60 to 60 °C.`);
  }
  return ok(celsius);
}

const TEMPERATURE_RANGE =
  /^([+\-\u2212]?\s*\d+(?:[.,]\d+)?)\s*(?:[°º˚]\s*[cCfF]?)?\s*(?:-|–|—|~|à|a|to|\.\.)\s*([+\-\u2212]?\s*\d+(?:[.,]\d+)?\s*(?:[°º˚]?\s*[cCfF])?)$/u;

/**
 * A storage-temperature column holding a range ("2–8 °C", "-2 à 4°C") or a single value. A single
 * value is read as the maximum: "-18 °C" on frozen beef means "at or below -18 °C".
 */
export function parseTemperatureRange(
  value: RawValue,
  headerScale: TemperatureScale | null,
): Parsed<{ minC?: number; maxC?: number }> {
  const text = cellText(value).trim();
  const range = typeof value === 'number' ? null : TEMPERATURE_RANGE.exec(text);
  if (range === null) {
    const single = parseTemperature(value, headerScale);
    return single.ok ? ok({ maxC: single.value }) : single;
  }
  const upper = parseTemperature(range[2] ?? '', headerScale);
  if (!upper.ok) return upper;
  // The unit is usually written once, after the second number; it applies to both.
  const upperScale =
    temperatureScale((range[2] ?? '').replace(/^[+\-\u2212]?\s*[\d.,]+/u, '')) ?? headerScale;
  const lower = parseTemperature(range[1] ?? '', upperScale);
  if (!lower.ok) return lower;
  return ok({ minC: lower.value, maxC: upper.value });
}

/**
 * Shelf life in whole days: "540 days", "18 months" (30 days each), "1 an" (365), "12 mois".
 * A bare number is in the header's unit ("Durée de conservation (mois)") or, failing that, days.
 */
export function parseShelfLifeDays(value: RawValue, headerDaysPerUnit: number | null): Parsed<number> {
  const text = cellText(value).trim();
  let parsed: Parsed<DecimalValue>;
  let factor = headerDaysPerUnit ?? 1;
  if (typeof value === 'number') parsed = decimalFromNumber(value);
  else {
    const split = splitNumberAndUnit(text);
    if (split === null) return NOT_A_NUMBER(text);
    parsed = parseDecimalText(split.number, false);
    if (split.unit !== '') {
      const found = daysPerDurationUnit(split.unit);
      if (found === null) {
        return fail(
          'UNIT_UNKNOWN',
          `${quoteValue(split.unit)} in ${quoteValue(text)} is not a duration; expected days, weeks, months or years.`,
        );
      }
      factor = found;
    }
  }
  if (!parsed.ok) return parsed;
  if (parsed.value.negative)
    return fail('NUMBER_NEGATIVE', `${quoteValue(text)} is negative; expected a duration.`);
  const days = multiplyToInteger(parsed.value, factor);
  if (days === null) return fail('NUMBER_INVALID', `${quoteValue(text)} is not a whole number of days.`);
  if (days < 1n || days > 3650n) {
    return fail('NUMBER_OUT_OF_RANGE', `${quoteValue(text)} is ${days} days; expected 1 to 3650 days.`);
  }
  return ok(Number(days));
}

// ---------------------------------------------------------------------------------------------
// Dates

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/u;
const YEAR_FIRST_DATE = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/u;
const DAY_FIRST_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/u;
const SERIAL_DATE = /^\d{5}(?:\.\d+)?$/u;
/** Spreadsheet serials accepted: 1954-10-03 to 2099-12-31; a bare "2026" is a year, not a day. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 73_050;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function isoOf(year: number, month: number, day: number, original: string): Parsed<string> {
  if (month < 1 || month > 12) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} has no month ${month}; expected dd/mm/yyyy or yyyy-mm-dd.`,
    );
  }
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${daysInMonth} days.`,
    );
  }
  return ok(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );
}

function fromSerial(serial: number, original: string): Parsed<string> {
  if (!(serial >= SERIAL_MIN && serial <= SERIAL_MAX)) {
    return fail(
      'DATE_INVALID',
      `${quoteValue(original)} is not a date; expected dd/mm/yyyy or yyyy-mm-dd (or a spreadsheet date).`,
    );
  }
  // Serial 1 is 1900-01-01 counting Excel's phantom 29 February 1900, hence the 1899-12-30 epoch.
  const date = new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return ok(date.toISOString().slice(0, 10));
}

/**
 * A calendar date as ISO yyyy-mm-dd from "2026-06-15", "15/06/2026", "15.06.2026",
 * "15-06-2026" or a spreadsheet serial number. Day-first only: "06/15/2026" is refused rather
 * than guessed, since month 15 does not exist.
 */
export function parseDate(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  if (typeof value === 'number') return fromSerial(value, text);
  const iso = ISO_DATE.exec(text) ?? YEAR_FIRST_DATE.exec(text);
  if (iso !== null) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]), text);
  const dayFirst = DAY_FIRST_DATE.exec(text);
  if (dayFirst !== null) return isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]), text);
  if (SERIAL_DATE.test(text)) return fromSerial(Number(text), text);
  return fail('DATE_INVALID', `${quoteValue(text)} is not a date; expected dd/mm/yyyy or yyyy-mm-dd.`);
}

// ---------------------------------------------------------------------------------------------
// Codes and addresses

const HS_SEPARATORS = /[.\s\u00A0\u202F]/gu;
const HS_DIGITS = /^\d{4,10}$/u;
const EXCEL_DAMAGED_HS = /^(\d{3})\.(\d+)$/u;

/**
 * An HS code's form only (4 to 10 digits; dots and spaces dropped: "0901.11" -> "090111").
 * Excel stores "0901.11" typed into a number cell as 901.11 and "0901.10" as 901.1, so a
 * numeric cell gets its heading padded back to four digits and its subheading pairs completed;
 * a text cell with a three-digit heading before the dot ("901.11") gets the same repair.
 * Whether the code fits the product type is a channel rule.
 */
export function parseHsCode(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  let digits: string;
  if (typeof value === 'number') {
    const match = /^(\d+)(?:\.(\d+))?$/u.exec(String(value));
    if (match === null)
      return fail('HS_CODE_FORMAT', `${quoteValue(text)} is not an HS code; expected e.g. 0901.11.`);
    const heading = match[1] ?? '';
    const subheading = match[2];
    digits =
      subheading === undefined
        ? heading.padStart(heading.length + (heading.length % 2), '0')
        : heading.padStart(4, '0') + subheading.padEnd(subheading.length + (subheading.length % 2), '0');
  } else {
    const damaged = EXCEL_DAMAGED_HS.exec(text);
    digits = damaged === null ? text.replace(HS_SEPARATORS, '') : `0${damaged[1]}${damaged[2]}`;
  }
  if (!HS_DIGITS.test(digits)) {
    return fail(
      'HS_CODE_FORMAT',
      `${quoteValue(text)} is not an HS code; expected 4 to 10 digits, dots and spaces allowed, e.g. 0901.11.`,
    );
  }
  return ok(digits);
}

const GTIN_SPACES = /[\s\u00A0\u202F]/gu;
const GTIN_DIGITS = /^(\d{8}|\d{12}|\d{13}|\d{14})$/u;
const SHORT_GTIN_DIGITS = /^\d{7,11}$/u;
const SCIENTIFIC = /\d[.,]?\d*e\+?\d/iu;

/**
 * A GTIN's form (8, 12, 13 or 14 digits, spaces dropped); whether its check digit holds is a
 * channel rule. A spreadsheet that stored the GTIN as a number dropped its leading zeros, so
 * 7 to 11 digits get them back when the check digit then holds (gtin.ts), with a warning, as
 * parseHsCode repairs the same damage to HS codes.
 */
export function parseGtin(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    return fail('GTIN_FORMAT', `${quoteValue(text)} is not a GTIN; expected 8, 12, 13 or 14 digits.`);
  }
  const digits = text.replace(GTIN_SPACES, '');
  if (GTIN_DIGITS.test(digits)) return ok(digits);
  const restored = withLeadingZerosRestored(digits);
  if (restored !== null) {
    return {
      ok: true,
      value: restored,
      warning: {
        code: 'GTIN_LEADING_ZEROS_RESTORED',
        message: `GTIN ${quoteValue(text)} had lost its leading zeros (a spreadsheet stored it as a number); read as ${restored}, whose check digit holds. Format the column as text to keep them.`,
      },
    };
  }
  const hint = SCIENTIFIC.test(text)
    ? ' Excel turned it into scientific notation: format the column as text and retype it.'
    : SHORT_GTIN_DIGITS.test(digits)
      ? ' If a spreadsheet dropped its leading zeros, format the column as text and retype it; padded with zeros, its check digit does not hold either.'
      : '';
  return fail('GTIN_FORMAT', `${quoteValue(text)} is not a GTIN; expected 8, 12, 13 or 14 digits.${hint}`);
}

// Commas split only before another address, so a comma inside a URL survives.
const URL_SEPARATORS = /[\s;|]+|,(?=\s*[a-z][a-z0-9+.-]*:)/iu;

export interface ImageResult {
  urls: string[];
  problems: ValueProblem[];
}

/** Image addresses, one or several per cell: each must be an https:// URL. */
export function parseImageUrls(value: RawValue): ImageResult {
  const pieces = Array.isArray(value) ? value.map(cellText) : cellText(value).split(URL_SEPARATORS);
  const urls: string[] = [];
  const problems: ValueProblem[] = [];
  for (const piece of pieces) {
    const candidate = piece.trim().replace(/,$/u, '');
    if (candidate === '') continue;
    let valid = false;
    try {
      const url = new URL(candidate);
      valid = url.protocol === 'https:' && url.hostname !== '';
    } catch {
      valid = false;
    }
    if (valid) urls.push(candidate);
    else {
      problems.push({
        code: 'URL_INVALID',
        message: `${quoteValue(candidate)} is not a web address starting with https://.`,
      });
    }
  }
  return { urls, problems };
}

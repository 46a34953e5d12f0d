/** Prices with their currency, from the price cell, a currency column, the header or the profile. */
import { formatMinor, pricePlausibility } from '../../money.ts';
import type { WarningCode } from '../codes.ts';
import { CURRENCY_MINOR_UNITS, type CurrencyCode, type Money } from '../model.ts';
import type { RawValue } from '../readers/raw-record.ts';
import { resolveCurrency } from '../vocabulary.ts';
import { cellText, quoteValue } from './cell-text.ts';
import {
  type DecimalValue,
  decimalFromNumber,
  decimalToNumber,
  notANumber,
  parseDecimalText,
  parseWholeNumber,
} from './decimal.ts';
import { fail, ok, type Parsed, type ValueProblem } from './value-result.ts';

export interface PriceInput {
  /** The price cell: "1 500", "RWF 1,500", "$12.50", 12.5. */
  amount?: RawValue;
  /** Canonical-shape JSON: integer minor units. */
  minor?: RawValue;
  /** The currency column, if any. */
  currency?: RawValue;
  /** Currency named in the price column's header ("Prix (USD)"), already resolved. */
  headerCurrency?: CurrencyCode | null;
  /**
   * The producer's own currency (profile `defaults.currency`, `--currency`): used only when the
   * row, its columns and its header name none. A statement, not a guess, so no warning.
   */
  defaultCurrency?: CurrencyCode | null;
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
/**
 * "(12)", "(1 200)": a negative amount as accounting formats write it (Excel's "Accounting" and
 * "(1,234)" number formats). Read as "-12", so it is refused as negative; its brackets were
 * taken for two unknown currencies.
 */
const ACCOUNTING_NEGATIVE = /^\([^()]*\d[^()]*\)$/u;

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
  /** The price cell as written, for messages ("(12)" is read as -12). */
  let amountShown: string | null = null;
  if (input.amount !== undefined) {
    if (typeof input.amount === 'number') amountNumber = input.amount;
    else {
      const original = cellText(input.amount).trim();
      const bracketed = ACCOUNTING_NEGATIVE.test(original);
      const split = splitCurrencyTokens(bracketed ? original.slice(1, -1) : original);
      amountText = bracketed ? `-${split.number}` : split.number;
      amountShown = original;
      // Words around something that is not a number ("dix-huit mille") are not a currency.
      const numberLooksValid = /\d/u.test(split.number) && parseDecimalText(split.number, false).ok;
      if (!numberLooksValid) {
        problems.push({ field: 'price', ...notANumber(original).problem });
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

  if (sources.length === 0 && !currencyUnreadable && input.defaultCurrency) {
    sources.push({ where: 'your profile', currency: input.defaultCurrency });
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
        message: `Price ${quoteValue(amountShown ?? original)} is negative; expected 0 or more.`,
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

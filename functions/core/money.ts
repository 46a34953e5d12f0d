import * as z from 'zod';
import {
  CURRENCY_MINOR_UNITS,
  type CurrencyCode,
  currencySchema,
  isoDateSchema,
  type Money,
} from './catalogue/model.ts';

/**
 * Money is an integer count of minor units (ISO 4217). Nothing here multiplies money by a float:
 * FX rates are decimal strings turned into exact BigInt fractions once, when the rates table is
 * loaded, so a conversion is one BigInt multiply and one rounded division.
 */

export const MAX_MINOR = BigInt(Number.MAX_SAFE_INTEGER);

const POW10: readonly bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a BigInt; cached for the exponents money and quantities use. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/**
 * Rounds numerator/denominator to the nearest integer, ties away from zero ("half-up" as
 * commercial rounding means it; for the non-negative amounts the model allows it is plain half-up).
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  if (numerator >= 0n) return (2n * numerator + denominator) / (2n * denominator);
  return -((-2n * numerator + denominator) / (2n * denominator));
}

/** An exact decimal: digits / 10^scale. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

/**
 * Parses a plain or exponent decimal ("12.30", "-0.5", "1e-7", "4.5E+3") exactly, or null.
 * A hand-written scanner: it runs per item for quantities, where a regex plus split would allocate more.
 */
export function parseDecimal(text: string): Decimal | null {
  const length = text.length;
  let index = 0;
  let negative = false;
  const first = text.charCodeAt(0);
  if (first === 45 /* - */ || first === 43 /* + */) {
    negative = first === 45;
    index = 1;
  }
  let digits = '';
  let scale = 0;
  let seenDigit = false;
  let seenPoint = false;
  for (; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      digits += text[index];
      seenDigit = true;
      if (seenPoint) scale++;
    } else if (code === 46 /* . */ && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
  }
  if (!seenDigit) return null;
  if (index < length) {
    const marker = text.charCodeAt(index);
    if (marker !== 101 && marker !== 69) return null;
    index++;
    let exponentNegative = false;
    const sign = text.charCodeAt(index);
    if (sign === 45 || sign === 43) {
      exponentNegative = sign === 45;
      index++;
    }
    let exponent = 0;
    let exponentDigits = 0;
    for (; index < length; index++) {
      const code = text.charCodeAt(index);
      if (code < 48 || code > 57) return null;
      exponent = exponent * 10 + (code - 48);
      exponentDigits++;
      if (exponent > 400) return null;
    }
    if (exponentDigits === 0) return null;
    scale += exponentNegative ? exponent : -exponent;
  }
  let value = BigInt(digits);
  if (scale < 0) {
    value *= pow10(-scale);
    scale = 0;
  }
  return { digits: negative ? -value : value, scale };
}

/** Writes value / 10^scale as a plain decimal string with exactly `scale` fraction digits. */
export function formatScaled(value: bigint | number, scale: number): string {
  const negative = value < 0;
  let text = (negative ? -value : value).toString();
  if (scale > 0) {
    if (text.length <= scale) text = '0'.repeat(scale - text.length + 1) + text;
    text = `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  }
  return negative ? `-${text}` : text;
}

/** "12.30" for 1230 CNY fen, "1500" for 1500 RWF: what documents show. */
export function formatMinor(minor: number | bigint, currency: CurrencyCode): string {
  return formatScaled(minor, CURRENCY_MINOR_UNITS[currency]);
}

// ---------------------------------------------------------------------------------------------
// Plausible prices

/**
 * The most one sales unit (a bag, jar, box, carton, kg) is plausibly sold for, in major units.
 * The dearest units producers list are a 30 kg box of competition-lot coffee (about USD 3,000 to
 * 6,000) or a whole container of green coffee (19.2 t at USD 6-10/kg, about USD 115,000 to
 * 190,000); everyday units cost a few dollars (a 250 g bag of roasted coffee RWF 5,000 to 12,000,
 * a jar of honey RWF 5,000 to 10,000, a 4 kg carton of avocados USD 6 to 15, a 25 kg carton of
 * beef USD 250 to 750). Above `warnAbove` (about USD 10,000) a price is accepted with
 * PRICE_UNUSUALLY_HIGH, so an extra zero or two gets a second look; above `refuseAbove` (about
 * USD 1,000,000) it is no price: a GTIN, a phone number or a row of zeros in the price column.
 * Round numbers in each currency, close to those USD amounts at the rates of config/fx-rates.json.
 */
export const PRICE_PLAUSIBILITY: Readonly<Record<CurrencyCode, { warnAbove: number; refuseAbove: number }>> =
  {
    RWF: { warnAbove: 15_000_000, refuseAbove: 1_500_000_000 },
    USD: { warnAbove: 10_000, refuseAbove: 1_000_000 },
    EUR: { warnAbove: 10_000, refuseAbove: 1_000_000 },
    CNY: { warnAbove: 70_000, refuseAbove: 7_000_000 },
  };

/** Where a price stands against PRICE_PLAUSIBILITY, with the bound it passed. */
export function pricePlausibility(
  money: Money,
): { verdict: 'plausible' } | { verdict: 'unusual' | 'implausible'; bound: number } {
  const bounds = PRICE_PLAUSIBILITY[money.currency];
  const scale = 10 ** CURRENCY_MINOR_UNITS[money.currency];
  if (money.minor > bounds.refuseAbove * scale) return { verdict: 'implausible', bound: bounds.refuseAbove };
  if (money.minor > bounds.warnAbove * scale) return { verdict: 'unusual', bound: bounds.warnAbove };
  return { verdict: 'plausible' };
}

// ---------------------------------------------------------------------------------------------
// FX rates

/** Decimal, positive, at most 12 fraction digits: the precision central banks publish and more. */
const RATE_PATTERN = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,12})?$/;
const NON_ZERO_DIGIT = /[1-9]/;

export const fxRateSchema = z
  .object({
    from: currencySchema,
    to: currencySchema,
    /** Units of `to` for one unit of `from`, as a decimal string so no float ever touches it. */
    rate: z
      .string()
      .regex(RATE_PATTERN, 'a positive decimal string such as "0.004950"')
      .refine((rate) => NON_ZERO_DIGIT.test(rate), 'rate must be greater than zero'),
    date: isoDateSchema,
    source: z.string().trim().min(1).max(200),
  })
  .refine((rate) => rate.from !== rate.to, { message: 'from and to must differ', path: ['to'] });

export const fxRatesFileSchema = z
  .object({
    rates: z.array(fxRateSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.rates.forEach((rate, index) => {
      const pair = `${rate.from}>${rate.to}`;
      if (seen.has(pair)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rates', index],
          message: `duplicate rate ${rate.from} -> ${rate.to}`,
        });
      }
      seen.add(pair);
    });
  });

/** The rate a price was converted with, recorded next to the price. */
export interface AppliedFxRate {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly rate: string;
  readonly date: string;
  readonly source: string;
}

/** A rates table that cannot be used; a missing rate or an overflow is a ConversionResult, not an error. */
export type FxErrorCode = 'FX_RATES_INVALID';

export class FxError extends Error {
  override readonly name = 'FxError';
  constructor(
    readonly code: FxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

interface PreparedRate {
  /** Frozen and shared by every converted price: items reference it, nobody copies it. */
  applied: AppliedFxRate;
  /** minorTo = round(minorFrom * multiplier / divisor), both folded from the rate and the minor units. */
  multiplier: bigint;
  divisor: bigint;
}

export type ConversionResult =
  | { ok: true; money: Money; fx: AppliedFxRate | null }
  | { ok: false; code: 'FX_RATE_MISSING' | 'MONEY_OVERFLOW'; message: string };

/** A loaded, checked rates table: build one with loadFxRates. */
export interface FxRates {
  /** The rates as loaded, frozen; the same objects converted prices reference. */
  readonly rates: readonly AppliedFxRate[];
  get(from: CurrencyCode, to: CurrencyCode): AppliedFxRate | undefined;
  /** Converts to `to`, half-up to its minor unit. Same currency is returned as is, with fx null. */
  convert(money: Money, to: CurrencyCode): ConversionResult;
}

// Not exported: the only way in is loadFxRates, so every table has passed the schema checks.
class FxRatesTable implements FxRates {
  private readonly pairs = new Map<string, PreparedRate>();
  readonly rates: readonly AppliedFxRate[];

  constructor(rates: readonly AppliedFxRate[]) {
    const frozen: AppliedFxRate[] = [];
    for (const rate of rates) {
      const applied = Object.freeze({
        from: rate.from,
        to: rate.to,
        rate: rate.rate,
        date: rate.date,
        source: rate.source,
      });
      const parsed = parseDecimal(rate.rate);
      if (parsed === null || parsed.digits <= 0n) {
        throw new FxError('FX_RATES_INVALID', `rate ${rate.from} -> ${rate.to} is not a positive decimal`);
      }
      // minorTo / 10^eTo = minorFrom / 10^eFrom * digits / 10^scale
      this.pairs.set(`${rate.from}>${rate.to}`, {
        applied,
        multiplier: parsed.digits * pow10(CURRENCY_MINOR_UNITS[rate.to]),
        divisor: pow10(parsed.scale + CURRENCY_MINOR_UNITS[rate.from]),
      });
      frozen.push(applied);
    }
    this.rates = Object.freeze(frozen);
  }

  get(from: CurrencyCode, to: CurrencyCode): AppliedFxRate | undefined {
    return this.pairs.get(`${from}>${to}`)?.applied;
  }

  convert(money: Money, to: CurrencyCode): ConversionResult {
    if (money.currency === to) return { ok: true, money, fx: null };
    const prepared = this.pairs.get(`${money.currency}>${to}`);
    if (prepared === undefined) {
      return {
        ok: false,
        code: 'FX_RATE_MISSING',
        message: `no exchange rate from ${money.currency} to ${to} in the rates table`,
      };
    }
    const minor = roundHalfUp(BigInt(money.minor) * prepared.multiplier, prepared.divisor);
    if (minor > MAX_MINOR || minor < -MAX_MINOR) {
      return {
        ok: false,
        code: 'MONEY_OVERFLOW',
        message: `${formatMinor(money.minor, money.currency)} ${money.currency} is too large to convert to ${to}`,
      };
    }
    return { ok: true, money: { minor: Number(minor), currency: to }, fx: prepared.applied };
  }
}

/**
 * Checks a parsed rates file ({ rates: [{ from, to, rate, date, source }] }, see config/fx-rates.json)
 * and prepares it for conversion; throws FxError FX_RATES_INVALID listing every problem.
 */
export function loadFxRates(json: unknown): FxRates {
  const parsed = fxRatesFileSchema.safeParse(json);
  if (!parsed.success) {
    const reasons = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new FxError('FX_RATES_INVALID', `FX rates file is invalid: ${reasons}`);
  }
  return new FxRatesTable(parsed.data.rates);
}

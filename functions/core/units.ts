import type { MASS_UNITS, Money, Quantity, QuantityUnit, VOLUME_UNITS } from './catalogue/model.ts';
import { formatScaled, parseDecimal, pow10, roundHalfUp } from './money.ts';

/**
 * Quantities in exact arithmetic. Producer quantities arrive as JS numbers (0.5 kg); multiplying
 * them by 1000 in floating point drifts (1.005 * 1000 = 1004.9999999999999), so each value is read
 * back from its shortest decimal form into a BigInt fraction and scaled there.
 */

export type MassUnit = (typeof MASS_UNITS)[number];
export type VolumeUnit = (typeof VOLUME_UNITS)[number];

/** UN/ECE Recommendation 20 unit codes the feeds use. */
export const UNECE_UNIT_CODES = {
  kilogram: 'KGM',
  gram: 'GRM',
  tonne: 'TNE',
  pound: 'LBR',
  litre: 'LTR',
  millilitre: 'MLT',
  piece: 'H87',
} as const;
export type UneceUnitCode = (typeof UNECE_UNIT_CODES)[keyof typeof UNECE_UNIT_CODES];

const UNIT_TO_UNECE: Readonly<Record<QuantityUnit, UneceUnitCode>> = {
  g: 'GRM',
  kg: 'KGM',
  t: 'TNE',
  lb: 'LBR',
  ml: 'MLT',
  l: 'LTR',
};

export function uneceCode(unit: QuantityUnit): UneceUnitCode {
  return UNIT_TO_UNECE[unit];
}

/** An exact fraction; den is always positive. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/** The international avoirdupois pound is defined as exactly 453.59237 g. */
export const GRAMS_PER_POUND: Rational = { num: 45_359_237n, den: 100_000n };
/** One jin (市斤), the unit Chinese fresh-produce shelves price by. */
export const JIN_GRAMS = 500n;

const GRAMS_PER: Readonly<Record<MassUnit, Rational>> = {
  g: { num: 1n, den: 1n },
  kg: { num: 1000n, den: 1n },
  t: { num: 1_000_000n, den: 1n },
  lb: GRAMS_PER_POUND,
};
const MILLILITRES_PER: Readonly<Record<VolumeUnit, Rational>> = {
  ml: { num: 1n, den: 1n },
  l: { num: 1000n, den: 1n },
};

export function isMassUnit(unit: QuantityUnit): unit is MassUnit {
  return unit in GRAMS_PER;
}

export function isVolumeUnit(unit: QuantityUnit): unit is VolumeUnit {
  return unit in MILLILITRES_PER;
}

/** The exact decimal a JS number prints as, as a fraction (0.1 is 1/10, not the binary double). */
export function numberToRational(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const parsed = parseDecimal(String(value));
  if (parsed === null) throw new RangeError(`not a decimal number: ${value}`);
  return { num: parsed.digits, den: pow10(parsed.scale) };
}

function multiply(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

function divide(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return b.num < 0n
    ? { num: -a.num * b.den, den: a.den * -b.num }
    : { num: a.num * b.den, den: a.den * b.num };
}

/** Mass in grams, exactly; null for a volume. */
export function toGrams(quantity: Quantity): Rational | null {
  return isMassUnit(quantity.unit)
    ? multiply(numberToRational(quantity.value), GRAMS_PER[quantity.unit])
    : null;
}

/** Volume in millilitres, exactly; null for a mass. */
export function toMillilitres(quantity: Quantity): Rational | null {
  return isVolumeUnit(quantity.unit)
    ? multiply(numberToRational(quantity.value), MILLILITRES_PER[quantity.unit])
    : null;
}

/** Converts within a dimension (mass or volume), exactly; null across dimensions (no densities here). */
export function convertQuantity(quantity: Quantity, to: QuantityUnit): Rational | null {
  if (isMassUnit(to)) {
    const grams = toGrams(quantity);
    return grams === null ? null : divide(grams, GRAMS_PER[to]);
  }
  const millilitres = toMillilitres(quantity);
  return millilitres === null ? null : divide(millilitres, MILLILITRES_PER[to]);
}

/** Half-up to `decimals` fraction digits, as a plain decimal string (no exponent). */
export function formatRational(value: Rational, decimals: number, trimZeros = false): string {
  const scaled = roundHalfUp(value.num * pow10(decimals), value.den);
  let text = formatScaled(scaled, decimals);
  if (trimZeros && decimals > 0) {
    let end = text.length;
    while (text.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (text.charCodeAt(end - 1) === 46 /* . */) end--;
    text = text.slice(0, end);
    if (text === '-0') text = '0';
  }
  return text;
}

/** True when the fraction has a finite decimal expansion within `maxDecimals` digits. */
export function isExactWithin(value: Rational, maxDecimals: number): boolean {
  return (value.num * pow10(maxDecimals)) % value.den === 0n;
}

export function rationalToNumber(value: Rational, maxDecimals = 9): number {
  return Number(formatRational(value, maxDecimals, true));
}

/** The producer's number as plain decimal text ("0.0000001", never "1e-7"): XSD decimals have no exponent. */
export function formatQuantityValue(value: number): string {
  const parsed = parseDecimal(String(value));
  if (parsed === null) throw new RangeError(`not a decimal number: ${value}`);
  return formatScaled(parsed.digits, parsed.scale);
}

/**
 * Price per 500 g (one jin) from a unit price and the unit's net mass, half-up to the currency's
 * minor unit; null when the net content is a volume.
 */
export function pricePer500g(unitPrice: Money, netContent: Quantity): Money | null {
  const grams = toGrams(netContent);
  if (grams === null || grams.num <= 0n) return null;
  // price * 500 / (num/den) = price * 500 * den / num
  const minor = roundHalfUp(BigInt(unitPrice.minor) * JIN_GRAMS * grams.den, grams.num);
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return { minor: Number(minor), currency: unitPrice.currency };
}

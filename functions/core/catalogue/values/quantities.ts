/** Net contents and weights, storage temperatures and shelf lives, with their units. */
import type { Quantity } from '../model.ts';
import type { RawValue } from '../readers/raw-record.ts';
import {
  daysPerDurationUnit,
  type ResolvedQuantityUnit,
  resolveQuantityUnit,
  resolveTemperatureUnit,
} from '../vocabulary.ts';
import { cellText, quoteValue } from './cell-text.ts';
import {
  type DecimalValue,
  decimalFromNumber,
  decimalToNumber,
  multiplyToInteger,
  notANumber,
  parseDecimalText,
  shiftDecimal,
} from './decimal.ts';
import { fail, ok, type Parsed } from './value-result.ts';

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
    if (split === null) return notANumber(text);
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
    if (split === null) return notANumber(text);
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
    if (split === null) return notANumber(text);
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

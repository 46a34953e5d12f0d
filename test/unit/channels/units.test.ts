import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../../functions/core/catalogue/model.ts';
import {
  convertQuantity,
  formatQuantityValue,
  formatRational,
  isExactWithin,
  pricePer500g,
  rationalToNumber,
  toGrams,
  toMillilitres,
  uneceCode,
} from '../../../functions/core/units.ts';
import { randomInt } from '../../support/product-factory.ts';
import { seededRandom } from '../../support/seeded-random.ts';

describe('UN/ECE Recommendation 20 codes', () => {
  it.each([
    ['g', 'GRM'],
    ['kg', 'KGM'],
    ['t', 'TNE'],
    ['lb', 'LBR'],
    ['ml', 'MLT'],
    ['l', 'LTR'],
  ] as const)('%s is %s', (unit, code) => {
    expect(uneceCode(unit)).toBe(code);
  });
});

describe('exact conversions', () => {
  it('does not drift where floating point does', () => {
    expect(1.005 * 1000).not.toBe(1005);
    expect(toGrams({ value: 1.005, unit: 'kg' })).toEqual({ num: 1005000n, den: 1000n });
    expect(rationalToNumber(toGrams({ value: 1.005, unit: 'kg' }) ?? { num: 0n, den: 1n })).toBe(1005);
  });

  it('uses the exact international pound, 453.59237 g', () => {
    const grams = toGrams({ value: 1, unit: 'lb' });
    expect(grams && formatRational(grams, 5)).toBe('453.59237');
    const twoAndHalf = toGrams({ value: 2.5, unit: 'lb' });
    expect(twoAndHalf && formatRational(twoAndHalf, 6, true)).toBe('1133.980925');
    const back = convertQuantity({ value: 453.59237, unit: 'g' }, 'lb');
    expect(back && formatRational(back, 9, true)).toBe('1');
  });

  it('converts tonnes, litres and millilitres', () => {
    const kg = convertQuantity({ value: 2.5, unit: 't' }, 'kg');
    expect(kg && formatRational(kg, 6, true)).toBe('2500');
    const millilitres = toMillilitres({ value: 0.75, unit: 'l' });
    expect(millilitres && formatRational(millilitres, 6, true)).toBe('750');
    const litres = convertQuantity({ value: 330, unit: 'ml' }, 'l');
    expect(litres && formatRational(litres, 3)).toBe('0.330');
  });

  it('refuses to cross mass and volume', () => {
    expect(convertQuantity({ value: 1, unit: 'l' }, 'kg')).toBeNull();
    expect(convertQuantity({ value: 1, unit: 'kg' }, 'ml')).toBeNull();
    expect(toGrams({ value: 500, unit: 'ml' })).toBeNull();
  });

  it('writes quantity values as plain decimals (XSD has no exponent)', () => {
    expect(formatQuantityValue(1e-7)).toBe('0.0000001');
    expect(formatQuantityValue(1.5e21)).toBe('1500000000000000000000');
    expect(formatQuantityValue(0.5)).toBe('0.5');
    expect(formatQuantityValue(500)).toBe('500');
  });

  it('property: kg <-> g round-trips 10,000 random values exactly', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const grams = randomInt(random, 1, 5_000_000);
      const kgText = formatRational({ num: BigInt(grams), den: 1000n }, 3, true);
      const kg: Quantity = { value: Number(kgText), unit: 'kg' };
      const backToGrams = toGrams(kg);
      expect(backToGrams && isExactWithin(backToGrams, 0)).toBe(true);
      expect(backToGrams && rationalToNumber(backToGrams)).toBe(grams);
      const kgAgain = convertQuantity({ value: grams, unit: 'g' }, 'kg');
      expect(kgAgain && rationalToNumber(kgAgain)).toBe(kg.value);
      // lb and back lands on the same grams to 9 decimals
      const pounds = convertQuantity({ value: grams, unit: 'g' }, 'lb');
      if (pounds === null) throw new Error('mass converts');
      const viaPounds = { num: pounds.num * 45_359_237n, den: pounds.den * 100_000n };
      expect(formatRational(viaPounds, 9, true)).toBe(String(grams));
    }
  });
});

describe('price per 500 g (one jin)', () => {
  it('scales the unit price to 500 g', () => {
    expect(pricePer500g({ minor: 1000, currency: 'CNY' }, { value: 250, unit: 'g' })).toEqual({
      minor: 2000,
      currency: 'CNY',
    });
    expect(pricePer500g({ minor: 5000, currency: 'CNY' }, { value: 2, unit: 'kg' })?.minor).toBe(1250);
    // 1 lb = 453.59237 g at 10.00 -> 500/453.59237 x 1000 = 1102.311... -> 1102
    expect(pricePer500g({ minor: 1000, currency: 'CNY' }, { value: 1, unit: 'lb' })?.minor).toBe(1102);
  });

  it('rounds half-up exactly at the half fen', () => {
    expect(pricePer500g({ minor: 1001, currency: 'CNY' }, { value: 1, unit: 'kg' })?.minor).toBe(501); // 500.5
    expect(pricePer500g({ minor: 999, currency: 'CNY' }, { value: 1, unit: 'kg' })?.minor).toBe(500); // 499.5
    expect(pricePer500g({ minor: 1003, currency: 'CNY' }, { value: 1, unit: 'kg' })?.minor).toBe(502); // 501.5
    expect(pricePer500g({ minor: 1, currency: 'CNY' }, { value: 1000, unit: 'g' })?.minor).toBe(1); // 0.5
  });

  it('is null for a volume', () => {
    expect(pricePer500g({ minor: 1000, currency: 'CNY' }, { value: 500, unit: 'ml' })).toBeNull();
  });

  it('property: 10,000 random prices are within half a fen of the exact value, ties up', () => {
    const random = seededRandom(500);
    for (let i = 0; i < 10_000; i++) {
      const minor = randomInt(random, 1, 10_000_000);
      const grams = randomInt(random, 1, 100_000) / 10;
      const result = pricePer500g({ minor, currency: 'CNY' }, { value: grams, unit: 'g' });
      if (result === null) throw new Error('mass has a per-500 g price');
      // exact = minor * 500 * 10 / (grams * 10)
      const n = BigInt(minor) * 5000n;
      const d = BigInt(Math.round(grams * 10));
      const diff = BigInt(result.minor) * d - n;
      expect(2n * diff <= d && -2n * diff < d).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Money } from '../../../functions/core/catalogue/model.ts';
import { CURRENCY_MINOR_UNITS, type CurrencyCode } from '../../../functions/core/catalogue/model.ts';
import {
  FxError,
  type FxRates,
  formatMinor,
  loadFxRates,
  parseDecimal,
  roundHalfUp,
} from '../../../functions/core/money.ts';
import { loadConfigFxRates, randomInt } from '../../support/product-factory.ts';
import { seededRandom } from '../../support/seeded-random.ts';

const rate = (from: CurrencyCode, value: string) => ({
  from,
  to: 'CNY' as const,
  rate: value,
  date: '2026-11-27',
  source: 'test',
});

/** The converted money, for tables that have the rate. */
function inCny(money: Money, fx: FxRates): Money {
  const result = fx.convert(money, 'CNY');
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result.money;
}

function fxError(run: () => unknown): FxError {
  try {
    run();
  } catch (caught) {
    if (caught instanceof FxError) return caught;
    throw caught;
  }
  throw new Error('expected an FxError');
}

/**
 * Reference rounding by digits, a different algorithm from roundHalfUp: write the exact product
 * out in decimal, cut it at the target scale and look at the first dropped digit.
 */
function referenceConvert(minor: number, from: CurrencyCode, rateText: string): bigint {
  const [whole = '', fraction = ''] = rateText.split('.');
  const product = BigInt(minor) * BigInt(whole + fraction);
  const dropped = fraction.length + CURRENCY_MINOR_UNITS[from] - CURRENCY_MINOR_UNITS.CNY;
  if (dropped <= 0) return product * 10n ** BigInt(-dropped);
  const digits = product.toString().padStart(dropped + 1, '0');
  const kept = BigInt(digits.slice(0, digits.length - dropped));
  const firstDropped = digits.charCodeAt(digits.length - dropped) - 48;
  return firstDropped >= 5 ? kept + 1n : kept;
}

describe('FX rates file', () => {
  it('loads config/fx-rates.json with RWF, USD and EUR to CNY, each with date and source', () => {
    const fx = loadConfigFxRates();
    for (const from of ['RWF', 'USD', 'EUR'] as const) {
      const applied = fx.get(from, 'CNY');
      expect(applied?.rate).toMatch(/^\d+\.\d+$/);
      expect(applied?.date).toMatch(/^2026-\d\d-\d\d$/);
      expect(applied?.source.length).toBeGreaterThan(0);
    }
    expect(Number(fx.get('USD', 'CNY')?.rate)).toBeCloseTo(7.1, 0);
    expect(Number(fx.get('EUR', 'CNY')?.rate)).toBeCloseTo(7.7, 0);
    expect(Number(fx.get('RWF', 'CNY')?.rate)).toBeCloseTo(0.0049, 4);
  });

  it.each([
    ['a decimal comma', [rate('RWF', '0,0049')]],
    ['an exponent', [rate('RWF', '4.9e-3')]],
    ['a zero rate', [rate('RWF', '0.000')]],
    ['a negative rate', [rate('RWF', '-1.2')]],
    ['a number instead of a string', [{ ...rate('RWF', '1'), rate: 0.0049 }]],
    ['a duplicate pair', [rate('USD', '7.1'), rate('USD', '7.2')]],
    ['the same currency on both sides', [{ ...rate('USD', '1'), to: 'USD' }]],
    ['an impossible date', [{ ...rate('USD', '7.1'), date: '2026-02-30' }]],
    ['an empty source', [{ ...rate('USD', '7.1'), source: ' ' }]],
    ['an unknown currency', [{ ...rate('USD', '7.1'), from: 'KES' }]],
    ['no rates', []],
  ])('refuses %s with FX_RATES_INVALID', (_label, rates) => {
    expect(fxError(() => loadFxRates({ rates })).code).toBe('FX_RATES_INVALID');
  });

  it('refuses something that is not a rates file at all', () => {
    expect(fxError(() => loadFxRates('7.1')).code).toBe('FX_RATES_INVALID');
    expect(fxError(() => loadFxRates(null)).code).toBe('FX_RATES_INVALID');
  });
});

describe('conversion to CNY', () => {
  const fx = loadFxRates({ rates: [rate('USD', '7.1050'), rate('RWF', '0.004895'), rate('EUR', '0.5')] });

  it('converts exactly and records the rate used', () => {
    const result = fx.convert({ minor: 100_000, currency: 'RWF' }, 'CNY');
    expect(result).toEqual({
      ok: true,
      money: { minor: 48_950, currency: 'CNY' },
      fx: { from: 'RWF', to: 'CNY', rate: '0.004895', date: '2026-11-27', source: 'test' },
    });
    // 18.50 USD x 7.1050 = 131.4425 CNY
    expect(inCny({ minor: 1850, currency: 'USD' }, fx)).toEqual({
      minor: 13_144,
      currency: 'CNY',
    });
  });

  it('rounds half-up to the fen, exactly at the boundary', () => {
    // EUR at "0.5": 1 cent is 0.5 fen exactly, 3 cents 1.5 fen, 5 cents 2.5 fen
    expect(inCny({ minor: 1, currency: 'EUR' }, fx).minor).toBe(1);
    expect(inCny({ minor: 3, currency: 'EUR' }, fx).minor).toBe(2);
    expect(inCny({ minor: 5, currency: 'EUR' }, fx).minor).toBe(3);
    // just under the boundary: 10 RWF x 0.004895 = 4.895 fen -> 5; 1 cent x 7.1050 = 7.105 fen -> 7
    expect(inCny({ minor: 10, currency: 'RWF' }, fx).minor).toBe(5);
    expect(inCny({ minor: 1, currency: 'USD' }, fx).minor).toBe(7);
    expect(roundHalfUp(5n, 2n)).toBe(3n);
    expect(roundHalfUp(-5n, 2n)).toBe(-3n);
    expect(roundHalfUp(7n, 3n)).toBe(2n);
  });

  it('passes CNY through untouched with no rate', () => {
    expect(fx.convert({ minor: 1230, currency: 'CNY' }, 'CNY')).toEqual({
      ok: true,
      money: { minor: 1230, currency: 'CNY' },
      fx: null,
    });
  });

  it('says FX_RATE_MISSING when the table has no rate for the pair', () => {
    const partial = loadFxRates({ rates: [rate('USD', '7.1')] });
    const result = partial.convert({ minor: 100, currency: 'EUR' }, 'CNY');
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.code).toBe('FX_RATE_MISSING');
  });

  it('says MONEY_OVERFLOW instead of losing precision past Number.MAX_SAFE_INTEGER', () => {
    const result = fx.convert({ minor: Number.MAX_SAFE_INTEGER, currency: 'USD' }, 'CNY');
    expect(result.ok ? null : result.code).toBe('MONEY_OVERFLOW');
  });

  it('property: 10,000 random conversions match digit-by-digit rounding, stay within half a fen, never drift', () => {
    const random = seededRandom(20261127);
    const sources: CurrencyCode[] = ['RWF', 'USD', 'EUR'];
    for (let i = 0; i < 10_000; i++) {
      const from = sources[i % 3] ?? 'USD';
      const whole = randomInt(random, 0, 3) === 0 ? randomInt(random, 1, 2000) : 0;
      const decimals = randomInt(random, 1, 9);
      let fraction = '';
      for (let d = 0; d < decimals; d++) fraction += String(randomInt(random, 0, 9));
      if (whole === 0 && /^0*$/.test(fraction)) fraction = `${fraction.slice(0, -1)}1`;
      const rateText = `${whole}.${fraction}`;
      const table = loadFxRates({ rates: [rate(from, rateText)] });
      const minor = randomInt(random, 0, 10 ** randomInt(random, 1, 10));
      const converted = inCny({ minor, currency: from }, table).minor;

      expect(BigInt(converted)).toBe(referenceConvert(minor, from, rateText));
      // |converted - exact| <= 1/2 fen, ties up: exact = n/d
      const n = BigInt(minor) * BigInt(rateText.replace('.', '')) * 100n;
      const d = 10n ** BigInt(fraction.length + CURRENCY_MINOR_UNITS[from]);
      const diff = BigInt(converted) * d - n;
      expect(2n * diff <= d && -2n * diff < d).toBe(true);
      // monotonic: one more minor unit never converts to less
      const next = inCny({ minor: minor + 1, currency: from }, table).minor;
      expect(next).toBeGreaterThanOrEqual(converted);
    }
  });
});

describe('formatting and parsing minor units', () => {
  it.each([
    [1230, 'CNY', '12.30'],
    [5, 'CNY', '0.05'],
    [0, 'CNY', '0.00'],
    [100, 'USD', '1.00'],
    [1500, 'RWF', '1500'],
    [-5, 'CNY', '-0.05'],
    [123456789012, 'EUR', '1234567890.12'],
  ] as const)('formats %d %s as %s', (minor, currency, text) => {
    expect(formatMinor(minor, currency)).toBe(text);
  });

  it('parses decimals exactly, including exponents, and refuses junk', () => {
    expect(parseDecimal('12.30')).toEqual({ digits: 1230n, scale: 2 });
    expect(parseDecimal('-0.5')).toEqual({ digits: -5n, scale: 1 });
    expect(parseDecimal('1e-7')).toEqual({ digits: 1n, scale: 7 });
    expect(parseDecimal('4.5E+3')).toEqual({ digits: 4500n, scale: 0 });
    expect(parseDecimal('.5')).toEqual({ digits: 5n, scale: 1 });
    for (const junk of ['', '-', '.', '1,5', '1e', '1e+', 'abc', '1.2.3', '12 '])
      expect(parseDecimal(junk)).toBeNull();
  });

  it('property: formatMinor writes 10,000 amounts that parse back to the same minor units', () => {
    const random = seededRandom(42);
    const currencies: CurrencyCode[] = ['RWF', 'USD', 'EUR', 'CNY'];
    for (let i = 0; i < 10_000; i++) {
      const currency = currencies[i % 4] ?? 'CNY';
      const minor = Math.floor(random() * Number.MAX_SAFE_INTEGER);
      expect(parseDecimal(formatMinor(minor, currency))).toEqual({
        digits: BigInt(minor),
        scale: CURRENCY_MINOR_UNITS[currency],
      });
    }
  });
});

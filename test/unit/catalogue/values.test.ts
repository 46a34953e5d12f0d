import { describe, expect, it } from 'vitest';
import {
  parseGtin,
  parseHsCode,
  parseImageUrls,
} from '../../../functions/core/catalogue/values/codes-and-addresses.ts';
import { parseDate } from '../../../functions/core/catalogue/values/dates.ts';
import {
  decimalToString,
  parseDecimalText,
  parseWholeNumber,
} from '../../../functions/core/catalogue/values/decimal.ts';
import { resolvePrice } from '../../../functions/core/catalogue/values/price.ts';
import {
  parseQuantity,
  parseShelfLifeDays,
  parseTemperature,
  parseTemperatureRange,
} from '../../../functions/core/catalogue/values/quantities.ts';

function decimal(text: string, wholeNumberColumn: boolean): string {
  const parsed = parseDecimalText(text, wholeNumberColumn);
  return parsed.ok ? decimalToString(parsed.value) : parsed.problem.code;
}

describe('number format rule', () => {
  it.each([
    // [text, in a whole-number column (stock, RWF), elsewhere (USD, weights)]
    ['1500', '1500', '1500'],
    ['1 500', '1500', '1500'],
    ['1\u00A0500', '1500', '1500'],
    ['1\u202F500,50', '1500.5', '1500.5'],
    ['1.500,50', '1500.5', '1500.5'],
    ['1,500.50', '1500.5', '1500.5'],
    ['1,5', '1.5', '1.5'],
    ['1,500', '1500', '1.5'],
    ['1.500', '1500', '1.5'],
    ['12.345', '12345', '12.345'],
    ['0,500', '0.5', '0.5'],
    ['1234,567', '1234.567', '1234.567'],
    ['1.500.000', '1500000', '1500000'],
    ['1,500,000', '1500000', '1500000'],
    ['18 500,00', '18500', '18500'],
    ['.5', '0.5', '0.5'],
    ['-1 500', '-1500', '-1500'],
    ['−4', '-4', '-4'],
    ['1e3', '1000', '1000'],
    ['1,5E+06', '1500000', '1500000'],
    ['1 50', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['1.50.0', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['1,500 000', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['1..5', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['1.', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['Infinity', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['NaN', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['dix-huit mille', 'NUMBER_INVALID', 'NUMBER_INVALID'],
    ['', 'NUMBER_INVALID', 'NUMBER_INVALID'],
  ])('%j -> %s (whole-number column), %s (elsewhere)', (text, whole, elsewhere) => {
    expect([decimal(text, true), decimal(text, false)]).toEqual([whole, elsewhere]);
  });

  it('reads whole numbers for stock and case pack', () => {
    expect(
      ['1,500', '1.500', '1 500', '-5', 42, '2.5', '2,5', '9007199254740993'].map((v) => parseWholeNumber(v)),
    ).toEqual([
      { ok: true, value: 1500 },
      { ok: true, value: 1500 },
      { ok: true, value: 1500 },
      { ok: true, value: -5 },
      { ok: true, value: 42 },
      {
        ok: false,
        problem: {
          code: 'NUMBER_INVALID',
          message: '"2.5" is not a whole number; expected a count such as 120.',
        },
      },
      {
        ok: false,
        problem: {
          code: 'NUMBER_INVALID',
          message: '"2,5" is not a whole number; expected a count such as 120.',
        },
      },
      {
        ok: false,
        problem: {
          code: 'NUMBER_OUT_OF_RANGE',
          message: '"9007199254740993" is too large; expected at most 9007199254740991.',
        },
      },
    ]);
  });
});

describe('resolvePrice', () => {
  it.each([
    [{ amount: 'RWF 1,500' }, { minor: 1500, currency: 'RWF' }],
    [{ amount: '1 500 FRW' }, { minor: 1500, currency: 'RWF' }],
    [{ amount: 'Frw 1500' }, { minor: 1500, currency: 'RWF' }],
    [
      { amount: '18 500', currency: 'RWF' },
      { minor: 18500, currency: 'RWF' },
    ],
    [{ amount: '$12.50' }, { minor: 1250, currency: 'USD' }],
    [{ amount: 'USD 12.50' }, { minor: 1250, currency: 'USD' }],
    [{ amount: '12,50 €' }, { minor: 1250, currency: 'EUR' }],
    [
      { amount: '1,500', currency: 'USD' },
      { minor: 150, currency: 'USD' },
    ],
    [
      { amount: 4.2, currency: 'USD' },
      { minor: 420, currency: 'USD' },
    ],
    [
      { amount: 0.1, currency: 'CNY' },
      { minor: 10, currency: 'CNY' },
    ],
    [
      { amount: '12,50', headerCurrency: 'USD' as const },
      { minor: 1250, currency: 'USD' },
    ],
    [
      { amount: 'USD 12.50', currency: 'usd', headerCurrency: 'USD' as const },
      { minor: 1250, currency: 'USD' },
    ],
    [
      { minor: 1850, currency: 'USD' },
      { minor: 1850, currency: 'USD' },
    ],
  ])('%j -> %j', (input, money) => {
    expect(resolvePrice(input)).toEqual({ money, problems: [], warnings: [] });
  });

  it.each([
    ['(500)', 'RWF'],
    ['( 1 200 )', 'RWF'],
    ['(RWF 1 200)', undefined],
    ['(12,50 €)', undefined],
  ])('reads %j, an accounting negative, as negative, not as two unknown currencies', (amount, currency) => {
    expect(resolvePrice({ amount, ...(currency ? { currency } : {}) })).toEqual({
      money: null,
      warnings: [],
      problems: [
        {
          field: 'price',
          code: 'NUMBER_NEGATIVE',
          message: `Price "${amount}" is negative; expected 0 or more.`,
        },
      ],
    });
  });

  it('refuses negative, non-numeric and non-finite prices', () => {
    expect(resolvePrice({ amount: '-500', currency: 'RWF' })).toEqual({
      money: null,
      warnings: [],
      problems: [
        { field: 'price', code: 'NUMBER_NEGATIVE', message: 'Price "-500" is negative; expected 0 or more.' },
      ],
    });
    expect(resolvePrice({ amount: -3.5, currency: 'USD' }).problems.map((p) => p.code)).toEqual([
      'NUMBER_NEGATIVE',
    ]);
    expect(resolvePrice({ amount: '1e400', currency: 'USD' }).problems).toEqual([
      {
        field: 'price',
        code: 'NUMBER_INVALID',
        message: '"1e400" is not a number; expected digits such as 1500, 1 500 or 12,50.',
      },
    ]);
    expect(
      resolvePrice({ amount: Number.POSITIVE_INFINITY, currency: 'USD' }).problems.map((p) => p.code),
    ).toEqual(['NUMBER_INVALID']);
    expect(
      resolvePrice({ amount: 'dix-huit mille', currency: 'RWF' }).problems.map((p) => [p.code, p.field]),
    ).toEqual([['NUMBER_INVALID', 'price']]);
  });

  it('refuses more decimals than the currency has, computing minor units exactly', () => {
    expect(resolvePrice({ amount: '12.345', currency: 'USD' })).toEqual({
      money: null,
      warnings: [],
      problems: [
        {
          field: 'price',
          code: 'PRICE_INVALID',
          message: '"12.345" has 3 decimals but USD prices have at most 2 decimals.',
        },
      ],
    });
    expect(resolvePrice({ amount: '1.5', currency: 'RWF' }).problems).toEqual([
      {
        field: 'price',
        code: 'PRICE_INVALID',
        message: '"1.5" has 1 decimals but RWF prices have no decimals.',
      },
    ]);
    // 1.15 * 100 is 114.99999999999999 in floating point; the digits say 115.
    expect(resolvePrice({ amount: '1.15', currency: 'USD' }).money).toEqual({ minor: 115, currency: 'USD' });
    expect(resolvePrice({ amount: '100000000000000', currency: 'USD' }).problems.map((p) => p.code)).toEqual([
      'NUMBER_OUT_OF_RANGE',
    ]);
  });

  it.each([
    // The dearest unit a producer lists is a box or sack; a GTIN, a phone number or a row of
    // extra zeros in the price column is not a price.
    ['RWF', '1000000000000000', '1 500 000 000 RWF'],
    ['RWF', '6163001000012', '1 500 000 000 RWF'],
    ['USD', '1000000.01', '1 000 000 USD'],
    ['EUR', '2500000', '1 000 000 EUR'],
    ['CNY', '7000000.50', '7 000 000 CNY'],
  ])('refuses a %s price of %s, above the most any unit is sold for (%s)', (currency, amount, bound) => {
    const result = resolvePrice({ amount, currency });
    expect(result.money).toBeNull();
    expect(result.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['price', 'NUMBER_OUT_OF_RANGE'],
    ]);
    expect(result.problems[0]?.message).toContain(`at most ${bound}`);
  });

  it('refuses an implausible price given in minor units just the same', () => {
    expect(resolvePrice({ minor: 100_000_001, currency: 'USD' }).problems.map((p) => p.code)).toEqual([
      'NUMBER_OUT_OF_RANGE',
    ]);
  });

  it.each([
    ['RWF', '15000001', '15 000 000 RWF'],
    ['USD', '10000.01', '10 000 USD'],
    ['EUR', '25000', '10 000 EUR'],
    ['CNY', '70001', '70 000 CNY'],
  ])(
    'accepts a %s price of %s with a warning: more than %s per unit is unusual',
    (currency, amount, bound) => {
      const result = resolvePrice({ amount, currency });
      expect(result.money).not.toBeNull();
      expect(result.problems).toEqual([]);
      expect(result.warnings.map((warning) => [warning.field, warning.code])).toEqual([
        ['price', 'PRICE_UNUSUALLY_HIGH'],
      ]);
      expect(result.warnings[0]?.message).toContain(bound);
    },
  );

  it.each([
    ['RWF', '15000000'],
    ['USD', '10000'],
    ['EUR', '10000.00'],
    ['CNY', '70000'],
  ])('takes a %s price of %s, at the warning bound, as it is', (currency, amount) => {
    expect(resolvePrice({ amount, currency })).toMatchObject({ problems: [], warnings: [] });
  });

  it('never guesses the currency', () => {
    expect(resolvePrice({ amount: '1500' })).toEqual({
      money: null,
      warnings: [],
      problems: [
        {
          field: 'price.currency',
          code: 'CURRENCY_UNKNOWN',
          message:
            'The price has no currency; write it in the cell (RWF 1 500), in a Currency column, or in the header: Price (RWF).',
        },
      ],
    });
    expect(resolvePrice({ amount: '1500', currency: 'GBP' }).problems).toEqual([
      {
        field: 'price.currency',
        code: 'CURRENCY_UNKNOWN',
        message: '"GBP" is not an accepted currency; expected one of RWF, USD, EUR, CNY.',
      },
    ]);
    expect(resolvePrice({ amount: 'GBP 12' }).problems.map((p) => [p.code, p.field])).toEqual([
      ['CURRENCY_UNKNOWN', 'price.currency'],
    ]);
  });

  it('reports a currency given twice, differently, as a conflict', () => {
    expect(resolvePrice({ amount: 'USD 12', currency: 'RWF' })).toEqual({
      money: null,
      warnings: [],
      problems: [
        {
          field: 'price.currency',
          code: 'CURRENCY_CONFLICT',
          message:
            'The currency is ambiguous: the price cell says USD, the currency column says RWF. Give one currency.',
        },
      ],
    });
    expect(
      resolvePrice({ amount: '12', currency: 'RWF', headerCurrency: 'USD' }).problems.map((p) => p.code),
    ).toEqual(['CURRENCY_CONFLICT']);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500g', null, { value: 500, unit: 'g' }],
    ['1,5 kg', null, { value: 1.5, unit: 'kg' }],
    ['500 grammes', null, { value: 500, unit: 'g' }],
    ['1 kilo', null, { value: 1, unit: 'kg' }],
    ['1 litre', null, { value: 1, unit: 'l' }],
    ['750 ml', null, { value: 750, unit: 'ml' }],
    ['75 cl', null, { value: 750, unit: 'ml' }],
    ['2 lb', null, { value: 2, unit: 'lb' }],
    ['0.5', { unit: 'kg', shift: 0 } as const, { value: 0.5, unit: 'kg' }],
    ['0,25', { unit: 'kg', shift: 0 } as const, { value: 0.25, unit: 'kg' }],
    [4, { unit: 'kg', shift: 0 } as const, { value: 4, unit: 'kg' }],
    // The cell's own unit is more specific than the header's.
    ['500 g', { unit: 'kg', shift: 0 } as const, { value: 500, unit: 'g' }],
  ])('%j with header unit %j -> %j', (value, header, quantity) => {
    expect(parseQuantity(value, header)).toEqual({ ok: true, value: quantity });
  });

  it('takes the unit from a unit column', () => {
    expect(parseQuantity(250, null, 'ml')).toEqual({ ok: true, value: { value: 250, unit: 'ml' } });
  });

  it('refuses unknown or missing units and non-positive amounts', () => {
    expect(parseQuantity('5 sacks', null)).toEqual({
      ok: false,
      problem: {
        code: 'UNIT_UNKNOWN',
        message: '"sacks" in "5 sacks" is not a unit of weight or volume; expected g, kg, t, lb, ml or l.',
      },
    });
    expect(parseQuantity('0.5', null)).toEqual({
      ok: false,
      problem: {
        code: 'UNIT_UNKNOWN',
        message: '"0.5" has no unit; write it in the cell (500 g) or in the header: Net weight (kg).',
      },
    });
    expect(
      ['0 kg', '-1 kg', 'heavy'].map((v) => parseQuantity(v, null)).map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual(['NUMBER_OUT_OF_RANGE', 'NUMBER_NEGATIVE', 'NUMBER_INVALID']);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-06-15', '2026-06-15'],
    ['2026-6-5', '2026-06-05'],
    ['2026-06-15T00:00:00.000Z', '2026-06-15'],
    ['15/06/2026', '2026-06-15'],
    ['5/6/2026', '2026-06-05'],
    ['15.06.2026', '2026-06-15'],
    ['15-06-2026', '2026-06-15'],
    ['15/06/2026 00:00', '2026-06-15'],
    ['15/06/2026 23:59:59', '2026-06-15'],
    ['2026-06-15 07:30', '2026-06-15'],
    ['2026-06-15T23:59:60Z', '2026-06-15'],
    ['2026-06-15T10:00:00+02:00', '2026-06-15'],
    ['2026-06-15T10:00:00-0530', '2026-06-15'],
    ['29/02/2028', '2028-02-29'],
    [46188, '2026-06-15'],
    ['46188', '2026-06-15'],
    [46188.5, '2026-06-15'],
  ])('%j -> %s', (value, iso) => {
    expect(parseDate(value)).toEqual({ ok: true, value: iso });
  });

  it.each([
    '2026-06-15T25:00:00',
    '2026-06-15T24:00',
    '2026-06-15 23:61',
    '2026-06-15T10:00:61',
    '2026-06-15T10:00:00+25:00',
    '2026-06-15T10:00:00+02:75',
    '15/06/2026 25:00',
    '15.06.2026 10:99',
  ])('refuses %j: its time does not exist, so the date may not be what was meant', (value) => {
    expect(parseDate(value)).toEqual({
      ok: false,
      problem: {
        code: 'DATE_INVALID',
        message: `"${value}" has a time that does not exist; give the date alone (yyyy-mm-dd) or a time from 00:00 to 23:59.`,
      },
    });
  });

  it('refuses dates that do not exist, month-first dates and non-dates', () => {
    expect(parseDate('31/02/2026')).toEqual({
      ok: false,
      problem: {
        code: 'DATE_INVALID',
        message: '"31/02/2026" is not a real date: February 2026 has 28 days.',
      },
    });
    expect(parseDate('06/15/2026')).toEqual({
      ok: false,
      problem: {
        code: 'DATE_INVALID',
        message: '"06/15/2026" has no month 15; expected dd/mm/yyyy or yyyy-mm-dd.',
      },
    });
    expect(
      [2026, 'yesterday', '2026-13-01', '15/06/26']
        .map((v) => parseDate(v))
        .map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual(['DATE_INVALID', 'DATE_INVALID', 'DATE_INVALID', 'DATE_INVALID']);
  });
});

describe('temperatures and shelf life', () => {
  it('reads single temperatures in °C, converting °F', () => {
    expect(
      ['0 °C', '-1', '4°C', '4 ºC', '−18 °C', '2,5', '+8 C', '39,2 °F', 5].map((v) =>
        parseTemperature(v, null),
      ),
    ).toEqual([0, -1, 4, 4, -18, 2.5, 8, 4, 5].map((value) => ({ ok: true, value })));
    expect(parseTemperature('41', 'fahrenheit')).toEqual({ ok: true, value: 5 });
    expect(
      ['100 °C', '4 K', 'cold'].map((v) => parseTemperature(v, null)).map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual(['NUMBER_OUT_OF_RANGE', 'UNIT_UNKNOWN', 'NUMBER_INVALID']);
  });

  it('reads a range column, and a single value there as the maximum', () => {
    expect(
      ['2-8 °C', '2 – 8°C', '-2 à 4 °C', '0 to 4', '-18 °C'].map((v) => parseTemperatureRange(v, null)),
    ).toEqual([
      { ok: true, value: { minC: 2, maxC: 8 } },
      { ok: true, value: { minC: 2, maxC: 8 } },
      { ok: true, value: { minC: -2, maxC: 4 } },
      { ok: true, value: { minC: 0, maxC: 4 } },
      { ok: true, value: { maxC: -18 } },
    ]);
  });

  it('reads shelf life in days, months (30 days) and years (365 days)', () => {
    expect(
      [
        '12 mois',
        '12 months',
        '540 days',
        '540 jours',
        '18 months',
        '1 an',
        '2 semaines',
        '720 iminsi',
        365,
      ].map((v) => parseShelfLifeDays(v, null)),
    ).toEqual([360, 360, 540, 540, 540, 365, 14, 720, 365].map((value) => ({ ok: true, value })));
    expect(parseShelfLifeDays('12', 30)).toEqual({ ok: true, value: 360 });
    expect(
      ['1,5 ans', '0 jours', '20 years', '12 lunes', '-3']
        .map((v) => parseShelfLifeDays(v, null))
        .map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual([
      'NUMBER_INVALID',
      'NUMBER_OUT_OF_RANGE',
      'NUMBER_OUT_OF_RANGE',
      'UNIT_UNKNOWN',
      'NUMBER_NEGATIVE',
    ]);
  });
});

describe('codes and addresses', () => {
  it.each([
    ['0901.11', '090111'],
    ['0901 11 00', '09011100'],
    ['09011100', '09011100'],
    ['0901', '0901'],
    ['0409.00', '040900'],
    // Excel damage: a number cell drops the leading zero and trailing zeros.
    [901.11, '090111'],
    [901.1, '090110'],
    [409, '0409'],
    ['901.11', '090111'],
  ])('HS code %j -> %s', (value, digits) => {
    expect(parseHsCode(value)).toEqual({ ok: true, value: digits });
  });

  it('refuses HS codes that are not 4 to 10 digits', () => {
    expect(
      ['09A1', '123', '12345678901', '0901-11']
        .map((v) => parseHsCode(v))
        .map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual(['HS_CODE_FORMAT', 'HS_CODE_FORMAT', 'HS_CODE_FORMAT', 'HS_CODE_FORMAT']);
    expect(parseHsCode('09A1')).toEqual({
      ok: false,
      problem: {
        code: 'HS_CODE_FORMAT',
        message: '"09A1" is not an HS code; expected 4 to 10 digits, dots and spaces allowed, e.g. 0901.11.',
      },
    });
  });

  it.each([
    ['6163001000012', '6163001000012'],
    ['6163 0010 0001 2', '6163001000012'],
    ['12345678', '12345678'],
    ['123456789012', '123456789012'],
    ['01234567890128', '01234567890128'],
    [6163001000012, '6163001000012'],
  ])('GTIN %j -> %s', (value, digits) => {
    expect(parseGtin(value)).toEqual({ ok: true, value: digits });
  });

  it.each([
    // An XLSX or JSON number, and the text Excel writes to CSV for it.
    [12345678905, '012345678905'],
    ['12345678905', '012345678905'],
    [1234565, '01234565'],
  ])('gives GTIN %j the leading zeros a spreadsheet dropped (%s), with a warning', (value, gtin) => {
    expect(parseGtin(value)).toEqual({
      ok: true,
      value: gtin,
      warning: {
        code: 'GTIN_LEADING_ZEROS_RESTORED',
        message: `GTIN ${JSON.stringify(String(value))} had lost its leading zeros (a spreadsheet stored it as a number); read as ${gtin}, whose check digit holds. Format the column as text to keep them.`,
      },
    });
  });

  it('does not pad digits whose check digit fails once padded, and says why they may be short', () => {
    const parsed = parseGtin(12345678904);
    expect(parsed.ok ? parsed : parsed.problem.code).toBe('GTIN_FORMAT');
    expect(parsed.ok ? '' : parsed.problem.message).toContain('leading zeros');
  });

  it('refuses GTINs of the wrong form, with a hint for scientific notation', () => {
    expect(parseGtin('6.163E+12')).toEqual({
      ok: false,
      problem: {
        code: 'GTIN_FORMAT',
        message:
          '"6.163E+12" is not a GTIN; expected 8, 12, 13 or 14 digits. Excel turned it into scientific notation: format the column as text and retype it.',
      },
    });
    expect(
      ['12345', '61630010000AB', '616300100001234']
        .map((v) => parseGtin(v))
        .map((r) => (r.ok ? r : r.problem.code)),
    ).toEqual(['GTIN_FORMAT', 'GTIN_FORMAT', 'GTIN_FORMAT']);
  });

  it('accepts https image addresses only, one or several per cell', () => {
    expect(
      parseImageUrls(
        'https://cdn.example.rw/a.jpg, https://cdn.example.rw/b.jpg;https://cdn.example.rw/c,w_200.jpg',
      ),
    ).toEqual({
      urls: [
        'https://cdn.example.rw/a.jpg',
        'https://cdn.example.rw/b.jpg',
        'https://cdn.example.rw/c,w_200.jpg',
      ],
      problems: [],
    });
    expect(
      parseImageUrls(['https://cdn.example.rw/a.jpg', 'http://cdn.example.rw/b.jpg', 'photo.jpg']),
    ).toEqual({
      urls: ['https://cdn.example.rw/a.jpg'],
      problems: [
        {
          code: 'URL_INVALID',
          message: '"http://cdn.example.rw/b.jpg" is not a web address starting with https://.',
        },
        { code: 'URL_INVALID', message: '"photo.jpg" is not a web address starting with https://.' },
      ],
    });
  });
});

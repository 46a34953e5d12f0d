import { describe, expect, it } from 'vitest';
import { readJson, scanJson } from '../../../../functions/core/catalogue/readers/json-reader.ts';
import { failureOf, plainRecords, readFully, utf8 } from './reader-helpers.ts';

describe('readJson', () => {
  it('reads an array of products, flattening nested objects to dotted keys', async () => {
    const first = JSON.stringify({
      sku: 'KAV-1',
      names: { en: 'Hass avocado', 'zh-CN': '牛油果' },
      price: { amount: '38.00', currency: 'USD' },
      stock: 520,
      organic: true,
      lot: null,
      images: ['https://a.rw/1.jpg', 'https://a.rw/2.jpg'],
      certifications: [
        { code: 'organic', label: 'EU Organic' },
        { code: 'other', label: 'Kosher' },
      ],
      origin: { district: 'Kayonza', farm: { name: 'Kayonza Fresh' } },
    });
    // 1e400 overflows to Infinity: kept as the number, for the row parser to refuse.
    const source = await readJson(utf8(`[${first},\n{"sku": "KAV-2", "stock": 1e400}]`));
    expect([source.format, source.encoding, await plainRecords(source)]).toEqual([
      'json',
      'utf-8',
      [
        {
          row: 1,
          fields: [
            ['sku', 'KAV-1'],
            ['names.en', 'Hass avocado'],
            ['names.zh-CN', '牛油果'],
            ['price.amount', '38.00'],
            ['price.currency', 'USD'],
            ['stock', 520],
            ['organic', true],
            ['lot', null],
            ['images', ['https://a.rw/1.jpg', 'https://a.rw/2.jpg']],
            ['certifications.0.code', 'organic'],
            ['certifications.0.label', 'EU Organic'],
            ['certifications.1.code', 'other'],
            ['certifications.1.label', 'Kosher'],
            ['origin.district', 'Kayonza'],
            ['origin.farm.name', 'Kayonza Fresh'],
          ],
        },
        {
          row: 2,
          fields: [
            ['sku', 'KAV-2'],
            ['stock', Number.POSITIVE_INFINITY],
          ],
        },
      ],
    ]);
  });

  it('reads an object with a "products" array, ignoring its other members', async () => {
    const source = await readJson(
      utf8('{"producer": "kayonza-avocado", "products": [{"sku": "A"}, {"sku": "B"}]}'),
    );
    expect(await plainRecords(source)).toEqual([
      { row: 1, fields: [['sku', 'A']] },
      { row: 2, fields: [['sku', 'B']] },
    ]);
  });

  it.each([
    [
      '{"items": []}',
      'The JSON object has no "products" member; expected an array of products or {"products": [...]}.',
    ],
    ['{"products": {"sku": "A"}}', '"products" is an object, not an array of products.'],
    ['"just text"', 'The JSON is a string; expected an array of products or {"products": [...]}.'],
    ['[{"sku": "A"}, 42]', 'Product 2 is a number, not an object.'],
  ])('refuses the shape of %s', async (json, message) => {
    const failure = await failureOf(() => readFully(readJson(utf8(json))));
    expect([failure.code, failure.message]).toEqual(['JSON_SHAPE', message]);
  });

  it('refuses malformed JSON with the line of the error', async () => {
    const failure = await failureOf(() => readFully(readJson(utf8('[\n  {"sku": "A"},\n  {"sku": }\n]'))));
    expect([failure.code, failure.line]).toEqual(['JSON_MALFORMED', 3]);
  });

  it('refuses nesting deeper than maxDepth with its line', async () => {
    const json = '[\n{"a": {"b": {"c": {"d": 1}}}}\n]';
    const failure = await failureOf(() => readFully(readJson(utf8(json), { limits: { maxDepth: 4 } })));
    expect([failure.code, failure.line]).toEqual(['JSON_TOO_DEEP', 2]);
    expect(await plainRecords(await readJson(utf8(json), { limits: { maxDepth: 5 } }))).toEqual([
      { row: 1, fields: [['a.b.c.d', 1]] },
    ]);
  });

  it('refuses a 100,000-deep nesting without overflowing the stack', async () => {
    const depth = 100_000;
    const failure = await failureOf(() =>
      readFully(readJson(utf8(`${'['.repeat(depth)}${']'.repeat(depth)}`))),
    );
    expect([failure.code, failure.line]).toEqual(['JSON_TOO_DEEP', 1]);
  });

  it('keeps "__proto__", "constructor" and "prototype" as plain data and touches no prototype', async () => {
    const json =
      '[{"sku": "A", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "prototype": "p"}]';
    const records = await readFully(readJson(utf8(json)));
    expect(records.map((record) => [...record.fields])).toEqual([
      [
        ['sku', 'A'],
        ['__proto__.polluted', 'yes'],
        ['constructor.prototype.polluted', 'yes'],
        ['prototype', 'p'],
      ],
    ]);
    expect([
      Object.hasOwn(Object.prototype, 'polluted'),
      Reflect.get({}, 'polluted'),
      Object.getPrototypeOf(records[0]) === Object.prototype,
      Object.getPrototypeOf(records[0]?.fields) === Map.prototype,
    ]).toEqual([false, undefined, true, true]);
  });

  it('refuses a key that appears both dotted and nested', async () => {
    const failure = await failureOf(() =>
      readFully(readJson(utf8('[{"origin.district": "Huye", "origin": {"district": "Nyanza"}}]'))),
    );
    expect(failure.code).toBe('HEADER_DUPLICATE_COLUMN');
  });

  it('refuses an empty document', async () => {
    const failure = await failureOf(() => readFully(readJson(utf8('  \n'))));
    expect(failure.code).toBe('FILE_EMPTY');
  });
});

describe('scanJson', () => {
  it.each([
    '[]',
    '{}',
    ' [1, -2.5e+3, "a\\"b\\u00e9", true, false, null, {"k": [ ]}] ',
    '"text"',
    '0',
    '[1e400]',
  ])('accepts %s as JSON.parse does', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(scanJson(text, 8)).toEqual({ kind: 'ok' });
  });

  it.each([
    ['[1,]', 3],
    ['{"a" 1}', 5],
    ['[01]', 2],
    ['["a\nb"]', 3],
    ['["\\x"]', 2],
    ['[1] 2', 4],
    ['{"a": tru}', 6],
    ['[', 1],
    ["{'a': 1}", 1],
    ['', 0],
  ])('refuses %j at offset %d as JSON.parse does', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(scanJson(text, 8)).toMatchObject({ kind: 'malformed', offset });
  });
});

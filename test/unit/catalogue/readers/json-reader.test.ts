import { describe, expect, it } from 'vitest';
import { CatalogueFileError } from '../../../../functions/core/catalogue/codes.ts';
import { readJson } from '../../../../functions/core/catalogue/readers/json-reader.ts';
import { JsonCatalogueScanner } from '../../../../functions/core/catalogue/readers/json-scanner.ts';
import { DEFAULT_READER_LIMITS } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { jsonLongString, MiB, pulledSource } from '../../../support/reader-bombs.ts';
import { collect, failureOf, plainRecords, readFully, utf8 } from './reader-helpers.ts';

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

describe('readJson in bounded memory', () => {
  it('refuses an 8 MiB string (a stack overflow once) as a product too large, with its line', async () => {
    const failure = await failureOf(() => readFully(readJson(pulledSource(jsonLongString(8 * MiB)).source)));
    expect([failure.code, failure.line, failure.message]).toEqual([
      'JSON_PRODUCT_TOO_LARGE',
      1,
      'Product 1 (from line 1) is longer than 640000 characters; a product may hold at most that much text (a cell at most 10000 characters).',
    ]);
  });

  it('stops reading at the product bound, not at the end of the string', async () => {
    const { source, pulled } = pulledSource(jsonLongString(64 * MiB));
    const failure = await failureOf(() => readFully(readJson(source)));
    expect(failure.code).toBe('JSON_PRODUCT_TOO_LARGE');
    // The bound is 640,000 characters; the source hands out 1 MiB at a time.
    expect(pulled()).toBeLessThanOrEqual(2 * MiB);
  });

  it('keeps a string longer than a cell but within the product bound whole, for the row to refuse', async () => {
    const name = 'é'.repeat(20_000);
    const records = await readFully(readJson(utf8(JSON.stringify([{ sku: 'A', name }]))));
    expect(records.map((record) => (record.fields.get('name') as string).length)).toEqual([20_000]);
  });

  it('skips a long top-level member it was not asked for without holding it', async () => {
    const meta = 'm'.repeat(3 * MiB);
    const json = `{"meta": {"notes": "${meta}"}, "products": [{"sku": "A"}], "exported": "2026-11-20"}`;
    expect(await plainRecords(await readJson(utf8(json)))).toEqual([{ row: 1, fields: [['sku', 'A']] }]);
  });

  it('hands over the top-level members it is asked for, flattened, with their line', async () => {
    const json = '{\n"producer": {"id": "kayonza-avocado"},\n"producerId": 42, "products": [{"sku": "A"}]}';
    const source = await readJson(utf8(json), { documentFields: (name) => name.startsWith('producer') });
    await collect(source);
    expect(source.documentFields?.()).toEqual([
      { name: 'producer.id', value: 'kayonza-avocado', line: 2 },
      { name: 'producerId', value: 42, line: 3 },
    ]);
  });

  it('refuses "products" given twice, which JSON.parse would have settled by taking the last', async () => {
    const failure = await failureOf(() =>
      readFully(readJson(utf8('{"products": [{"sku": "A"}],\n"products": []}'))),
    );
    expect([failure.code, failure.line]).toEqual(['JSON_SHAPE', 2]);
  });
});

/** Feeds `text` to a scanner whole or a character at a time; the code and line it stops with, or 'ok'. */
function scan(text: string, chunk: number): { code: string; line: number | null } | 'ok' {
  const scanner = new JsonCatalogueScanner({ ...DEFAULT_READER_LIMITS }, () => false, {
    product() {},
    member() {},
  });
  try {
    for (let start = 0; start < text.length; start += chunk) scanner.feed(text.slice(start, start + chunk));
    scanner.end();
    return 'ok';
  } catch (error) {
    if (!(error instanceof CatalogueFileError)) throw error;
    return { code: error.code, line: error.line };
  }
}

describe('JsonCatalogueScanner', () => {
  it.each([
    '[]',
    '[{}]',
    ' [{"a": [1, -2.5e+3, 0, 0.5, 1E9, "a\\"b\\u00e9", true, false, null, {"k": [ ]}]}] ',
    '{"products": [], "meta": {"a": [1, {"b": "}]"}]}, "n": -0}',
    '[{"stock": 1e400}]',
  ])('accepts %s as JSON.parse does, whole and a character at a time', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect([scan(text, text.length), scan(text, 1)]).toEqual(['ok', 'ok']);
  });

  it.each([
    ['[{},]', 1],
    ['[{"a" 1}]', 1],
    ['[{"a": 01}]', 1],
    ['[{"a": "a\nb"}]', 1],
    ['[{"a": "\\x"}]', 1],
    ['[{"a": "\\u12G4"}]', 1],
    ['[{"a": 1.}]', 1],
    ['[{"a": -}]', 1],
    ['[{"a": 1e}]', 1],
    ['[] 2', 1],
    ['[{"a": tru}]', 1],
    ['[\n{"a": nul', 2],
    ["[{'a': 1}]", 1],
    ['[{"a": 1}\n\n}', 3],
    ['{"products": [], "a": 1,}', 1],
  ])('refuses %j as JSON.parse does, with line %d', (text, line) => {
    expect(() => JSON.parse(text)).toThrow();
    const refusal = { code: 'JSON_MALFORMED', line };
    expect([scan(text, text.length), scan(text, 1)]).toEqual([refusal, refusal]);
  });

  it('refuses white space alone as empty', () => {
    expect(scan(' \n ', 1)).toEqual({ code: 'FILE_EMPTY', line: null });
  });
});

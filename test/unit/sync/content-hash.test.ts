import { describe, expect, it } from 'vitest';
import { PRODUCT_TYPES } from '../../../functions/core/catalogue/model.ts';
import { canonicalJson, contentHash } from '../../../functions/core/sync/content-hash.ts';
import { makeProduct } from '../../support/product-factory.ts';
import { RandomCases } from '../../support/random-cases.ts';

/**
 * canonicalJson as the stored hashes were first made (array-and-join, JSON.stringify for every
 * primitive and key). Every faster version must give exactly this text, or stored hashes would
 * all read as changed.
 */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((entry) => referenceCanonicalJson(entry ?? null)).join(',')}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const entry = (value as Record<string, unknown>)[key];
    if (entry === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${referenceCanonicalJson(entry)}`);
  }
  return `{${parts.join(',')}}`;
}

// Characters that JSON escapes or treats specially: quotes, backslashes, controls, lone and paired
// surrogates, DEL, U+2028/2029, plus ordinary Latin, accented and Chinese text.
const CHARACTERS = [
  'a',
  'Z',
  '0',
  ' ',
  '"',
  '\\',
  '/',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\u001f',
  '\u007f',
  'é',
  'œ',
  '卢旺达',
  '\u2028',
  '\u2029',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\ufffe',
  '\uffff',
];
const NUMBERS = [0, -0, 1, -1, 0.1, 1.5, 1e21, 1e-7, -2.5e-8, 123456789012, Number.MAX_SAFE_INTEGER, 5e-324];
const NOT_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomValue(random: RandomCases, depth: number): unknown {
  const kind = random.below(depth > 3 ? 6 : 9);
  switch (kind) {
    case 0:
      return random.text(CHARACTERS, 12);
    case 1:
      return random.pick(NUMBERS) * (random.below(2) === 0 ? 1 : random.fraction());
    case 2:
      return random.pick(NOT_FINITE);
    case 3:
      return random.below(2) === 0;
    case 4:
      return null;
    case 5:
      return undefined;
    case 6: {
      const length = random.below(5);
      return Array.from({ length }, () => randomValue(random, depth + 1));
    }
    default: {
      const object: Record<string, unknown> = {};
      const size = random.below(8);
      for (let index = 0; index < size; index += 1) {
        const key = random.text(CHARACTERS, 6);
        // Own data property even for "__proto__", as JSON.parse would make it.
        Object.defineProperty(object, key, {
          value: randomValue(random, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return object;
    }
  }
}

describe('canonicalJson: byte-identical to the form stored hashes were made with', () => {
  it('matches the reference on 20,000 random values', () => {
    const random = new RandomCases(20261129);
    for (let run = 0; run < 20_000; run += 1) {
      const value = randomValue(random, 0);
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
  });

  it('matches the reference on products of every type, with generated text in their fields', () => {
    const random = new RandomCases(7);
    for (let run = 0; run < 2_000; run += 1) {
      const type = random.pick(PRODUCT_TYPES);
      // Text the schema may refuse is fine here: hashing takes whatever object it is given.
      const product = {
        ...makeProduct(type),
        names: { en: `Name ${random.text(CHARACTERS, 10)}`, 'zh-CN': random.text(CHARACTERS, 6) },
        attributes: { [random.text(CHARACTERS, 5)]: random.text(CHARACTERS, 8), variety: 'Red Bourbon' },
        stock: random.below(100_000),
      };
      expect(canonicalJson(product)).toBe(referenceCanonicalJson(product));
    }
  });

  it('keeps the top-level edge cases of JSON.stringify', () => {
    for (const value of [undefined, () => 1, Symbol('s'), -0, Number.NaN, 'x"y', [undefined, null]]) {
      expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
    }
    expect(() => canonicalJson(1n)).toThrow(TypeError);
    expect(contentHash({ b: [1, 'é'], a: null })).toBe(contentHash({ a: null, b: [1, 'é'] }));
  });
});

import { describe, expect, it } from 'vitest';
import { baseWith, codesOf, onlyOutcome } from './catalogue-records.ts';

/*
 * A product must fit one SQS message and the DynamoDB items it becomes; a row that would not is
 * refused when it is parsed (PRODUCT_TOO_LARGE), never discovered as a failed write later.
 */

const columns = (count: number, prefix = 'Extra') =>
  Array.from({ length: count }, (_, n) => `${prefix} ${n + 1}`);

describe('product size bounds at parse time', () => {
  it('refuses the row of issue 11: 33 extra columns of 9 KB each (298 KB of attributes)', async () => {
    const outcome = await onlyOutcome([
      baseWith(
        columns(33),
        columns(33).map(() => 'y'.repeat(9_000)),
      ),
    ]);
    expect(outcome.product).toBeNull();
    expect(codesOf(outcome.errors)).toEqual([['PRODUCT_TOO_LARGE', 'attributes']]);
    expect(outcome.errors[0]?.message).toMatch(/290\.3 KB.*at most 32 KB/);
  });

  it('counts the extra columns in UTF-8 bytes: 4 columns of 3,000 Chinese characters are 36 KB', async () => {
    const outcome = await onlyOutcome([
      baseWith(
        columns(4),
        columns(4).map(() => '咖'.repeat(3_000)),
      ),
    ]);
    expect(codesOf(outcome.errors)).toEqual([['PRODUCT_TOO_LARGE', 'attributes']]);
  });

  it('accepts 32 KB of extra columns', async () => {
    // 4 names of 7 bytes ("Extra 1".."Extra 4") + 4 values of 8,185 bytes = 32,768.
    const outcome = await onlyOutcome([
      baseWith(
        columns(4),
        columns(4).map(() => 'y'.repeat(8_185)),
      ),
    ]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.product).not.toBeNull();
  });

  it('refuses more than 100 extra columns, however short', async () => {
    const accepted = await onlyOutcome([
      baseWith(
        columns(100),
        columns(100).map(() => 'y'),
      ),
    ]);
    expect(accepted.errors).toEqual([]);
    const refused = await onlyOutcome([
      baseWith(
        columns(101),
        columns(101).map(() => 'y'),
      ),
    ]);
    expect(codesOf(refused.errors)).toEqual([['PRODUCT_TOO_LARGE', 'attributes']]);
    expect(refused.errors[0]?.message).toMatch(/101 extra columns.*at most 100/);
  });

  it('refuses more than 20 images', async () => {
    const urls = (count: number) =>
      Array.from({ length: count }, (_, n) => `https://cdn.example.rw/${n}.jpg`).join(', ');
    expect((await onlyOutcome([baseWith(['Images'], [urls(20)])])).errors).toEqual([]);
    const refused = await onlyOutcome([baseWith(['Images'], [urls(21)])]);
    expect(codesOf(refused.errors)).toEqual([['PRODUCT_TOO_LARGE', 'images']]);
    expect(refused.errors[0]?.message).toMatch(/21 images.*at most 20/);
  });

  it('refuses a product over 64 KB as a whole: 20 image addresses of 4,000 characters', async () => {
    const urls = Array.from({ length: 20 }, (_, n) => `https://cdn.example.rw/${n}/${'p'.repeat(3_970)}.jpg`);
    // As a JSON catalogue carries them: one array, each address its own cell.
    const outcome = await onlyOutcome([baseWith(['images'], [urls])]);
    expect(codesOf(outcome.errors)).toEqual([['PRODUCT_TOO_LARGE', null]]);
    expect(outcome.errors[0]?.message).toMatch(/7\d\.\d KB.*at most 64 KB/);
  });
});

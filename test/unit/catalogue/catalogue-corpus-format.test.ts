import { describe, expect, it } from 'vitest';
import { corpusFixtureSchema, readCorpus } from '../../support/catalogue-corpus.ts';

/**
 * The reading corpus is data the reader is measured against, so its own mistakes must not pass
 * for the reader's: every expected.json has the documented shape, names a file that is there, and
 * agrees with itself (row counts, products of the uploading producer, sale prices below prices).
 * What the reader makes of the files is for the corpus harness, not for this test.
 */
const corpus = readCorpus();
const TABLE_FORMATS: ReadonlySet<string> = new Set(['csv', 'tsv', 'xlsx']);

describe('reading corpus (test/fixtures/catalogues)', () => {
  it('holds at least 32 catalogues', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(32);
  });

  it.each(corpus)('$name: expected.json has the documented shape and names its file', (entry) => {
    const fixture = corpusFixtureSchema.parse(entry.raw);
    expect(entry.files).toContain(fixture.file);
    expect(entry.files.filter((file) => file !== 'expected.json' && file !== 'source.fods')).toEqual([
      fixture.file,
    ]);
  });

  it.each(corpus)('$name: counts, producers, prices and rows agree with each other', (entry) => {
    const { expect: expected, options } = corpusFixtureSchema.parse(entry.raw);
    if (expected.refused !== null) return;
    const { rows, products, errors } = expected;
    expect(rows.total).toBe(rows.accepted + rows.rejected);
    expect(products).toHaveLength(rows.accepted);
    expect(new Set(errors.map((error) => error.row)).size).toBe(rows.rejected);
    expect(new Set(products.map((product) => product.sku.toLowerCase())).size).toBe(products.length);
    for (const product of products) {
      expect(product.producerId).toBe(options.producerId);
      if (product.salePrice !== undefined) {
        expect(product.salePrice.currency).toBe(product.price.currency);
        expect(product.salePrice.minor).toBeLessThan(product.price.minor);
      }
    }
    expect(expected.sheet !== undefined).toBe(expected.format === 'xlsx');
    expect(expected.headerRow !== undefined).toBe(TABLE_FORMATS.has(expected.format));
    for (const column of expected.columns) {
      if (column.field !== null) expect(column.via).toBeDefined();
    }
  });
});

/**
 * A product catalogue reads through readOfferings exactly as through readCatalogue: every file of
 * the reading corpus (test/fixtures/catalogues) as its producer expects, as products.
 */
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../../functions/core/catalogue/model.ts';
import { readOfferings } from '../../../../functions/core/catalogue/read-offerings.ts';
import { corpusFixtureSchema, readCorpus } from '../../../support/catalogue-corpus.ts';
import { type CorpusReader, differences, readFixture } from '../../../support/corpus-comparison.ts';

const corpus = readCorpus().map((entry) => ({
  name: entry.name,
  fixture: corpusFixtureSchema.parse(entry.raw),
}));

describe('the reading corpus through readOfferings', () => {
  it.each(corpus)('$name reads as its producer expects, as products', async ({ name, fixture }) => {
    const kinds = new Set<string>();
    const reader: CorpusReader = async (input, options, onProduct) => {
      const summary = await readOfferings(input, options, (offering, row) => {
        kinds.add(offering.kind);
        if (offering.kind === 'product') return onProduct(offering.product as Product, row);
      });
      kinds.add(`summary:${summary.offeringKind}`);
      const { offeringKind: _kind, ...rest } = summary;
      return rest;
    };
    expect(differences(fixture, await readFixture(name, fixture, reader))).toEqual([]);
    expect([...kinds].filter((kind) => kind !== 'product' && kind !== 'summary:product')).toEqual([]);
  });
});

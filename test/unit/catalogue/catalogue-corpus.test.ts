/**
 * The reader against the reading corpus (test/fixtures/catalogues): files written the way
 * producers' spreadsheets and shop systems write them, each with the outcome a producer expects,
 * written by hand. Compared as test/fixtures/catalogues/README.md says (test/support/corpus-comparison.ts).
 */
import { describe, expect, it } from 'vitest';
import { corpusFixtureSchema, readCorpus } from '../../support/catalogue-corpus.ts';
import { differences, readFixture } from '../../support/corpus-comparison.ts';

const corpus = readCorpus().map((entry) => ({
  name: entry.name,
  fixture: corpusFixtureSchema.parse(entry.raw),
}));

describe('the reading corpus', () => {
  it.each(corpus)('$name reads as its producer expects', async ({ name, fixture }) => {
    expect(differences(fixture, await readFixture(name, fixture))).toEqual([]);
  });
});

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { catalogueBuffer } from '../../../bench/catalogue-generator.ts';
import { readCatalogue } from '../../../functions/core/catalogue/read-catalogue.ts';

// Benchmarks compare runs across days only if the same seed always gives the same file.
describe('the benchmark catalogue generator', () => {
  it('gives the same bytes for the same seed and other bytes for another', () => {
    const one = catalogueBuffer({ rows: 500, seed: 42 });
    expect(catalogueBuffer({ rows: 500, seed: 42 }).equals(one)).toBe(true);
    expect(catalogueBuffer({ rows: 500, seed: 43 }).equals(one)).toBe(false);
  });

  it.each(['en', 'fr'] as const)(
    'writes a %s catalogue the readers accept, bar about 1% bad rows',
    async (headers) => {
      const body = catalogueBuffer({ rows: 2000, seed: 1, headers });
      const links: Array<string | undefined> = [];
      const summary = await readCatalogue(
        Readable.from([body]),
        { producerId: 'bench-coop', fileName: 'bench.csv' },
        (product) => {
          links.push(product.link);
        },
      );
      expect(summary.rows.total).toBe(2000);
      // Each product has its page, so google-merchant renders items in the bench as the others do.
      expect(links.length).toBe(summary.rows.accepted);
      expect(links.every((link) => link?.startsWith('https://shop.example.rw/products/bn-'))).toBe(true);
      expect(summary.rows.rejected).toBeGreaterThan(0);
      expect(summary.rows.rejected).toBeLessThan(60);
    },
  );
});

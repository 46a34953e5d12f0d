import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenDir, renderSamplePreview, sampleProducers } from '../../support/golden-previews.ts';
import {
  tmallGlobalValidators,
  validateFreshippoXml,
  validateGoogleMerchantXml,
} from '../../support/schema-validators.ts';
import { TOUR_OPERATORS } from '../../support/tour-golden.ts';

/** The default google-merchant targets: one document per country. */
const GOOGLE_MERCHANT_COUNTRIES = ['DE', 'FR', 'US'];

const tmall = tmallGlobalValidators();

/** The tour operators' samples write fliggy only: fliggy-golden.test.ts holds them. */
const productSamples = sampleProducers().filter(
  (sample) => !(TOUR_OPERATORS as readonly string[]).includes(sample.producerId),
);

describe.each(productSamples)('golden preview of $file', (sample) => {
  it('renders exactly the reviewed documents and report', async () => {
    const { report, documents } = await renderSamplePreview(sample);
    const golden = (path: string) => readFileSync(new URL(`${sample.producerId}/${path}`, goldenDir), 'utf8');
    expect(`${JSON.stringify(report, null, 2)}\n`).toBe(golden('report.json'));
    expect([...documents.keys()].sort()).toEqual([
      `freshippo/${sample.producerId}.xml`,
      ...GOOGLE_MERCHANT_COUNTRIES.map((country) => `google-merchant/${sample.producerId}/${country}.xml`),
      `tmall-global/${sample.producerId}.json`,
    ]);
    for (const [path, text] of documents) expect(text, path).toBe(golden(path));
  });

  it('renders documents that their schemas accept', async () => {
    const { documents } = await renderSamplePreview(sample);
    expect(
      tmall.document(JSON.parse(documents.get(`tmall-global/${sample.producerId}.json`) ?? 'null')),
    ).toEqual([]);
    expect(await validateFreshippoXml(documents.get(`freshippo/${sample.producerId}.xml`) ?? '')).toEqual([]);
    for (const country of GOOGLE_MERCHANT_COUNTRIES) {
      const path = `google-merchant/${sample.producerId}/${country}.xml`;
      const xml = documents.get(path) ?? '';
      expect(await validateGoogleMerchantXml(xml), path).toEqual([]);
      // every sample has products Google accepts, so every document carries items
      expect(xml, path).toContain('<item>');
    }
  });
});

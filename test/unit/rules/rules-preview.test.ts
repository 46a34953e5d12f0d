// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRODUCT_CHANNELS } from '../../../functions/core/channels/registry.ts';
import { previewCatalogue } from '../../../functions/core/preview/preview-catalogue.ts';
import { feedRulesSchema } from '../../../functions/core/rules/rule-schema.ts';
import { samplesDir } from '../../support/golden-previews.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';

async function preview(rules: unknown) {
  const documents = new Map<string, string>();
  const report = await previewCatalogue(
    createReadStream(new URL('kayonza-avocado.json', samplesDir)),
    { producerId: 'kayonza-avocado', fileName: 'kayonza-avocado.json' },
    PRODUCT_CHANNELS,
    loadConfigFxRates(),
    async (path) => {
      let text = '';
      return {
        write: async (chunk) => {
          text += String(chunk);
        },
        close: async () => {
          documents.set(path, text);
        },
        abort: async () => {},
      };
    },
    '2026-11-29T00:00:00.000Z',
    undefined,
    feedRulesSchema.parse(rules),
  );
  return { report, documents };
}

describe('preview with feed rules', () => {
  it('reports per channel what each rule changed or excluded, and the documents show it', async () => {
    const { report, documents } = await preview({
      'google-merchant': [
        { if: [{ field: 'sku', op: 'equals', value: 'KAV-HASS-1KG' }], then: [{ action: 'exclude' }] },
        {
          if: [{ field: 'sku', op: 'equals', value: 'KAV-HASS-4KG' }],
          then: [{ action: 'append', field: 'names.en', value: ', Rwanda' }],
        },
      ],
    });
    const merchant = report.channels['google-merchant'];
    expect(merchant?.ruleEffects).toEqual({
      changed: 1,
      excluded: 1,
      items: [
        {
          sku: 'KAV-HASS-4KG',
          changes: [
            {
              field: 'names.en',
              before: 'Hass avocado, 4 kg carton (16-20 fruits)',
              after: 'Hass avocado, 4 kg carton (16-20 fruits), Rwanda',
              rules: [1],
            },
          ],
        },
        { sku: 'KAV-HASS-1KG', excludedBy: 0, changes: [] },
      ],
    });
    expect(merchant?.accepted).toEqual(['KAV-HASS-4KG', 'KAV-HASS-ORG-4KG']);
    expect(report.channels['tmall-global']?.ruleEffects).toEqual({ changed: 0, excluded: 0, items: [] });
    expect(report.channels['tmall-global']?.accepted).toContain('KAV-HASS-1KG');
    const de = documents.get('google-merchant/kayonza-avocado/DE.xml') ?? '';
    expect(de).toContain('<g:title>Hass avocado, 4 kg carton (16-20 fruits), Rwanda</g:title>');
    expect(de).not.toContain('KAV-HASS-1KG');
  });

  it('rejects an item the rules make invalid, with RULE_VALUE_INVALID', async () => {
    const { report } = await preview({
      freshippo: [
        {
          if: [{ field: 'sku', op: 'equals', value: 'KAV-HASS-4KG' }],
          then: [{ action: 'append', field: 'names.en', value: 'x'.repeat(200) }],
        },
      ],
    });
    expect(report.channels.freshippo?.rejected).toContainEqual(
      expect.objectContaining({
        sku: 'KAV-HASS-4KG',
        code: 'RULE_VALUE_INVALID',
        field: 'rules.freshippo.0',
      }),
    );
  });
});

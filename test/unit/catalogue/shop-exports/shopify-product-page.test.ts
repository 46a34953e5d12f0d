/**
 * A Shopify export names each product's page only by its Handle; with the shop's address in the
 * profile (defaults.shopUrl) every variant gets https://<shop>/products/<handle>, which Google
 * Merchant Center requires. A page column of the producer's own, or one their profile maps, wins.
 */
import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkProducerProfile } from '../../../../functions/core/catalogue/producer-profile.ts';
import { shopifyExport } from '../../../../functions/core/catalogue/shop-exports/shopify.ts';
import { PRODUCT_CHANNELS } from '../../../../functions/core/channels/registry.ts';
import { previewCatalogue } from '../../../../functions/core/preview/preview-catalogue.ts';
import { loadConfigFxRates } from '../../../support/product-factory.ts';
import { csvRecords, readExport, rows } from './shop-export-helpers.ts';

const SHOP = { currency: 'USD', shopUrl: 'https://gisovu-tea.rw/' };

const linksOf = (events: Awaited<ReturnType<typeof readExport>>) =>
  events.flatMap((event) => (event.kind === 'record' ? [[event.fields.sku, event.fields.link]] : []));

describe('the product page of a Shopify export, from its Handle', () => {
  // The file's second product, Nyungwe Green Tea, is archived: skipped before any page is given.
  it('gives every variant its product page when the profile names the shop', async () => {
    const events = await readExport(shopifyExport, await csvRecords('shopify/products_export_2025.csv'), {
      defaults: SHOP,
    });
    expect(linksOf(events)).toEqual([
      ['GTE-BT-100', 'https://gisovu-tea.rw/products/gisovu-black-tea'],
      ['GTE-BT-500', 'https://gisovu-tea.rw/products/gisovu-black-tea'],
    ]);
  });

  it('gives none without the shop address', async () => {
    const events = await readExport(shopifyExport, await csvRecords('shopify/products_export_2025.csv'), {
      defaults: { currency: 'USD' },
    });
    expect(linksOf(events)).toEqual([
      ['GTE-BT-100', undefined],
      ['GTE-BT-500', undefined],
    ]);
  });

  const header = ['Handle', 'Title', 'Vendor', 'Variant SKU', 'Variant Price', 'Image Src'];
  const honey = ['ubuki-bwiza', 'Ubuki bwiza', 'Maraba', 'UB-500', '9.00', 'https://cdn.shopify.com/ub.jpg'];

  it('keeps a page column of the export, whatever it is called, and a column the profile maps', async () => {
    for (const [column, profile] of [
      ['Product page', { defaults: SHOP }],
      ['Page produit', { defaults: SHOP }],
      ['Boutique', { defaults: SHOP, columns: { Boutique: 'link' } }],
    ] as const) {
      const events = await readExport(
        shopifyExport,
        rows([...header, column], [...honey, 'https://maraba.rw/ubuki']),
        profile,
      );
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.kind === 'record' && event.fields).toMatchObject({ [column]: 'https://maraba.rw/ubuki' });
      expect(event?.kind === 'record' && event.fields.link).toBeUndefined();
    }
  });

  it('percent-encodes a Handle that is not plain ASCII, and keeps a path the shop lives under', async () => {
    const events = await readExport(shopifyExport, rows(header, ['ubuki-bw\u00e9', ...honey.slice(1)]), {
      defaults: { currency: 'USD', shopUrl: 'https://maraba.rw/boutique' },
    });
    expect(linksOf(events)).toEqual([['UB-500', 'https://maraba.rw/boutique/products/ubuki-bw%C3%A9']]);
  });

  it.each([
    'http://gisovu-tea.rw',
    'gisovu-tea.rw',
    'https://gisovu-tea.rw/?ref=feed',
    'https://gisovu-tea.rw/#top',
    'https://',
    `https://${'a'.repeat(200)}.rw`,
  ])('refuses %s as the shop address when the profile is saved', (shopUrl) => {
    const checked = checkProducerProfile({ defaults: { shopUrl } });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.problems.map((problem) => problem.path)).toEqual(['defaults.shopUrl']);
  });

  it('lets google-merchant take a Shopify export whose profile names the shop', async () => {
    const file = new URL('../../../fixtures/shop-exports/shopify/products_export_2025.csv', import.meta.url);
    const run = async (defaults: Record<string, string>) =>
      previewCatalogue(
        createReadStream(file),
        {
          producerId: 'gisovu-tea',
          fileName: 'products_export_2025.csv',
          profile: { defaults, columns: {}, values: {} },
        },
        PRODUCT_CHANNELS.filter((channel) => channel.id === 'google-merchant'),
        loadConfigFxRates(),
        async () => ({
          write: async () => undefined,
          close: async () => undefined,
          abort: async () => undefined,
        }),
        '2026-11-29T00:00:00.000Z',
      );
    const without = (await run({ currency: 'USD' })).channels['google-merchant'];
    expect(without?.accepted).toEqual([]);
    expect(new Set(without?.rejected.map((finding) => finding.code))).toEqual(new Set(['LINK_REQUIRED']));
    const withShop = (await run(SHOP)).channels['google-merchant'];
    expect(withShop?.accepted).toEqual(['GTE-BT-100', 'GTE-BT-500']);
    expect(withShop?.rejected).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { RawRecord, RawValue } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { googleMerchantExport } from '../../../../functions/core/catalogue/shop-exports/google-merchant.ts';
import { csvRecords, readExport } from './shop-export-helpers.ts';

const USD = { defaults: { currency: 'USD' } };
const defaulted = (id: string) => ({
  field: 'stock',
  code: 'STOCK_DEFAULTED',
  message: `The feed says "${id}" is in stock without a quantity; stock was set to 1, since your profile sets no "defaults.stock". Check it.`,
});

describe('Google Merchant Center text feed (TSV)', () => {
  const avocadoCategory =
    'Food, Beverages & Tobacco > Food Items > Fruits & Vegetables > Fresh & Frozen Fruits > Avocados';

  it('reads prices with their currency, availability as stock and weights in their units', async () => {
    const events = await readExport(
      googleMerchantExport,
      await csvRecords('google-merchant/products.tsv'),
      USD,
      '2026-07-01',
    );
    expect(events).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          sku: 'KAY-AVO-4KG',
          'names.en': 'Kayonza Hass Avocados, 4 kg box',
          description: 'Export-grade Hass avocados, hand-picked in Kayonza. Ships chilled.',
          link: 'https://kayonza-orchards.rw/products/hass-avocados-4kg',
          images: [
            'https://kayonza-orchards.rw/img/avocado-4kg.jpg',
            'https://kayonza-orchards.rw/img/avocado-cut.jpg',
            'https://kayonza-orchards.rw/img/avocado-tree.jpg',
          ],
          price: '18.00 USD',
          salePrice: '15.50 USD',
          stock: '1',
          grossWeight: '4.3 kg',
          netContent: '4 kg',
          gtin: '6164007890034',
          brand: 'Kayonza Orchards',
          itemGroupId: 'KAY-AVO',
        },
        typeHints: [
          { source: 'product_type', text: 'Fresh fruit > Avocados' },
          { source: 'google_product_category', text: avocadoCategory },
          { source: 'name', text: 'Kayonza Hass Avocados, 4 kg box' },
        ],
        warnings: [defaulted('KAY-AVO-4KG')],
      },
      {
        kind: 'record',
        row: 3,
        fields: {
          sku: 'KAY-AVO-10KG',
          'names.en': 'Kayonza Hass Avocados, 10 kg crate',
          description: 'Export-grade Hass avocados.',
          link: 'https://kayonza-orchards.rw/products/hass-avocados-10kg',
          images: ['https://kayonza-orchards.rw/img/avocado-10kg.jpg'],
          price: '39.00 USD',
          stock: '0',
          grossWeight: '10.6 kg',
          netContent: '10 kg',
          brand: 'Kayonza Orchards',
          itemGroupId: 'KAY-AVO',
        },
        typeHints: [
          { source: 'product_type', text: 'Fresh fruit > Avocados' },
          { source: 'google_product_category', text: avocadoCategory },
          { source: 'name', text: 'Kayonza Hass Avocados, 10 kg crate' },
        ],
        warnings: [],
      },
      {
        kind: 'record',
        row: 4,
        fields: {
          sku: 'GIS-TEA-100',
          'names.en': 'Gisovu Black Tea 100 g',
          description: 'Orthodox black tea.',
          link: 'https://gisovu-tea.rw/products/black-tea-100',
          images: ['https://gisovu-tea.rw/img/black-100.jpg'],
          price: '6.00 USD',
          stock: '1',
          grossWeight: '0.375 lb',
          netContent: '100g',
          gtin: '6164004560015',
          brand: 'Gisovu Tea Estate',
          productType: 'tea',
        },
        typeHints: [
          { source: 'product_type', text: 'Tea' },
          {
            source: 'google_product_category',
            text: 'Food, Beverages & Tobacco > Beverages > Tea & Infusions',
          },
          { source: 'name', text: 'Gisovu Black Tea 100 g' },
        ],
        warnings: [defaulted('GIS-TEA-100')],
      },
      {
        kind: 'record',
        row: 5,
        fields: {
          sku: 'GSH-PIM-250',
          'names.en': 'Gashora Dried Chili 250 g',
          description: 'Sun-dried chili.',
          link: 'https://gashora-farm.rw/p/chili-250',
          images: ['https://gashora-farm.rw/img/chili-250.jpg'],
          price: '9.50',
          'price.currency': 'USD',
          stock: '0',
          grossWeight: '0.3 kg',
          netContent: '250 g',
          brand: 'Gashora Farm',
        },
        typeHints: [
          { source: 'product_type', text: 'Spices > Chili' },
          {
            source: 'google_product_category',
            text: 'Food, Beverages & Tobacco > Food Items > Seasonings & Spices',
          },
          { source: 'name', text: 'Gashora Dried Chili 250 g' },
        ],
        warnings: [],
      },
    ]);
  });
});

describe('Google Merchant Center RSS 2.0 feed (test/fixtures/shop-exports/google-merchant/feed.xml)', () => {
  /** The items of feed.xml as the XML reader yields them: g:-prefixed keys, repeated elements as lists, groups flattened. */
  const items: RawRecord[] = [
    {
      row: 1,
      fields: new Map<string, RawValue>([
        ['g:id', 'GAK-CF-1KG'],
        ['title', 'Gakenke Green Coffee 1 kg'],
        ['link', 'https://gakenke-coffee.rw/p/green-1kg'],
        ['description', '<p>Washed Bourbon from <b>Gakenke</b>, grade A1.</p>'],
        ['g:image_link', 'https://gakenke-coffee.rw/img/green-1kg.jpg'],
        [
          'g:additional_image_link',
          ['https://gakenke-coffee.rw/img/station.jpg', 'https://gakenke-coffee.rw/img/drying-beds.jpg'],
        ],
        ['g:availability', 'in_stock'],
        ['g:price', '14000 RWF'],
        ['g:brand', 'Gakenke Coffee'],
        ['g:gtin', '6164007890034'],
        ['g:condition', 'new'],
        ['g:product_type', ['Coffee > Green', 'Wholesale']],
        ['g:google_product_category', 'Food, Beverages & Tobacco > Beverages > Coffee'],
        ['g:shipping.g:country', 'RW'],
        ['g:shipping.g:price', '2000 RWF'],
        ['g:shipping_weight', '1.1 kg'],
      ]),
    },
    {
      row: 2,
      fields: new Map<string, RawValue>([
        ['g:id', 'NYU-TEA-50'],
        ['g:title', 'Nyungwe Green Tea 50 g'],
        ['g:link', 'https://gakenke-coffee.rw/p/nyungwe-green-50'],
        ['g:description', 'Steamed green tea from the edge of the Nyungwe forest.'],
        ['g:image_link', 'https://gakenke-coffee.rw/img/nyungwe-green.jpg'],
        ['g:availability', 'out_of_stock'],
        ['g:price', '4.00 USD'],
        ['g:sale_price', '3.20 USD'],
        ['g:brand', 'Nyungwe Tea Growers'],
        ['g:product_type', 'Thé vert'],
        ['g:unit_pricing_measure', '50 g'],
        ['g:unit_pricing_base_measure', '100 g'],
        ['g:item_group_id', 'NYU-TEA'],
        ['g:size', '50 g'],
        ['g:custom_label_0', 'summer'],
      ]),
    },
  ];

  it('is recognised by its keys', () => {
    expect(googleMerchantExport.recognises([...(items[0]?.fields.keys() ?? [])])).toBe(true);
  });

  it('reads items whose currency is in the price, with repeated images and product types', async () => {
    expect(await readExport(googleMerchantExport, items, USD)).toEqual([
      {
        kind: 'record',
        row: 1,
        fields: {
          sku: 'GAK-CF-1KG',
          'names.en': 'Gakenke Green Coffee 1 kg',
          description: 'Washed Bourbon from Gakenke, grade A1.',
          link: 'https://gakenke-coffee.rw/p/green-1kg',
          images: [
            'https://gakenke-coffee.rw/img/green-1kg.jpg',
            'https://gakenke-coffee.rw/img/station.jpg',
            'https://gakenke-coffee.rw/img/drying-beds.jpg',
          ],
          price: '14000 RWF',
          stock: '1',
          grossWeight: '1.1 kg',
          gtin: '6164007890034',
          brand: 'Gakenke Coffee',
        },
        typeHints: [
          { source: 'product_type', text: 'Coffee > Green' },
          { source: 'product_type', text: 'Wholesale' },
          { source: 'google_product_category', text: 'Food, Beverages & Tobacco > Beverages > Coffee' },
          { source: 'name', text: 'Gakenke Green Coffee 1 kg' },
        ],
        warnings: [defaulted('GAK-CF-1KG')],
      },
      {
        kind: 'record',
        row: 2,
        fields: {
          sku: 'NYU-TEA-50',
          'names.en': 'Nyungwe Green Tea 50 g',
          description: 'Steamed green tea from the edge of the Nyungwe forest.',
          link: 'https://gakenke-coffee.rw/p/nyungwe-green-50',
          images: ['https://gakenke-coffee.rw/img/nyungwe-green.jpg'],
          price: '4.00 USD',
          salePrice: '3.20 USD',
          stock: '0',
          netContent: '50 g',
          brand: 'Nyungwe Tea Growers',
          productType: 'tea',
          itemGroupId: 'NYU-TEA',
          'attributes.size': '50 g',
        },
        typeHints: [
          { source: 'product_type', text: 'Thé vert' },
          { source: 'name', text: 'Nyungwe Green Tea 50 g' },
        ],
        warnings: [],
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { shopifyExport } from '../../../../functions/core/catalogue/shop-exports/shopify.ts';
import { csvRecords, profileOf, readExport, rows } from './shop-export-helpers.ts';

const CDN = 'https://cdn.shopify.com/s/files/1/0612/4401/7650/files';
const USD = { defaults: { currency: 'USD' } };

describe('Shopify product CSV (2024 export: Handle, Variant SKU, Image Src)', () => {
  const roastedImages = [
    `${CDN}/huye-roasted-250.jpg?v=1764584012`,
    `${CDN}/huye-roastery.jpg?v=1764584027`,
    `${CDN}/huye-cupping.jpg?v=1764584031`,
  ];
  const roasted = {
    description:
      'Fully washed Red Bourbon from the hills of Huye, roasted in Kigali. Notes: black tea & citrus Altitude: 1,900 m',
    brand: 'Huye Mountain Coffee',
    productType: 'coffee-roasted',
    'price.currency': 'USD',
    itemGroupId: 'huye-mountain-roasted-coffee',
    'attributes.tags': 'arabica, huye, single origin',
    'attributes.Process': 'Washed',
  };
  const roastedHints = [
    { source: 'type', text: 'Roasted Coffee' },
    { source: 'category', text: 'Food, Beverages & Tobacco > Beverages > Coffee' },
    { source: 'name', text: 'Huye Mountain Roasted Coffee' },
    { source: 'tags', text: 'arabica, huye, single origin' },
  ];
  const chiliHints = [
    { source: 'type', text: 'Spices' },
    { source: 'category', text: 'Food, Beverages & Tobacco > Food Items > Seasonings & Spices' },
    { source: 'name', text: 'Gashora Dried Chili' },
    { source: 'tags', text: 'chili, pili pili, gashora' },
  ];
  const chili = {
    description: "Sun-dried bird's eye chili from Gashora. Very hot.",
    brand: 'Gashora Farm',
    price: '5.50',
    'price.currency': 'USD',
    grossWeight: '110.0 g',
    images: [`${CDN}/gashora-chili.jpg?v=1764584071`],
    itemGroupId: 'gashora-dried-chili',
    'attributes.tags': 'chili, pili pili, gashora',
  };

  it('reads one product per variant, with the product row, images and options shared', async () => {
    const events = await readExport(shopifyExport, await csvRecords('shopify/products_export_1.csv'), USD);
    expect(events).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          ...roasted,
          sku: 'HMC-R250-WB',
          'names.en': 'Huye Mountain Roasted Coffee - 250g / Whole bean',
          price: '14.00',
          salePrice: '12.50',
          grossWeight: '280.0 g',
          netContent: '250 g',
          stock: '40',
          gtin: '6164001230010',
          images: [`${CDN}/huye-roasted-250-beans.jpg?v=1764584019`, ...roastedImages],
          'attributes.Size': '250g',
          'attributes.Grind': 'Whole bean',
        },
        typeHints: roastedHints,
        warnings: [],
      },
      {
        kind: 'record',
        row: 7,
        fields: {
          ...roasted,
          sku: 'HMC-R250-GR',
          'names.en': 'Huye Mountain Roasted Coffee - 250g / Ground',
          price: '12.50',
          grossWeight: '280.0 g',
          netContent: '250 g',
          stock: '25',
          gtin: '6164001230027',
          images: [`${CDN}/huye-roasted-250-ground.jpg?v=1764584023`, ...roastedImages],
          'attributes.Size': '250g',
          'attributes.Grind': 'Ground',
        },
        typeHints: roastedHints,
        warnings: [],
      },
      {
        kind: 'record',
        row: 8,
        fields: {
          ...roasted,
          sku: 'HMC-R1K-WB',
          'names.en': 'Huye Mountain Roasted Coffee - 1 kg / Whole bean',
          price: '42.00',
          grossWeight: '1080.0 g',
          netContent: '1 kg',
          stock: '8',
          gtin: '6164001230034',
          images: roastedImages,
          'attributes.Size': '1 kg',
          'attributes.Grind': 'Whole bean',
        },
        typeHints: roastedHints,
        warnings: [],
      },
      {
        kind: 'skip',
        row: 11,
        sku: 'NGC-SAMPLE-1K',
        code: 'ROW_NOT_LISTED',
        message:
          '"Nyamasheke Green Coffee, 1 kg sample": its Status is "draft" in Shopify, so it is not listed.',
      },
      {
        kind: 'record',
        row: 12,
        fields: {
          sku: 'GBK-HONEY-500',
          'names.en': 'Gicumbi Forest Honey 500 g',
          description: "Raw honey from the Gicumbi forest beekeepers' cooperative.",
          brand: 'Gicumbi Beekeepers',
          price: '9.00',
          'price.currency': 'USD',
          grossWeight: '620.0 g',
          netContent: '500 g',
          stock: '1',
          images: [`${CDN}/gicumbi-honey.jpg?v=1764584051`],
          'attributes.tags': 'honey, gicumbi',
        },
        typeHints: [
          { source: 'category', text: 'Food, Beverages & Tobacco > Food Items' },
          { source: 'name', text: 'Gicumbi Forest Honey 500 g' },
          { source: 'tags', text: 'honey, gicumbi' },
        ],
        warnings: [
          {
            field: 'stock',
            code: 'STOCK_DEFAULTED',
            message:
              'Shopify does not track the inventory of "GBK-HONEY-500"; stock was set to 1, since your profile sets no "defaults.stock". Check it.',
          },
        ],
      },
      {
        kind: 'skip',
        row: 13,
        sku: 'huye-mountain-coffee-gift-card-10-00',
        code: 'ROW_NOT_LISTED',
        message: '"Huye Mountain Coffee Gift Card": it is a gift card in Shopify, so it is not listed.',
      },
      {
        kind: 'skip',
        row: 14,
        sku: 'huye-mountain-coffee-gift-card-25-00',
        code: 'ROW_NOT_LISTED',
        message: '"Huye Mountain Coffee Gift Card": it is a gift card in Shopify, so it is not listed.',
      },
      {
        kind: 'record',
        row: 15,
        fields: {
          ...chili,
          sku: 'gashora-dried-chili-hot',
          'names.en': 'Gashora Dried Chili - Hot',
          stock: '60',
          'attributes.Heat': 'Hot',
        },
        typeHints: chiliHints,
        warnings: [
          {
            field: 'sku',
            code: 'SKU_DERIVED',
            message:
              'The variant has no SKU; "gashora-dried-chili-hot" was built from its Handle and options. Give it a SKU in Shopify to keep it stable.',
          },
        ],
      },
      {
        kind: 'record',
        row: 16,
        fields: {
          ...chili,
          sku: 'gashora-dried-chili-medium',
          'names.en': 'Gashora Dried Chili - Medium',
          stock: '35',
          'attributes.Heat': 'Medium',
        },
        typeHints: chiliHints,
        warnings: [
          {
            field: 'sku',
            code: 'SKU_DERIVED',
            message:
              'The variant has no SKU; "gashora-dried-chili-medium" was built from its Handle and options. Give it a SKU in Shopify to keep it stable.',
          },
        ],
      },
    ]);
  });
});

describe('Shopify product CSV (2025 export: URL handle, SKU, Product image URL)', () => {
  const files = 'https://cdn.shopify.com/s/files/1/0733/2210/5515/files';
  const tea = {
    description: 'Orthodox black tea from the Gisovu estate, on the edge of Nyungwe forest.',
    brand: 'Gisovu Tea Estate',
    productType: 'tea',
    'price.currency': 'USD',
    itemGroupId: 'gisovu-black-tea',
    'attributes.tags': 'black tea, nyungwe, gisovu',
  };
  const hints = [
    { source: 'type', text: 'Tea' },
    { source: 'category', text: 'Food, Beverages & Tobacco > Beverages > Tea & Infusions' },
    { source: 'name', text: 'Gisovu Black Tea' },
    { source: 'tags', text: 'black tea, nyungwe, gisovu' },
  ];

  it('reads the renamed columns the same way; Status decides, not "Published on online store"', async () => {
    const events = await readExport(shopifyExport, await csvRecords('shopify/products_export_2025.csv'), USD);
    expect(events).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          ...tea,
          sku: 'GTE-BT-100',
          'names.en': 'Gisovu Black Tea - 100 g',
          price: '6.00',
          grossWeight: '130 g',
          netContent: '100 g',
          stock: '120',
          gtin: '6164004560015',
          images: [`${files}/gisovu-black-100.jpg?v=1761900000`, `${files}/gisovu-estate.jpg?v=1761900077`],
          'attributes.Weight': '100 g',
        },
        typeHints: hints,
        warnings: [],
      },
      {
        kind: 'record',
        row: 3,
        fields: {
          ...tea,
          sku: 'GTE-BT-500',
          'names.en': 'Gisovu Black Tea - 500 g',
          price: '25.00',
          salePrice: '22.00',
          grossWeight: '560 g',
          netContent: '500 g',
          stock: '30',
          gtin: '6164004560022',
          images: [
            `${files}/gisovu-black-500.jpg?v=1761900042`,
            `${files}/gisovu-black-100.jpg?v=1761900000`,
            `${files}/gisovu-estate.jpg?v=1761900077`,
          ],
          'attributes.Weight': '500 g',
        },
        typeHints: hints,
        warnings: [],
      },
      {
        kind: 'skip',
        row: 5,
        sku: 'GTE-GT-100',
        code: 'ROW_NOT_LISTED',
        message: '"Nyungwe Green Tea": its Status is "Archived" in Shopify, so it is not listed.',
      },
    ]);
  });
});

describe('Shopify product CSV (2019 export: no Status column)', () => {
  it('skips a product with Published FALSE', async () => {
    const events = await readExport(shopifyExport, await csvRecords('shopify/products_export_2019.csv'), {
      defaults: { currency: 'RWF' },
    });
    expect(events).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          sku: 'KO-MAC-200',
          'names.en': 'Rwanda Macadamia Nuts',
          description: 'Roasted & salted macadamias from Kayonza.',
          brand: 'Kayonza Orchards',
          productType: 'macadamia',
          price: '4800',
          'price.currency': 'RWF',
          grossWeight: '230 g',
          stock: '55',
          gtin: '6164004560039',
          images: ['https://cdn.shopify.com/s/files/1/0201/7734/products/macadamia-200.jpg?v=1571438567'],
          'attributes.tags': 'nuts, snack',
        },
        typeHints: [
          { source: 'type', text: 'Macadamia nuts' },
          { source: 'name', text: 'Rwanda Macadamia Nuts' },
          { source: 'tags', text: 'nuts, snack' },
        ],
        warnings: [],
      },
      {
        kind: 'skip',
        row: 3,
        sku: 'KO-AVO-4KG',
        code: 'ROW_NOT_LISTED',
        message:
          '"Kayonza Hass Avocados, 4 kg box": it is not published (Published is FALSE) in Shopify, so it is not listed.',
      },
    ]);
  });
});

describe('Shopify rows the export does not usually write', () => {
  const header = [
    'Handle',
    'Title',
    'Body (HTML)',
    'Vendor',
    'Type',
    'Tags',
    'Status',
    'Option1 Name',
    'Option1 Value',
    'Variant SKU',
    'Variant Inventory Qty',
    'Variant Price',
    'Image Src',
    'Image Position',
  ];
  const image = (name: string) => `https://cdn.shopify.com/s/files/1/0001/files/${name}.jpg`;

  it('takes the product of a Handle whose rows come back later from its first rows', async () => {
    const records = rows(
      header,
      [
        'maraba-honey',
        'Maraba Honey',
        '',
        'Maraba',
        'Honey',
        '',
        'active',
        'Size',
        '250 g',
        'MH-250',
        '4',
        '3.00',
        image('mh'),
        '1',
      ],
      [
        'kivu-tea',
        'Kivu Tea',
        '',
        'Kivu',
        'Tea',
        '',
        'active',
        'Title',
        'Default Title',
        'KT-1',
        '9',
        '5.00',
        '',
        '',
      ],
      ['maraba-honey', '', '', '', '', '', '', '', '500 g', 'MH-500', '2', '5.00', '', ''],
    );
    const events = await readExport(shopifyExport, records, USD);
    expect(events.map((event) => (event.kind === 'record' ? event.fields : event))).toEqual([
      {
        sku: 'MH-250',
        'names.en': 'Maraba Honey - 250 g',
        brand: 'Maraba',
        productType: 'honey',
        price: '3.00',
        'price.currency': 'USD',
        netContent: '250 g',
        stock: '4',
        images: [image('mh')],
        'attributes.Size': '250 g',
      },
      {
        sku: 'KT-1',
        'names.en': 'Kivu Tea',
        brand: 'Kivu',
        productType: 'tea',
        price: '5.00',
        'price.currency': 'USD',
        stock: '9',
      },
      {
        sku: 'MH-500',
        'names.en': 'Maraba Honey - 500 g',
        brand: 'Maraba',
        productType: 'honey',
        price: '5.00',
        'price.currency': 'USD',
        netContent: '500 g',
        stock: '2',
        images: [image('mh')],
        itemGroupId: 'maraba-honey',
        'attributes.Size': '500 g',
      },
    ]);
  });

  it('reads variant rows with no product row before them on their own, and says so', async () => {
    const records = rows(header, [
      'lost-coffee',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'Default Title',
      'LC-1',
      '3',
      '7.00',
      '',
      '',
    ]);
    expect(await readExport(shopifyExport, records, USD)).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: { sku: 'LC-1', price: '7.00', 'price.currency': 'USD', stock: '3' },
        typeHints: [],
        warnings: [
          {
            field: null,
            code: 'PARENT_ROW_MISSING',
            message:
              'No row with the product\'s Title comes before this row of Handle "lost-coffee"; the variant is read with its own data only.',
          },
        ],
      },
    ]);
  });

  it('gives the columns a profile maps to the profile: passed through, product-level ones inherited', async () => {
    const profileHeader = [...header, 'Net weight (product.metafields.custom.net_weight)'];
    const records = rows(
      profileHeader,
      [
        'cafe-maraba',
        'Café Maraba',
        '<p>Lavé.</p>',
        'Maraba',
        'Café vert lavé',
        'bourbon',
        'active',
        'Sac',
        'Petit',
        'CM-S',
        '5',
        '8000',
        '',
        '',
        '250 g',
      ],
      ['cafe-maraba', '', '', '', '', '', '', '', 'Grand', 'CM-L', '2', '15000', '', '', ''],
    );
    const profile = {
      defaults: { currency: 'RWF', language: 'fr' },
      columns: { 'Net weight (product.metafields.custom.net_weight)': 'netContent', Tags: 'ignore' },
      values: { productType: { 'Café vert lavé': 'coffee-green' } },
    };
    const events = await readExport(shopifyExport, records, profile);
    const common = {
      description: 'Lavé.',
      brand: 'Maraba',
      productType: 'coffee-green',
      'price.currency': 'RWF',
      itemGroupId: 'cafe-maraba',
      'Net weight (product.metafields.custom.net_weight)': '250 g',
      Tags: 'bourbon',
    };
    expect(events.map((event) => (event.kind === 'record' ? event.fields : event))).toEqual([
      {
        ...common,
        sku: 'CM-S',
        'names.fr': 'Café Maraba - Petit',
        price: '8000',
        stock: '5',
        'attributes.Sac': 'Petit',
      },
      {
        ...common,
        sku: 'CM-L',
        'names.fr': 'Café Maraba - Grand',
        price: '15000',
        stock: '2',
        'attributes.Sac': 'Grand',
      },
    ]);
    expect(events[0]?.kind === 'record' && events[0].typeHints).toEqual([
      { source: 'type', text: 'Café vert lavé' },
      { source: 'name', text: 'Café Maraba' },
    ]);
  });

  it('reads the values a spreadsheet typed (XLSX numbers and booleans)', async () => {
    const records = rows(
      [
        'Handle',
        'Title',
        'Published',
        'Option1 Name',
        'Option1 Value',
        'Variant SKU',
        'Variant Grams',
        'Variant Inventory Qty',
        'Variant Price',
        'Variant Barcode',
      ],
      [
        'gakenke-coffee',
        'Gakenke Coffee',
        true,
        'Title',
        'Default Title',
        'GK-1',
        340,
        0,
        12.5,
        6164007890010,
      ],
      ['draft-coffee', 'Draft Coffee', false, 'Title', 'Default Title', 'DC-1', 0, 3, 9, ''],
    );
    expect(await readExport(shopifyExport, records, USD)).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          sku: 'GK-1',
          'names.en': 'Gakenke Coffee',
          price: 12.5,
          'price.currency': 'USD',
          grossWeight: '340 g',
          stock: 0,
          gtin: 6164007890010,
        },
        typeHints: [{ source: 'name', text: 'Gakenke Coffee' }],
        warnings: [],
      },
      {
        kind: 'skip',
        row: 3,
        sku: 'DC-1',
        code: 'ROW_NOT_LISTED',
        message: '"Draft Coffee": it is not published (Published is FALSE) in Shopify, so it is not listed.',
      },
    ]);
  });

  it('makes a product row without variant data its one default variant, and keeps a ragged row ragged', async () => {
    const records = rows(
      ['Handle', 'Title', 'Body (HTML)', 'Variant SKU', 'Variant Price', 'Image Src'],
      ['nyagatare-beef', 'Nyagatare Beef', '', '', '', image('beef')],
    );
    const [first] = records;
    if (first !== undefined) first.extraCells = 1;
    const events = [];
    for await (const event of shopifyExport.read(
      (async function* () {
        yield* records;
      })(),
      { profile: profileOf(USD) },
    ))
      events.push(event);
    expect(events).toEqual([
      {
        kind: 'record',
        record: {
          row: 2,
          extraCells: 1,
          fields: new Map<string, unknown>([
            ['sku', 'nyagatare-beef'],
            ['names.en', 'Nyagatare Beef'],
            ['images', [image('beef')]],
          ]),
        },
        typeHints: [{ source: 'name', text: 'Nyagatare Beef' }],
        warnings: [
          {
            field: 'sku',
            code: 'SKU_DERIVED',
            message:
              'The variant has no SKU; "nyagatare-beef" was built from its Handle. Give it a SKU in Shopify to keep it stable.',
          },
        ],
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  createWooCommerceExport,
  wooCommerceExport,
} from '../../../../functions/core/catalogue/shop-exports/woocommerce.ts';
import { csvRecords, readExport, rows } from './shop-export-helpers.ts';

const UPLOADS = 'https://maraba.rw/wp-content/uploads/2026';

describe('WooCommerce product CSV (English export, kg)', () => {
  const roast = {
    description: 'Red Bourbon, fully washed at the Maraba station. Tasting notes: caramel, red berries.',
    brand: 'Maraba',
    'price.currency': 'RWF',
    itemGroupId: 'MRB-ROAST',
    'attributes.Process': 'Washed',
  };
  const roastHints = (name: string) => [
    { source: 'category', text: 'Coffee > Roasted, Gifts' },
    { source: 'name', text: name },
    { source: 'tags', text: 'bourbon, maraba' },
  ];
  const notListed = (row: number, sku: string, message: string) => ({
    kind: 'skip',
    row,
    sku,
    code: 'ROW_NOT_LISTED',
    message,
  });

  it('reads simple products and variations, with what variations take from their parent', async () => {
    const events = await readExport(
      wooCommerceExport,
      await csvRecords('woocommerce/wc-product-export-1-7-2026.csv'),
      { defaults: { currency: 'RWF', stock: 12 } },
      '2026-07-01',
    );
    expect(events).toEqual([
      {
        kind: 'record',
        row: 3,
        fields: {
          ...roast,
          sku: 'MRB-ROAST-250',
          'names.en': 'Maraba Bourbon Roasted Coffee - 250 g',
          netContent: '250 g',
          price: '5000',
          salePrice: '4500',
          grossWeight: '0.3 kg',
          stock: '40',
          gtin: '6164007890027',
          images: [`${UPLOADS}/05/maraba-250.jpg`],
          'attributes.Size': '250 g',
        },
        typeHints: roastHints('Maraba Bourbon Roasted Coffee - 250 g'),
        warnings: [],
      },
      {
        kind: 'record',
        row: 4,
        fields: {
          ...roast,
          sku: 'MRB-ROAST-500',
          'names.en': 'Maraba Bourbon Roasted Coffee - 500 g',
          netContent: '500 g',
          price: '9000',
          grossWeight: '0.55 kg',
          stock: '12',
          images: [`${UPLOADS}/05/maraba-roasted.jpg`, `${UPLOADS}/05/maraba-bag-back.jpg`],
          'attributes.Size': '500 g',
        },
        typeHints: roastHints('Maraba Bourbon Roasted Coffee - 500 g'),
        warnings: [
          {
            field: 'stock',
            code: 'STOCK_DEFAULTED',
            message:
              'WooCommerce says "MRB-ROAST-500" is in stock but manages no stock quantity for it; stock was set to 12, your profile\'s "defaults.stock". Check it.',
          },
        ],
      },
      {
        kind: 'record',
        row: 5,
        fields: {
          sku: 'woo-120',
          'names.en': 'Maraba Green Coffee, 1 kg (export grade)',
          description: 'Screen 15+, moisture 11 %. Grown at 1,700 m on the Maraba hills.',
          brand: 'Maraba',
          price: '12000',
          'price.currency': 'RWF',
          grossWeight: '1.05 kg',
          stock: '0',
          gtin: '0614141999996',
          images: [`${UPLOADS}/05/maraba-green.jpg`],
        },
        typeHints: [
          { source: 'category', text: 'Coffee > Green' },
          { source: 'name', text: 'Maraba Green Coffee, 1 kg (export grade)' },
        ],
        warnings: [
          {
            field: 'sku',
            code: 'SKU_DERIVED',
            message:
              'The product has no SKU; "woo-120" was built from its WooCommerce ID. Give it a SKU in WooCommerce to keep it stable.',
          },
        ],
      },
      notListed(
        6,
        'MRB-GIFTS',
        '"Maraba gift sets": it is a grouped product (a page showing other products), so it is not listed.',
      ),
      notListed(
        7,
        'MRB-BOOK',
        '"The Maraba story (book)": it is an external product, sold on another site, so it is not listed.',
      ),
      notListed(8, 'MRB-SAMPLE', '"Maraba sample pack": it is a draft in WooCommerce, so it is not listed.'),
      notListed(9, 'MRB-STAFF', '"Staff coffee": it is private in WooCommerce, so it is not listed.'),
      {
        kind: 'record',
        row: 10,
        fields: {
          sku: 'MRB-DECAF-250',
          'names.en': 'Maraba Decaf - 250 g',
          netContent: '250 g',
          description: 'Swiss-water decaffeinated Bourbon.',
          brand: 'Maraba',
          price: '5500',
          'price.currency': 'RWF',
          grossWeight: '0.3 kg',
          stock: '15',
          images: [`${UPLOADS}/06/maraba-decaf.jpg`],
          itemGroupId: 'id:130',
          'attributes.Size': '250 g',
        },
        typeHints: [
          { source: 'category', text: 'Coffee > Roasted' },
          { source: 'name', text: 'Maraba Decaf - 250 g' },
          { source: 'tags', text: 'decaf' },
        ],
        warnings: [],
      },
      {
        kind: 'record',
        row: 12,
        fields: {
          sku: 'MRB-GONE-1K',
          'names.en': 'Maraba Natural - 1 kg',
          netContent: '1 kg',
          price: '16000',
          'price.currency': 'RWF',
          grossWeight: '1.1 kg',
          stock: '7',
          itemGroupId: 'MRB-NATURAL',
          'attributes.Size': '1 kg',
        },
        typeHints: [{ source: 'name', text: 'Maraba Natural - 1 kg' }],
        warnings: [
          {
            field: null,
            code: 'PARENT_ROW_MISSING',
            message:
              'The parent product "MRB-NATURAL" of this variation is not in the file (or is too far from it); the variation is read with its own data only.',
          },
        ],
      },
    ]);
  });
});

describe('WooCommerce product CSV (French export: UGS, Tarif régulier, Poids (g))', () => {
  it('reads the translated column names, decimal commas and names in the profile language', async () => {
    const events = await readExport(
      wooCommerceExport,
      await csvRecords('woocommerce/wc-product-export-fr.csv'),
      {
        defaults: { currency: 'EUR', language: 'fr' },
      },
    );
    expect(events).toEqual([
      {
        kind: 'record',
        row: 2,
        fields: {
          sku: 'GSH-PIM-100',
          'names.fr': 'Piment séché de Gashora 100 g',
          description: 'Piment oiseau séché au soleil.',
          brand: 'Gashora Farm',
          price: '4,5',
          salePrice: '3,9',
          'price.currency': 'EUR',
          grossWeight: '100 g',
          stock: '1',
          images: ['https://gashora-farm.rw/wp-content/uploads/2026/03/piment-100.jpg'],
          'attributes.Piquant': 'Très fort',
        },
        typeHints: [
          { source: 'category', text: 'Épices > Piment' },
          { source: 'name', text: 'Piment séché de Gashora 100 g' },
          { source: 'tags', text: 'piment' },
        ],
        warnings: [
          {
            field: 'stock',
            code: 'STOCK_DEFAULTED',
            message:
              'WooCommerce says "GSH-PIM-100" is on backorder but manages no stock quantity for it; stock was set to 1, since your profile sets no "defaults.stock". Check it.',
          },
        ],
      },
      {
        kind: 'record',
        row: 4,
        fields: {
          sku: 'MIEL-500',
          'names.fr': 'Miel de Nyagatare - 500 g',
          netContent: '500 g',
          description: 'Miel brut des apiculteurs de Nyagatare. Récolte de juin.',
          brand: 'Coopérative Nyagatare',
          price: '9,5',
          'price.currency': 'EUR',
          grossWeight: '620 g',
          stock: '24',
          images: ['https://nyagatare-miel.rw/wp-content/uploads/2026/06/miel.jpg'],
          itemGroupId: 'id:203',
          'attributes.Contenance': '500 g',
        },
        typeHints: [
          { source: 'category', text: 'Épicerie > Miel' },
          { source: 'name', text: 'Miel de Nyagatare - 500 g' },
          { source: 'tags', text: 'miel, nyagatare' },
        ],
        warnings: [],
      },
      {
        kind: 'skip',
        row: 5,
        sku: 'MIEL-250',
        code: 'ROW_NOT_LISTED',
        message: '"Miel de Nyagatare - 250 g": it is private in WooCommerce, so it is not listed.',
      },
    ]);
  });
});

describe('WooCommerce cells as the exporter escapes them', () => {
  const header = [
    'ID',
    'Type',
    'SKU',
    'Name',
    'Published',
    'Short description',
    'In stock?',
    'Stock',
    'Regular price',
    'Sale price',
    'Parent',
    'Images',
    'Attribute 1 name',
    'Attribute 1 value(s)',
  ];

  it('undoes the "\'" put before a leading =, +, - or @ and the "\\," inside list items', async () => {
    const records = rows(header, [
      '301',
      'simple',
      "'-PROMO-1",
      '\'=HYPERLINK("x")',
      '1',
      "'@ the market",
      '1',
      '-2',
      '5',
      '',
      '',
      'https://x.rw/a.jpg, https://x.rw/b\\,c.jpg',
      'Process',
      'Washed\\, then dried, Natural',
    ]);
    const [event] = await readExport(wooCommerceExport, records, { defaults: { currency: 'USD' } });
    expect(event?.kind === 'record' && event.fields).toEqual({
      sku: '-PROMO-1',
      'names.en': '=HYPERLINK("x")',
      description: '@ the market',
      price: '5',
      'price.currency': 'USD',
      stock: '-2',
      images: ['https://x.rw/a.jpg', 'https://x.rw/b,c.jpg'],
      'attributes.Process': 'Washed, then dried, Natural',
    });
  });

  it('holds variations that come before their parent only up to the bound', async () => {
    const bounded = createWooCommerceExport({ maxOrphans: 1 });
    const records = rows(
      header,
      ['11', 'variation', 'A-1', 'A - one', '1', '', '1', '3', '5', '', 'id:10', '', '', ''],
      ['12', 'variation', 'A-2', 'A - two', '1', '', '1', '4', '5', '', 'id:10', '', '', ''],
      ['10', 'variable', 'A', 'A', '1', 'Parent text', '1', '', '', '', '', 'https://x.rw/a.jpg', '', ''],
    );
    const events = await readExport(bounded, records, {});
    expect(
      events.map(
        (event) =>
          event.kind === 'record' && [
            event.row,
            event.fields.description ?? null,
            event.warnings.map((w) => w.code),
          ],
      ),
    ).toEqual([
      [2, null, ['PARENT_ROW_MISSING']],
      [3, 'Parent text', []],
    ]);
  });
});

describe('WooCommerce product CSV (German export)', () => {
  it('reads the German column names like the English ones', async () => {
    const header = [
      'ID',
      'Typ',
      'Artikelnummer',
      'Name',
      'Veröffentlicht',
      'Ist hervorgehoben?',
      'Beschreibung',
      'Vorrätig?',
      'Lager',
      'Gewicht (kg)',
      'Angebotspreis',
      'Regulärer Preis',
      'Kategorien',
      'Bilder',
      'Übergeordnetes Produkt',
      'Marken',
      'Attribut 1 Name',
      'Attribut 1 Wert(e)',
      'Attribut 1 Sichtbar',
    ];
    const records = rows(
      header,
      [
        '40',
        'variable',
        'AVO',
        'Avocado Hass',
        '1',
        '0',
        'Aus Kayonza.',
        '1',
        '',
        '4,2',
        '',
        '',
        'Obst > Avocados',
        'https://kayonza.rw/a.jpg',
        '',
        'Kayonza',
        'Gewicht',
        '4 kg, 10 kg',
        '1',
      ],
      [
        '41',
        'variation',
        'AVO-4',
        'Avocado Hass - 4 kg',
        '1',
        '0',
        '',
        '1',
        '8',
        '',
        '',
        '21,50',
        '',
        '',
        'AVO',
        '',
        'Gewicht',
        '4 kg',
        '',
      ],
    );
    expect(await readExport(wooCommerceExport, records, { defaults: { currency: 'EUR' } })).toEqual([
      {
        kind: 'record',
        row: 3,
        fields: {
          sku: 'AVO-4',
          'names.en': 'Avocado Hass - 4 kg',
          netContent: '4 kg',
          description: 'Aus Kayonza.',
          brand: 'Kayonza',
          price: '21,50',
          'price.currency': 'EUR',
          grossWeight: '4,2 kg',
          stock: '8',
          images: ['https://kayonza.rw/a.jpg'],
          itemGroupId: 'AVO',
          'attributes.Gewicht': '4 kg',
        },
        typeHints: [
          { source: 'category', text: 'Obst > Avocados' },
          { source: 'name', text: 'Avocado Hass - 4 kg' },
        ],
        warnings: [],
      },
    ]);
  });
});

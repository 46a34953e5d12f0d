import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../functions/core/catalogue/model.ts';
import type { RawRecord, RawValue } from '../../../functions/core/catalogue/readers/raw-record.ts';
import {
  BASE_HEADER,
  BASE_ROW,
  baseWith,
  codesOf,
  fileWarningsOf,
  onlyOutcome,
  outcomesOf,
  PRODUCER,
  parseAll,
  record,
  table,
  verdictsOf,
} from './catalogue-records.ts';

/** The Huye sample as a CSV reader would yield it: Windows-1252, ";"-separated, no quoting needed. */
function huyeSample(): RawRecord[] {
  const text = new TextDecoder('windows-1252').decode(
    readFileSync(new URL('../../../samples/huye-mountain-coffee.csv', import.meta.url)),
  );
  const [header = '', ...lines] = text.split(/\r?\n/u).filter((line) => line !== '');
  return table(header.split(';'), ...lines.map((line) => line.split(';')));
}

describe('parseCatalogue: whole rows', () => {
  it('turns the French Huye sample into products and reports its three bad rows exactly', async () => {
    const outcomes = await outcomesOf(huyeSample());
    expect(outcomes.map((outcome) => [outcome.row, outcome.sku, outcome.product !== null])).toEqual([
      [2, 'HMC-GB-001', true],
      [3, 'HMC-GB-002', true],
      [4, 'HMC-RB-250', true],
      [5, 'HMC-RB-500', true],
      [6, 'HMC-RB-1KG', true],
      [7, 'HMC-GB-003', false],
      [8, 'HMC-GB-001', false],
      [9, 'HMC-GB-004', false],
    ]);
    expect(outcomes[0]?.product).toEqual({
      producerId: PRODUCER,
      sku: 'HMC-GB-001',
      names: { fr: 'Café vert Red Bourbon lavé, sac 1 kg' },
      productType: 'coffee-green',
      attributes: { variety: 'Red Bourbon', process: 'lavé', grade: 'A1' },
      brand: 'Huye Mountain',
      origin: { country: 'RW', district: 'Huye', farm: 'Coopérative Maraba' },
      price: { minor: 18500, currency: 'RWF' },
      salesUnit: 'bag',
      netContent: { value: 1, unit: 'kg' },
      stock: 240,
      gtin: '6163001000012',
      hsCode: '090111',
      shelfLifeDays: 365,
      harvestDate: '2026-06-15',
      lot: 'HMC-2026-06',
      certifications: [
        { code: 'fairtrade', label: 'Fairtrade' },
        { code: 'organic', label: 'Biologique' },
      ],
      images: ['https://cdn.huye-mountain.rw/img/hmc-gb-001.jpg'],
      link: 'https://huye-mountain.rw/boutique/hmc-gb-001',
    } satisfies Product);
    expect(outcomes[2]?.product?.netContent).toEqual({ value: 0.25, unit: 'kg' });
    expect(outcomes.slice(5).map((outcome) => outcome.errors)).toEqual([
      [
        {
          row: 7,
          sku: 'HMC-GB-003',
          field: 'price',
          code: 'NUMBER_INVALID',
          message: '"dix-huit mille" is not a number; expected digits such as 1500, 1 500 or 12,50.',
        },
      ],
      [
        {
          row: 8,
          sku: 'HMC-GB-001',
          field: 'sku',
          code: 'SKU_DUPLICATE',
          message: 'SKU "HMC-GB-001" already appears on row 2; only the first row with a SKU is used.',
        },
      ],
      [
        {
          row: 9,
          sku: 'HMC-GB-004',
          field: 'harvestDate',
          code: 'DATE_INVALID',
          message: '"31/02/2026" is not a real date: February 2026 has 28 days.',
        },
      ],
    ]);
  });

  it('reads a Kinyarwanda row (Gicumbi tea sample) with an unknown certification kept as "other"', async () => {
    const header = [
      'Kode',
      'Izina',
      'Izina mu Gishinwa',
      'Ubwoko',
      'Igiciro',
      'Ifaranga',
      'Uburemere',
      'Ingano',
      'Ibiri mu bubiko',
      'Akarere',
      'Koperative',
      'GTIN',
      'Kode ya gasutamo',
      'Igihe kimara (iminsi)',
      "Itariki y'isarura",
      'Ibyemezo',
    ];
    const outcome = await onlyOutcome(
      table(header, [
        'GT-HNY-500',
        "Ubuki bw'ishyamba, 500 g",
        '卢旺达野生蜂蜜 500克',
        'ubuki',
        '6 500',
        'RWF',
        '500 g',
        'jar',
        '350',
        'Nyaruguru',
        'Koperative y’Abavumvu',
        '6163005000032',
        '0409.00',
        '730',
        '',
        'Organic; Kosher',
      ]),
    );
    expect(outcome).toEqual({
      row: 2,
      sku: 'GT-HNY-500',
      product: {
        producerId: PRODUCER,
        sku: 'GT-HNY-500',
        names: { rw: "Ubuki bw'ishyamba, 500 g", 'zh-CN': '卢旺达野生蜂蜜 500克' },
        productType: 'honey',
        attributes: {},
        origin: { country: 'RW', district: 'Nyaruguru', farm: 'Koperative y’Abavumvu' },
        price: { minor: 6500, currency: 'RWF' },
        salesUnit: 'jar',
        netContent: { value: 500, unit: 'g' },
        stock: 350,
        gtin: '6163005000032',
        hsCode: '040900',
        shelfLifeDays: 730,
        certifications: [
          { code: 'organic', label: 'Organic' },
          { code: 'other', label: 'Kosher' },
        ],
        images: [],
      },
      errors: [],
      warnings: [
        {
          row: 2,
          sku: 'GT-HNY-500',
          field: 'certifications',
          code: 'CERTIFICATION_UNKNOWN',
          message: 'Certification "Kosher" is not one we know; it is kept as written (as "other").',
        },
      ],
    });
  });

  it('reads an English XLSX row whose numbers and dates are typed (Gashora chili sample)', async () => {
    const header = [
      'SKU',
      'Product name',
      'Chinese name',
      'Product type',
      'Variety',
      'Price',
      'Currency',
      'Net weight',
      'Unit',
      'Case pack',
      'Stock',
      'District',
      'Farm',
      'GTIN',
      'HS code',
      'Shelf life (days)',
      'Harvest date',
      'Lot',
      'Certifications',
      'Image URL',
    ];
    const outcome = await onlyOutcome(
      table(header, [
        'GF-DC-500',
        "Dried bird's eye chili, whole, 500 g",
        '卢旺达干辣椒（小米椒）500克',
        'Dried chili',
        "Bird's eye",
        4.2,
        'USD',
        '500 g',
        'bag',
        20,
        1800,
        'Bugesera',
        'Gashora Farm',
        '6163002000011',
        '0904.21',
        540,
        46248,
        'GF-2608-A',
        'GlobalG.A.P.',
        'https://gashorafarm.rw/img/dc-500.jpg',
      ]),
    );
    expect(outcome.errors).toEqual([]);
    expect(outcome.product).toEqual({
      producerId: PRODUCER,
      sku: 'GF-DC-500',
      names: { en: "Dried bird's eye chili, whole, 500 g", 'zh-CN': '卢旺达干辣椒（小米椒）500克' },
      productType: 'dried-chili',
      attributes: { variety: "Bird's eye" },
      origin: { country: 'RW', district: 'Bugesera', farm: 'Gashora Farm' },
      price: { minor: 420, currency: 'USD' },
      salesUnit: 'bag',
      netContent: { value: 500, unit: 'g' },
      stock: 1800,
      casePack: 20,
      gtin: '6163002000011',
      hsCode: '090421',
      shelfLifeDays: 540,
      harvestDate: '2026-08-14',
      lot: 'GF-2608-A',
      certifications: [{ code: 'global-gap', label: 'GlobalG.A.P.' }],
      images: ['https://gashorafarm.rw/img/dc-500.jpg'],
    } satisfies Product);
  });

  it('maps a JSON record written in the canonical shape cleanly (Kayonza avocado sample)', async () => {
    const outcome = await onlyOutcome([
      record(1, [
        ['sku', 'KAV-HASS-4KG'],
        ['names.en', 'Hass avocado, 4 kg carton (16-20 fruits)'],
        ['names.zh-CN', '卢旺达哈斯牛油果 4公斤装'],
        ['productType', 'avocado'],
        ['variety', 'Hass'],
        ['grade', 'Class I'],
        ['brand', 'Kayonza Fresh'],
        ['price.amount', '38.00'],
        ['price.currency', 'USD'],
        ['netContent.value', 4],
        ['netContent.unit', 'kg'],
        ['salesUnit', 'carton'],
        ['casePack', 1],
        ['stock', 520],
        ['origin.district', 'Kayonza'],
        ['origin.farm', 'Kayonza Fresh Avocado Farm'],
        ['gtin', '6163003000010'],
        ['hsCode', '0804.40'],
        ['shelfLifeDays', 21],
        ['storageTemperature.minC', 5],
        ['storageTemperature.maxC', 7],
        ['harvestDate', '2026-11-10'],
        ['packDate', '2026-11-12'],
        ['lot', 'KAV-2611-A'],
        ['certifications', ['GlobalG.A.P.', 'Rainforest Alliance']],
        ['images', ['https://images.kayonza-fresh.rw/hass-4kg.jpg']],
        ['attributes.ripeness', 'ready to eat'],
      ]),
    ]);
    expect(outcome).toEqual({
      row: 1,
      sku: 'KAV-HASS-4KG',
      product: {
        producerId: PRODUCER,
        sku: 'KAV-HASS-4KG',
        names: { en: 'Hass avocado, 4 kg carton (16-20 fruits)', 'zh-CN': '卢旺达哈斯牛油果 4公斤装' },
        productType: 'avocado',
        attributes: { variety: 'Hass', grade: 'Class I', ripeness: 'ready to eat' },
        brand: 'Kayonza Fresh',
        origin: { country: 'RW', district: 'Kayonza', farm: 'Kayonza Fresh Avocado Farm' },
        price: { minor: 3800, currency: 'USD' },
        salesUnit: 'carton',
        netContent: { value: 4, unit: 'kg' },
        stock: 520,
        casePack: 1,
        gtin: '6163003000010',
        hsCode: '080440',
        shelfLifeDays: 21,
        storageTemperature: { minC: 5, maxC: 7 },
        harvestDate: '2026-11-10',
        packDate: '2026-11-12',
        lot: 'KAV-2611-A',
        certifications: [
          { code: 'global-gap', label: 'GlobalG.A.P.' },
          { code: 'rainforest-alliance', label: 'Rainforest Alliance' },
        ],
        images: ['https://images.kayonza-fresh.rw/hass-4kg.jpg'],
      },
      errors: [],
      warnings: [],
    });
  });

  it('reads canonical money (price.minor) and flattened certification objects', async () => {
    const outcome = await onlyOutcome([
      record(1, [
        ['sku', 'X-1'],
        ['names.fr', 'Miel'],
        ['productType', 'honey'],
        ['price.minor', 1850],
        ['price.currency', 'USD'],
        ['certifications.0.code', 'organic'],
        ['certifications.0.label', 'Bio Suisse'],
        ['certifications.1.code', 'other'],
        ['certifications.1.label', 'Kosher'],
      ]),
    ]);
    expect([outcome.product?.price, outcome.product?.certifications, outcome.warnings]).toEqual([
      { minor: 1850, currency: 'USD' },
      [
        { code: 'organic', label: 'Bio Suisse' },
        { code: 'other', label: 'Kosher' },
      ],
      [],
    ]);
  });

  it('reads an XML record with snake_case keys and a currency in the price (Nyagatare beef sample)', async () => {
    const outcome = await onlyOutcome([
      record(1, [
        ['sku', 'NB-MINCE-FRZ-1KG'],
        ['name', 'Frozen beef mince, 1 kg'],
        ['type', 'beef'],
        ['brand', 'Nyagatare Ranch'],
        ['price', 'USD 9.90'],
        ['net_weight', '1 kg'],
        ['unit', 'bag'],
        ['case_pack', '12'],
        ['stock', '-5'],
        ['district', 'Nyagatare'],
        ['gtin', '6163004000033'],
        ['hs_code', '0202.30'],
        ['shelf_life_days', '365'],
        ['storage_temp_min', '-22'],
        ['storage_temp_max', '-18'],
        ['pack_date', '2026-11-18'],
        ['lot', 'NB-261118-07'],
        ['certifications', 'Halal'],
      ]),
    ]);
    expect(outcome.product).toEqual({
      producerId: PRODUCER,
      sku: 'NB-MINCE-FRZ-1KG',
      names: { en: 'Frozen beef mince, 1 kg' },
      productType: 'beef',
      attributes: {},
      brand: 'Nyagatare Ranch',
      origin: { country: 'RW', district: 'Nyagatare' },
      price: { minor: 990, currency: 'USD' },
      salesUnit: 'bag',
      netContent: { value: 1, unit: 'kg' },
      // Oversold stock is kept: the channels decide what to do with it.
      stock: -5,
      casePack: 12,
      gtin: '6163004000033',
      hsCode: '020230',
      shelfLifeDays: 365,
      storageTemperature: { minC: -22, maxC: -18 },
      packDate: '2026-11-18',
      lot: 'NB-261118-07',
      certifications: [{ code: 'halal', label: 'Halal' }],
      images: [],
    } satisfies Product);
  });

  it('defaults an absent sales unit to piece and absent stock to 0, without issues', async () => {
    const outcome = await onlyOutcome(table(BASE_HEADER, BASE_ROW));
    expect(outcome).toEqual({
      row: 2,
      sku: 'HMC-1',
      product: {
        producerId: PRODUCER,
        sku: 'HMC-1',
        names: { en: 'Green coffee' },
        productType: 'coffee-green',
        attributes: {},
        origin: { country: 'RW' },
        price: { minor: 1500, currency: 'RWF' },
        salesUnit: 'piece',
        stock: 0,
        certifications: [],
        images: [],
      },
      errors: [],
      warnings: [],
    });
  });
});

describe('parseCatalogue: headers', () => {
  it('takes the currency from the header and the name language from a bracket', async () => {
    const outcome = await onlyOutcome(
      table(
        ['Référence', 'Désignation (EN)', 'Catégorie', 'Prix (USD)', 'Poids net (kg)', 'Stock'],
        ['A-1', 'Honey', 'miel', '12,50', '0,5', '1.500'],
      ),
    );
    expect([
      outcome.product?.names,
      outcome.product?.price,
      outcome.product?.netContent,
      outcome.product?.stock,
    ]).toEqual([{ en: 'Honey' }, { minor: 1250, currency: 'USD' }, { value: 0.5, unit: 'kg' }, 1500]);
  });

  it('keeps an unknown column as an attribute on every row and warns once per file', async () => {
    const events = await parseAll(
      table(
        [...BASE_HEADER, 'Couleur'],
        [...BASE_ROW, 'Vert'],
        ['HMC-2', 'Tea', 'tea', '900', 'RWF', 'Noir'],
      ),
    );
    expect(
      events.map((event) =>
        event.kind === 'row' ? ['row', event.outcome.product?.attributes] : ['warning', event.issue],
      ),
    ).toEqual([
      [
        'warning',
        {
          row: null,
          sku: null,
          field: 'Couleur',
          code: 'COLUMN_UNKNOWN',
          message:
            'Column "Couleur" is not a known field; its values are kept as product attributes. To map it, add to your profile: "columns": { "Couleur": "<field>" } (or "ignore").',
        },
      ],
      ['row', { Couleur: 'Vert' }],
      ['row', { Couleur: 'Noir' }],
    ]);
  });

  it('maps the keys of the first JSON records before any row, warning once per unknown key', async () => {
    const events = await parseAll([
      record(1, [
        ['sku', 'A'],
        ['name', 'Tea'],
        ['type', 'tea'],
        ['price', 'RWF 900'],
      ]),
      record(2, [
        ['sku', 'B'],
        ['name', 'Tea'],
        ['type', 'tea'],
        ['price', 'RWF 900'],
        ['notes', 'first flush'],
      ]),
      record(3, [
        ['sku', 'C'],
        ['name', 'Tea'],
        ['type', 'tea'],
        ['price', 'RWF 900'],
        ['notes', 'second flush'],
      ]),
    ]);
    expect(
      events.map((event) =>
        event.kind === 'row' ? `row ${event.outcome.row}` : `${event.issue.code} ${event.issue.field}`,
      ),
    ).toEqual(['COLUMN_UNKNOWN notes', 'row 1', 'row 2', 'row 3']);
  });

  it('maps a key first seen after the sampled records as it appears, once', async () => {
    const tea = (row: number, extra: [string, string][] = []) =>
      record(row, [['sku', `T-${row}`], ['name', 'Tea'], ['type', 'tea'], ['price', 'RWF 900'], ...extra]);
    const records = Array.from({ length: 60 }, (_, index) =>
      tea(
        index + 1,
        index >= 54
          ? [
              ['notes', 'late'],
              ['nom', 'Thé'],
            ]
          : [],
      ),
    );
    const events = await parseAll(records);
    const warnings = events.flatMap((event) => (event.kind === 'file-warning' ? [event.issue] : []));
    expect(warnings.map(({ code, field }) => [code, field])).toEqual([['COLUMN_UNKNOWN', 'notes']]);
    const rows = events.flatMap((event) => (event.kind === 'row' ? [event.outcome] : []));
    expect(rows[55]?.product?.attributes).toEqual({ notes: 'late' });
    expect(rows[55]?.product?.names).toEqual({ en: 'Tea', fr: 'Thé' });
    // The warning comes right before the first row that has the key.
    expect(events.findIndex((event) => event.kind === 'file-warning')).toBe(
      events.findIndex((event) => event.kind === 'row' && event.outcome.row === 55) - 1,
    );
  });

  it('keeps a second column for the same field as an attribute and says so', async () => {
    const events = await parseAll(
      table([...BASE_HEADER, 'Product name'], [...BASE_ROW, 'Arabica green beans']),
    );
    expect(events).toEqual([
      {
        kind: 'file-warning',
        issue: {
          row: null,
          sku: null,
          field: 'Product name',
          code: 'COLUMN_DUPLICATE',
          message:
            'Column "Product name" is another names.en column; "Name" was taken for names.en because it comes first, so this one is kept as a product attribute.',
        },
      },
      expect.objectContaining({
        kind: 'row',
        outcome: expect.objectContaining({
          product: expect.objectContaining({
            names: { en: 'Green coffee' },
            attributes: { 'Product name': 'Arabica green beans' },
          }),
        }),
      }),
    ]);
  });

  it('ignores a __proto__ key, with a warning, and keeps the row', async () => {
    const events = await parseAll([
      record(1, [
        ['sku', 'A'],
        ['name', 'Tea'],
        ['type', 'tea'],
        ['price', 'RWF 900'],
        ['__proto__', 'x'],
      ]),
    ]);
    expect(
      events.map((event) => (event.kind === 'row' ? event.outcome.product?.attributes : event.issue.code)),
    ).toEqual(['COLUMN_UNKNOWN', {}]);
  });
});

describe('parseCatalogue: row errors', () => {
  it('reports every missing required field by its canonical name', async () => {
    const outcome = await onlyOutcome(table(['SKU', 'Stock'], ['A-1', '5']));
    expect([outcome.product, codesOf(outcome.errors)]).toEqual([
      null,
      [
        ['REQUIRED_MISSING', 'names'],
        ['REQUIRED_MISSING', 'productType'],
        ['REQUIRED_MISSING', 'price'],
      ],
    ]);
    const noSku = await onlyOutcome(table(['SKU', 'Name', 'Type', 'Price'], ['', 'Tea', 'tea', 'RWF 10']));
    expect([noSku.sku, codesOf(noSku.errors)]).toEqual([null, [['REQUIRED_MISSING', 'sku']]]);
  });

  it('refuses a price without any currency and one whose currencies disagree', async () => {
    const noCurrency = await onlyOutcome(
      table(['SKU', 'Name', 'Type', 'Price'], ['A-1', 'Tea', 'tea', '1500']),
    );
    expect(codesOf(noCurrency.errors)).toEqual([['CURRENCY_UNKNOWN', 'price.currency']]);
    const conflict = await onlyOutcome(
      table(['SKU', 'Name', 'Type', 'Prix (USD)', 'Devise'], ['A-1', 'Tea', 'tea', '12', 'RWF']),
    );
    expect(conflict.errors).toEqual([
      {
        row: 2,
        sku: 'A-1',
        field: 'price.currency',
        code: 'CURRENCY_CONFLICT',
        message:
          'The currency is ambiguous: the currency column says RWF, the price column header says USD. Give one currency.',
      },
    ]);
  });

  it('refuses negative and non-finite prices', async () => {
    const outcomes = await outcomesOf(
      table(
        BASE_HEADER,
        ['A-1', 'Tea', 'tea', '-500', 'RWF'],
        ['A-2', 'Tea', 'tea', '1e400', 'USD'],
        ['A-3', 'Tea', 'tea', Number.POSITIVE_INFINITY, 'USD'],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['NUMBER_NEGATIVE', 'price']],
      [['NUMBER_INVALID', 'price']],
      [['NUMBER_INVALID', 'price']],
    ]);
  });

  it('refuses unknown product types in any language, naming what was found', async () => {
    const outcomes = await outcomesOf(
      table(
        ['SKU', 'Name', 'Type', 'Price'],
        ['A-1', 'Oil', 'avocado oil', 'USD 9'],
        ['A-2', 'Goat', 'goat meat', 'USD 12'],
        ['A-3', 'Beef', "inyama z'inka", 'USD 12'],
        ['A-4', 'Tea', 'thé', 'USD 3'],
      ),
    );
    expect(
      outcomes.map((outcome) => [outcome.product?.productType ?? null, codesOf(outcome.errors)]),
    ).toEqual([
      [null, [['PRODUCT_TYPE_UNKNOWN', 'productType']]],
      [null, [['PRODUCT_TYPE_UNKNOWN', 'productType']]],
      ['beef', []],
      ['tea', []],
    ]);
    expect(outcomes[0]?.errors[0]?.message).toBe(
      '"avocado oil" is not a known product type; expected one of green coffee, roasted coffee, tea, dried chili, fresh chili, avocado, beef, honey, macadamia (in English, French or Kinyarwanda), or map it in your profile\'s values.productType.',
    );
  });

  it('refuses a net weight with an unknown unit or no unit at all', async () => {
    const outcomes = await outcomesOf([
      baseWith(['SKU', 'Net weight'], ['S-1', '5 sacks']),
      baseWith(['SKU', 'Net weight'], ['S-2', '0.5'], 3),
      baseWith(['SKU', 'Net weight'], ['S-3', '1,5 kg'], 4),
    ]);
    expect(outcomes.map((outcome) => [codesOf(outcome.errors), outcome.product?.netContent ?? null])).toEqual(
      [
        [[['UNIT_UNKNOWN', 'netContent']], null],
        [[['UNIT_UNKNOWN', 'netContent']], null],
        [[], { value: 1.5, unit: 'kg' }],
      ],
    );
  });

  it('reads a gross weight in three languages, with the unit in the cell or the header, and refuses a volume', async () => {
    // One file per header: within a file a second column for the same field is only an attribute.
    const cases: [string, string][] = [
      ['Gross weight (kg)', '1,05'],
      ['Poids brut', '520 g'],
      ['Uburemere bwose', '2 lb'],
      ['Gross weight', '1 l'],
      ['Gross weight', '0.5'],
    ];
    const outcomes = await Promise.all(
      cases.map(async ([header, cell]) => onlyOutcome([baseWith(['SKU', header], ['G-1', cell])])),
    );
    expect(
      outcomes.map((outcome) => [codesOf(outcome.errors), outcome.product?.grossWeight ?? null]),
    ).toEqual([
      [[], { value: 1.05, unit: 'kg' }],
      [[], { value: 520, unit: 'g' }],
      [[], { value: 2, unit: 'lb' }],
      [[['UNIT_UNKNOWN', 'grossWeight']], null],
      [[['UNIT_UNKNOWN', 'grossWeight']], null],
    ]);
    expect(outcomes[3]?.errors[0]?.message).toContain('is a volume');
  });

  it('rejects the later row of a duplicate SKU, compared case-insensitively, even when the first row was rejected', async () => {
    const outcomes = await outcomesOf(
      table(
        BASE_HEADER,
        ['abc-1', 'Tea', 'tea', '900', 'RWF'],
        ['ABC-1', 'Tea', 'tea', '950', 'RWF'],
        ['BAD-1', 'Tea', 'tea', '-1', 'RWF'],
        ['bad-1', 'Tea', 'tea', '900', 'RWF'],
        ['abc-2', 'Tea', 'tea', '900', 'RWF'],
      ),
    );
    expect(
      outcomes.map((outcome) => [outcome.sku, outcome.product?.price.minor ?? null, codesOf(outcome.errors)]),
    ).toEqual([
      ['abc-1', 900, []],
      ['ABC-1', null, [['SKU_DUPLICATE', 'sku']]],
      ['BAD-1', null, [['NUMBER_NEGATIVE', 'price']]],
      ['bad-1', null, [['SKU_DUPLICATE', 'sku']]],
      ['abc-2', 900, []],
    ]);
    expect(outcomes[1]?.errors[0]?.message).toBe(
      'SKU "ABC-1" already appears on row 2; only the first row with a SKU is used.',
    );
  });

  it('refuses a row that names another producer, accepting the uploader written loosely', async () => {
    const outcomes = await outcomesOf(
      table(
        [...BASE_HEADER, 'Producteur'],
        ['A-1', 'Tea', 'tea', '900', 'RWF', 'other-farm'],
        ['A-2', 'Tea', 'tea', '900', 'RWF', 'huye-mountain'],
        ['A-3', 'Tea', 'tea', '900', 'RWF', 'Huye Mountain'],
        ['A-4', 'Tea', 'tea', '900', 'RWF', ''],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['PRODUCER_MISMATCH', 'producerId']],
      [],
      [],
      [],
    ]);
    expect(outcomes[0]?.errors[0]?.message).toBe(
      'Row names producer "other-farm" but this catalogue is uploaded by "huye-mountain".',
    );
    expect(outcomes[1]?.product?.producerId).toBe(PRODUCER);
  });

  it('checks every producer column, not only the first: a second one cannot smuggle a claim', async () => {
    const outcomes = await outcomesOf(
      table(
        [...BASE_HEADER, 'producer', 'producerId'],
        ['A-1', 'Tea', 'tea', '900', 'RWF', 'huye-mountain', 'other-farm'],
        ['A-2', 'Tea', 'tea', '900', 'RWF', '', 'other-farm'],
        ['A-3', 'Tea', 'tea', '900', 'RWF', 'Huye Mountain', 'huye-mountain'],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['PRODUCER_MISMATCH', 'producerId']],
      [['PRODUCER_MISMATCH', 'producerId']],
      [],
    ]);
    expect(outcomes[0]?.errors[0]?.message).toBe(
      'Row names producer "other-farm" but this catalogue is uploaded by "huye-mountain".',
    );
  });

  it('reports all the errors of a row with several problems, in field order', async () => {
    const header = [
      'SKU',
      'Name',
      'Nom',
      'Type',
      'Price',
      'Currency',
      'Net weight',
      'Unit',
      'Stock',
      'GTIN',
      'HS code',
      'Harvest date',
      'Image',
      'Country',
    ];
    const outcome = await onlyOutcome(
      table(header, [
        'A B',
        'Coffee',
        '=HYPERLINK("http://x.invalid")',
        'caffè',
        '-12',
        'USD',
        '5 sacks',
        'crate',
        '2.5',
        '123',
        '09A1',
        '31/02/2026',
        'http://x.rw/a.jpg',
        'Kenya',
      ]),
    );
    expect([outcome.sku, outcome.product, codesOf(outcome.errors)]).toEqual([
      null,
      null,
      [
        ['CELL_FORMULA', 'names.fr'],
        ['SKU_INVALID', 'sku'],
        ['PRODUCT_TYPE_UNKNOWN', 'productType'],
        ['NUMBER_NEGATIVE', 'price'],
        ['UNIT_UNKNOWN', 'salesUnit'],
        ['UNIT_UNKNOWN', 'netContent'],
        ['NUMBER_INVALID', 'stock'],
        ['VALUE_INVALID', 'origin.country'],
        ['GTIN_FORMAT', 'gtin'],
        ['HS_CODE_FORMAT', 'hsCode'],
        ['DATE_INVALID', 'harvestDate'],
        ['URL_INVALID', 'images'],
      ],
    ]);
  });

  it("refuses a failed formula's error value in any column, as a spreadsheet exports it", async () => {
    const outcomes = await outcomesOf(
      table(
        [...BASE_HEADER, 'Notes'],
        ['A-1', '#N/A', 'tea', '900', 'RWF', ''],
        ['A-2', 'Tea', 'tea', '#DIV/0!', 'RWF', ''],
        ['A-3', 'Tea', 'tea', '900', 'RWF', 'Err:502'],
        ['A-4', 'Tea #N/A', 'tea', '900', 'RWF', ''],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['CELL_ERROR_VALUE', 'names.en']],
      [['CELL_ERROR_VALUE', 'price']],
      [['CELL_ERROR_VALUE', 'Notes']],
      [],
    ]);
  });

  it('refuses formula cells anywhere, including unknown columns, without also calling them missing', async () => {
    const outcomes = await outcomesOf(
      table(
        [...BASE_HEADER, 'Notes'],
        ['A-1', '=HYPERLINK("http://example.invalid","Click")', 'tea', '900', 'RWF', ''],
        ['A-2', 'Tea', 'tea', '900', 'RWF', '@SUM(A1)'],
        ['A-3', 'Tea', 'tea', '-1', 'RWF', '-18 °C'],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['CELL_FORMULA', 'names.en']],
      [['CELL_FORMULA', 'Notes']],
      [['NUMBER_NEGATIVE', 'price']],
    ]);
    expect(outcomes[0]?.errors[0]?.message).toBe(
      '"=HYPERLINK(\\"http://example.invalid\\",\\"Cli…" starts with "=" and would run as a spreadsheet formula; remove the leading "=" or write a plain value.',
    );
  });

  it('does not report a refused currency cell a second time as a missing currency', async () => {
    const outcome = await onlyOutcome(table(BASE_HEADER, ['A-1', 'Tea', 'tea', '900', '=1+1']));
    expect(codesOf(outcome.errors)).toEqual([['CELL_FORMULA', 'price.currency']]);
  });

  it('refuses control characters and giant cells, with the limit taken from the context', async () => {
    const outcomes = await outcomesOf(
      table(
        [...BASE_HEADER, 'Description'],
        ['A-1', 'Tea\u0000', 'tea', '900', 'RWF', ''],
        ['A-2', 'Tea', 'tea', '900', 'RWF', 'x'.repeat(10_001)],
        ['A-3', 'Tea', 'tea', '900', 'RWF', 'x'.repeat(10_000)],
      ),
    );
    expect(outcomes.map((outcome) => codesOf(outcome.errors))).toEqual([
      [['CELL_CONTROL_CHARACTERS', 'names.en']],
      [['CELL_TOO_LONG', 'description']],
      // The cell passes hygiene; the model then refuses a 10 000-character description.
      [['VALUE_INVALID', 'description']],
    ]);
    const strict = await onlyOutcome(table([...BASE_HEADER, 'Lot'], [...BASE_ROW, 'LOT-123456']), {
      maxCellChars: 5,
    });
    // "HMC-1", "1500" and "RWF" fit in 5 characters; "Green coffee" twice and the lot do not.
    expect(codesOf(strict.errors)).toEqual([
      ['CELL_TOO_LONG', 'names.en'],
      ['CELL_TOO_LONG', 'productType'],
      ['CELL_TOO_LONG', 'lot'],
    ]);
  });

  it('leaves rules the parsers do not cover to the model, reported as VALUE_INVALID on the field', async () => {
    const outcome = await onlyOutcome(table(BASE_HEADER, ['A-1', 'n'.repeat(201), 'tea', '900', 'RWF']));
    expect(outcome.errors).toEqual([
      {
        row: 2,
        sku: 'A-1',
        field: 'names.en',
        code: 'VALUE_INVALID',
        message: `names.en is not valid (found "${'n'.repeat(40)}…"): Too big: expected string to have <=200 characters.`,
      },
    ]);
  });

  it('keeps a storage range whose minimum is above its maximum for the channels to judge', async () => {
    const outcome = await onlyOutcome([
      record(1, [
        ['sku', 'A'],
        ['names.en', 'Avocado'],
        ['productType', 'avocado'],
        ['price.amount', '44.00'],
        ['price.currency', 'USD'],
        ['storageTemperature.minC', 8],
        ['storageTemperature.maxC', 5],
      ]),
    ]);
    expect(outcome.errors).toEqual([]);
    expect(outcome.product?.storageTemperature).toEqual({ minC: 8, maxC: 5 });
  });
});

describe('parseCatalogue: row shape', () => {
  it('rejects a row with extra cells and warns about a short row', async () => {
    const base = table(BASE_HEADER, BASE_ROW, ['HMC-2', 'Tea', 'tea', '900', 'RWF']);
    const outcomes = await outcomesOf(
      base.map((item, index) => (index === 0 ? { ...item, extraCells: 2 } : { ...item, missingCells: 1 })),
    );
    expect(verdictsOf(outcomes)).toEqual([
      [false, [['ROW_TOO_MANY_CELLS', null]], []],
      [true, [], [['ROW_TOO_FEW_CELLS', null]]],
    ]);
  });

  it('skips empty rows with one warning per run, not as rejected rows', async () => {
    const blank: RawValue[] = ['', ' ', null, '', ''];
    const events = await parseAll(
      table(BASE_HEADER, BASE_ROW, blank, blank, blank, ['HMC-2', 'Tea', 'tea', '900', 'RWF'], blank),
    );
    expect(events.map((event) => (event.kind === 'row' ? `row ${event.outcome.row}` : event.issue))).toEqual([
      'row 2',
      {
        row: 3,
        sku: null,
        field: null,
        code: 'ROW_EMPTY_SKIPPED',
        message: '3 empty rows (3 to 5) were skipped.',
      },
      'row 6',
      {
        row: 7,
        sku: null,
        field: null,
        code: 'ROW_EMPTY_SKIPPED',
        message: 'Row 7 is empty and was skipped.',
      },
    ]);
  });

  it('emits file warnings only for unknown columns and empty rows', async () => {
    const warnings = await fileWarningsOf(table([...BASE_HEADER, 'Foo'], [...BASE_ROW, '']));
    expect(codesOf(warnings)).toEqual([['COLUMN_UNKNOWN', 'Foo']]);
  });
});

describe('parseCatalogue: rows far larger than a spreadsheet row', () => {
  // A JSON list value has no cell-length limit: 200,000 entries are more arguments than one call
  // can take, so collecting them must never spread them into a call.
  const MANY = 200_000;

  it('collects 200,000 image addresses of one record without overflowing the stack', async () => {
    const urls = Array.from({ length: MANY }, (_, index) => `https://img.example/${index}.jpg`);
    const outcome = await onlyOutcome([baseWith(['images'], [urls])]);
    const found = outcome.product?.images.length ?? outcome.errors.length;
    expect(found).toBeGreaterThan(0);
  }, 60_000);
});

describe('parseCatalogue: invisible characters', () => {
  it('reads a name with a stray right-to-left mark without it, and warns on the row', async () => {
    const outcome = await onlyOutcome(
      table(BASE_HEADER, ['HMC-1', 'Green\u200F coffee', 'green coffee', '1500', 'RWF']),
    );
    expect(outcome.product?.names).toEqual({ en: 'Green coffee' });
    expect(codesOf(outcome.warnings)).toEqual([['CELL_INVISIBLE_CHARACTERS_REMOVED', 'names.en']]);
  });

  it('takes a cell of nothing but invisible characters for an empty one', async () => {
    const outcome = await onlyOutcome(
      table(BASE_HEADER, ['HMC-1', '\u200B\u200E', 'green coffee', '1500', 'RWF']),
    );
    expect(codesOf(outcome.errors)).toEqual([['REQUIRED_MISSING', 'names']]);
    const events = await parseAll(table(BASE_HEADER, ['\uFEFF', '\u200B', '', ' ', '']));
    expect(events.map((event) => event.kind === 'file-warning' && event.issue.code)).toEqual([
      'ROW_EMPTY_SKIPPED',
    ]);
  });
});

describe('parseCatalogue: plausible prices', () => {
  it('rejects a price of 10^15 RWF and accepts an unusual one with a warning on the row', async () => {
    const outcomes = await outcomesOf(
      table(
        BASE_HEADER,
        ['HMC-1', 'Green coffee', 'green coffee', '1 000 000 000 000 000', 'RWF'],
        ['HMC-2', 'Green coffee, full container', 'green coffee', '250 000 000', 'RWF'],
      ),
    );
    expect(verdictsOf(outcomes)).toEqual([
      [false, [['NUMBER_OUT_OF_RANGE', 'price']], []],
      [true, [], [['PRICE_UNUSUALLY_HIGH', 'price']]],
    ]);
  });
});

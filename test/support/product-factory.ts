import { readFileSync } from 'node:fs';
import { type Product, type ProductType, productSchema } from '../../functions/core/catalogue/model.ts';
import { withCheckDigit } from '../../functions/core/gtin.ts';
import { type FxRates, loadFxRates } from '../../functions/core/money.ts';

/** A valid canonical product per product type, clean for both channels (no errors, no warnings). */

const BASE_GTIN = '616123400'; // a GS1-style company prefix; item reference appended per type

const SPECS: Record<
  ProductType,
  Omit<Product, 'producerId' | 'sku' | 'origin' | 'certifications' | 'images'> & {
    district: string;
    farm: string;
  }
> = {
  'coffee-green': {
    names: { en: 'Huye Mountain Red Bourbon washed green coffee', fr: 'Café vert lavé Red Bourbon' },
    productType: 'coffee-green',
    attributes: { variety: 'Red Bourbon', process: 'washed', grade: 'A1' },
    brand: 'Huye Mountain',
    district: 'Huye',
    farm: 'Huye Mountain Coffee washing station',
    price: { minor: 1850, currency: 'USD' },
    salesUnit: 'bag',
    netContent: { value: 1, unit: 'kg' },
    stock: 1200,
    casePack: 20,
    hsCode: '0901110000',
    shelfLifeDays: 365,
    storageTemperature: { minC: 10, maxC: 25 },
    harvestDate: '2026-06-15',
    packDate: '2026-09-01',
    lot: 'HM-2026-014',
  },
  'coffee-roasted': {
    names: { en: 'Nyamasheke medium roast coffee beans' },
    productType: 'coffee-roasted',
    attributes: { variety: 'Red Bourbon', process: 'natural', roast: 'medium' },
    brand: 'Kivu Roasters',
    district: 'Nyamasheke',
    farm: 'Kanzu cooperative',
    price: { minor: 12000, currency: 'RWF' },
    salesUnit: 'bag',
    netContent: { value: 250, unit: 'g' },
    stock: 300,
    casePack: 24,
    hsCode: '0901210000',
    shelfLifeDays: 270,
    storageTemperature: { minC: 5, maxC: 25 },
    harvestDate: '2026-05-20',
    packDate: '2026-10-10',
    lot: 'KR-2610',
  },
  'dried-chili': {
    names: { en: 'Dried bird’s eye chili' },
    productType: 'dried-chili',
    attributes: { variety: "bird's eye" },
    brand: 'Akabanga Farms',
    district: 'Bugesera',
    farm: 'Bugesera chili farm',
    price: { minor: 3500, currency: 'RWF' },
    salesUnit: 'bag',
    netContent: { value: 500, unit: 'g' },
    stock: 50000,
    casePack: 40,
    hsCode: '0904210000',
    shelfLifeDays: 540,
    storageTemperature: { minC: 5, maxC: 25 },
    harvestDate: '2026-08-01',
    packDate: '2026-08-20',
    lot: 'BG-0820',
  },
  'fresh-chili': {
    names: { en: 'Fresh red chili' },
    productType: 'fresh-chili',
    attributes: {},
    brand: 'Akabanga Farms',
    district: 'Bugesera',
    farm: 'Bugesera chili farm',
    price: { minor: 2000, currency: 'RWF' },
    salesUnit: 'tray',
    netContent: { value: 250, unit: 'g' },
    stock: 800,
    casePack: 12,
    hsCode: '0709600000',
    shelfLifeDays: 14,
    storageTemperature: { minC: 7, maxC: 10 },
    harvestDate: '2026-11-20',
    packDate: '2026-11-21',
    lot: 'FC-1121',
  },
  avocado: {
    names: { en: 'Hass avocado' },
    productType: 'avocado',
    attributes: { variety: 'Hass' },
    brand: 'Musanze Fresh',
    district: 'Musanze',
    farm: 'Kinigi avocado growers',
    price: { minor: 450, currency: 'USD' },
    salesUnit: 'box',
    netContent: { value: 1, unit: 'kg' },
    stock: 2000,
    casePack: 10,
    hsCode: '0804400000',
    shelfLifeDays: 21,
    storageTemperature: { minC: 5, maxC: 8 },
    harvestDate: '2026-11-10',
    packDate: '2026-11-12',
    lot: 'AV-1112',
  },
  beef: {
    names: { en: 'Chilled Ankole beef striploin' },
    productType: 'beef',
    attributes: { variety: 'Ankole' },
    brand: 'Nyagatare Ranch',
    district: 'Nyagatare',
    farm: 'Nyagatare ranch',
    price: { minor: 2400, currency: 'USD' },
    salesUnit: 'tray',
    netContent: { value: 0.5, unit: 'kg' },
    stock: 150,
    casePack: 8,
    hsCode: '0201300000',
    shelfLifeDays: 21,
    storageTemperature: { minC: 0, maxC: 4 },
    harvestDate: '2026-11-18',
    packDate: '2026-11-19',
    lot: 'NR-1119',
  },
  tea: {
    names: { en: 'Rulindo black tea' },
    productType: 'tea',
    attributes: {},
    brand: 'Rulindo Tea',
    district: 'Rulindo',
    farm: 'Rulindo tea estate',
    price: { minor: 900, currency: 'USD' },
    salesUnit: 'box',
    netContent: { value: 250, unit: 'g' },
    stock: 5000,
    casePack: 24,
    hsCode: '0902400000',
    shelfLifeDays: 730,
    storageTemperature: { minC: 5, maxC: 30 },
    harvestDate: '2026-07-01',
    packDate: '2026-07-15',
    lot: 'RT-0715',
  },
  honey: {
    names: { en: 'Nyungwe forest honey' },
    productType: 'honey',
    attributes: {},
    brand: 'Nyungwe Bees',
    district: 'Nyaruguru',
    farm: 'Nyungwe beekeepers cooperative',
    price: { minor: 9000, currency: 'RWF' },
    salesUnit: 'jar',
    netContent: { value: 500, unit: 'g' },
    stock: 700,
    casePack: 12,
    hsCode: '0409000000',
    shelfLifeDays: 730,
    storageTemperature: { minC: 10, maxC: 30 },
    harvestDate: '2026-04-01',
    packDate: '2026-04-20',
    lot: 'NB-0420',
  },
  macadamia: {
    names: { en: 'Shelled macadamia nuts' },
    productType: 'macadamia',
    attributes: {},
    brand: 'Kayonza Nuts',
    district: 'Kayonza',
    farm: 'Kayonza macadamia farm',
    price: { minor: 1500, currency: 'EUR' },
    salesUnit: 'bag',
    netContent: { value: 500, unit: 'g' },
    stock: 400,
    casePack: 20,
    hsCode: '0802620000',
    shelfLifeDays: 365,
    storageTemperature: { minC: 5, maxC: 20 },
    harvestDate: '2026-03-15',
    packDate: '2026-05-01',
    lot: 'KN-0501',
  },
  other: {
    names: { en: 'Agaseke woven basket', 'zh-CN': '卢旺达手工编织篮 阿加塞凯' },
    productType: 'other',
    attributes: {},
    brand: 'Gahaya Links',
    district: 'Kicukiro',
    farm: 'Gahaya Links weavers',
    price: { minor: 25000, currency: 'RWF' },
    salesUnit: 'piece',
    netContent: { value: 150, unit: 'g' },
    stock: 60,
    casePack: 6,
    hsCode: '4602190000',
    harvestDate: '2026-10-01',
    packDate: '2026-10-02',
    lot: 'GL-1002',
  },
};

const TYPE_INDEX: Record<ProductType, number> = {
  'coffee-green': 1,
  'coffee-roasted': 2,
  'dried-chili': 3,
  'fresh-chili': 4,
  avocado: 5,
  beef: 6,
  tea: 7,
  honey: 8,
  macadamia: 9,
  other: 10,
};

export function gtinFor(type: ProductType): string {
  return withCheckDigit(`${BASE_GTIN}${String(TYPE_INDEX[type]).padStart(3, '0')}`);
}

/** A canonical Product of the given type; overrides replace whole top-level fields. Checked by the zod schema. */
export function makeProduct(type: ProductType, overrides: Partial<Product> = {}): Product {
  const { district, farm, ...spec } = SPECS[type];
  const product: Product = {
    producerId: 'coop-huye',
    sku: `${type.toUpperCase()}-001`,
    ...spec,
    origin: { country: 'RW', district, farm },
    gtin: gtinFor(type),
    certifications: [{ code: 'fairtrade', label: 'Fairtrade' }],
    images: [`https://images.example.rw/${type}/1.jpg`],
    ...overrides,
  };
  return productSchema.parse(product);
}

/** Removes optional top-level fields (what a producer left empty). */
export function without(product: Product, ...keys: Array<keyof Product>): Product {
  const copy: Partial<Product> = { ...product };
  for (const key of keys) delete copy[key];
  return productSchema.parse(copy);
}

export const FX_RATES_PATH = new URL('../../config/fx-rates.json', import.meta.url);

export function loadConfigFxRates(): FxRates {
  return loadFxRates(JSON.parse(readFileSync(FX_RATES_PATH, 'utf8')));
}

/** Integer in [min, max] from a PRNG. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

import { type Product, productSchema } from '../../functions/core/catalogue/model.ts';
import { withCheckDigit } from '../../functions/core/gtin.ts';

/** One coffee product for tests, valid for both channels unless a field is overridden. */
export interface TestItem {
  sku: string;
  price?: string;
  stock?: number;
  hsCode?: string;
  /** null leaves the GTIN out (freshippo rejects it). */
  gtin?: string | null;
}

function gtinFor(sku: string): string {
  let digits = 0;
  for (const char of sku) digits = (digits * 31 + char.charCodeAt(0)) % 100_000;
  return withCheckDigit(`6163009${String(digits).padStart(5, '0')}`);
}

/** The item as a producer's JSON catalogue would carry it. */
export function catalogueItem(item: TestItem): Record<string, unknown> {
  const gtin = item.gtin === undefined ? gtinFor(item.sku) : item.gtin;
  return {
    sku: item.sku,
    names: { en: `Huye washed green coffee ${item.sku}`, 'zh-CN': `卢旺达胡耶水洗生咖啡豆 ${item.sku}` },
    productType: 'coffee-green',
    variety: 'Red Bourbon',
    process: 'washed',
    brand: 'Huye Mountain',
    price: { amount: item.price ?? '18.50', currency: 'USD' },
    netContent: { value: 1, unit: 'kg' },
    salesUnit: 'bag',
    casePack: 20,
    stock: item.stock ?? 100,
    origin: { district: 'Huye', farm: 'Maraba washing station' },
    ...(gtin ? { gtin } : {}),
    hsCode: item.hsCode ?? '0901.11',
    shelfLifeDays: 365,
    storageTemperature: { minC: 10, maxC: 25 },
    harvestDate: '2026-06-15',
    lot: 'HC-2026-06',
    certifications: ['Fairtrade'],
    images: [`https://cdn.example.rw/${item.sku}.jpg`],
  };
}

export function catalogueJson(items: TestItem[]): Buffer {
  return Buffer.from(JSON.stringify({ products: items.map(catalogueItem) }));
}

/** The canonical product the readers make of `catalogueItem(item)`, for tasks built by hand. */
export function canonicalProduct(producerId: string, item: TestItem): Product {
  const gtin = item.gtin === undefined ? gtinFor(item.sku) : item.gtin;
  const [units, cents = '0'] = (item.price ?? '18.50').split('.');
  return productSchema.parse({
    producerId,
    sku: item.sku,
    names: { en: `Huye washed green coffee ${item.sku}`, 'zh-CN': `卢旺达胡耶水洗生咖啡豆 ${item.sku}` },
    productType: 'coffee-green',
    attributes: { variety: 'Red Bourbon', process: 'washed' },
    brand: 'Huye Mountain',
    origin: { country: 'RW', district: 'Huye', farm: 'Maraba washing station' },
    price: { minor: Number(units) * 100 + Number(cents.padEnd(2, '0')), currency: 'USD' },
    salesUnit: 'bag',
    netContent: { value: 1, unit: 'kg' },
    stock: item.stock ?? 100,
    casePack: 20,
    ...(gtin ? { gtin } : {}),
    hsCode: (item.hsCode ?? '0901.11').replace('.', ''),
    shelfLifeDays: 365,
    storageTemperature: { minC: 10, maxC: 25 },
    harvestDate: '2026-06-15',
    lot: 'HC-2026-06',
    certifications: [{ code: 'fairtrade', label: 'Fairtrade' }],
    images: [`https://cdn.example.rw/${item.sku}.jpg`],
  });
}

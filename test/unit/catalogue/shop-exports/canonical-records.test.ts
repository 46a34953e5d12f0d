/**
 * The canonical records the exports produce are read by the ordinary row parser like any
 * well-named table: every value in a form the value parsers read (prices, weights in their
 * units, stock). The type is set where a file has none, since inference is the pipeline's part.
 */
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../../functions/core/catalogue/model.ts';
import { parseCatalogue } from '../../../../functions/core/catalogue/parse-catalogue.ts';
import type { RawRecord } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { googleMerchantExport } from '../../../../functions/core/catalogue/shop-exports/google-merchant.ts';
import type { ShopExport } from '../../../../functions/core/catalogue/shop-exports/shop-export.ts';
import { shopifyExport } from '../../../../functions/core/catalogue/shop-exports/shopify.ts';
import { wooCommerceExport } from '../../../../functions/core/catalogue/shop-exports/woocommerce.ts';
import { csvRecords, profileOf } from './shop-export-helpers.ts';

type Read = [
  row: number,
  Pick<Product, 'price' | 'stock'> & Partial<Pick<Product, 'grossWeight' | 'netContent'>>,
];

async function parsed(
  system: ShopExport,
  file: string,
  profile: unknown,
): Promise<{ read: Read[]; errors: unknown[] }> {
  const records: RawRecord[] = [];
  const source = (async function* () {
    yield* await csvRecords(file);
  })();
  for await (const event of system.read(source, { profile: profileOf(profile), today: '2026-07-01' })) {
    if (event.kind !== 'record') continue;
    if (!event.record.fields.has('productType')) event.record.fields.set('productType', 'other');
    records.push(event.record);
  }
  const read: Read[] = [];
  const errors: unknown[] = [];
  const canonical = (async function* () {
    yield* records;
  })();
  for await (const event of parseCatalogue(canonical, { producerId: 'huye-mountain' })) {
    if (event.kind !== 'row') continue;
    errors.push(...event.outcome.errors);
    const product = event.outcome.product;
    if (product === null) continue;
    const values: Read[1] = { price: product.price, stock: product.stock };
    if (product.grossWeight !== undefined) values.grossWeight = product.grossWeight;
    if (product.netContent !== undefined) values.netContent = product.netContent;
    read.push([event.outcome.row, values]);
  }
  return { read, errors };
}

const usd = (minor: number) => ({ minor, currency: 'USD' as const });
const g = (value: number) => ({ value, unit: 'g' as const });
const kg = (value: number) => ({ value, unit: 'kg' as const });

describe('canonical records through the row parser', () => {
  it('Shopify: prices in cents, grams and unit-price measures, tracked and untracked stock', async () => {
    expect(
      await parsed(shopifyExport, 'shopify/products_export_1.csv', { defaults: { currency: 'USD' } }),
    ).toEqual({
      read: [
        [2, { price: usd(1400), grossWeight: g(280), netContent: g(250), stock: 40 }],
        [7, { price: usd(1250), grossWeight: g(280), netContent: g(250), stock: 25 }],
        [8, { price: usd(4200), grossWeight: g(1080), netContent: kg(1), stock: 8 }],
        [12, { price: usd(900), grossWeight: g(620), netContent: g(500), stock: 1 }],
        [15, { price: usd(550), grossWeight: g(110), stock: 60 }],
        [16, { price: usd(550), grossWeight: g(110), stock: 35 }],
      ],
      errors: [],
    });
  });

  it('WooCommerce: RWF and decimal-comma EUR prices, weights in the header unit, stock from the parent', async () => {
    const rwf = (minor: number) => ({ minor, currency: 'RWF' as const });
    expect(
      await parsed(wooCommerceExport, 'woocommerce/wc-product-export-1-7-2026.csv', {
        defaults: { currency: 'RWF', stock: 12 },
      }),
    ).toEqual({
      read: [
        [3, { price: rwf(5000), grossWeight: kg(0.3), netContent: g(250), stock: 40 }],
        [4, { price: rwf(9000), grossWeight: kg(0.55), netContent: g(500), stock: 12 }],
        [5, { price: rwf(12000), grossWeight: kg(1.05), stock: 0 }],
        [10, { price: rwf(5500), grossWeight: kg(0.3), netContent: g(250), stock: 15 }],
        [12, { price: rwf(16000), grossWeight: kg(1.1), netContent: kg(1), stock: 7 }],
      ],
      errors: [],
    });
    const eur = (minor: number) => ({ minor, currency: 'EUR' as const });
    expect(
      await parsed(wooCommerceExport, 'woocommerce/wc-product-export-fr.csv', {
        defaults: { currency: 'EUR', language: 'fr' },
      }),
    ).toEqual({
      read: [
        [2, { price: eur(450), grossWeight: g(100), stock: 1 }],
        [4, { price: eur(950), grossWeight: g(620), netContent: g(500), stock: 24 }],
      ],
      errors: [],
    });
  });

  it('Google: currencies in the price, ounces as pounds, unit-pricing measures as net content', async () => {
    expect(
      await parsed(googleMerchantExport, 'google-merchant/products.tsv', { defaults: { currency: 'USD' } }),
    ).toEqual({
      read: [
        [2, { price: usd(1800), grossWeight: kg(4.3), netContent: kg(4), stock: 1 }],
        [3, { price: usd(3900), grossWeight: kg(10.6), netContent: kg(10), stock: 0 }],
        [4, { price: usd(600), grossWeight: { value: 0.375, unit: 'lb' }, netContent: g(100), stock: 1 }],
        [5, { price: usd(950), grossWeight: kg(0.3), netContent: g(250), stock: 0 }],
      ],
      errors: [],
    });
  });
});

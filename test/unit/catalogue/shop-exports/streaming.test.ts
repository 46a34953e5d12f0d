/**
 * Shop exports of 100,000 rows stream: each product's record comes out while only a bounded
 * number of rows after it has been read. Asserted structurally, by counting the rows pulled from
 * the source when each event comes out, never by timing.
 */
import { describe, expect, it } from 'vitest';
import type { RawRecord, RawValue } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { googleMerchantExport } from '../../../../functions/core/catalogue/shop-exports/google-merchant.ts';
import type { ShopEvent, ShopExport } from '../../../../functions/core/catalogue/shop-exports/shop-export.ts';
import { createShopifyExport } from '../../../../functions/core/catalogue/shop-exports/shopify.ts';
import { createWooCommerceExport } from '../../../../functions/core/catalogue/shop-exports/woocommerce.ts';
import { profileOf } from './shop-export-helpers.ts';

const ROWS = 100_000;

interface Lag {
  events: number;
  /** The most rows read past an event's own row when it came out. */
  maxLag: number;
  warnings: Map<string, number>;
}

/** Runs an export over `count` generated rows (row numbers from 2), measuring how far reading runs ahead of output. */
async function lagOf(
  system: ShopExport,
  header: readonly string[],
  cells: (index: number) => RawValue[],
  count = ROWS,
): Promise<Lag> {
  let pulled = 0;
  async function* source(): AsyncGenerator<RawRecord> {
    for (let index = 0; index < count; index += 1) {
      pulled = index + 1;
      const row = cells(index);
      yield {
        row: index + 2,
        fields: new Map(header.map((key, column): [string, RawValue] => [key, row[column] ?? ''])),
      };
    }
  }
  const lag: Lag = { events: 0, maxLag: 0, warnings: new Map() };
  const rowOf = (event: ShopEvent) => (event.kind === 'skip' ? event.row : event.record.row);
  for await (const event of system.read(source(), {
    profile: profileOf({ defaults: { currency: 'USD' } }),
  })) {
    lag.events += 1;
    lag.maxLag = Math.max(lag.maxLag, pulled - (rowOf(event) - 1));
    if (event.kind === 'record')
      for (const warning of event.warnings)
        lag.warnings.set(warning.code, (lag.warnings.get(warning.code) ?? 0) + 1);
  }
  return lag;
}

describe('Shopify exports stream, one Handle held at a time', () => {
  const header = [
    'Handle',
    'Title',
    'Option1 Name',
    'Option1 Value',
    'Variant SKU',
    'Variant Price',
    'Image Src',
    'Image Position',
  ];

  it('writes each product out when the next Handle starts', async () => {
    // 50,000 products of a variant row and an image-only row.
    const lag = await lagOf(createShopifyExport(), header, (index) => {
      const product = Math.floor(index / 2);
      return index % 2 === 0
        ? [`p-${product}`, `Product ${product}`, 'Title', 'Default Title', `SKU-${product}`, '5.00', '', '']
        : [`p-${product}`, '', '', '', '', '', `https://cdn.shopify.com/${product}.jpg`, '2'];
    });
    expect(lag.events).toBe(ROWS / 2);
    expect(lag.maxLag).toBeLessThanOrEqual(3);
  });

  it('holds at most the bound of one long Handle', async () => {
    const lag = await lagOf(createShopifyExport({ maxRowsPerProduct: 1000 }), header, (index) => [
      'one-product',
      index === 0 ? 'One product' : '',
      'Size',
      `${index + 1} g`,
      `SKU-${index}`,
      '5.00',
      '',
      '',
    ]);
    expect(lag.events).toBe(ROWS);
    expect(lag.maxLag).toBeLessThanOrEqual(1001);
  });
});

describe('WooCommerce exports stream, parents and waiting variations bounded', () => {
  const header = ['ID', 'Type', 'SKU', 'Name', 'Published', 'In stock?', 'Stock', 'Regular price', 'Parent'];

  it('writes each variation out as soon as its parent is known', async () => {
    // A variable parent, then its two variations: 33,333 times, and one last parent.
    const lag = await lagOf(createWooCommerceExport(), header, (index) => {
      const parent = Math.floor(index / 3);
      if (index % 3 === 0)
        return [`${index}`, 'variable', `P-${parent}`, `Parent ${parent}`, '1', '1', '', '', ''];
      return [`${index}`, 'variation', `P-${parent}-${index % 3}`, '', '1', '1', '4', '5', `P-${parent}`];
    });
    expect(lag.events).toBe(66_666);
    expect(lag.maxLag).toBeLessThanOrEqual(1);
    expect(lag.warnings.size).toBe(0);
  });

  it('holds variations whose parent never comes only up to the bound, then reads them alone', async () => {
    const lag = await lagOf(createWooCommerceExport({ maxOrphans: 500 }), header, (index) => [
      `${index}`,
      'variation',
      `V-${index}`,
      `Variation ${index}`,
      '1',
      '1',
      '2',
      '5',
      `id:${10_000_000 + index}`,
    ]);
    expect(lag.events).toBe(ROWS);
    expect(lag.maxLag).toBeLessThanOrEqual(501);
    expect(lag.warnings.get('PARENT_ROW_MISSING')).toBe(ROWS);
  });

  it('forgets the oldest parents past the bound', async () => {
    // 99,999 parents, then a variation of the first one: long forgotten.
    const lag = await lagOf(createWooCommerceExport({ maxParents: 1000 }), header, (index) =>
      index < ROWS - 1
        ? [`${index}`, 'variable', `P-${index}`, `Parent ${index}`, '1', '1', '', '', '']
        : ['999999', 'variation', 'P-0-1', 'Variation of the first', '1', '1', '3', '5', 'P-0'],
    );
    expect(lag.events).toBe(1);
    expect(lag.warnings.get('PARENT_ROW_MISSING')).toBe(1);
  });
});

describe('Google feeds stream item by item', () => {
  it('writes each item out before reading the next', async () => {
    const header = ['id', 'title', 'link', 'image_link', 'availability', 'price'];
    const lag = await lagOf(googleMerchantExport, header, (index) => [
      `ID-${index}`,
      `Item ${index}`,
      `https://shop.rw/p/${index}`,
      `https://shop.rw/i/${index}.jpg`,
      'out_of_stock',
      '5.00 USD',
    ]);
    expect(lag.events).toBe(ROWS);
    expect(lag.maxLag).toBeLessThanOrEqual(1);
  });
});

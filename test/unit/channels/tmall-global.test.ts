import { describe, expect, it } from 'vitest';
import { PRODUCT_TYPES, type Product } from '../../../functions/core/catalogue/model.ts';
import type { ChannelIssue } from '../../../functions/core/channels/contract.ts';
import { tmallGlobalChannel } from '../../../functions/core/channels/tmall-global/channel.ts';
import {
  TMALL_TITLE_MAX_CHARACTERS,
  type TmallGlobalItem,
} from '../../../functions/core/channels/tmall-global/transform.ts';
import { loadFxRates } from '../../../functions/core/money.ts';
import { loadConfigFxRates, makeProduct, without } from '../../support/product-factory.ts';
import { tmallGlobalValidators } from '../../support/schema-validators.ts';

const fx = loadConfigFxRates();
const context = { fx, generatedAt: '2026-11-28T02:00:00.000Z' };
const validators = tmallGlobalValidators();

const transform = (product: Product) => tmallGlobalChannel.transform(product, context);
const codes = (issues: ChannelIssue[]) =>
  issues.map((issue) => `${issue.severity}:${issue.code}@${issue.field}`);

function accepted(product: Product): TmallGlobalItem {
  const { item, issues } = transform(product);
  if (item === null) throw new Error(`rejected: ${codes(issues).join(', ')}`);
  return item;
}

async function render(items: Iterable<TmallGlobalItem> | AsyncIterable<TmallGlobalItem>) {
  const chunks: string[] = [];
  const summary = await tmallGlobalChannel.render(
    'coop-huye',
    items,
    (chunk) => {
      chunks.push(chunk);
    },
    { generatedAt: context.generatedAt },
  );
  return { text: chunks.join(''), chunks, summary };
}

describe('tmall-global transform: clean products', () => {
  it.each(PRODUCT_TYPES)(
    'accepts a complete %s with no issues, and the item matches the item schema',
    (type) => {
      const { item, issues } = transform(makeProduct(type));
      expect(issues).toEqual(
        type === 'other' ? [] : [expect.objectContaining({ code: 'TITLE_COMPOSED', severity: 'warning' })],
      );
      expect(validators.item(item)).toEqual([]);
    },
  );

  it('builds the item field by field (golden-ish, green coffee priced in USD)', () => {
    const product = makeProduct('coffee-green');
    expect(accepted(product)).toEqual({
      sku: 'COFFEE-GREEN-001',
      title: '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg',
      titleEn: 'Huye Mountain Red Bourbon washed green coffee',
      titleComposed: true,
      categoryId: 50012071,
      brand: 'Huye Mountain',
      origin: { country: 'RW', countryZh: '卢旺达', region: 'Huye', regionZh: '胡耶' },
      hsCode: '0901110000',
      customs: {
        // 18.50 USD x 7.1050 = 131.4425 -> 131.44
        declaredValue: { minor: 13144, currency: 'CNY', formatted: '131.44' },
        declaredUnit: { unitCode: 'H87', nameZh: '袋' },
        legalUnit: { unitCode: 'KGM', gaccCode: '035', nameZh: '千克' },
        legalQuantity: '1.000',
      },
      skus: [
        {
          skuCode: 'COFFEE-GREEN-001',
          price: {
            minor: 13144,
            currency: 'CNY',
            formatted: '131.44',
            fx: { from: 'USD', to: 'CNY', rate: '7.1050', date: '2026-11-27', source: 'PBoC central parity' },
            original: { minor: 1850, currency: 'USD' },
          },
          stock: 1200,
        },
      ],
      netWeight: { grams: 1000, kg: '1.000' },
      grossWeight: null,
      images: ['https://images.example.rw/coffee-green/1.jpg'],
      shelfLifeDays: 365,
      certifications: [{ code: 'fairtrade', label: 'Fairtrade', nameZh: '公平贸易' }],
      crossBorderMode: 'bonded',
    });
  });

  it('uses the zh-CN name as given and keeps the English one', () => {
    const item = accepted(
      makeProduct('honey', { names: { en: 'Forest honey', 'zh-CN': '卢旺达 纽格威森林 野生蜂蜜 500g' } }),
    );
    expect(item.title).toBe('卢旺达 纽格威森林 野生蜂蜜 500g');
    expect(item.titleComposed).toBe(false);
    expect(item.titleEn).toBe('Forest honey');
  });

  it('converts RWF prices and records the BNR rate', () => {
    // 12,000 RWF x 0.004895 = 58.74 CNY
    const price = accepted(makeProduct('coffee-roasted')).skus[0]?.price;
    expect(price?.minor).toBe(5874);
    expect(price?.fx?.source).toBe('BNR reference rate');
  });

  it('chooses the cross-border mode: bonded only for long shelf life and enough stock, else direct mail', () => {
    expect(accepted(makeProduct('tea')).crossBorderMode).toBe('bonded'); // 730 days, 5000 units
    expect(accepted(makeProduct('tea', { stock: 499 })).crossBorderMode).toBe('direct-mail');
    expect(accepted(makeProduct('tea', { shelfLifeDays: 179 })).crossBorderMode).toBe('direct-mail');
    expect(accepted(makeProduct('avocado')).crossBorderMode).toBe('direct-mail'); // perishable
    expect(accepted(makeProduct('other')).crossBorderMode).toBe('direct-mail'); // no shelf life
  });

  it('weighs pounds exactly and leaves weight empty for volumes', () => {
    const pound = accepted(makeProduct('honey', { netContent: { value: 1, unit: 'lb' } }));
    expect(pound.netWeight).toEqual({ grams: 453.592, kg: '0.454' });
    expect(pound.customs.legalQuantity).toBe('0.454');
  });
});

describe('tmall-global rules: one test per code, with its field', () => {
  const only = (product: Product) =>
    codes(transform(product).issues).filter((code) => !code.includes('TITLE_COMPOSED'));

  it('TITLE_ZH_MISSING: type other without a zh-CN name', () => {
    const result = transform(makeProduct('other', { names: { en: 'Agaseke basket' } }));
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual(['error:TITLE_ZH_MISSING@names.zh-CN']);
  });

  it(`TITLE_TOO_LONG: more than ${TMALL_TITLE_MAX_CHARACTERS} characters, counted as characters`, () => {
    const sixty = '卢'.repeat(TMALL_TITLE_MAX_CHARACTERS);
    expect(transform(makeProduct('tea', { names: { 'zh-CN': sixty } })).item).not.toBeNull();
    // astral characters count once each, not as two UTF-16 units
    expect(transform(makeProduct('tea', { names: { 'zh-CN': '𠮷'.repeat(60) } })).item).not.toBeNull();
    const result = transform(makeProduct('tea', { names: { 'zh-CN': `${sixty}茶` } }));
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual(['error:TITLE_TOO_LONG@names.zh-CN']);
  });

  it('HS_CODE_MISSING', () => {
    expect(only(without(makeProduct('tea'), 'hsCode'))).toEqual(['error:HS_CODE_MISSING@hsCode']);
  });

  it('HS_CODE_INCOMPLETE: fewer than 6 digits', () => {
    expect(only(makeProduct('honey', { hsCode: '0409' }))).toEqual(['error:HS_CODE_INCOMPLETE@hsCode']);
  });

  it('HS_CODE_MISMATCH: heading of another product type', () => {
    expect(only(makeProduct('coffee-green', { hsCode: '0901210000' }))).toEqual([
      'error:HS_CODE_MISMATCH@hsCode',
    ]);
    expect(only(makeProduct('beef', { hsCode: '0202300000' }))).toEqual([]); // frozen beef is beef
    expect(only(makeProduct('dried-chili', { hsCode: '0709600000' }))).toEqual([
      'error:HS_CODE_MISMATCH@hsCode',
    ]);
    expect(only(makeProduct('other', { hsCode: '0901110000' }))).toEqual([]); // 'other' is unconstrained
  });

  it('PRICE_NOT_POSITIVE: zero, or zero after conversion', () => {
    expect(only(makeProduct('tea', { price: { minor: 0, currency: 'USD' } }))).toEqual([
      'error:PRICE_NOT_POSITIVE@price',
    ]);
    // 1 RWF x 0.004895 = 0.4895 fen -> 0 fen
    expect(only(makeProduct('tea', { price: { minor: 1, currency: 'RWF' } }))).toEqual([
      'error:PRICE_NOT_POSITIVE@price',
    ]);
  });

  it('PRICE_OUT_OF_RANGE: too large to convert', () => {
    expect(only(makeProduct('tea', { price: { minor: Number.MAX_SAFE_INTEGER, currency: 'USD' } }))).toEqual([
      'error:PRICE_OUT_OF_RANGE@price',
    ]);
  });

  it('STOCK_NEGATIVE (zero stock is fine)', () => {
    expect(only(makeProduct('tea', { stock: -3 }))).toEqual(['error:STOCK_NEGATIVE@stock']);
    expect(only(makeProduct('tea', { stock: 0 }))).toEqual([]);
  });

  it('SHELF_LIFE_MISSING: food only', () => {
    expect(only(without(makeProduct('honey'), 'shelfLifeDays'))).toEqual([
      'error:SHELF_LIFE_MISSING@shelfLifeDays',
    ]);
    expect(only(makeProduct('other'))).toEqual([]);
  });

  it('FX_RATE_MISSING: no rate for the currency', () => {
    const noEuro = loadFxRates({ rates: fx.rates.filter((rate) => rate.from !== 'EUR') });
    const result = tmallGlobalChannel.transform(makeProduct('macadamia'), { fx: noEuro });
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual([
      'warning:TITLE_COMPOSED@names.zh-CN',
      'error:FX_RATE_MISSING@price.currency',
    ]);
  });

  it('warnings IMAGES_MISSING, BRAND_MISSING, TITLE_COMPOSED, NET_WEIGHT_MISSING do not block the item', () => {
    const product = without(
      makeProduct('honey', { images: [], netContent: { value: 500, unit: 'ml' } }),
      'brand',
    );
    const result = transform(product);
    expect(result.item).not.toBeNull();
    expect(codes(result.issues)).toEqual([
      'warning:TITLE_COMPOSED@names.zh-CN',
      'warning:IMAGES_MISSING@images',
      'warning:BRAND_MISSING@brand',
      'warning:NET_WEIGHT_MISSING@netContent',
    ]);
    expect(result.item?.netWeight).toBeNull();
    expect(result.item?.customs.legalQuantity).toBeNull();
    expect(validators.item(result.item)).toEqual([]);
  });

  it('carries the gross weight beside the net weight, and refuses one below the net (GROSS_WEIGHT_BELOW_NET)', () => {
    const packed = accepted(
      makeProduct('coffee-green', {
        netContent: { value: 1, unit: 'kg' },
        grossWeight: { value: 1050, unit: 'g' },
      }),
    );
    expect(packed.grossWeight).toEqual({ grams: 1050, kg: '1.050' });
    expect(packed.netWeight).toEqual({ grams: 1000, kg: '1.000' });
    expect(validators.item(packed)).toEqual([]);
    // Equal is allowed (goods shipped without packaging); a pound is converted exactly.
    expect(
      accepted(
        makeProduct('coffee-green', {
          netContent: { value: 1, unit: 'kg' },
          grossWeight: { value: 1, unit: 'kg' },
        }),
      ).grossWeight,
    ).toEqual({ grams: 1000, kg: '1.000' });
    expect(accepted(makeProduct('honey', { grossWeight: { value: 2, unit: 'lb' } })).grossWeight).toEqual({
      grams: 907.185,
      kg: '0.907',
    });
    expect(accepted(without(makeProduct('honey'), 'grossWeight')).grossWeight).toBeNull();

    const light = transform(
      makeProduct('coffee-green', {
        netContent: { value: 1, unit: 'kg' },
        grossWeight: { value: 999, unit: 'g' },
      }),
    );
    expect(light.item).toBeNull();
    expect(codes(light.issues)).toContain('error:GROSS_WEIGHT_BELOW_NET@grossWeight');
  });

  it('reports every error at once, and emits only documented codes', () => {
    const product = without(
      makeProduct('other', {
        names: { en: 'x' },
        stock: -1,
        price: { minor: 0, currency: 'RWF' },
        images: [],
      }),
      'hsCode',
      'brand',
    );
    const result = transform(product);
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual([
      'error:TITLE_ZH_MISSING@names.zh-CN',
      'error:HS_CODE_MISSING@hsCode',
      'error:PRICE_NOT_POSITIVE@price',
      'error:STOCK_NEGATIVE@stock',
      'warning:IMAGES_MISSING@images',
      'warning:BRAND_MISSING@brand',
    ]);
    const known = new Set([
      ...tmallGlobalChannel.issueCodes.errors,
      ...tmallGlobalChannel.issueCodes.warnings,
    ]);
    for (const issue of result.issues) expect(known.has(issue.code)).toBe(true);
  });
});

describe('tmall-global document', () => {
  const items = PRODUCT_TYPES.map((type) => accepted(makeProduct(type)));

  it('has a path per producer and refuses ids that are not producer ids', () => {
    expect(tmallGlobalChannel.documentPath('coop-huye')).toBe('tmall-global/coop-huye.json');
    expect(() => tmallGlobalChannel.documentPath('../etc')).toThrow(RangeError);
    expect(tmallGlobalChannel.contentType).toBe('application/json; charset=utf-8');
  });

  it('renders a full document that parses and validates against the document schema', async () => {
    const { text, summary } = await render(items);
    const document = JSON.parse(text);
    expect(validators.document(document)).toEqual([]);
    expect(summary).toEqual({ itemCount: items.length });
    expect(document).toMatchObject({
      channel: 'tmall-global',
      producerId: 'coop-huye',
      kind: 'full',
      generatedAt: '2026-11-28T02:00:00.000Z',
      delisted: [],
      itemCount: items.length,
    });
    expect(document.items).toEqual(items);
    expect(Object.keys(document)).toEqual([
      'channel',
      'producerId',
      'kind',
      'generatedAt',
      'items',
      'delisted',
      'itemCount',
    ]);
  });

  it('renders an empty document', async () => {
    const { text } = await render([]);
    const document = JSON.parse(text);
    expect(document.items).toEqual([]);
    expect(validators.document(document)).toEqual([]);
  });

  it('the document schema describes full documents only: a delta kind or a delisted SKU is refused', async () => {
    const full = JSON.parse((await render(items.slice(0, 2))).text);
    expect(validators.document({ ...full, kind: 'delta' })).not.toEqual([]);
    expect(validators.document({ ...full, delisted: ['OLD-1'] })).not.toEqual([]);
  });

  it('streams item by item from an async source, in many chunks, never as one string', async () => {
    const base = accepted(makeProduct('dried-chili'));
    async function* many(): AsyncGenerator<TmallGlobalItem> {
      for (let i = 0; i < 5000; i++) {
        const sku = `CHILI-${i}`;
        yield { ...base, sku, skus: base.skus.map((entry) => ({ ...entry, skuCode: sku })) };
      }
    }
    const { text, chunks, summary } = await render(many());
    expect(summary.itemCount).toBe(5000);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(70 * 1024);
    const document = JSON.parse(text);
    expect(document.items).toHaveLength(5000);
    expect(document.items[4999].sku).toBe('CHILI-4999');
    expect(validators.document(document)).toEqual([]);
  });

  it('keeps quotes, backslashes and control characters intact through JSON', async () => {
    const tricky = accepted(
      makeProduct('tea', {
        names: { en: 'Tea "Gorilla" \\ <b>&</b>\u0007', 'zh-CN': '卢旺达 "红茶" & <茶>' },
      }),
    );
    const document = JSON.parse((await render([tricky])).text);
    expect(document.items[0].title).toBe('卢旺达 "红茶" & <茶>');
    expect(document.items[0].titleEn).toBe('Tea "Gorilla" \\ <b>&</b>\u0007');
  });
});

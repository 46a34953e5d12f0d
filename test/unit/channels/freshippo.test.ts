import { describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import { PRODUCT_TYPES, type Product } from '../../../functions/core/catalogue/model.ts';
import type { ChannelIssue } from '../../../functions/core/channels/contract.ts';
import { freshippoChannel } from '../../../functions/core/channels/freshippo/channel.ts';
import { FRESHIPPO_NAMESPACE } from '../../../functions/core/channels/freshippo/render.ts';
import type { FreshippoItem } from '../../../functions/core/channels/freshippo/transform.ts';
import { loadFxRates } from '../../../functions/core/money.ts';
import { gtinFor, loadConfigFxRates, makeProduct, without } from '../../support/product-factory.ts';
import { validateFreshippoXml } from '../../support/schema-validators.ts';

const fx = loadConfigFxRates();
const context = { fx, generatedAt: '2026-11-28T02:00:00.000Z' };

const transform = (product: Product) => freshippoChannel.transform(product, context);
const codes = (issues: ChannelIssue[]) =>
  issues.map((issue) => `${issue.severity}:${issue.code}@${issue.field}`);
/** Issues other than the NAME_COMPOSED every glossary-named factory product carries. */
const only = (product: Product) =>
  codes(transform(product).issues).filter((code) => !code.includes('NAME_COMPOSED'));

function accepted(product: Product): FreshippoItem {
  const { item, issues } = transform(product);
  if (item === null) throw new Error(`rejected: ${codes(issues).join(', ')}`);
  return item;
}

async function render(items: Iterable<FreshippoItem> | AsyncIterable<FreshippoItem>) {
  const chunks: string[] = [];
  const summary = await freshippoChannel.render(
    'coop-huye',
    items,
    (chunk) => {
      chunks.push(chunk);
    },
    { generatedAt: context.generatedAt },
  );
  return { text: chunks.join(''), chunks, summary };
}

describe('freshippo transform: clean products', () => {
  it.each(PRODUCT_TYPES)('accepts a complete %s', (type) => {
    const { item, issues } = transform(makeProduct(type));
    expect(item).not.toBeNull();
    expect(codes(issues)).toEqual(type === 'other' ? [] : ['warning:NAME_COMPOSED@names.zh-CN']);
  });

  it('builds the item field by field (golden-ish, chilled beef in USD)', () => {
    expect(accepted(makeProduct('beef'))).toEqual({
      sku: 'BEEF-001',
      gtin: gtinFor('beef'),
      nameZh: '卢旺达 尼亚加塔雷 安科尔 牛肉 0.5kg',
      nameEn: 'Chilled Ankole beef striploin',
      nameComposed: true,
      categoryCode: '120101',
      brand: 'Nyagatare Ranch',
      spec: '0.5kg/盒',
      netContent: { value: '0.5', unitCode: 'KGM' },
      casePack: 8,
      // 24.00 USD x 7.1050 = 170.52 CNY
      unitPrice: {
        minor: 17052,
        currency: 'CNY',
        formatted: '170.52',
        fx: { from: 'USD', to: 'CNY', rate: '7.1050', date: '2026-11-27', source: 'PBoC central parity' },
        original: { minor: 2400, currency: 'USD' },
      },
      // 500 g is the whole tray
      pricePer500g: { minor: 17052, currency: 'CNY', formatted: '170.52' },
      shelfLifeDays: 21,
      storage: { coldChain: true, minC: 0, maxC: 4 },
      origin: { country: 'RW', district: 'Nyagatare', districtZh: '尼亚加塔雷', farm: 'Nyagatare ranch' },
      harvestDate: '2026-11-18',
      packDate: '2026-11-19',
      lot: 'NR-1119',
      certifications: [{ code: 'fairtrade', label: 'Fairtrade' }],
    });
  });

  it('gives a per-500 g price for fresh produce only', () => {
    // 2,000 RWF x 0.004895 = 9.79 CNY for 250 g -> 19.58 per 500 g
    expect(accepted(makeProduct('fresh-chili')).pricePer500g).toEqual({
      minor: 1958,
      currency: 'CNY',
      formatted: '19.58',
    });
    // 4.50 USD x 7.1050 = 31.97 CNY per kg -> 15.985 per 500 g -> half-up 15.99
    expect(accepted(makeProduct('avocado')).pricePer500g?.minor).toBe(1599);
    for (const type of [
      'honey',
      'coffee-green',
      'coffee-roasted',
      'tea',
      'dried-chili',
      'macadamia',
    ] as const) {
      expect(accepted(makeProduct(type)).pricePer500g).toBeNull();
    }
  });

  it('writes the spec text from net content and sales unit; sold by the kilogram means 1 kg', () => {
    expect(accepted(makeProduct('honey')).spec).toBe('500g/罐');
    expect(accepted(makeProduct('tea', { netContent: { value: 1.5, unit: 'kg' } })).spec).toBe('1.5kg/盒');
    const byWeight = accepted(without(makeProduct('avocado', { salesUnit: 'kg' }), 'netContent'));
    expect(byWeight.spec).toBe('1kg/份');
    expect(byWeight.netContent).toEqual({ value: '1', unitCode: 'KGM' });
  });
});

describe('freshippo rules: one test per code, with its field', () => {
  it('NAME_ZH_MISSING: type other without a zh-CN name', () => {
    const result = transform(makeProduct('other', { names: { en: 'Basket' } }));
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual(['error:NAME_ZH_MISSING@names.zh-CN']);
  });

  it('NAME_COMPOSED: warning, item kept', () => {
    const result = transform(makeProduct('honey'));
    expect(result.item?.nameComposed).toBe(true);
    expect(codes(result.issues)).toEqual(['warning:NAME_COMPOSED@names.zh-CN']);
  });

  it('GTIN_MISSING', () => {
    expect(only(without(makeProduct('honey'), 'gtin'))).toEqual(['error:GTIN_MISSING@gtin']);
  });

  it('GTIN_CHECK_DIGIT', () => {
    const good = gtinFor('honey');
    const bad = `${good.slice(0, -1)}${(Number(good.slice(-1)) + 1) % 10}`;
    expect(only(makeProduct('honey', { gtin: bad }))).toEqual(['error:GTIN_CHECK_DIGIT@gtin']);
    expect(only(makeProduct('honey', { gtin: '96385074' }))).toEqual([]); // GTIN-8
  });

  it('NET_CONTENT_MISSING', () => {
    expect(only(without(makeProduct('honey'), 'netContent'))).toEqual([
      'error:NET_CONTENT_MISSING@netContent',
    ]);
  });

  it('PRICE_NOT_POSITIVE, also after conversion', () => {
    expect(only(makeProduct('honey', { price: { minor: 0, currency: 'RWF' } }))).toEqual([
      'error:PRICE_NOT_POSITIVE@price',
    ]);
    expect(only(makeProduct('honey', { price: { minor: 1, currency: 'RWF' } }))).toEqual([
      'error:PRICE_NOT_POSITIVE@price',
    ]);
  });

  it('PRICE_OUT_OF_RANGE', () => {
    expect(
      only(makeProduct('honey', { price: { minor: Number.MAX_SAFE_INTEGER, currency: 'EUR' } })),
    ).toEqual(['error:PRICE_OUT_OF_RANGE@price']);
  });

  it('SHELF_LIFE_MISSING: food only', () => {
    expect(only(without(makeProduct('avocado'), 'shelfLifeDays'))).toEqual([
      'error:SHELF_LIFE_MISSING@shelfLifeDays',
    ]);
    expect(only(makeProduct('other'))).toEqual([]);
  });

  it('STORAGE_RANGE_MISSING: cold chain (beef, avocado) needs both ends', () => {
    expect(only(without(makeProduct('beef'), 'storageTemperature'))).toEqual([
      'error:STORAGE_RANGE_MISSING@storageTemperature',
    ]);
    expect(only(makeProduct('avocado', { storageTemperature: { maxC: 8 } }))).toEqual([
      'error:STORAGE_RANGE_MISSING@storageTemperature.minC',
    ]);
    expect(only(makeProduct('beef', { storageTemperature: { minC: 0 } }))).toEqual([
      'error:STORAGE_RANGE_MISSING@storageTemperature.maxC',
    ]);
    // not cold chain: optional
    const honey = accepted(without(makeProduct('honey'), 'storageTemperature'));
    expect(honey.storage).toEqual({ coldChain: false, minC: null, maxC: null });
  });

  it('STORAGE_RANGE_INVERTED: min above max, any product', () => {
    expect(only(makeProduct('beef', { storageTemperature: { minC: 4, maxC: 0 } }))).toEqual([
      'error:STORAGE_RANGE_INVERTED@storageTemperature',
    ]);
    expect(only(makeProduct('honey', { storageTemperature: { minC: 30, maxC: 10 } }))).toEqual([
      'error:STORAGE_RANGE_INVERTED@storageTemperature',
    ]);
  });

  it('FX_RATE_MISSING', () => {
    const noUsd = loadFxRates({ rates: fx.rates.filter((rate) => rate.from !== 'USD') });
    const result = freshippoChannel.transform(makeProduct('beef'), { fx: noUsd });
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toContain('error:FX_RATE_MISSING@price.currency');
  });

  it('CASE_PACK_DEFAULTED: 1 with a warning', () => {
    const result = transform(without(makeProduct('honey'), 'casePack'));
    expect(result.item?.casePack).toBe(1);
    expect(codes(result.issues)).toContain('warning:CASE_PACK_DEFAULTED@casePack');
  });

  it('HARVEST_DATE_MISSING: food only', () => {
    expect(only(without(makeProduct('honey'), 'harvestDate'))).toEqual([
      'warning:HARVEST_DATE_MISSING@harvestDate',
    ]);
    expect(only(without(makeProduct('other'), 'harvestDate'))).toEqual([]);
  });

  it('LOT_MISSING', () => {
    expect(only(without(makeProduct('honey'), 'lot'))).toEqual(['warning:LOT_MISSING@lot']);
  });

  it('emits only documented codes, all errors at once', () => {
    const product = without(
      makeProduct('beef', { names: { 'zh-CN': '牛肉' }, price: { minor: 0, currency: 'USD' } }),
      'gtin',
      'netContent',
      'shelfLifeDays',
      'storageTemperature',
      'casePack',
      'lot',
      'harvestDate',
    );
    const result = transform(product);
    expect(result.item).toBeNull();
    expect(codes(result.issues)).toEqual([
      'error:GTIN_MISSING@gtin',
      'error:NET_CONTENT_MISSING@netContent',
      'error:PRICE_NOT_POSITIVE@price',
      'error:SHELF_LIFE_MISSING@shelfLifeDays',
      'error:STORAGE_RANGE_MISSING@storageTemperature',
      'warning:CASE_PACK_DEFAULTED@casePack',
      'warning:HARVEST_DATE_MISSING@harvestDate',
      'warning:LOT_MISSING@lot',
    ]);
    const known = new Set([...freshippoChannel.issueCodes.errors, ...freshippoChannel.issueCodes.warnings]);
    for (const issue of result.issues) expect(known.has(issue.code)).toBe(true);
  });
});

describe('freshippo document', () => {
  const items = PRODUCT_TYPES.map((type) => accepted(makeProduct(type)));

  it('has a path per supplier', () => {
    expect(freshippoChannel.documentPath('coop-huye')).toBe('freshippo/coop-huye.xml');
    expect(() => freshippoChannel.documentPath('coop/../x')).toThrow(RangeError);
    expect(freshippoChannel.contentType).toBe('application/xml; charset=utf-8');
  });

  it('renders a full feed that validates against the XSD and parses back to the same values', async () => {
    const { text, summary } = await render(items);
    expect(await validateFreshippoXml(text)).toEqual([]);
    expect(summary).toEqual({ itemCount: items.length });

    const parsed = await parseStringPromise(text);
    expect(parsed.feed.$).toEqual({
      xmlns: FRESHIPPO_NAMESPACE,
      version: '1',
      type: 'full',
      supplier: 'coop-huye',
      generatedAt: '2026-11-28T02:00:00.000Z',
    });
    expect(parsed.feed.item).toHaveLength(items.length);
    expect(parsed.feed.trailer[0].$).toEqual({ itemCount: String(items.length), delistedCount: '0' });
    expect(parsed.feed.delist).toBeUndefined();

    const beef = parsed.feed.item.find((element: { $: { sku: string } }) => element.$.sku === 'BEEF-001');
    expect(beef.gtin).toEqual([gtinFor('beef')]);
    expect(beef.name[0]).toEqual({
      _: '卢旺达 尼亚加塔雷 安科尔 牛肉 0.5kg',
      $: { lang: 'zh-CN', composed: 'true' },
    });
    expect(beef.name[1]).toEqual({ _: 'Chilled Ankole beef striploin', $: { lang: 'en' } });
    expect(beef.spec).toEqual(['0.5kg/盒']);
    expect(beef.netContent[0]).toEqual({ _: '0.5', $: { unitCode: 'KGM' } });
    expect(beef.unitPrice[0]).toEqual({
      _: '170.52',
      $: { currency: 'CNY', minor: '17052', originalCurrency: 'USD', originalMinor: '2400' },
    });
    expect(beef.fxRate[0].$).toEqual({
      from: 'USD',
      to: 'CNY',
      rate: '7.1050',
      date: '2026-11-27',
      source: 'PBoC central parity',
    });
    expect(beef.pricePer500g[0]).toEqual({ _: '170.52', $: { currency: 'CNY', minor: '17052' } });
    expect(beef.storage[0].$).toEqual({ coldChain: 'true', minC: '0', maxC: '4' });
    expect(beef.origin[0].district[0]).toEqual({ _: 'Nyagatare', $: { zh: '尼亚加塔雷' } });
    expect(beef.certifications[0].certification[0]).toEqual({ _: 'Fairtrade', $: { code: 'fairtrade' } });

    const other = parsed.feed.item.find((element: { $: { sku: string } }) => element.$.sku === 'OTHER-001');
    expect(other.fxRate[0].$.from).toBe('RWF');
    expect(other.pricePer500g).toBeUndefined();
  });

  it('round-trips names with & < > quotes, Chinese text and stray control characters', async () => {
    const tricky = accepted(
      makeProduct('honey', {
        names: { en: `Bees & <Sons> "Ltd" 'Honey'\u0001`, 'zh-CN': '卢旺达 "森林" & <野生> 蜂蜜 𠮷' },
        brand: 'A&B <Apiary>',
        origin: { country: 'RW', district: 'Nyaruguru', farm: 'Coop "Ubuki" & Co' },
        certifications: [{ code: 'organic', label: 'EU Organic <BIO> & "Bio Suisse"' }],
      }),
    );
    const { text } = await render([tricky]);
    expect(await validateFreshippoXml(text)).toEqual([]);
    const item = (await parseStringPromise(text)).feed.item[0];
    expect(item.name[0]._).toBe('卢旺达 "森林" & <野生> 蜂蜜 𠮷');
    expect(item.name[1]._).toBe(`Bees & <Sons> "Ltd" 'Honey'`); // the illegal U+0001 is dropped
    expect(item.brand[0]).toBe('A&B <Apiary>');
    expect(item.origin[0].farm[0]).toBe('Coop "Ubuki" & Co');
    expect(item.certifications[0].certification[0]._).toBe('EU Organic <BIO> & "Bio Suisse"');
  });

  it('the XSD describes full feeds only: a delta type or a delist entry is refused', async () => {
    const { text } = await render(items.slice(0, 1));
    expect((await validateFreshippoXml(text.replace('type="full"', 'type="delta"'))).length).toBeGreaterThan(
      0,
    );
    const delist = text.replace('<trailer ', '<delist sku="GONE-1"/><trailer ');
    expect((await validateFreshippoXml(delist)).length).toBeGreaterThan(0);
  });

  it('renders an empty feed that still validates', async () => {
    const { text } = await render([]);
    expect(await validateFreshippoXml(text)).toEqual([]);
  });

  it('the XSD rejects a broken document (the validator is really checking)', async () => {
    const { text } = await render(items.slice(0, 1));
    expect((await validateFreshippoXml(text.replace('<casePack>', '<casePack>-'))).length).toBeGreaterThan(0);
    expect((await validateFreshippoXml(text.replace(/<trailer[^>]*\/>/, ''))).length).toBeGreaterThan(0);
  });

  it('streams thousands of items from an async source in bounded chunks', async () => {
    const base = accepted(makeProduct('avocado'));
    async function* many() {
      for (let i = 0; i < 5000; i++) yield { ...base, sku: `AVO-${i}` };
    }
    const { text, chunks, summary } = await render(many());
    expect(summary.itemCount).toBe(5000);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(70 * 1024);
    expect(await validateFreshippoXml(text)).toEqual([]);
    const feed = (await parseStringPromise(text)).feed;
    expect(feed.item).toHaveLength(5000);
    expect(feed.item[4999].$.sku).toBe('AVO-4999');
  });
});

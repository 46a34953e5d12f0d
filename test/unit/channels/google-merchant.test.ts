import { describe, expect, it } from 'vitest';
import { parseStringPromise } from 'xml2js';
import type { Product } from '../../../functions/core/catalogue/model.ts';
import type { ChannelIssue } from '../../../functions/core/channels/contract.ts';
import {
  createGoogleMerchantChannel,
  googleMerchantChannel,
} from '../../../functions/core/channels/google-merchant/channel.ts';
import { parseGoogleMerchantTargets } from '../../../functions/core/channels/google-merchant/targets.ts';
import {
  type GoogleMerchantItem,
  truncateCharacters,
} from '../../../functions/core/channels/google-merchant/transform.ts';
import { getChannel } from '../../../functions/core/channels/registry.ts';
import { loadConfigFxRates, makeProduct, without } from '../../support/product-factory.ts';
import { validateGoogleMerchantXml } from '../../support/schema-validators.ts';

const fx = loadConfigFxRates();
const context = { fx, generatedAt: '2026-11-28T02:00:00.000Z' };
const LINK = 'https://huye-mountain.rw/shop/hm-gb-001';

const transform = (product: Product) => googleMerchantChannel.transform(product, context);
const codes = (issues: ChannelIssue[]) =>
  issues.map((issue) => `${issue.severity}:${issue.code}@${issue.field}`);

function accepted(product: Product): GoogleMerchantItem {
  const { item, issues } = transform(product);
  if (item === null) throw new Error(`rejected: ${codes(issues).join(', ')}`);
  return item;
}

const coffee = (overrides: Partial<Product> = {}) =>
  makeProduct('coffee-green', {
    sku: 'HM-GB-001',
    link: LINK,
    description: 'Washed Red Bourbon from the Huye hills.',
    grossWeight: { value: 1.05, unit: 'kg' },
    ...overrides,
  });

async function render(items: GoogleMerchantItem[], target?: string): Promise<string> {
  let text = '';
  await googleMerchantChannel.render(
    'coop-huye',
    items,
    (chunk) => {
      text += chunk;
    },
    { generatedAt: context.generatedAt, ...(target === undefined ? {} : { target }) },
  );
  return text;
}

describe('google-merchant transform', () => {
  it('maps a complete product, converting the price per target with the rate used', () => {
    const item = accepted(coffee());
    expect(item).toMatchObject({
      id: 'HM-GB-001',
      link: LINK,
      imageLink: 'https://images.example.rw/coffee-green/1.jpg',
      additionalImageLinks: [],
      availability: 'in_stock',
      brand: 'Huye Mountain',
      identifierExists: true,
      condition: 'new',
      googleProductCategory: 1868,
      productType: 'Coffee > Green coffee',
      itemGroupId: null,
      shippingWeight: '1.05 kg',
      unitPricingMeasure: '1 kg',
      originalPrice: { minor: 1850, currency: 'USD' },
    });
    // USD 18.50 x 0.9206 = 17.0311 -> 17.03 EUR; US keeps the producer's USD, unconverted.
    expect(item.offers.map((offer) => [offer.country, offer.language, offer.price.text])).toEqual([
      ['DE', 'en', '17.03 EUR'],
      ['FR', 'fr', '17.03 EUR'],
      ['US', 'en', '18.50 USD'],
    ]);
    expect(item.offers[0]?.price.fx).toMatchObject({ from: 'USD', to: 'EUR', rate: '0.9206' });
    expect(item.offers[2]?.price.fx).toBeNull();
    expect(item.offers[0]?.title).toBe('Huye Mountain Red Bourbon washed green coffee');
    expect(item.offers[1]?.title).toBe('Café vert lavé Red Bourbon');
  });

  it('rejects a product without a product page with LINK_REQUIRED', () => {
    const { item, issues } = transform(without(coffee(), 'link'));
    expect(item).toBeNull();
    expect(codes(issues)).toEqual(['error:LINK_REQUIRED@link']);
  });

  it('rejects ids over 50 characters, no image and a wrong check digit', () => {
    const { item, issues } = transform(
      coffee({ sku: `HM-${'X'.repeat(48)}`, images: [], gtin: '6163001000013' }),
    );
    expect(item).toBeNull();
    expect(codes(issues)).toEqual([
      'error:ID_TOO_LONG@sku',
      'error:IMAGE_MISSING@images',
      'error:GTIN_CHECK_DIGIT@gtin',
    ]);
  });

  it('writes identifier_exists=no for an unbarcoded product, and out_of_stock at zero stock', () => {
    const item = accepted(without(coffee({ stock: 0 }), 'gtin'));
    expect(item.gtin).toBeNull();
    expect(item.identifierExists).toBe(false);
    expect(item.availability).toBe('out_of_stock');
  });

  it('sends a sale price only when it is lower than the price', () => {
    const lower = accepted(coffee({ salePrice: { minor: 1500, currency: 'USD' } }));
    expect(lower.offers.map((offer) => offer.salePrice?.text)).toEqual([
      '13.81 EUR',
      '13.81 EUR',
      '15.00 USD',
    ]);
    const { item, issues } = transform(coffee({ salePrice: { minor: 1850, currency: 'USD' } }));
    expect(item?.offers.every((offer) => offer.salePrice === null)).toBe(true);
    expect(codes(issues)).toEqual(['warning:SALE_PRICE_IGNORED@salePrice']);
  });

  it('cuts a long title at a word boundary with a warning, and falls back to another language', () => {
    const long = `${'Rwanda specialty coffee '.repeat(7)}end`;
    const { item, issues } = transform(coffee({ names: { en: long } }));
    const title = item?.offers[0]?.title ?? '';
    expect(Array.from(title).length).toBeLessThanOrEqual(150);
    expect(title.endsWith('coffee')).toBe(true);
    expect(codes(issues)).toEqual([
      'warning:TITLE_TRUNCATED@names.en',
      'warning:TITLE_LANGUAGE_FALLBACK@names.fr',
    ]);
    expect(truncateCharacters('abc', 150)).toBe('abc');
  });

  it('composes a description when none is given', () => {
    const { item, issues } = transform(without(coffee(), 'description'));
    expect(item?.offers[0]?.description).toBe(
      'Huye Mountain Red Bourbon washed green coffee. Variety: Red Bourbon, Process: washed, Grade: A1. ' +
        'Origin: Huye Mountain Coffee washing station, Huye, Rwanda. Certifications: Fairtrade.',
    );
    expect(codes(issues)).toEqual(['warning:DESCRIPTION_COMPOSED@description']);
  });

  it('writes weights in units Google accepts: tonnes as kilograms; over 2000 kg left out', () => {
    expect(accepted(coffee({ grossWeight: { value: 250, unit: 'g' } })).shippingWeight).toBe('250 g');
    expect(accepted(coffee({ grossWeight: { value: 1.2, unit: 't' } })).shippingWeight).toBe('1200 kg');
    const { item, issues } = transform(coffee({ grossWeight: { value: 2.5, unit: 't' } }));
    expect(item?.shippingWeight).toBeNull();
    expect(codes(issues)).toEqual(['warning:SHIPPING_WEIGHT_OUT_OF_RANGE@grossWeight']);
  });

  it('rejects the product when a target currency has no rate', () => {
    const rwf = createGoogleMerchantChannel([{ country: 'CN', currency: 'CNY', language: 'en' }]);
    const euro = coffee({ price: { minor: 1000, currency: 'EUR' } });
    expect(rwf.transform(euro, context).item?.offers[0]?.price.text).toBe('77.18 CNY');
    const onlyUsd = createGoogleMerchantChannel([{ country: 'US', currency: 'USD', language: 'en' }]);
    const yuan = coffee({ price: { minor: 1000, currency: 'CNY' } });
    const { item, issues } = onlyUsd.transform(yuan, context);
    expect(item).toBeNull();
    expect(codes(issues)).toEqual(['error:FX_RATE_MISSING@price.currency']);
  });
});

describe('google-merchant render', () => {
  it('writes one RSS 2.0 document per target country that the XSD accepts', async () => {
    const items = [accepted(coffee()), accepted(without(coffee({ sku: 'HM-GB-002' }), 'gtin'))];
    const de = await render(items, 'DE');
    expect(await validateGoogleMerchantXml(de)).toEqual([]);
    const parsed = await parseStringPromise(de);
    const channel = parsed.rss.channel[0];
    expect(channel.language).toEqual(['en']);
    expect(channel.link).toEqual(['https://huye-mountain.rw']);
    const [first, second] = channel.item;
    expect(first['g:price']).toEqual(['17.03 EUR']);
    expect(first['g:gtin']).toEqual([items[0]?.gtin]);
    expect(first['g:identifier_exists']).toBeUndefined();
    expect(second['g:identifier_exists']).toEqual(['no']);
    expect(second['g:gtin']).toBeUndefined();
    expect(channel['fb:trailer'][0].$).toEqual({ itemCount: '2', country: 'DE', currency: 'EUR' });
    const us = await render(items, 'US');
    expect(us).toContain('<g:price>18.50 USD</g:price>');
    expect(us).not.toContain('fb:fxRate');
    expect(await validateGoogleMerchantXml(us)).toEqual([]);
  });

  it('names one document per producer and country and refuses unknown targets', () => {
    expect(googleMerchantChannel.documentTargets).toEqual(['DE', 'FR', 'US']);
    expect(googleMerchantChannel.documentPath('coop-huye', 'FR')).toBe('google-merchant/coop-huye/FR.xml');
    expect(() => googleMerchantChannel.documentPath('coop-huye', 'JP')).toThrow(RangeError);
    expect(() => googleMerchantChannel.documentPath('../x', 'DE')).toThrow(RangeError);
  });

  it('is built with the configured targets through the registry', () => {
    const parsed = parseGoogleMerchantTargets('US:USD:en');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(getChannel('google-merchant', { googleMerchantTargets: parsed.targets })?.documentTargets).toEqual(
      ['US'],
    );
  });

  it('escapes text and writes an empty document as valid RSS', async () => {
    const item = accepted(coffee({ names: { en: 'Coffee <A1> & "best"' } }));
    const xml = await render([item], 'DE');
    expect(xml).toContain('<g:title>Coffee &lt;A1&gt; &amp; &quot;best&quot;</g:title>');
    expect(await validateGoogleMerchantXml(await render([], 'DE'))).toEqual([]);
  });
});

describe('google-merchant targets', () => {
  it('parses country:currency:language lists and refuses bad ones', () => {
    expect(parseGoogleMerchantTargets('DE:EUR:en, US:USD:en')).toEqual({
      ok: true,
      targets: [
        { country: 'DE', currency: 'EUR', language: 'en' },
        { country: 'US', currency: 'USD', language: 'en' },
      ],
    });
    expect(parseGoogleMerchantTargets('')).toMatchObject({ ok: false });
    expect(parseGoogleMerchantTargets('GB:GBP:en')).toMatchObject({ ok: false, message: /currency/ });
    expect(parseGoogleMerchantTargets('DE:EUR:en,DE:EUR:fr')).toMatchObject({ ok: false, message: /twice/ });
  });
});

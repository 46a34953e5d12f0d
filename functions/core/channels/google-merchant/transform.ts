import type { Locale, Money, Product, Quantity } from '../../catalogue/model.ts';
import type { CurrencyCode } from '../../catalogue/model-constants.ts';
import { gtinProblem } from '../../gtin.ts';
import { convertQuantity, formatQuantityValue, rationalToNumber } from '../../units.ts';
import {
  type ConvertedPrice,
  characterCount,
  effectiveNetContent,
  error,
  hasError,
  toPriceIn,
  warning,
} from '../channel-helpers.ts';
import type { ChannelIssue, TransformContext, TransformResult } from '../contract.ts';
import type { GoogleMerchantLanguage, GoogleMerchantTarget } from './targets.ts';
import { GOOGLE_MEASURE_UNITS, GOOGLE_PRODUCT_CATEGORIES, PRODUCT_TYPE_LABELS } from './vocabulary.ts';

export const GOOGLE_MERCHANT_ERROR_CODES = [
  'ID_TOO_LONG',
  'LINK_REQUIRED',
  'IMAGE_MISSING',
  'GTIN_CHECK_DIGIT',
  'ITEM_GROUP_ID_TOO_LONG',
  'PRICE_NOT_POSITIVE',
  'PRICE_OUT_OF_RANGE',
  'FX_RATE_MISSING',
] as const;
export const GOOGLE_MERCHANT_WARNING_CODES = [
  'TITLE_TRUNCATED',
  'TITLE_LANGUAGE_FALLBACK',
  'DESCRIPTION_COMPOSED',
  'SALE_PRICE_IGNORED',
  'ADDITIONAL_IMAGES_DROPPED',
  'SHIPPING_WEIGHT_OUT_OF_RANGE',
  'BRAND_TOO_LONG',
] as const;

/** Limits of Google's product data specification (characters, counted as code points). */
export const GOOGLE_LIMITS = {
  id: 50,
  brand: 70,
  itemGroupId: 50,
  title: 150,
  description: 5000,
  additionalImages: 10,
  /** shipping_weight: 0-2000 for lb and kg (so 2,000,000 g). */
  shippingWeightKg: 2000,
} as const;

/** A price as Google writes it: "12.50 EUR", with the minor units, the rate and what the producer asked. */
export interface GoogleMerchantPrice {
  text: string;
  minor: number;
  currency: ConvertedPrice['currency'];
  fx: ConvertedPrice['fx'];
}

/** What differs between the documents of one item: language and currency. */
export interface GoogleMerchantOffer {
  country: string;
  language: GoogleMerchantLanguage;
  title: string;
  description: string;
  price: GoogleMerchantPrice;
  salePrice: GoogleMerchantPrice | null;
}

export interface GoogleMerchantItem {
  id: string;
  link: string;
  imageLink: string;
  additionalImageLinks: string[];
  availability: 'in_stock' | 'out_of_stock';
  brand: string | null;
  gtin: string | null;
  /** False for an unbarcoded product: g:identifier_exists is written as "no". */
  identifierExists: boolean;
  condition: 'new';
  googleProductCategory: number | null;
  productType: string;
  itemGroupId: string | null;
  shippingWeight: string | null;
  unitPricingMeasure: string | null;
  /** The price the producer asked, before conversion. */
  originalPrice: { minor: number; currency: ConvertedPrice['currency'] };
  /** One per configured target, in the targets' order. */
  offers: GoogleMerchantOffer[];
}

/** The order names are tried in for a language: its own, then English, French, Kinyarwanda, Chinese. */
const NAME_FALLBACK: readonly Locale[] = ['en', 'fr', 'rw', 'zh-CN'];

function pickName(product: Product, language: GoogleMerchantLanguage): { text: string; locale: Locale } {
  for (const locale of [language, ...NAME_FALLBACK]) {
    const name = product.names[locale];
    if (name !== undefined) return { text: name, locale };
  }
  // namesSchema guarantees at least one name; this is the model's promise broken.
  throw new TypeError(`product ${product.sku} has no name`);
}

/** At most `limit` characters, cut at the last word boundary when one is near the end. */
export function truncateCharacters(text: string, limit: number): string {
  // Code points never outnumber UTF-16 units: a text this short needs no splitting.
  if (text.length <= limit) return text;
  const characters = Array.from(text);
  if (characters.length <= limit) return text;
  const cut = characters.slice(0, limit).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace >= cut.length * 0.8 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

function composedDescription(product: Product, title: string): string {
  const parts: string[] = [title.replace(/\.$/, '')];
  const details = Object.entries(product.attributes)
    .filter(([key]) => ['variety', 'process', 'grade', 'roast'].includes(key))
    .map(([key, value]) => `${key.charAt(0).toUpperCase()}${key.slice(1)}: ${value}`);
  if (details.length > 0) parts.push(details.join(', '));
  const origin = [product.origin.farm, product.origin.district, 'Rwanda'].filter(Boolean).join(', ');
  parts.push(`Origin: ${origin}`);
  if (product.certifications.length > 0) {
    parts.push(`Certifications: ${product.certifications.map((c) => c.label).join(', ')}`);
  }
  const text = parts.join('. ');
  return text.endsWith('.') ? text : `${text}.`;
}

/** "250 g", "1.2 kg", "750 ml": Google's number plus unit; tonnes become kilograms. */
export function googleMeasure(quantity: Quantity): string {
  if (quantity.unit === 't') {
    const kilograms = convertQuantity(quantity, 'kg');
    return `${formatQuantityValue(kilograms === null ? quantity.value * 1000 : rationalToNumber(kilograms))} kg`;
  }
  return `${formatQuantityValue(quantity.value)} ${GOOGLE_MEASURE_UNITS[quantity.unit]}`;
}

function shippingWeight(product: Product, issues: ChannelIssue[]): string | null {
  const weight = product.grossWeight;
  if (weight === undefined) return null;
  const kilograms = convertQuantity(weight, 'kg');
  if (kilograms !== null && rationalToNumber(kilograms) > GOOGLE_LIMITS.shippingWeightKg) {
    issues.push(
      warning(
        'SHIPPING_WEIGHT_OUT_OF_RANGE',
        'grossWeight',
        `a shipping weight of ${googleMeasure(weight)} is above Google's ${GOOGLE_LIMITS.shippingWeightKg} kg: left out`,
      ),
    );
    return null;
  }
  return googleMeasure(weight);
}

function googlePrice(price: ConvertedPrice): GoogleMerchantPrice {
  return {
    text: `${price.formatted} ${price.currency}`,
    minor: price.minor,
    currency: price.currency,
    fx: price.fx,
  };
}

function checkIdentity(product: Product, issues: ChannelIssue[]): void {
  if (characterCount(product.sku) > GOOGLE_LIMITS.id) {
    issues.push(
      error(
        'ID_TOO_LONG',
        'sku',
        `Google takes ids of at most ${GOOGLE_LIMITS.id} characters; this SKU has ${characterCount(product.sku)}`,
      ),
    );
  }
  if (product.link === undefined) {
    issues.push(
      error(
        'LINK_REQUIRED',
        'link',
        "Google Merchant Center needs the product page on your shop (an https address): add a product page column, or for a Shopify export the shop's address (the profile's defaults.shopUrl)",
      ),
    );
  }
  if (product.images.length === 0) {
    issues.push(error('IMAGE_MISSING', 'images', 'Google Merchant Center needs at least one image (https)'));
  }
  if (product.itemGroupId !== undefined && characterCount(product.itemGroupId) > GOOGLE_LIMITS.itemGroupId) {
    issues.push(
      error(
        'ITEM_GROUP_ID_TOO_LONG',
        'itemGroupId',
        `Google takes item group ids of at most ${GOOGLE_LIMITS.itemGroupId} characters`,
      ),
    );
  }
  if (product.gtin !== undefined && gtinProblem(product.gtin) !== null) {
    issues.push(
      error(
        'GTIN_CHECK_DIGIT',
        'gtin',
        `GTIN ${product.gtin} has a wrong GS1 check digit: Google refuses it`,
      ),
    );
  }
}

/**
 * What one product's offers share: the default targets sell in EUR twice and in English twice,
 * so each conversion and each description is worked out once per product, not once per target.
 */
interface OfferMemo {
  reported: Set<string>;
  prices: Map<string, { price: ConvertedPrice<CurrencyCode> | null; issues: ChannelIssue[] }>;
  descriptions: Map<string, string>;
}

function convertedOnce(
  memo: OfferMemo,
  field: 'price' | 'salePrice',
  money: Money,
  currency: CurrencyCode,
  context: TransformContext,
) {
  const key = `${field}:${currency}`;
  let converted = memo.prices.get(key);
  if (converted === undefined) {
    const issues: ChannelIssue[] = [];
    converted = { price: toPriceIn(money, currency, context.fx, field, issues), issues };
    memo.prices.set(key, converted);
  }
  return converted;
}

function offerFor(
  product: Product,
  target: GoogleMerchantTarget,
  context: TransformContext,
  issues: ChannelIssue[],
  memo: OfferMemo,
): GoogleMerchantOffer | null {
  const once = (issue: ChannelIssue) => {
    const key = `${issue.code}:${issue.field}`;
    if (memo.reported.has(key)) return;
    memo.reported.add(key);
    issues.push(issue);
  };
  const converted = convertedOnce(memo, 'price', product.price, target.currency, context);
  for (const issue of converted.issues) once(issue);
  const price = converted.price;
  if (price === null) return null;

  let salePrice: GoogleMerchantPrice | null = null;
  if (product.salePrice !== undefined) {
    const sale = convertedOnce(memo, 'salePrice', product.salePrice, target.currency, context).price;
    if (sale !== null && sale.minor < price.minor) salePrice = googlePrice(sale);
    else {
      once(
        warning(
          'SALE_PRICE_IGNORED',
          'salePrice',
          'the sale price is not lower than the price (or cannot be converted): only the price is sent',
        ),
      );
    }
  }

  const name = pickName(product, target.language);
  if (name.locale !== target.language) {
    once(
      warning(
        'TITLE_LANGUAGE_FALLBACK',
        `names.${target.language}`,
        `no ${target.language} name for ${target.country}: the ${name.locale} name is sent`,
      ),
    );
  }
  const title = truncateCharacters(name.text, GOOGLE_LIMITS.title);
  if (title !== name.text) {
    once(
      warning(
        'TITLE_TRUNCATED',
        `names.${name.locale}`,
        `Google shows at most ${GOOGLE_LIMITS.title} characters of a title: it was shortened`,
      ),
    );
  }
  let description = product.description;
  if (description === undefined) {
    description = memo.descriptions.get(name.text) ?? composedDescription(product, name.text);
    memo.descriptions.set(name.text, description);
    once(
      warning(
        'DESCRIPTION_COMPOSED',
        'description',
        'no description given: one was composed from the name, attributes and origin',
      ),
    );
  }
  return {
    country: target.country,
    language: target.language,
    title,
    description: truncateCharacters(description, GOOGLE_LIMITS.description),
    price: googlePrice(price),
    salePrice,
  };
}

/** One canonical product -> one Google Merchant item carrying an offer per target country. */
export function transformGoogleMerchant(
  product: Product,
  context: TransformContext,
  targets: readonly GoogleMerchantTarget[],
): TransformResult<GoogleMerchantItem> {
  const issues: ChannelIssue[] = [];
  checkIdentity(product, issues);
  const memo: OfferMemo = { reported: new Set(), prices: new Map(), descriptions: new Map() };
  const offers: GoogleMerchantOffer[] = [];
  for (const target of targets) {
    const offer = offerFor(product, target, context, issues, memo);
    if (offer !== null) offers.push(offer);
  }
  const [imageLink, ...rest] = product.images;
  if (rest.length > GOOGLE_LIMITS.additionalImages) {
    issues.push(
      warning(
        'ADDITIONAL_IMAGES_DROPPED',
        'images',
        `Google takes ${GOOGLE_LIMITS.additionalImages} additional images: ${rest.length - GOOGLE_LIMITS.additionalImages} left out`,
      ),
    );
  }
  const weight = shippingWeight(product, issues);
  let brand = product.brand ?? null;
  if (brand !== null && characterCount(brand) > GOOGLE_LIMITS.brand) {
    issues.push(
      warning(
        'BRAND_TOO_LONG',
        'brand',
        `Google takes brands of at most ${GOOGLE_LIMITS.brand} characters: left out`,
      ),
    );
    brand = null;
  }
  if (hasError(issues) || imageLink === undefined || product.link === undefined)
    return { item: null, issues };

  const netContent = effectiveNetContent(product);
  const item: GoogleMerchantItem = {
    id: product.sku,
    link: product.link,
    imageLink,
    additionalImageLinks: rest.slice(0, GOOGLE_LIMITS.additionalImages),
    availability: product.stock > 0 ? 'in_stock' : 'out_of_stock',
    brand,
    gtin: product.gtin ?? null,
    identifierExists: product.gtin !== undefined,
    condition: 'new',
    googleProductCategory: GOOGLE_PRODUCT_CATEGORIES[product.productType]?.id ?? null,
    productType: PRODUCT_TYPE_LABELS[product.productType],
    itemGroupId: product.itemGroupId ?? null,
    shippingWeight: weight,
    unitPricingMeasure: netContent === undefined ? null : googleMeasure(netContent),
    originalPrice: { minor: product.price.minor, currency: product.price.currency },
    offers,
  };
  return { item, issues };
}

import type { Certification, Product, Quantity } from '../../catalogue/model.ts';
import { formatRational, type Rational, rationalToNumber, toGrams, type UneceUnitCode } from '../../units.ts';
import {
  type CnyPrice,
  checkChineseTitle,
  checkShelfLife,
  cnyMoney,
  effectiveNetContent,
  error,
  hasError,
  toCnyPrice,
  warning,
} from '../channel-helpers.ts';
import { chineseTitle } from '../chinese-title.ts';
import type { ChannelIssue, TransformContext, TransformResult } from '../contract.ts';
import { CERTIFICATION_ZH, COUNTRY_ZH, districtZh, SALES_UNIT_ZH } from '../mappings/glossary-zh.ts';
import { allowedHsHeadingsText, HS_MIN_DIGITS, hsCodeFitsProductType } from '../mappings/hs-headings.ts';
import { TMALL_GLOBAL_CATEGORY_IDS } from './categories.ts';

export const TMALL_GLOBAL_ERROR_CODES = [
  'TITLE_ZH_MISSING',
  'TITLE_TOO_LONG',
  'HS_CODE_MISSING',
  'HS_CODE_INCOMPLETE',
  'HS_CODE_MISMATCH',
  'PRICE_NOT_POSITIVE',
  'PRICE_OUT_OF_RANGE',
  'STOCK_NEGATIVE',
  'SHELF_LIFE_MISSING',
  'FX_RATE_MISSING',
  'GROSS_WEIGHT_BELOW_NET',
] as const;
export const TMALL_GLOBAL_WARNING_CODES = [
  'IMAGES_MISSING',
  'TITLE_COMPOSED',
  'BRAND_MISSING',
  'NET_WEIGHT_MISSING',
] as const;

/**
 * Tmall's title limit is 60 characters. Counted in Unicode characters, one per Chinese character,
 * Latin letter, digit or space (not UTF-16 units, not bytes). Some seller tools apply a stricter
 * 30-汉字 byte rule; a producer who needs it can give a shorter zh-CN name.
 */
export const TMALL_TITLE_MAX_CHARACTERS = 60;

/**
 * Cross-border mode rule. Bonded-warehouse stock (保税备货) is shipped into a Chinese bonded zone
 * in bulk ahead of sales, which only pays for goods that keep and sell in volume; everything else
 * ships per order from Rwanda (直邮, the default).
 */
export const BONDED_MIN_SHELF_LIFE_DAYS = 180;
export const BONDED_MIN_STOCK = 500;

/** China Customs' first legal unit for every heading this catalogue maps to (chapters 02, 04, 07, 08, 09). */
export const CUSTOMS_LEGAL_UNIT = { unitCode: 'KGM', gaccCode: '035', nameZh: '千克' } as const;

export interface Weight {
  /** Grams, at most three decimals. */
  grams: number;
  /** Kilograms as decimal text with three decimals ("0.500"). */
  kg: string;
}

export interface TmallGlobalItem {
  sku: string;
  title: string;
  titleEn: string | null;
  titleComposed: boolean;
  categoryId: number;
  brand: string | null;
  origin: {
    country: 'RW';
    countryZh: string;
    /** District as the producer wrote it. */
    region: string | null;
    regionZh: string | null;
  };
  hsCode: string;
  customs: {
    declaredValue: { minor: number; currency: 'CNY'; formatted: string };
    declaredUnit: { unitCode: UneceUnitCode; nameZh: string };
    legalUnit: typeof CUSTOMS_LEGAL_UNIT;
    /** Net kilograms per declared unit; null when the net content is missing or a volume. */
    legalQuantity: string | null;
  };
  skus: Array<{ skuCode: string; price: CnyPrice; stock: number }>;
  netWeight: Weight | null;
  /** Packed weight as the producer gave it; null when not given. */
  grossWeight: Weight | null;
  images: string[];
  shelfLifeDays: number | null;
  certifications: Array<{ code: Certification['code']; label: string; nameZh: string }>;
  crossBorderMode: 'bonded' | 'direct-mail';
}

export function crossBorderModeFor(product: Product): 'bonded' | 'direct-mail' {
  return product.shelfLifeDays !== undefined &&
    product.shelfLifeDays >= BONDED_MIN_SHELF_LIFE_DAYS &&
    product.stock >= BONDED_MIN_STOCK
    ? 'bonded'
    : 'direct-mail';
}

function gramsOf(quantity: Quantity | undefined): Rational | null {
  return quantity === undefined ? null : toGrams(quantity);
}

function weightOf(grams: Rational | null): Weight | null {
  if (grams === null) return null;
  return {
    grams: rationalToNumber(grams, 3),
    kg: formatRational({ num: grams.num, den: grams.den * 1000n }, 3),
  };
}

/** Exact, on rationals: a gross weight equal to the net weight (no packaging) is allowed. */
function isLighter(a: Rational, b: Rational): boolean {
  return a.num * b.den < b.num * a.den;
}

function officialDistrict(district: string | undefined): string | null {
  return district === undefined ? null : districtZh(district);
}

export function transformTmallGlobal(
  product: Product,
  context: TransformContext,
): TransformResult<TmallGlobalItem> {
  const issues: ChannelIssue[] = [];

  const title = chineseTitle(product);
  if (title === null) {
    issues.push(
      error(
        'TITLE_ZH_MISSING',
        'names.zh-CN',
        `no Simplified Chinese name, and a title cannot be composed for product type '${product.productType}': add a zh-CN name`,
      ),
    );
  } else {
    checkChineseTitle(title, TMALL_TITLE_MAX_CHARACTERS, 'Tmall', issues);
  }

  const hsCode = product.hsCode;
  if (hsCode === undefined) {
    issues.push(
      error('HS_CODE_MISSING', 'hsCode', 'an HS code is required for cross-border customs declaration'),
    );
  } else {
    if (hsCode.length < HS_MIN_DIGITS) {
      issues.push(
        error(
          'HS_CODE_INCOMPLETE',
          'hsCode',
          `HS code ${hsCode} has ${hsCode.length} digits; customs needs at least ${HS_MIN_DIGITS} (the subheading)`,
        ),
      );
    }
    if (!hsCodeFitsProductType(hsCode, product.productType)) {
      issues.push(
        error(
          'HS_CODE_MISMATCH',
          'hsCode',
          `HS code ${hsCode} does not fit product type '${product.productType}' (expected ${allowedHsHeadingsText(product.productType)})`,
        ),
      );
    }
  }

  const price = toCnyPrice(product.price, context.fx, 'price', issues);

  if (product.stock < 0) {
    issues.push(
      error('STOCK_NEGATIVE', 'stock', `stock is ${product.stock}; Tmall needs zero or more units`),
    );
  }

  checkShelfLife(product, issues);

  if (product.images.length === 0) {
    issues.push(warning('IMAGES_MISSING', 'images', 'no images: Tmall listings without images sell poorly'));
  }
  if (product.brand === undefined) {
    issues.push(warning('BRAND_MISSING', 'brand', 'no brand: the item is listed without one'));
  }
  const netGrams = gramsOf(effectiveNetContent(product));
  const grossGrams = gramsOf(product.grossWeight);
  const netWeight = weightOf(netGrams);
  const grossWeight = weightOf(grossGrams);
  if (netGrams !== null && grossGrams !== null && isLighter(grossGrams, netGrams)) {
    issues.push(
      error(
        'GROSS_WEIGHT_BELOW_NET',
        'grossWeight',
        `gross weight ${grossWeight?.kg} kg is below the net weight ${netWeight?.kg} kg: customs refuses the declaration`,
      ),
    );
  }
  if (netWeight === null) {
    issues.push(
      warning(
        'NET_WEIGHT_MISSING',
        'netContent',
        'no net mass (missing, or given as a volume): net weight and the customs legal quantity are left empty',
      ),
    );
  }

  if (title === null || hsCode === undefined || price === null || hasError(issues)) {
    return { item: null, issues };
  }

  const district = product.origin.district ?? null;
  const official = officialDistrict(product.origin.district);
  const item: TmallGlobalItem = {
    sku: product.sku,
    title: title.text,
    titleEn: product.names.en ?? null,
    titleComposed: title.composed,
    categoryId: TMALL_GLOBAL_CATEGORY_IDS[product.productType],
    brand: product.brand ?? null,
    origin: {
      country: product.origin.country,
      countryZh: COUNTRY_ZH[product.origin.country],
      region: district,
      regionZh: official,
    },
    hsCode,
    customs: {
      declaredValue: cnyMoney(price.minor),
      declaredUnit: { unitCode: 'H87', nameZh: SALES_UNIT_ZH[product.salesUnit] },
      legalUnit: CUSTOMS_LEGAL_UNIT,
      legalQuantity: netWeight === null ? null : netWeight.kg,
    },
    skus: [{ skuCode: product.sku, price, stock: product.stock }],
    netWeight,
    grossWeight,
    images: product.images,
    shelfLifeDays: product.shelfLifeDays ?? null,
    certifications: product.certifications.map((certification) => ({
      code: certification.code,
      label: certification.label,
      nameZh: CERTIFICATION_ZH[certification.code],
    })),
    crossBorderMode: crossBorderModeFor(product),
  };
  return { item, issues };
}

import {
  type Certification,
  FOOD_PRODUCT_TYPES,
  type Product,
  type ProductType,
} from '../../catalogue/model.ts';
import { gtinProblem } from '../../gtin.ts';
import { formatQuantityValue, pricePer500g, type UneceUnitCode, uneceCode } from '../../units.ts';
import {
  type CnyPrice,
  checkShelfLife,
  cnyMoney,
  effectiveNetContent,
  error,
  hasError,
  quantityTextZh,
  toCnyPrice,
  warning,
} from '../channel-helpers.ts';
import { chineseTitle } from '../chinese-title.ts';
import type { ChannelIssue, TransformContext, TransformResult } from '../contract.ts';
import { districtZh, SALES_UNIT_ZH } from '../mappings/glossary-zh.ts';
import { FRESHIPPO_CATEGORY_CODES } from './categories.ts';

export const FRESHIPPO_ERROR_CODES = [
  'NAME_ZH_MISSING',
  'GTIN_MISSING',
  'GTIN_CHECK_DIGIT',
  'NET_CONTENT_MISSING',
  'PRICE_NOT_POSITIVE',
  'PRICE_OUT_OF_RANGE',
  'SHELF_LIFE_MISSING',
  'STORAGE_RANGE_MISSING',
  'STORAGE_RANGE_INVERTED',
  'FX_RATE_MISSING',
] as const;
export const FRESHIPPO_WARNING_CODES = [
  'CASE_PACK_DEFAULTED',
  'HARVEST_DATE_MISSING',
  'LOT_MISSING',
  'NAME_COMPOSED',
] as const;

/** Sold and priced by weight on the shelf, so the feed carries a per-500 g (one jin) price. */
export const FRESH_PRODUCT_TYPES: ReadonlySet<ProductType> = new Set(['fresh-chili', 'avocado', 'beef']);
/** Kept refrigerated from farm to shelf: a storage range with both ends is required. */
export const COLD_CHAIN_PRODUCT_TYPES: ReadonlySet<ProductType> = new Set(['beef', 'avocado']);

export interface FreshippoItem {
  sku: string;
  gtin: string;
  nameZh: string;
  nameEn: string | null;
  nameComposed: boolean;
  categoryCode: string;
  brand: string | null;
  /** "500g/袋": net content per sales unit and the packaging word. */
  spec: string;
  netContent: { value: string; unitCode: UneceUnitCode };
  casePack: number;
  unitPrice: CnyPrice;
  pricePer500g: { minor: number; currency: 'CNY'; formatted: string } | null;
  shelfLifeDays: number | null;
  storage: { coldChain: boolean; minC: number | null; maxC: number | null };
  origin: { country: 'RW'; district: string | null; districtZh: string | null; farm: string | null };
  harvestDate: string | null;
  packDate: string | null;
  lot: string | null;
  certifications: Array<{ code: Certification['code']; label: string }>;
}

function checkStorage(product: Product, coldChain: boolean, issues: ChannelIssue[]): void {
  const minC = product.storageTemperature?.minC;
  const maxC = product.storageTemperature?.maxC;
  if (coldChain && (minC === undefined || maxC === undefined)) {
    const field =
      minC === undefined && maxC === undefined
        ? 'storageTemperature'
        : minC === undefined
          ? 'storageTemperature.minC'
          : 'storageTemperature.maxC';
    issues.push(
      error(
        'STORAGE_RANGE_MISSING',
        field,
        `${product.productType} is cold-chain: give both the minimum and maximum storage temperature (°C)`,
      ),
    );
  }
  if (minC !== undefined && maxC !== undefined && minC > maxC) {
    issues.push(
      error(
        'STORAGE_RANGE_INVERTED',
        'storageTemperature',
        `minimum storage temperature ${minC} °C is above the maximum ${maxC} °C`,
      ),
    );
  }
}

export function transformFreshippo(
  product: Product,
  context: TransformContext,
): TransformResult<FreshippoItem> {
  const issues: ChannelIssue[] = [];

  const name = chineseTitle(product);
  if (name === null) {
    issues.push(
      error(
        'NAME_ZH_MISSING',
        'names.zh-CN',
        `no Simplified Chinese name, and one cannot be composed for product type '${product.productType}': add a zh-CN name`,
      ),
    );
  } else if (name.composed) {
    issues.push(
      warning(
        'NAME_COMPOSED',
        'names.zh-CN',
        `no zh-CN name given; the name "${name.text}" was composed from the glossary: check it or give your own`,
      ),
    );
  }

  const gtin = product.gtin;
  if (gtin === undefined) {
    issues.push(error('GTIN_MISSING', 'gtin', 'Freshippo needs a GTIN (barcode number) for every item'));
  } else if (gtinProblem(gtin) !== null) {
    issues.push(
      error(
        'GTIN_CHECK_DIGIT',
        'gtin',
        `GTIN ${gtin} has a wrong GS1 check digit (or is not a GTIN-8/12/13/14)`,
      ),
    );
  }

  const netContent = effectiveNetContent(product);
  if (netContent === undefined) {
    issues.push(
      error(
        'NET_CONTENT_MISSING',
        'netContent',
        'net content per sales unit is required (for example 500 g)',
      ),
    );
  }

  const unitPrice = toCnyPrice(product.price, context.fx, 'price', issues);
  checkShelfLife(product, issues);
  const coldChain = COLD_CHAIN_PRODUCT_TYPES.has(product.productType);
  checkStorage(product, coldChain, issues);

  if (product.casePack === undefined) {
    issues.push(
      warning('CASE_PACK_DEFAULTED', 'casePack', 'no case pack given: 1 sales unit per case assumed'),
    );
  }
  if (product.harvestDate === undefined && FOOD_PRODUCT_TYPES.has(product.productType)) {
    issues.push(
      warning(
        'HARVEST_DATE_MISSING',
        'harvestDate',
        'no harvest date: the traceability record will not show one',
      ),
    );
  }
  if (product.lot === undefined) {
    issues.push(warning('LOT_MISSING', 'lot', 'no lot number: recalls cannot be narrowed to a lot'));
  }

  if (
    name === null ||
    gtin === undefined ||
    netContent === undefined ||
    unitPrice === null ||
    hasError(issues)
  ) {
    return { item: null, issues };
  }

  const perJin = FRESH_PRODUCT_TYPES.has(product.productType) ? pricePer500g(unitPrice, netContent) : null;
  const district = product.origin.district;
  const item: FreshippoItem = {
    sku: product.sku,
    gtin,
    nameZh: name.text,
    nameEn: product.names.en ?? null,
    nameComposed: name.composed,
    categoryCode: FRESHIPPO_CATEGORY_CODES[product.productType],
    brand: product.brand ?? null,
    spec: `${quantityTextZh(netContent)}/${SALES_UNIT_ZH[product.salesUnit]}`,
    netContent: { value: formatQuantityValue(netContent.value), unitCode: uneceCode(netContent.unit) },
    casePack: product.casePack ?? 1,
    unitPrice,
    pricePer500g: perJin === null ? null : cnyMoney(perJin.minor),
    shelfLifeDays: product.shelfLifeDays ?? null,
    storage: {
      coldChain,
      minC: product.storageTemperature?.minC ?? null,
      maxC: product.storageTemperature?.maxC ?? null,
    },
    origin: {
      country: product.origin.country,
      district: district ?? null,
      districtZh: district === undefined ? null : districtZh(district),
      farm: product.origin.farm ?? null,
    },
    harvestDate: product.harvestDate ?? null,
    packDate: product.packDate ?? null,
    lot: product.lot ?? null,
    certifications: product.certifications.map((certification) => ({
      code: certification.code,
      label: certification.label,
    })),
  };
  return { item, issues };
}

import { DISTRICT_ZH, PRODUCT_TYPE_ZH } from '../../../functions/core/channels/mappings/glossary-zh.ts';

/**
 * What a column can be mapped to in the producer profile (`columns`: header as written -> field),
 * and the choices for the profile's defaults. `ignore` drops a column from the reading.
 */
export const PROFILE_COLUMN_FIELDS = [
  'sku',
  'names.en',
  'names.fr',
  'names.rw',
  'names.zh-CN',
  'description',
  'productType',
  'price',
  'currency',
  'netContent',
  'netContent.unit',
  'grossWeight',
  'stock',
  'gtin',
  'hsCode',
  'shelfLifeDays',
  'storageTemperature.minC',
  'storageTemperature.maxC',
  'origin.district',
  'origin.farm',
  'harvestDate',
  'packDate',
  'lot',
  'certifications',
  'images',
  'brand',
  'salesUnit',
  'casePack',
  'ignore',
] as const;

export const PROFILE_CURRENCIES = ['RWF', 'USD', 'EUR', 'CNY'] as const;
/**
 * Every product type, from the glossary's table (typed as a record over ProductType, so it lists
 * each one): importing the model itself would pull zod into the page for one list.
 */
export const PROFILE_PRODUCT_TYPES: readonly string[] = Object.keys(PRODUCT_TYPE_ZH);
export const PROFILE_DISTRICTS: readonly string[] = Object.keys(DISTRICT_ZH).sort((a, b) =>
  a.localeCompare(b),
);

/** The defaults the report screen lets a producer set (issue 12's profile has more). */
export const EDITABLE_DEFAULTS = ['currency', 'productType', 'district'] as const;
export type EditableDefault = (typeof EDITABLE_DEFAULTS)[number];

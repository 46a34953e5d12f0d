/**
 * What a producer profile's `columns` can map a header to, by the kind of catalogue. Data only (no
 * zod), so the portal's column picker offers exactly what the profile schema accepts
 * (producer-profile.ts checks a saved profile against these lists).
 */
import type { HeaderField } from './columns/product-aliases.ts';
import { TOUR_ALIASES, type TourField } from './tours/tour-aliases.ts';

/**
 * What a column can be mapped to: a canonical field path as the profile names it, `ignore`, or
 * `attributes.<name>`. The profile says `currency` where the reader's fields say `price.currency`.
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
  'salePrice',
  'currency',
  'netContent',
  'netContent.unit',
  'grossWeight',
  'grossWeight.unit',
  'stock',
  'gtin',
  'hsCode',
  'shelfLifeDays',
  'storageTemperature',
  'storageTemperature.minC',
  'storageTemperature.maxC',
  'origin.country',
  'origin.district',
  'origin.farm',
  'harvestDate',
  'packDate',
  'lot',
  'certifications',
  'images',
  'link',
  'itemGroupId',
  'brand',
  'salesUnit',
  'casePack',
] as const satisfies readonly (HeaderField | 'currency')[];
export type ProfileColumnField = (typeof PROFILE_COLUMN_FIELDS)[number];

/**
 * What a tour catalogue's column can be mapped to (a tour operator's "Prix safari (USD)",
 * "Amatariki"): the tour reader's fields (tours/tour-aliases.ts), all but the producer, which a
 * file never sets for another. Shared names (`names.en`, `description`, `images`, `currency`)
 * serve both kinds of file.
 */
export const PROFILE_TOUR_COLUMN_FIELDS = (Object.keys(TOUR_ALIASES) as TourField[]).filter(
  (field) => field !== 'producerId',
);

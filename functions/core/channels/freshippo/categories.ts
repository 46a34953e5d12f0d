import type { ProductType } from '../../catalogue/model.ts';

/**
 * Product type -> Freshippo (盒马) supplier category code. ILLUSTRATIVE six-digit codes in the
 * department/class/subclass style of supermarket merchandise hierarchies (11 fresh produce,
 * 12 meat, 13 beverages, 14 dry grocery, 19 other); the real codes come with the supplier contract.
 */
export const FRESHIPPO_CATEGORY_CODES: Readonly<Record<ProductType, string>> = {
  'coffee-green': '130101',
  'coffee-roasted': '130102',
  'dried-chili': '140201',
  'fresh-chili': '110305',
  avocado: '110102',
  beef: '120101',
  tea: '130201',
  honey: '140301',
  macadamia: '140401',
  other: '190000',
};

import type { ProductType } from '../../catalogue/model.ts';

/**
 * Product type -> Google product taxonomy category (id and English path, as in Google's
 * taxonomy-with-ids.en-US.txt). Merchant Center accepts either; we write the id and keep the path
 * for people reading the feed and the docs. `other` has no category: Google assigns one itself
 * when the attribute is absent, which beats a wrong guess.
 */
export interface GoogleProductCategory {
  id: number;
  path: string;
}

const COFFEE: GoogleProductCategory = { id: 1868, path: 'Food, Beverages & Tobacco > Beverages > Coffee' };
const FRUITS_AND_VEGETABLES: GoogleProductCategory = {
  id: 430,
  path: 'Food, Beverages & Tobacco > Food Items > Fruits & Vegetables',
};

export const GOOGLE_PRODUCT_CATEGORIES: Readonly<Record<ProductType, GoogleProductCategory | null>> = {
  'coffee-green': COFFEE,
  'coffee-roasted': COFFEE,
  'dried-chili': {
    id: 1529,
    path: 'Food, Beverages & Tobacco > Food Items > Seasonings & Spices > Herbs & Spices',
  },
  'fresh-chili': FRUITS_AND_VEGETABLES,
  avocado: FRUITS_AND_VEGETABLES,
  beef: { id: 4628, path: 'Food, Beverages & Tobacco > Food Items > Meat, Seafood & Eggs > Meat' },
  tea: { id: 2073, path: 'Food, Beverages & Tobacco > Beverages > Tea & Infusions' },
  honey: { id: 4947, path: 'Food, Beverages & Tobacco > Food Items > Condiments & Sauces > Honey' },
  macadamia: { id: 433, path: 'Food, Beverages & Tobacco > Food Items > Nuts & Seeds' },
  other: null,
};

/** Our own classification as g:product_type shows it (Google lets a merchant use its own words, ">" separated). */
export const PRODUCT_TYPE_LABELS: Readonly<Record<ProductType, string>> = {
  'coffee-green': 'Coffee > Green coffee',
  'coffee-roasted': 'Coffee > Roasted coffee',
  'dried-chili': 'Spices > Dried chili',
  'fresh-chili': 'Fresh produce > Fresh chili',
  avocado: 'Fresh produce > Avocado',
  beef: 'Meat > Beef',
  tea: 'Tea',
  honey: 'Honey',
  macadamia: 'Nuts > Macadamia',
  other: 'Other',
};

/** Units Google accepts for g:unit_pricing_measure and g:shipping_weight, from ours (t becomes kg). */
export const GOOGLE_MEASURE_UNITS = { g: 'g', kg: 'kg', lb: 'lb', ml: 'ml', l: 'l' } as const;

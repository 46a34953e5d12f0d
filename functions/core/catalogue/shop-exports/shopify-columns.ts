/**
 * Shopify product CSV columns, as Shopify writes them (help.shopify.com "Using CSV files to import
 * and export products" and its product_template.csv). Two generations are in use: the export
 * before 2025 ("Handle", "Body (HTML)", "Variant SKU", "Variant Grams", "Image Src"...) and the
 * current one ("URL handle", "Description", "SKU", "Weight value (grams)", "Product image
 * URL"...); exports from 2021-2022 say "Standardized Product Type" and "Custom Product Type".
 * Shopify does not translate these names: the help page in every language lists them in English.
 * Data only.
 */

export type ShopifyRole =
  | 'handle'
  | 'title'
  | 'body'
  | 'vendor'
  | 'category'
  | 'type'
  | 'tags'
  | 'published'
  | 'status'
  | 'giftCard'
  | 'option1Name'
  | 'option1Value'
  | 'option2Name'
  | 'option2Value'
  | 'option3Name'
  | 'option3Value'
  | 'sku'
  | 'grams'
  | 'inventoryTracker'
  | 'inventoryQty'
  | 'price'
  | 'compareAtPrice'
  | 'barcode'
  | 'imageSrc'
  | 'imagePosition'
  | 'variantImage'
  | 'unitMeasure'
  | 'unitMeasureUnit';

export const SHOPIFY_COLUMNS: Readonly<Record<ShopifyRole, readonly string[]>> = {
  handle: ['Handle', 'URL handle'],
  title: ['Title'],
  body: ['Body (HTML)', 'Description'],
  vendor: ['Vendor'],
  category: ['Product Category', 'Standardized Product Type'],
  type: ['Type', 'Custom Product Type'],
  tags: ['Tags'],
  published: ['Published', 'Published on online store'],
  status: ['Status'],
  giftCard: ['Gift Card'],
  option1Name: ['Option1 Name'],
  option1Value: ['Option1 Value'],
  option2Name: ['Option2 Name'],
  option2Value: ['Option2 Value'],
  option3Name: ['Option3 Name'],
  option3Value: ['Option3 Value'],
  sku: ['Variant SKU', 'SKU'],
  grams: ['Variant Grams', 'Weight value (grams)'],
  inventoryTracker: ['Variant Inventory Tracker', 'Inventory tracker'],
  inventoryQty: ['Variant Inventory Qty', 'Inventory quantity'],
  price: ['Variant Price', 'Price'],
  compareAtPrice: ['Variant Compare At Price', 'Compare-at price'],
  barcode: ['Variant Barcode', 'Barcode'],
  imageSrc: ['Image Src', 'Product image URL'],
  imagePosition: ['Image Position'],
  variantImage: ['Variant Image', 'Variant image URL'],
  unitMeasure: ['Unit Price Total Measure'],
  unitMeasureUnit: ['Unit Price Total Measure Unit'],
};

/** Columns that belong to the product: on its first row only, inherited by its other variants. */
export const SHOPIFY_PRODUCT_ROLES: ReadonlySet<ShopifyRole> = new Set([
  'title',
  'body',
  'vendor',
  'category',
  'type',
  'tags',
  'published',
  'status',
  'giftCard',
  'option1Name',
  'option2Name',
  'option3Name',
]);

/** Columns whose value makes a row a variant (an image-only row has none of them). */
export const SHOPIFY_VARIANT_ROLES: ReadonlySet<ShopifyRole> = new Set([
  'option1Value',
  'option2Value',
  'option3Value',
  'sku',
  'grams',
  'inventoryQty',
  'price',
  'compareAtPrice',
  'barcode',
  'variantImage',
  'unitMeasure',
]);

/** Documented columns that say nothing a channel listing uses. */
export const SHOPIFY_IGNORED_COLUMNS: readonly string[] = [
  'Option1 Linked To',
  'Option2 Linked To',
  'Option3 Linked To',
  'Variant Inventory Policy',
  'Continue selling when out of stock',
  'Variant Fulfillment Service',
  'Fulfillment service',
  'Variant Requires Shipping',
  'Requires shipping',
  'Variant Taxable',
  'Charge tax',
  'Variant Tax Code',
  'Tax code',
  'Unit Price Base Measure',
  'Unit Price Base Measure Unit',
  'Image Alt Text',
  'SEO Title',
  'SEO Description',
  'Variant Weight Unit',
  'Weight unit for display',
  'Cost per item',
];

/** Families of documented columns: Google Shopping fields and per-market prices ("Price / International"). */
export const SHOPIFY_IGNORED_PREFIXES: readonly string[] = [
  'Google Shopping / ',
  'Included / ',
  'Price / ',
  'Compare At Price / ',
  'Compare-at price / ',
];

/**
 * Names only a Shopify export has. With a Handle and a Title, two of these make a file a
 * Shopify export; a producer's own sheet with "Handle", "Title" and "Price" is not one.
 */
export const SHOPIFY_SIGNATURE_COLUMNS: readonly string[] = [
  'Body (HTML)',
  'Option1 Name',
  'Option1 Value',
  'Variant SKU',
  'Variant Grams',
  'Variant Inventory Tracker',
  'Variant Inventory Qty',
  'Variant Inventory Policy',
  'Variant Fulfillment Service',
  'Variant Price',
  'Variant Compare At Price',
  'Variant Requires Shipping',
  'Variant Barcode',
  'Image Src',
  'Image Position',
  'Variant Image',
  'Gift Card',
  'SEO Title',
  'Published on online store',
  'Compare-at price',
  'Weight value (grams)',
  'Inventory tracker',
  'Inventory quantity',
  'Continue selling when out of stock',
  'Product image URL',
  'Variant image URL',
];

/** The value Shopify writes as Option1 Value for a product without options. */
export const SHOPIFY_DEFAULT_TITLE = 'Default Title';

/**
 * Google Merchant Center product attributes (support.google.com/merchants "Product data
 * specification"). Google asks for the names in English, written with underscores
 * ("image_link"); text feeds also write them with spaces ("image link"), and RSS feeds as
 * g:-namespaced elements ("g:image_link"), with RSS's own <title>, <link> and <description>.
 * Names here are the underscore form; a header is compared after "g:" is dropped, case folded
 * and spaces turned into underscores. Data only.
 */

export type GoogleRole =
  | 'id'
  | 'title'
  | 'description'
  | 'link'
  | 'imageLink'
  | 'additionalImageLink'
  | 'price'
  | 'salePrice'
  | 'saleDates'
  | 'availability'
  | 'quantity'
  | 'shippingWeight'
  | 'unitPricingMeasure'
  | 'gtin'
  | 'brand'
  | 'productType'
  | 'googleProductCategory'
  | 'itemGroupId'
  | 'color'
  | 'size'
  | 'material'
  | 'pattern';

export const GOOGLE_ATTRIBUTES: Readonly<Record<GoogleRole, readonly string[]>> = {
  id: ['id'],
  title: ['title'],
  description: ['description'],
  link: ['link'],
  imageLink: ['image_link'],
  additionalImageLink: ['additional_image_link'],
  price: ['price'],
  salePrice: ['sale_price'],
  saleDates: ['sale_price_effective_date'],
  availability: ['availability'],
  // Not in the online product spec: local inventory feeds and the retired Buy on Google carry it.
  quantity: ['quantity', 'sell_on_google_quantity'],
  shippingWeight: ['shipping_weight'],
  unitPricingMeasure: ['unit_pricing_measure'],
  gtin: ['gtin'],
  brand: ['brand'],
  productType: ['product_type'],
  googleProductCategory: ['google_product_category'],
  itemGroupId: ['item_group_id'],
  color: ['color'],
  size: ['size'],
  material: ['material'],
  pattern: ['pattern'],
};

/** Variant attributes kept as product attributes, under these names. */
export const GOOGLE_ATTRIBUTE_ROLES: readonly GoogleRole[] = ['color', 'size', 'material', 'pattern'];

/** Documented attributes that say nothing a channel listing uses. */
export const GOOGLE_IGNORED_ATTRIBUTES: readonly string[] = [
  'mobile_link',
  'canonical_link',
  'lifestyle_image_link',
  'virtual_model_link',
  'availability_date',
  'expiration_date',
  'cost_of_goods_sold',
  'unit_pricing_base_measure',
  'installment',
  'subscription_cost',
  'loyalty_program',
  'minimum_price',
  'auto_pricing_min_price',
  'maximum_retail_price',
  'condition',
  'adult',
  'multipack',
  'is_bundle',
  'certification',
  'energy_efficiency_class',
  'min_energy_efficiency_class',
  'max_energy_efficiency_class',
  'age_group',
  'gender',
  'size_type',
  'size_system',
  'mpn',
  'identifier_exists',
  'product_detail',
  'product_highlight',
  'product_length',
  'product_width',
  'product_height',
  'product_weight',
  'ads_redirect',
  'custom_label_0',
  'custom_label_1',
  'custom_label_2',
  'custom_label_3',
  'custom_label_4',
  'promotion_id',
  'excluded_destination',
  'included_destination',
  'shopping_ads_excluded_country',
  'pause',
  'shipping',
  'shipping_label',
  'shipping_length',
  'shipping_width',
  'shipping_height',
  'ships_from_country',
  'max_handling_time',
  'min_handling_time',
  'transit_time_label',
  'free_shipping_threshold',
  'tax',
  'tax_category',
  'return_policy_label',
  'external_seller_id',
  'structured_title',
  'structured_description',
];

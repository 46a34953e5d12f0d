import * as z from 'zod';
import {
  CURRENCY_MINOR_UNITS,
  type CurrencyCode,
  PRODUCER_ID_PATTERN,
  SKU_PATTERN,
} from './model-constants.ts';

export { CURRENCY_MINOR_UNITS, type CurrencyCode, PRODUCER_ID_PATTERN, SKU_PATTERN };

/**
 * The canonical product: the one shape every reader produces and every channel consumes.
 * Channel-specific rules (HS code fits the product type, GTIN check digit, cold-chain ranges)
 * live in the channels; this model only guarantees that values are well-formed.
 */

export const PRODUCT_TYPES = [
  'coffee-green',
  'coffee-roasted',
  'dried-chili',
  'fresh-chili',
  'avocado',
  'beef',
  'tea',
  'honey',
  'macadamia',
  'other',
] as const;
export const productTypeSchema = z.enum(PRODUCT_TYPES);
export type ProductType = z.infer<typeof productTypeSchema>;

export const CERTIFICATION_CODES = [
  'organic',
  'fairtrade',
  'rainforest-alliance',
  'utz',
  '4c',
  'halal',
  'global-gap',
  'haccp',
  'iso-22000',
  'other',
] as const;
export const certificationSchema = z.object({
  code: z.enum(CERTIFICATION_CODES),
  /** What the producer wrote, kept so an unknown certification is never lost. */
  label: z.string().min(1).max(120),
});
export type Certification = z.infer<typeof certificationSchema>;

export const currencySchema = z.enum(Object.keys(CURRENCY_MINOR_UNITS) as [CurrencyCode, ...CurrencyCode[]]);

/** Money is always an integer count of the currency's minor unit (fen, cent; RWF has none). */
export const moneySchema = z.object({
  minor: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
});
export type Money = z.infer<typeof moneySchema>;

export const MASS_UNITS = ['g', 'kg', 't', 'lb'] as const;
export const VOLUME_UNITS = ['ml', 'l'] as const;
export const quantityUnitSchema = z.enum([...MASS_UNITS, ...VOLUME_UNITS]);
export type QuantityUnit = z.infer<typeof quantityUnitSchema>;
export const quantitySchema = z.object({
  value: z.number().positive().finite(),
  unit: quantityUnitSchema,
});
export type Quantity = z.infer<typeof quantitySchema>;

/** A weight: a quantity in a unit of mass only (a gross weight in litres means nothing). */
export const massSchema = z.object({
  value: z.number().positive().finite(),
  unit: z.enum(MASS_UNITS),
});

/** How the item is sold: a bag of 500 g, a box, a tray, or by weight. */
export const SALES_UNITS = ['bag', 'box', 'jar', 'tin', 'tray', 'carton', 'bottle', 'piece', 'kg'] as const;
export const salesUnitSchema = z.enum(SALES_UNITS);
export type SalesUnit = z.infer<typeof salesUnitSchema>;

export const LOCALES = ['en', 'fr', 'rw', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
const nameText = z.string().trim().min(1).max(200);
export const namesSchema = z
  .object({
    en: nameText.optional(),
    fr: nameText.optional(),
    rw: nameText.optional(),
    'zh-CN': nameText.optional(),
  })
  .refine((names) => Object.values(names).some((name) => name !== undefined), {
    message: 'at least one name is required',
  });

export const producerIdSchema = z.string().regex(PRODUCER_ID_PATTERN, 'lowercase letters, digits and dashes');
export const skuSchema = z.string().regex(SKU_PATTERN, 'letters, digits and . _ / - (at most 64)');

/** ISO calendar date, validated as a real day (no 31 February). */
export const isoDateSchema = z.iso.date();

/** Images are fetched by the channels' platforms from the open internet: https only. */
/** Any web address a feed carries (images, product pages): https only. */
export const httpsUrlSchema = z.url({ protocol: /^https$/ });

export const productSchema = z.object({
  producerId: producerIdSchema,
  sku: skuSchema,
  names: namesSchema,
  description: z.string().max(5000).optional(),
  productType: productTypeSchema,
  /** Variety, process, grade, roast, brand-free extras and every unknown column, as text. */
  attributes: z.record(z.string(), z.string()),
  brand: z.string().min(1).max(100).optional(),
  origin: z.object({
    country: z.literal('RW'),
    district: z.string().min(1).max(80).optional(),
    farm: z.string().min(1).max(120).optional(),
  }),
  price: moneySchema,
  /** A reduced price the shop sells at now, lower than `price`, in the same currency. */
  salePrice: moneySchema.optional(),
  salesUnit: salesUnitSchema,
  netContent: quantitySchema.optional(),
  /** Packed weight, packaging included: what customs and carriers weigh. */
  grossWeight: massSchema.optional(),
  /** Negative stock (oversold) is kept: channels decide what to do with it. */
  stock: z.number().int(),
  casePack: z.number().int().positive().optional(),
  gtin: z
    .string()
    .regex(/^(\d{8}|\d{12}|\d{13}|\d{14})$/)
    .optional(),
  /** Digits only, 4 to 10 of them; whether it fits the product type is a channel rule. */
  hsCode: z
    .string()
    .regex(/^\d{4,10}$/)
    .optional(),
  shelfLifeDays: z.number().int().positive().max(3650).optional(),
  storageTemperature: z
    .object({ minC: z.number().min(-60).max(60).optional(), maxC: z.number().min(-60).max(60).optional() })
    .optional(),
  harvestDate: isoDateSchema.optional(),
  packDate: isoDateSchema.optional(),
  lot: z.string().min(1).max(64).optional(),
  certifications: z.array(certificationSchema),
  images: z.array(httpsUrlSchema),
  /** The product's page on the producer's own shop (Google Merchant Center requires one). */
  link: httpsUrlSchema.optional(),
  /** What the variants of one product share: a Shopify Handle, a WooCommerce parent, Google's item_group_id. */
  itemGroupId: z.string().trim().min(1).max(128).optional(),
});
export type Product = z.infer<typeof productSchema>;

/**
 * Every product type is food unless listed here. Food is the default because its rules are the
 * stricter ones (shelf life and harvest date required): a new type that forgets to choose is
 * checked too much, never too little.
 */
const NON_FOOD_PRODUCT_TYPES: ReadonlySet<ProductType> = new Set(['other']);

export const FOOD_PRODUCT_TYPES: ReadonlySet<ProductType> = new Set(
  PRODUCT_TYPES.filter((type) => !NON_FOOD_PRODUCT_TYPES.has(type)),
);

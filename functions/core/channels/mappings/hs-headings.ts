import { PRODUCT_TYPES, type ProductType } from '../../catalogue/model.ts';

/**
 * HS headings and subheadings (Harmonized System 2022, WCO) each product type may be declared
 * under. A declared code is consistent when its digits start with one of these: national 8-10 digit
 * lines extend the 6-digit subheadings, so a prefix match is the whole test.
 * Written with the customary dot for reading; compared without it.
 */
export const HS_HEADINGS_BY_PRODUCT_TYPE: Readonly<Record<ProductType, readonly string[]>> = {
  'coffee-green': ['0901.11', '0901.12'], // coffee, not roasted: not / decaffeinated
  'coffee-roasted': ['0901.21', '0901.22'], // coffee, roasted: not / decaffeinated
  'dried-chili': ['0904.21', '0904.22'], // Capsicum, dried (neither crushed nor ground) / crushed or ground
  'fresh-chili': ['0709.60'], // fruits of the genus Capsicum, fresh or chilled
  avocado: ['0804.40'], // avocados, fresh or dried
  beef: ['0201', '0202'], // meat of bovine animals, fresh or chilled / frozen
  tea: ['0902'], // tea, whether or not flavoured
  honey: ['0409'], // natural honey
  macadamia: ['0802.61', '0802.62'], // macadamia nuts in shell / shelled
  other: [], // no constraint: the type says nothing about the heading
};

const PREFIXES = new Map<ProductType, readonly string[]>(
  PRODUCT_TYPES.map((type) => [
    type,
    HS_HEADINGS_BY_PRODUCT_TYPE[type].map((heading) => heading.replace('.', '')),
  ]),
);

/** Digits a channel needs before it can declare: the 6-digit HS subheading. */
export const HS_MIN_DIGITS = 6;

/** True when the digits-only code falls under a heading allowed for the type ('other' allows any). */
export function hsCodeFitsProductType(hsCode: string, productType: ProductType): boolean {
  const prefixes = PREFIXES.get(productType);
  if (prefixes === undefined || prefixes.length === 0) return true;
  for (const prefix of prefixes) {
    if (hsCode.startsWith(prefix)) return true;
  }
  return false;
}

/** The allowed headings as people write them ("0901.11 or 0901.12"), for messages. */
export function allowedHsHeadingsText(productType: ProductType): string {
  return HS_HEADINGS_BY_PRODUCT_TYPE[productType].join(' or ');
}

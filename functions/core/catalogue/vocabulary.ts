/**
 * Controlled vocabularies: the words producers write in English, French and Kinyarwanda (and the
 * Chinese a few of them add for the marketplace) mapped to the canonical codes of model.ts.
 * Tables are data; every lookup is insensitive to case, accents, spacing and punctuation
 * (normaliseKey) and ignores a trailing bracket ("Café vert (Arabica)" is green coffee).
 */
import type { Certification, CurrencyCode, Locale, ProductType, QuantityUnit, SalesUnit } from './model.ts';
import { buildAliasIndex, foldText, memoisedLookup, normaliseKey } from './normalise-key.ts';

export type CertificationCode = Certification['code'];

/** Canonical ids are aliases of themselves ("coffee-green" works too). "café" or "piment" alone is ambiguous on purpose. */
export const PRODUCT_TYPE_ALIASES = {
  'coffee-green': [
    'green coffee',
    'green coffee beans',
    'coffee green',
    'café vert',
    'café vert arabica',
    'ikawa itatunganyijwe',
    "ikawa y'ibitumbwe",
    'ikawa mbisi',
    '咖啡生豆',
    '生咖啡豆',
  ],
  'coffee-roasted': [
    'roasted coffee',
    'coffee roasted',
    'ground coffee',
    'café torréfié',
    'café moulu',
    'café en grains torréfié',
    'ikawa ikaranze',
    'ikawa isekuye',
    '烘焙咖啡',
    '咖啡豆',
  ],
  tea: [
    'tea',
    'black tea',
    'green tea',
    'thé',
    'thé noir',
    'thé vert',
    'icyayi',
    '茶',
    '茶叶',
    '红茶',
    '绿茶',
  ],
  'dried-chili': [
    'dried chili',
    'dried chilli',
    'dried chilies',
    'dried chillies',
    'dry chili',
    'chili flakes',
    'chili powder',
    'piment séché',
    'piments séchés',
    'piment sec',
    'piment en poudre',
    'urusenda rwumye',
    'urusenda rwumishijwe',
    '干辣椒',
  ],
  'fresh-chili': [
    'fresh chili',
    'fresh chilli',
    'fresh chilies',
    'fresh chillies',
    'piment frais',
    'piments frais',
    'urusenda',
    'urusenda rubisi',
    '鲜辣椒',
    '新鲜辣椒',
  ],
  avocado: ['avocado', 'avocados', 'avocat', 'avocats', 'avoka', '牛油果', '鳄梨'],
  beef: ['beef', 'viande de bœuf', 'viande de boeuf', 'bœuf', "inyama z'inka", "inyama y'inka", '牛肉'],
  honey: ['honey', 'miel', 'ubuki', '蜂蜜'],
  macadamia: [
    'macadamia',
    'macadamias',
    'macadamia nuts',
    'macadamia nut',
    'noix de macadamia',
    'makadamiya',
    '夏威夷果',
    '澳洲坚果',
  ],
  other: [],
} as const satisfies { readonly [K in ProductType]: readonly string[] };

export const CERTIFICATION_ALIASES = {
  organic: [
    'bio',
    'biologique',
    'agriculture biologique',
    'usda organic',
    'eu organic',
    'organic eu',
    'certified organic',
    'bio eu',
    '有机',
  ],
  fairtrade: ['fair trade', 'fairtrade', 'fair-trade', 'commerce équitable', 'max havelaar', 'flo'],
  'rainforest-alliance': ['rainforest alliance', 'rainforest', 'ra', 'rainforest alliance certified'],
  utz: ['utz certified', 'utz kapeh'],
  '4c': ['4c association', 'common code for the coffee community'],
  halal: ['halal certified', 'certifié halal'],
  'global-gap': ['globalg.a.p.', 'global gap', 'globalgap', 'global g.a.p.'],
  haccp: [],
  'iso-22000': ['iso 22000', 'iso22000', 'iso 22000:2018', 'iso 22000:2005'],
  other: [],
} as const satisfies { readonly [K in CertificationCode]: readonly string[] };

export const SALES_UNIT_ALIASES = {
  bag: ['bags', 'sac', 'sacs', 'sachet', 'sachets', 'sack', 'sacks', 'pouch', 'umufuka', 'imifuka'],
  box: ['boxes', 'boîte', 'boîtes', 'coffret', 'agasanduku', 'udusanduku'],
  jar: ['jars', 'pot', 'pots', 'bocal', 'bocaux', 'pot en verre'],
  tin: ['tins', 'can', 'cans', 'canette', 'boîte de conserve', 'conserve'],
  tray: ['trays', 'barquette', 'barquettes', 'plateau'],
  carton: ['cartons', 'case', 'ikarito'],
  bottle: ['bottles', 'bouteille', 'bouteilles', 'flacon', 'icupa', 'amacupa'],
  piece: [
    'pieces',
    'pièce',
    'pièces',
    'pc',
    'pcs',
    'pce',
    'unit',
    'units',
    'unité',
    'unités',
    'each',
    'ea',
    'igice',
    'item',
  ],
  kg: ['kilo', 'kilogram', 'kilogramme', 'per kg', 'par kg', 'au kilo', 'le kilo', 'by weight', 'au poids'],
} as const satisfies { readonly [K in SalesUnit]: readonly string[] };

/** Words only: symbols ($, €, ¥) carry no letters, so they are matched before normalising. */
export const CURRENCY_ALIASES = {
  RWF: [
    'frw',
    'rf',
    'frs',
    'franc rwandais',
    'francs rwandais',
    'rwandan franc',
    'rwandan francs',
    'amafaranga',
    'amafaranga y’u rwanda',
  ],
  USD: [
    'us dollar',
    'us dollars',
    'dollar',
    'dollars',
    'dollars us',
    'dollar us',
    'dollar américain',
    'amadolari',
  ],
  EUR: ['euro', 'euros'],
  CNY: ['rmb', 'yuan', 'renminbi', '人民币', '元'],
} as const satisfies { readonly [K in CurrencyCode]: readonly string[] };
const CURRENCY_SYMBOLS: ReadonlyMap<string, CurrencyCode> = new Map([
  ['$', 'USD'],
  ['us$', 'USD'],
  ['€', 'EUR'],
  // In a catalogue bound for Chinese marketplaces "¥" is the yuan; JPY is not an accepted currency anyway.
  ['¥', 'CNY'],
  ['￥', 'CNY'],
]);

/** cl is not a canonical unit: it is stored as ml, shifted one decimal place (75 cl = 750 ml). */
type QuantityUnitWord = QuantityUnit | 'cl';
export const QUANTITY_UNIT_ALIASES = {
  g: ['gr', 'grs', 'gram', 'grams', 'gramme', 'grammes', 'garama', '克'],
  kg: [
    'kgs',
    'kilo',
    'kilos',
    'kilogram',
    'kilograms',
    'kilogramme',
    'kilogrammes',
    'kilogarama',
    '公斤',
    '千克',
  ],
  t: ['tonne', 'tonnes', 'metric ton', 'metric tons', 'toni', '吨'],
  lb: ['lbs', 'pound', 'pounds'],
  ml: ['millilitre', 'millilitres', 'milliliter', 'milliliters', 'mls', '毫升'],
  cl: ['centilitre', 'centilitres', 'centiliter', 'centiliters'],
  l: ['litre', 'litres', 'liter', 'liters', 'lt', 'ltr', 'litiro', '升'],
} as const satisfies { readonly [K in QuantityUnitWord]: readonly string[] };

type DurationUnit = 'days' | 'weeks' | 'months' | 'years';
/** Shelf life in days: a month is 30 days and a year 365, as the model stores whole days. */
export const DAYS_PER_DURATION_UNIT: Readonly<Record<DurationUnit, number>> = {
  days: 1,
  weeks: 7,
  months: 30,
  years: 365,
};
export const DURATION_UNIT_ALIASES = {
  days: ['day', 'd', 'jour', 'jours', 'j', 'umunsi', 'iminsi', '天'],
  weeks: ['week', 'wk', 'wks', 'semaine', 'semaines', 'icyumweru', 'ibyumweru', '周'],
  months: ['month', 'mo', 'mois', 'ukwezi', 'amezi', '个月', '月'],
  years: ['year', 'yr', 'yrs', 'an', 'ans', 'année', 'années', 'umwaka', 'imyaka', '年'],
} as const satisfies { readonly [K in DurationUnit]: readonly string[] };

type TemperatureUnit = 'celsius' | 'fahrenheit';
/** "ºC" (masculine ordinal, common on French keyboards) decomposes to "oc", hence that alias. */
export const TEMPERATURE_UNIT_ALIASES = {
  celsius: [
    'c',
    'oc',
    'degc',
    'deg',
    'degré',
    'degrés',
    'degree',
    'degrees',
    'degrés celsius',
    'degrees celsius',
  ],
  fahrenheit: ['f', 'of', 'degf', 'degrees fahrenheit'],
} as const satisfies { readonly [K in TemperatureUnit]: readonly string[] };

export const LOCALE_ALIASES = {
  en: ['eng', 'english', 'anglais', 'icyongereza', '英文', '英语'],
  fr: ['fra', 'fre', 'french', 'français', 'igifaransa', '法文', '法语'],
  rw: ['kin', 'kinyarwanda', 'ikinyarwanda'],
  'zh-CN': ['zh', 'cn', 'zh-hans', 'chinese', 'chinois', 'igishinwa', '中文', '汉语', '简体中文'],
} as const satisfies { readonly [K in Locale]: readonly string[] };

export const COUNTRY_RW_ALIASES = [
  'rw',
  'rwa',
  'rwanda',
  'u rwanda',
  'république du rwanda',
  'republic of rwanda',
];

const productTypeIndex = buildAliasIndex(PRODUCT_TYPE_ALIASES);
const certificationIndex = buildAliasIndex(CERTIFICATION_ALIASES);
const salesUnitIndex = buildAliasIndex(SALES_UNIT_ALIASES);
const currencyIndex = buildAliasIndex(CURRENCY_ALIASES);
const quantityUnitIndex = buildAliasIndex(QUANTITY_UNIT_ALIASES);
const durationUnitIndex = buildAliasIndex(DURATION_UNIT_ALIASES);
const temperatureUnitIndex = buildAliasIndex(TEMPERATURE_UNIT_ALIASES);
const localeIndex = buildAliasIndex(LOCALE_ALIASES);
const rwandaKeys: ReadonlySet<string> = new Set(COUNTRY_RW_ALIASES.map((alias) => normaliseKey(alias).key));

function lookupIn<T>(index: ReadonlyMap<string, T>): (raw: string) => T | null {
  return memoisedLookup((raw: string): T | null => {
    const { key, unit } = normaliseKey(raw);
    const found = index.get(key);
    if (found !== undefined) return found;
    // A bracket alone is what the producer meant when the rest is noise: "(RWF)".
    return unit === null ? null : (index.get(normaliseKey(unit).key) ?? null);
  });
}

/** Resolves a product-type word in any of the three languages, or null when unknown. */
export const resolveProductType: (raw: string) => ProductType | null = lookupIn(productTypeIndex);

/** Resolves one certification label ("Bio", "Fair trade", "RA"), or null when unknown. */
export const resolveCertification: (raw: string) => CertificationCode | null = lookupIn(certificationIndex);

const lookupSalesUnit = lookupIn(salesUnitIndex);
/**
 * Resolves a sales unit ("sac", "boîte", "umufuka"), or null. "sac de 1 kg" falls back to its
 * first word, since producers often describe the package rather than name it.
 */
export const resolveSalesUnit = memoisedLookup((raw: string): SalesUnit | null => {
  const whole = lookupSalesUnit(raw);
  if (whole !== null) return whole;
  const firstWord = raw.trim().split(/\s+/u)[0];
  return firstWord === undefined || firstWord === raw.trim() ? null : lookupSalesUnit(firstWord);
});

const lookupCurrencyWord = lookupIn(currencyIndex);
/** Resolves "RWF", "Frw", "$", "euros", "RMB" to an accepted ISO 4217 code, or null. */
export function resolveCurrency(raw: string): CurrencyCode | null {
  const trimmed = raw.trim();
  const symbol = CURRENCY_SYMBOLS.get(trimmed.toLowerCase());
  if (symbol !== undefined) return symbol;
  const upper = trimmed.toUpperCase();
  if (upper === 'RWF' || upper === 'USD' || upper === 'EUR' || upper === 'CNY') return upper;
  return lookupCurrencyWord(trimmed);
}

export interface ResolvedQuantityUnit {
  unit: QuantityUnit;
  /** Power of ten to shift the value by: 1 for cl (stored as ml), 0 otherwise. */
  shift: number;
}
const lookupQuantityUnit = lookupIn(quantityUnitIndex);
/** Resolves "g", "kilo", "litres", "cl" to a canonical unit, or null. */
export function resolveQuantityUnit(raw: string): ResolvedQuantityUnit | null {
  const unit = lookupQuantityUnit(raw);
  if (unit === null) return null;
  return unit === 'cl' ? { unit: 'ml', shift: 1 } : { unit, shift: 0 };
}

const lookupDurationUnit = lookupIn(durationUnitIndex);
/** Days in one of the given unit ("mois" -> 30), or null when the word is not a duration. */
export function daysPerDurationUnit(raw: string): number | null {
  const unit = lookupDurationUnit(raw);
  return unit === null ? null : DAYS_PER_DURATION_UNIT[unit];
}

/** Resolves "°C", "ºC", "degrés", "F" to a temperature scale, or null. */
export const resolveTemperatureUnit: (raw: string) => TemperatureUnit | null = lookupIn(temperatureUnitIndex);

/** Resolves "FR", "english", "中文", "zh-CN" to a locale, or null. */
export const resolveLocale: (raw: string) => Locale | null = lookupIn(localeIndex);

/** True for "RW", "Rwanda", "U Rwanda", "RWA". */
export function isRwanda(raw: string): boolean {
  return rwandaKeys.has(normaliseKey(raw).key);
}

const UNIT_TOKEN_SEPARATORS = /[\s/,;:|]+/u;
/**
 * Finds the first token of a header unit that the resolver understands: "Prix (RWF/kg)" gives
 * RWF, "Temperature (in °C)" gives celsius. Header units are resolved once per column, so the
 * split here does not run per row.
 */
export function findInUnit<T>(unit: string | null | undefined, resolve: (raw: string) => T | null): T | null {
  if (unit === null || unit === undefined) return null;
  const whole = resolve(unit);
  if (whole !== null) return whole;
  for (const token of foldText(unit).split(UNIT_TOKEN_SEPARATORS)) {
    if (token === '') continue;
    const found = resolve(token);
    if (found !== null) return found;
  }
  return null;
}

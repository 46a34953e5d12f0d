import { CURRENCY_MINOR_UNITS, type CurrencyCode } from '../../catalogue/model-constants.ts';

/**
 * Where a Google Merchant Center feed is sold: the target country (ISO 3166-1 alpha-2, as Merchant
 * Center names a feed's country of sale), the currency its prices must be in, and the content
 * language of titles and descriptions. One document is written per target.
 */
export interface GoogleMerchantTarget {
  country: string;
  currency: CurrencyCode;
  language: GoogleMerchantLanguage;
}

/** Content languages we hold product names in and Merchant Center accepts (Kinyarwanda it does not). */
export const GOOGLE_MERCHANT_LANGUAGES = ['en', 'fr'] as const;
export type GoogleMerchantLanguage = (typeof GOOGLE_MERCHANT_LANGUAGES)[number];

/**
 * Europe and North America, where Rwandan coffee and honey sell through producers' own shops.
 * GB is left out of the default because GBP is not (yet) a currency of the money model.
 */
export const DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT = 'DE:EUR:en,FR:EUR:fr,US:USD:en';

const TARGET_PATTERN = /^([A-Z]{2}):([A-Z]{3}):([a-z]{2})$/;

export type TargetsParseResult =
  | { ok: true; targets: readonly GoogleMerchantTarget[] }
  | { ok: false; message: string };

function isCurrency(code: string): code is CurrencyCode {
  return Object.hasOwn(CURRENCY_MINOR_UNITS, code);
}

function isLanguage(code: string): code is GoogleMerchantLanguage {
  return (GOOGLE_MERCHANT_LANGUAGES as readonly string[]).includes(code);
}

/**
 * Reads "DE:EUR:en,US:USD:en" (country:currency:language, comma separated). Every problem is a
 * message; a country given twice is refused because it would name the same document twice.
 */
export function parseGoogleMerchantTargets(text: string): TargetsParseResult {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return { ok: false, message: 'at least one target is required' };
  const targets: GoogleMerchantTarget[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const match = TARGET_PATTERN.exec(entry);
    if (match === null) {
      problems.push(`"${entry}" is not COUNTRY:CURRENCY:language (e.g. DE:EUR:en)`);
      continue;
    }
    const [, country = '', currency = '', language = ''] = match;
    if (!isCurrency(currency)) {
      problems.push(`${entry}: currency must be one of ${Object.keys(CURRENCY_MINOR_UNITS).join(', ')}`);
      continue;
    }
    if (!isLanguage(language)) {
      problems.push(`${entry}: language must be one of ${GOOGLE_MERCHANT_LANGUAGES.join(', ')}`);
      continue;
    }
    if (seen.has(country)) {
      problems.push(`${entry}: country ${country} is given twice`);
      continue;
    }
    seen.add(country);
    targets.push({ country, currency, language });
  }
  return problems.length > 0 ? { ok: false, message: problems.join('; ') } : { ok: true, targets };
}

export function googleMerchantTargetsText(targets: readonly GoogleMerchantTarget[]): string {
  return targets.map((target) => `${target.country}:${target.currency}:${target.language}`).join(',');
}

function defaultTargets(): readonly GoogleMerchantTarget[] {
  const parsed = parseGoogleMerchantTargets(DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.targets;
}

export const DEFAULT_GOOGLE_MERCHANT_TARGETS: readonly GoogleMerchantTarget[] = Object.freeze(
  defaultTargets(),
);

/**
 * A header as the words it says. People write the same column a hundred ways: "Min. temp (°C)",
 * "Température minimale de stockage", "Temp. min °C", "Igipimo cy'ubushyuhe". Matching on words
 * rather than on whole phrases makes word order, extra words, punctuation, plurals and a unit
 * written anywhere in the header irrelevant.
 */
import { foldText } from '../normalise-key.ts';
import {
  daysPerDurationUnit,
  resolveCurrency,
  resolveLocale,
  resolveQuantityUnit,
  resolveTemperatureUnit,
} from '../vocabulary.ts';

export interface HeaderWords {
  /** Content words in header order: folded, singular, without connectives, units or noise. */
  words: string[];
  /**
   * Units, currencies and languages the header names, in order: bracketed text and unit words
   * ("kg", "RWF", "jours", "°C" as "degc", "FR"). Joined with spaces this is the header unit the
   * value parsers read ("Prix (RWF/kg)" gives "rwf kg").
   */
  units: string[];
  /** A trailing number ("Image 2", "Photo 3"): the position of a multi-valued column. */
  index: number | null;
}

/**
 * Words that carry no meaning of their own in a header: articles, prepositions and the
 * Kinyarwanda connectives (y', ry', cy', bw'...) that join a noun to its complement.
 */
const CONNECTIVES: ReadonlySet<string> = new Set([
  // English
  'of',
  'the',
  'in',
  'per',
  'an',
  'and',
  'for',
  'by',
  'with',
  'to',
  'at',
  'on',
  // French (elided articles come apart at the apostrophe: "d'origine" -> "d", "origine")
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'par',
  'pour',
  'au',
  'aux',
  'et',
  'un',
  'une',
  'sur',
  // Kinyarwanda
  'y',
  'ya',
  'yo',
  'ry',
  'rya',
  'cy',
  'cya',
  'by',
  'bya',
  'bw',
  'bwa',
  'z',
  'za',
  'w',
  'wa',
  'mu',
  'ku',
  'kw',
  'kwa',
  'na',
  'n',
  'k',
  'ka',
]);

/**
 * Qualifiers that never change which field a column is: "Prix TTC", "Price incl. VAT",
 * "Current stock", "Retail price". Dropped like connectives.
 */
const QUALIFIERS: ReadonlySet<string> = new Set([
  'ttc',
  'ht',
  'tva',
  'vat',
  'incl',
  'inc',
  'excl',
  'tax',
  'taxe',
  'hors',
  'included',
  'including',
  'excluding',
  'current',
  'actuel',
  'actuelle',
  'approx',
  'environ',
  'estimated',
  'retail',
  'public',
  'standard',
]);

/**
 * Words that name a language but are also ordinary words: "en" is French for "in" ("Prix en
 * RWF") and an English name marker ("Nom EN"). Such a word names a language only in brackets or
 * as the header's last word.
 */
const AMBIGUOUS_LANGUAGE_WORDS: ReadonlySet<string> = new Set(['en', 'rw']);

/**
 * Abbreviations and variants of one word, read as that word: "Temp. min", "Température minimale"
 * and "Minimum temperature" say the same; so do "Qté", "Qty" and "Quantity", or "No", "N°" and
 * "Numéro".
 */
const SAME_WORD: ReadonlyMap<string, string> = new Map([
  ['minimum', 'min'],
  ['minimal', 'min'],
  ['minimale', 'min'],
  ['mini', 'min'],
  ['maximum', 'max'],
  ['maximal', 'max'],
  ['maximale', 'max'],
  ['maxi', 'max'],
  ['temperature', 'temp'],
  ['quantity', 'qty'],
  ['quantite', 'qty'],
  ['qte', 'qty'],
  ['number', 'no'],
  ['numero', 'no'],
  ['nr', 'no'],
  ['reference', 'ref'],
  ['certif', 'certification'],
  ['cert', 'certification'],
  ['desc', 'description'],
]);

const BRACKETED = /[([{]([^()[\]{}]*)[)\]}]/gu;
const DEGREES = /[°º˚]\s*([cf])(?![a-z])/gu;
const CELSIUS_SIGN = /℃/gu;
const NUMBER_SIGN = /#|\bn[°º](?![cf])/gu;
const FAHRENHEIT_SIGN = /℉/gu;
// Letters and digits of any script; everything else separates words. CJK runs stay one word.
const WORD = /[\p{L}\p{N}]+/gu;
const TRAILING_NUMBER = /^(\d{1,3})$/u;

function isUnitWord(word: string): boolean {
  return (
    resolveCurrency(word) !== null ||
    resolveQuantityUnit(word) !== null ||
    daysPerDurationUnit(word) !== null ||
    resolveTemperatureUnit(word) !== null ||
    resolveLocale(word) !== null
  );
}

/** "photos" -> "photo", "prices" -> "price": plurals in -s of words long enough to have one. */
export function singular(word: string): string {
  return word.length >= 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function wordsOf(text: string): string[] {
  return [...text.matchAll(WORD)].map((match) => match[0]);
}

/**
 * Splits a header into its words and units. Outside brackets, only words of two letters or more
 * count as units ("Poids net kg", "Prix RWF"): single letters are too often something else
 * ("l'unité", "Type A"); inside brackets everything is a unit ("(g)", "[l]").
 */
export function headerWords(header: string): HeaderWords {
  let text = foldText(header)
    // "Item #", "N°", "Nº": the number sign is the word "number".
    .replace(NUMBER_SIGN, ' no ')
    .replace(CELSIUS_SIGN, ' degc ')
    .replace(FAHRENHEIT_SIGN, ' degf ')
    .replace(DEGREES, (_match, scale: string) => ` deg${scale} `);
  const units: string[] = [];
  text = text.replace(BRACKETED, (_match, inside: string) => {
    const bracketWords = wordsOf(inside);
    units.push(...bracketWords);
    return ' ';
  });
  const raw = wordsOf(text);
  let index: number | null = null;
  const lastRaw = raw.at(-1);
  if (raw.length >= 2 && lastRaw !== undefined && TRAILING_NUMBER.test(lastRaw)) {
    index = Number(lastRaw);
    raw.pop();
  }
  const words: string[] = [];
  raw.forEach((word, position) => {
    const isLast = position === raw.length - 1;
    if (AMBIGUOUS_LANGUAGE_WORDS.has(word) && !isLast) return;
    if (CONNECTIVES.has(word) && !(isLast && AMBIGUOUS_LANGUAGE_WORDS.has(word))) return;
    if (QUALIFIERS.has(word)) return;
    if ((word.length >= 2 || word.startsWith('deg')) && isUnitWord(word)) {
      units.push(word);
      return;
    }
    const single = singular(word);
    words.push(SAME_WORD.get(single) ?? single);
  });
  return { words, units, index };
}

/** The words of an alias, read the same way as a header's, and whether it also named a unit. */
export function aliasWords(alias: string): { words: string[]; namesUnit: boolean } {
  const { words, units } = headerWords(alias);
  // "kilo" or "ml" as a whole alias is a word there, not a unit.
  if (words.length === 0) return { words: units.map(singular), namesUnit: false };
  return { words, namesUnit: units.length > 0 };
}

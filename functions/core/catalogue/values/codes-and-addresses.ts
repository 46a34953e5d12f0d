/** HS codes, GTINs and web addresses: their form only (whether they fit is a channel's rule). */
import { withLeadingZerosRestored } from '../../gtin.ts';
import type { RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from './cell-text.ts';
import { fail, ok, type Parsed, type ValueProblem } from './value-result.ts';

const HS_SEPARATORS = /[.\s\u00A0\u202F]/gu;
const HS_DIGITS = /^\d{4,10}$/u;
const EXCEL_DAMAGED_HS = /^(\d{3})\.(\d+)$/u;

/**
 * An HS code's form only (4 to 10 digits; dots and spaces dropped: "0901.11" -> "090111").
 * Excel stores "0901.11" typed into a number cell as 901.11 and "0901.10" as 901.1, so a
 * numeric cell gets its heading padded back to four digits and its subheading pairs completed;
 * a text cell with a three-digit heading before the dot ("901.11") gets the same repair.
 * Whether the code fits the product type is a channel rule.
 */
export function parseHsCode(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  let digits: string;
  if (typeof value === 'number') {
    const match = /^(\d+)(?:\.(\d+))?$/u.exec(String(value));
    if (match === null)
      return fail('HS_CODE_FORMAT', `${quoteValue(text)} is not an HS code; expected e.g. 0901.11.`);
    const heading = match[1] ?? '';
    const subheading = match[2];
    digits =
      subheading === undefined
        ? heading.padStart(heading.length + (heading.length % 2), '0')
        : heading.padStart(4, '0') + subheading.padEnd(subheading.length + (subheading.length % 2), '0');
  } else {
    const damaged = EXCEL_DAMAGED_HS.exec(text);
    // As for a number cell: the heading padded to four digits, the subheading to whole pairs.
    const subheading = damaged?.[2] ?? '';
    digits =
      damaged === null
        ? text.replace(HS_SEPARATORS, '')
        : `0${damaged[1]}${subheading.padEnd(subheading.length + (subheading.length % 2), '0')}`;
  }
  if (!HS_DIGITS.test(digits)) {
    return fail(
      'HS_CODE_FORMAT',
      `${quoteValue(text)} is not an HS code; expected 4 to 10 digits, dots and spaces allowed, e.g. 0901.11.`,
    );
  }
  return ok(digits);
}

const TEXT_MARK = /^'/u;
const GTIN_SPACES = /[\s\u00A0\u202F]/gu;
const GTIN_DIGITS = /^(\d{8}|\d{12}|\d{13}|\d{14})$/u;
const SHORT_GTIN_DIGITS = /^\d{7,11}$/u;
const SCIENTIFIC = /\d[.,]?\d*e\+?\d/iu;

/**
 * A GTIN's form (8, 12, 13 or 14 digits, spaces dropped); whether its check digit holds is a
 * channel rule. A spreadsheet that stored the GTIN as a number dropped its leading zeros, so
 * 7 to 11 digits get them back when the check digit then holds (gtin.ts), with a warning, as
 * parseHsCode repairs the same damage to HS codes.
 */
export function parseGtin(value: RawValue): Parsed<string> {
  const text = cellText(value).trim();
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    return fail('GTIN_FORMAT', `${quoteValue(text)} is not a GTIN; expected 8, 12, 13 or 14 digits.`);
  }
  // A leading apostrophe is how a spreadsheet (and Shopify's export, for Excel) says "keep this
  // number as text": it is not part of the code.
  const digits = text.replace(TEXT_MARK, '').replace(GTIN_SPACES, '');
  if (GTIN_DIGITS.test(digits)) return ok(digits);
  const restored = withLeadingZerosRestored(digits);
  if (restored !== null) {
    return {
      ok: true,
      value: restored,
      warning: {
        code: 'GTIN_LEADING_ZEROS_RESTORED',
        message: `GTIN ${quoteValue(text)} had lost its leading zeros (a spreadsheet stored it as a number); read as ${restored}, whose check digit holds. Format the column as text to keep them.`,
      },
    };
  }
  const hint = SCIENTIFIC.test(text)
    ? ' Excel turned it into scientific notation: format the column as text and retype it.'
    : SHORT_GTIN_DIGITS.test(digits)
      ? ' If a spreadsheet dropped its leading zeros, format the column as text and retype it; padded with zeros, its check digit does not hold either.'
      : '';
  return fail('GTIN_FORMAT', `${quoteValue(text)} is not a GTIN; expected 8, 12, 13 or 14 digits.${hint}`);
}

// Commas split only before another address, so a comma inside a URL survives.
const URL_SEPARATORS = /[\s;|]+|,(?=\s*[a-z][a-z0-9+.-]*:)/iu;

export interface ImageResult {
  urls: string[];
  problems: ValueProblem[];
}

/** Image addresses, one or several per cell: each must be an https:// URL. */
export function parseImageUrls(value: RawValue): ImageResult {
  const pieces = Array.isArray(value) ? value.map(cellText) : cellText(value).split(URL_SEPARATORS);
  const urls: string[] = [];
  const problems: ValueProblem[] = [];
  for (const piece of pieces) {
    const candidate = piece.trim().replace(/,$/u, '');
    if (candidate === '') continue;
    let valid = false;
    try {
      const url = new URL(candidate);
      valid = url.protocol === 'https:' && url.hostname !== '';
    } catch {
      valid = false;
    }
    if (valid) urls.push(candidate);
    else {
      problems.push({
        code: 'URL_INVALID',
        message: `${quoteValue(candidate)} is not a web address starting with https://.`,
      });
    }
  }
  return { urls, problems };
}

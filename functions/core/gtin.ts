/**
 * GS1 GTIN-8/12/13/14 check digits (GS1 General Specifications, section 7.9.1): weights 3 and 1
 * alternate from the rightmost data digit, and the check digit brings the sum to a multiple of 10.
 * Scans char codes so a million rows cost no regex or array allocation.
 */

export const GTIN_LENGTHS: ReadonlySet<number> = new Set([8, 12, 13, 14]);

export type GtinProblem = 'GTIN_FORMAT' | 'GTIN_CHECK_DIGIT';

/** Check digit for the data digits (a GTIN without its last digit); null if they are not 7, 11, 12 or 13 digits. */
export function gtinCheckDigit(dataDigits: string): number | null {
  if (!GTIN_LENGTHS.has(dataDigits.length + 1)) return null;
  return checkDigitOf(dataDigits, dataDigits.length);
}

function checkDigitOf(digits: string, dataLength: number): number | null {
  let sum = 0;
  let weight = 3;
  for (let index = dataLength - 1; index >= 0; index--) {
    const digit = digits.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return null;
    sum += digit * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

/** Why a GTIN is unusable, or null when it is a well-formed GTIN with a correct check digit. */
export function gtinProblem(gtin: string): GtinProblem | null {
  if (!GTIN_LENGTHS.has(gtin.length)) return 'GTIN_FORMAT';
  const expected = checkDigitOf(gtin, gtin.length - 1);
  const actual = gtin.charCodeAt(gtin.length - 1) - 48;
  if (expected === null || actual < 0 || actual > 9) return 'GTIN_FORMAT';
  return expected === actual ? null : 'GTIN_CHECK_DIGIT';
}

/** Appends the check digit to 7, 11, 12 or 13 data digits. */
export function withCheckDigit(dataDigits: string): string {
  const digit = gtinCheckDigit(dataDigits);
  if (digit === null) throw new RangeError(`not GTIN data digits: ${dataDigits}`);
  return `${dataDigits}${digit}`;
}

/**
 * A GTIN a spreadsheet stored as a number, with the leading zeros it dropped put back: 7 digits
 * become a GTIN-8, 9 to 11 a GTIN-12. GS1 right-aligns every GTIN in a 14-digit field, so zeros
 * in front change neither the GTIN nor its check digit: a GTIN-13 or GTIN-14 that lost zeros is
 * the same GTIN written at the shortest standard length. The check digit decides whether the
 * digits are such a GTIN at all. Null when they are not: already a GTIN length, 6 digits or
 * fewer (more than zeros went missing), or a check digit that fails.
 */
export function withLeadingZerosRestored(digits: string): string | null {
  const length = digits.length === 7 ? 8 : digits.length >= 9 && digits.length <= 11 ? 12 : null;
  if (length === null) return null;
  const padded = digits.padStart(length, '0');
  return gtinProblem(padded) === null ? padded : null;
}

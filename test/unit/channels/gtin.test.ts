import { describe, expect, it } from 'vitest';
import {
  gtinCheckDigit,
  gtinProblem,
  withCheckDigit,
  withLeadingZerosRestored,
} from '../../../functions/core/gtin.ts';

// Published examples: EAN-13 from GS1 and Wikipedia, UPC-A from Wikipedia, EAN-8 from Wikipedia,
// ISBN-13 (an EAN-13); the GTIN-14 ones were checked by hand (weights 3,1 from the right).
const VALID = [
  ['GTIN-8', '96385074'],
  ['GTIN-8', '73513537'],
  ['GTIN-12', '036000291452'],
  ['GTIN-12', '012345678905'],
  ['GTIN-13', '4006381333931'],
  ['GTIN-13', '5901234123457'],
  ['GTIN-13', '9780306406157'],
  ['GTIN-14', '10012345678902'],
  ['GTIN-14', '00012345600012'],
] as const;

describe('GS1 check digit', () => {
  it.each(VALID)('%s %s is valid', (_kind, gtin) => {
    expect(gtinProblem(gtin)).toBeNull();
    expect(gtinCheckDigit(gtin.slice(0, -1))).toBe(Number(gtin.slice(-1)));
    expect(withCheckDigit(gtin.slice(0, -1))).toBe(gtin);
  });

  it.each(VALID)('%s %s with any other last digit is GTIN_CHECK_DIGIT', (_kind, gtin) => {
    const right = Number(gtin.slice(-1));
    for (let digit = 0; digit <= 9; digit++) {
      if (digit === right) continue;
      expect(gtinProblem(`${gtin.slice(0, -1)}${digit}`)).toBe('GTIN_CHECK_DIGIT');
    }
  });

  it('catches a single mistyped digit and adjacent transpositions of differing digits', () => {
    expect(gtinProblem('4006381333932')).toBe('GTIN_CHECK_DIGIT');
    expect(gtinProblem('4006381339331')).toBe('GTIN_CHECK_DIGIT'); // ...33|9|3... swapped
    expect(gtinProblem('0360002914521'.slice(0, 12))).toBeNull();
  });

  it('says GTIN_FORMAT for wrong lengths and non-digits', () => {
    for (const bad of [
      '',
      '1234567',
      '123456789',
      '123456789012345',
      '4006381333931X',
      '400638133393A',
      '9638507',
    ]) {
      expect(gtinProblem(bad)).toBe('GTIN_FORMAT');
    }
    expect(gtinProblem('400638133393A')).toBe('GTIN_FORMAT');
    expect(gtinCheckDigit('123')).toBeNull();
  });
});

describe('leading zeros a spreadsheet dropped', () => {
  it.each([
    // A UPC-A (GTIN-12) starting with 0, stored as the number 12345678905.
    ['12345678905', '012345678905'],
    ['36000291452', '036000291452'],
    // GTIN-14 00012345600012 as a number: the same GTIN as GTIN-12 012345600012.
    ['12345600012', '012345600012'],
    ['1234567895', '001234567895'],
    ['123456784', '000123456784'],
    // An EAN-8 starting with 0.
    ['1234565', '01234565'],
  ])('%s gets its zeros back: %s', (digits, gtin) => {
    expect(withLeadingZerosRestored(digits)).toBe(gtin);
    expect(gtinProblem(gtin)).toBeNull();
  });

  it.each([
    ['a wrong check digit once padded', '12345678904'],
    ['a GTIN length already', '96385074'],
    ['a GTIN-13', '4006381333931'],
    ['too short to have lost only zeros', '123457'],
    ['not digits', '1234567890A'],
  ])('leaves %s alone', (_case, digits) => {
    expect(withLeadingZerosRestored(digits)).toBeNull();
  });
});

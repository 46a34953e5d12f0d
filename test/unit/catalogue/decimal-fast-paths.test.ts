import { describe, expect, it } from 'vitest';
import { type DecimalValue, parseDecimalText } from '../../../functions/core/catalogue/values/decimal.ts';
import type { Parsed } from '../../../functions/core/catalogue/values/value-result.ts';
import { RandomCases } from '../../support/random-cases.ts';

/**
 * The general number reading as it was before the fast paths for "12 500" and "0,5" were added
 * (values.ts, NUMBER FORMAT RULE). The fast paths must give exactly what this gives.
 */
function referenceParseDecimalText(
  raw: string,
  wholeNumberColumn: boolean,
): Parsed<DecimalValue> | 'invalid' {
  let text = raw.trim().replace(/\u2212/gu, '-');
  let negative = false;
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = text.startsWith('-');
    text = text.slice(1).trimStart();
  }
  let exponent = 0;
  const withExponent = /^(.*?)[eE]([+-]?\d{1,6})$/u.exec(text);
  if (withExponent !== null) {
    text = withExponent[1] ?? '';
    exponent = Number(withExponent[2]);
    if (Math.abs(exponent) > 400) return 'invalid';
  }
  const groups: string[] = [];
  const separators: string[] = [];
  let current = '';
  for (const char of text) {
    if (char >= '0' && char <= '9') {
      current += char;
      continue;
    }
    const isMark = char === '.' || char === ',';
    if (!isMark && !new Set([' ', '\u00A0', '\u202F', '\u2009']).has(char)) return 'invalid';
    if (current === '' && !(isMark && groups.length === 0)) return 'invalid';
    groups.push(current);
    separators.push(isMark ? char : ' ');
    current = '';
  }
  if (current === '') return 'invalid';
  groups.push(current);
  let decimalAt = -1;
  const marks: number[] = [];
  separators.forEach((separator, index) => {
    if (separator !== ' ') marks.push(index);
  });
  const lastMark = marks.at(-1);
  if (lastMark !== undefined) {
    const lastChar = separators[lastMark];
    const kinds = new Set(marks.map((index) => separators[index]));
    if (kinds.size === 2) decimalAt = lastMark;
    else if (marks.length > 1) decimalAt = -1;
    else if (separators.length > 1) decimalAt = lastMark;
    else {
      const before = groups[0] ?? '';
      const after = groups[1] ?? '';
      const thousands =
        wholeNumberColumn &&
        after.length === 3 &&
        before.length >= 1 &&
        before.length <= 3 &&
        !before.startsWith('0');
      decimalAt = thousands ? -1 : lastMark;
    }
    if (decimalAt !== -1 && separators.slice(decimalAt + 1).length > 0) return 'invalid';
    if (decimalAt !== -1 && separators.filter((separator) => separator === lastChar).length > 1)
      return 'invalid';
  }
  const groupingEnd = decimalAt === -1 ? separators.length : decimalAt;
  if (groupingEnd > 0) {
    if (withExponent !== null) return 'invalid';
    const grouping = new Set(separators.slice(0, groupingEnd));
    const first = groups[0] ?? '';
    if (grouping.size > 1 || first.length < 1 || first.length > 3) return 'invalid';
    for (let index = 1; index <= groupingEnd; index += 1) {
      if ((groups[index] ?? '').length !== 3) return 'invalid';
    }
  }
  const intDigits = groups.slice(0, groupingEnd + 1).join('');
  const fracDigits = decimalAt === -1 ? '' : (groups[decimalAt + 1] ?? '');
  // normaliseDecimal, as it was.
  let digits = intDigits + fracDigits;
  let scale = fracDigits.length - exponent;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let end = digits.length;
  while (scale > 0 && end > 0 && digits.charCodeAt(end - 1) === 48) {
    end -= 1;
    scale -= 1;
  }
  let start = 0;
  while (start < end - 1 && digits.charCodeAt(start) === 48) start += 1;
  digits = digits.slice(start, end);
  if (digits === '' || /^0+$/u.test(digits))
    return { ok: true, value: { negative: false, digits: '0', scale: 0 } };
  return { ok: true, value: { negative, digits, scale } };
}

function outcome(parsed: Parsed<DecimalValue>): Parsed<DecimalValue> | 'invalid' {
  return parsed.ok ? parsed : 'invalid';
}

const PIECES = [
  '0',
  '1',
  '5',
  '9',
  '00',
  '000',
  '500',
  '12',
  ' ',
  ' ',
  '.',
  ',',
  '\u00A0',
  '-',
  '+',
  'e',
  'E3',
  'x',
];

describe('parseDecimalText: the fast paths read as the general rule does', () => {
  it('agrees with the general reading on the common shapes and their neighbours', () => {
    const cases = [
      '12 500',
      '1 234 567',
      '35 600',
      '0,5',
      '1,500',
      '1.500',
      '0.250',
      '012,500',
      '1234,567',
      '1 50',
    ];
    for (const text of [...cases, ...cases.map((text) => `-${text}`), ...cases.map((text) => ` ${text} `)]) {
      for (const whole of [false, true]) {
        expect(outcome(parseDecimalText(text, whole)), `${JSON.stringify(text)} ${whole}`).toEqual(
          referenceParseDecimalText(text, whole),
        );
      }
    }
  });

  it('agrees with the general reading on 50,000 generated texts', () => {
    const random = new RandomCases(1500);
    for (let run = 0; run < 50_000; run += 1) {
      const text = random.text(PIECES, 7);
      const whole = random.below(2) === 0;
      expect(outcome(parseDecimalText(text, whole)), `${JSON.stringify(text)} ${whole}`).toEqual(
        referenceParseDecimalText(text, whole),
      );
    }
  });
});

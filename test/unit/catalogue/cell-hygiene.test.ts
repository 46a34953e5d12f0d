import { describe, expect, it } from 'vitest';
import { checkCell } from '../../../functions/core/catalogue/cell-hygiene.ts';

const LIMIT = 10_000;

describe('checkCell', () => {
  it.each([
    '=HYPERLINK("http://example.invalid","Click")',
    '@SUM(A1:A9)',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '\t=1+1',
    '\r=1+1',
    '  =A1',
    '-A1',
    '+ item',
    '-USD+A1',
  ])('refuses %j as a formula', (text) => {
    expect(checkCell(text, LIMIT)?.code).toBe('CELL_FORMULA');
  });

  it.each([
    '-1',
    '+4',
    '-18 °C',
    '−18 °C',
    '-2 - 4 °C',
    '+250 788 123 456',
    '-1,5E+3',
    '-$5',
    '-RWF 500',
    '-12,50 €',
    'a=b',
    'Café « Maraba »',
    '1-2',
  ])('accepts %j', (text) => {
    expect(checkCell(text, LIMIT)).toBeNull();
  });

  it('refuses control characters but not tabs and line breaks', () => {
    expect(
      ['abc\u0000', 'bell\u0007', '\u001B[31mred', 'c1\u0085'].map((text) => checkCell(text, LIMIT)?.code),
    ).toEqual([
      'CELL_CONTROL_CHARACTERS',
      'CELL_CONTROL_CHARACTERS',
      'CELL_CONTROL_CHARACTERS',
      'CELL_CONTROL_CHARACTERS',
    ]);
    expect(['a\tb', 'a\nb', 'a\r\nb'].map((text) => checkCell(text, LIMIT))).toEqual([null, null, null]);
  });

  it('refuses a cell longer than the limit, and says how long it is', () => {
    expect(checkCell('x'.repeat(LIMIT), LIMIT)).toBeNull();
    expect(checkCell('x'.repeat(LIMIT + 1), LIMIT)).toEqual({
      code: 'CELL_TOO_LONG',
      message: 'Cell has 10001 characters; at most 10000 are accepted.',
    });
  });
});

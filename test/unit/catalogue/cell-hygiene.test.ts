import { describe, expect, it } from 'vitest';
import { cleanCell } from '../../../functions/core/catalogue/cell-hygiene.ts';

const LIMIT = 10_000;

/** What the cell is refused for, or null when it is accepted. */
function checkCell(text: string, limit: number) {
  const verdict = cleanCell(text, limit);
  return verdict.ok ? null : verdict.problem;
}

describe('cleanCell: what is refused', () => {
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
    // Arithmetic a spreadsheet computes: "-2-3" becomes -5.
    '-2-3',
    '-2 - 3',
    '-2 -3',
    '+1+1',
    '--5',
    '-6/2',
    '-2^3',
    '-5% - 3%',
    '+250 788-123-456',
    '-2 - 3 - 4',
    '-5 kg/bag',
    '-2 & 3',
    '-(2)',
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
    // A unit, a currency or a range word: no formula can hold it, so the spreadsheet keeps text.
    '-2 - 4 °C',
    '-2-4°C',
    '-18 à -15 °C',
    '-2 to 4',
    '-2 – 4',
    '-5 kg',
    '-5 kg - 3 kg',
    '-1e5',
    '-0,5',
    '- 5',
    '-5%',
    '-1.500,50 FRW',
    // Nothing after the sign to compute: the spreadsheet shows it as typed.
    '-',
    '--',
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

// A failed formula's result, as Excel, Google Sheets and LibreOffice show it and write it into
// CSV exports (and XLSX stores in an error cell): the value it stands for is unknown.
describe('cleanCell: spreadsheet error values', () => {
  it.each([
    '#N/A',
    '#n/a',
    ' #REF! ',
    '#DIV/0!',
    '#VALUE!',
    '#NAME?',
    '#NUM!',
    '#NULL!',
    '#SPILL!',
    '#CALC!',
    '#GETTING_DATA',
    '#ERROR!',
    'Err:502',
  ])('refuses %j with CELL_ERROR_VALUE', (text) => {
    expect(checkCell(text, LIMIT)?.code).toBe('CELL_ERROR_VALUE');
  });

  it.each(['#N/A in the 2025 list', 'Lot #12', '#1 grade', 'Err: none', 'N/A'])(
    'keeps %j: an error value is a whole cell',
    (text) => {
      expect(checkCell(text, LIMIT)).toBeNull();
    },
  );
});

describe('cleanCell: invisible characters', () => {
  it.each([
    ['a right-to-left override', '\u202EHuye coffee\u202C', 'Huye coffee', ['U+202E', 'U+202C']],
    ['isolates', 'Maraba \u2066coop\u2069', 'Maraba coop', ['U+2066', 'U+2069']],
    [
      'marks from a copy-paste',
      'Maraba\u200F coop\u200E\u061C',
      'Maraba coop',
      ['U+200F', 'U+200E', 'U+061C'],
    ],
    [
      'zero-width characters',
      'Hu\u200Bye\u200C\u200D\u2060',
      'Huye',
      ['U+200B', 'U+200C', 'U+200D', 'U+2060'],
    ],
    ['a byte order mark inside text', 'Huye\uFEFF coffee', 'Huye coffee', ['U+FEFF']],
    ['a soft hyphen and a tag', 'cof\u00ADfee\u{E0041}', 'coffee', ['U+00AD', 'U+E0041']],
    ['noncharacters', 'tea\uFFFE\uFFFF\uFDD0\u{1FFFF}', 'tea', ['U+FFFE', 'U+FFFF', 'U+FDD0', 'U+1FFFF']],
    ['a lone surrogate', 'tea\uD800', 'tea', ['U+D800']],
    [
      'line and paragraph separators, as line feeds',
      'one\u2028two\u2029three',
      'one\ntwo\nthree',
      ['U+2028', 'U+2029'],
    ],
  ])('removes %s, and says which', (_case, text, clean, removed) => {
    const verdict = cleanCell(text, LIMIT);
    expect(verdict).toMatchObject({
      ok: true,
      text: clean,
      warning: { code: 'CELL_INVISIBLE_CHARACTERS_REMOVED' },
    });
    const message = verdict.ok ? (verdict.warning?.message ?? '') : '';
    for (const name of removed) expect(message).toContain(name);
  });

  it('keeps variation selectors, emoji and every script producers write in', () => {
    for (const text of [
      '❤\uFE0F',
      '咖啡 \u{E0100}',
      'Café « Maraba »',
      'Ikawa y’u Rwanda',
      '中文名称',
      '👍🏾',
    ]) {
      expect(cleanCell(text, LIMIT)).toEqual({ ok: true, text, warning: null });
    }
  });

  it('checks for a formula after the invisible characters are gone', () => {
    expect(cleanCell('\u200B=HYPERLINK("http://example.invalid")', LIMIT)).toMatchObject({
      ok: false,
      problem: { code: 'CELL_FORMULA' },
    });
    expect(cleanCell('\uFEFF-A1', LIMIT)).toMatchObject({ ok: false, problem: { code: 'CELL_FORMULA' } });
  });
});

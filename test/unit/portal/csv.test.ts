import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseCell, toCsv } from '../../../portal/src/lib/csv.ts';

describe('CSV cells a spreadsheet would run as a formula (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
  ])('neutralises %j', (text, expected) => {
    expect(neutraliseCell(text)).toBe(expected);
  });

  it.each(['Prix (RWF)', 'SKU-001', 'a=b', '中文名', ''])('leaves %j as it is', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it('quotes every cell and doubles quotes; numbers and nulls are plain', () => {
    expect(csvCell('=1+"2"')).toBe(`"'=1+""2"""`);
    expect(csvCell('Nom, "court"')).toBe('"Nom, ""court"""');
    expect(csvCell(12)).toBe('"12"');
    expect(csvCell(null)).toBe('""');
  });

  it('writes a BOM, a header and CRLF lines', () => {
    expect(
      toCsv(
        ['Row', 'SKU'],
        [
          [3, '-5kg'],
          [null, 'A"1'],
        ],
      ),
    ).toBe('\uFEFF"Row","SKU"\r\n"3","\'-5kg"\r\n"","A""1"\r\n');
  });
});

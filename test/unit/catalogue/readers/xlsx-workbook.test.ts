import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openWorkbook, readXlsx } from '../../../../functions/core/catalogue/readers/xlsx-reader.ts';
import { escapeXml, inlineRow, stylesXml, workbookBytes } from '../../../support/xlsx-parts.ts';
import { failureOf, plainRecords, readFully } from './reader-helpers.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

async function rowsOf(bytes: Buffer, sheet?: string): Promise<[number, (string | undefined)[]][]> {
  const workbook = await openWorkbook(bytes);
  const chosen = workbook.sheets.find((candidate) => candidate.name === (sheet ?? workbook.sheets[0]?.name));
  if (chosen === undefined) throw new Error('no such sheet');
  const rows: [number, (string | undefined)[]][] = [];
  for await (const row of workbook.rows(chosen)) rows.push([row.number, [...row.cells]]);
  return rows;
}

describe('XLSX as programs other than Excel write it', () => {
  it('finds a sheet through its relationships: any part name, an absolute target, prefixed elements', async () => {
    // The .NET Open XML SDK and some exporters prefix SpreadsheetML ("x:") and name parts freely.
    const part = `<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="${MAIN}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>SKU</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>A-1</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const bytes = await workbookBytes({
      sheets: [{ name: 'Export', part: 'xl/worksheets/data.xml', xml: part, target: 'absolute' }],
    });
    expect(await plainRecords(await readXlsx(bytes))).toEqual([{ row: 2, fields: [['SKU', 'A-1']] }]);
  });

  it('reads cells without references (rows and columns in order) and every cell type', async () => {
    const rows = [
      '<row><c t="inlineStr"><is><t>Text</t></is></c><c t="s"><v>0</v></c><c t="str"><v>plain str</v></c><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#DIV/0!</v></c><c t="d"><v>2026-06-15T10:30:00</v></c><c><v>1e-7</v></c></row>',
      // Shared string 1 is rich text with a phonetic guide (rPh) that is not part of the text.
      '<row r="4"><c r="B4" t="s"><v>1</v></c><c r="C4" t="inlineStr"><is><r><t>Caf</t></r><r><rPr><b/></rPr><t>é</t></r></is></c><c r="D4" t="inlineStr"><is><t>Line_x000D__x000A_two_x005F_x0041_</t></is></c><c r="E4" t="s"/><c r="F4"><f>SUM(A1:A3)</f><v>6</v></c><c r="G4"><f t="shared" si="0"/><v>7</v></c><c r="H4" t="str"><f>A1&amp;"!"</f><v>Text!</v></c><c r="I4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="J4"><f>A1*2</f></c><c r="K4"><f t="shared" si="0"/></c></row>',
    ].join('');
    const bytes = await workbookBytes({
      sheets: [{ name: 'Types', part: 'xl/worksheets/sheet1.xml', rows }],
      sharedStringsXml: `<sst xmlns="${MAIN}"><si><t>Shared &amp; escaped</t></si><si><r><t>Green </t></r><r><rPr><i/></rPr><t>tea</t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si></sst>`,
    });
    expect(await rowsOf(bytes)).toEqual([
      [
        1,
        [
          'Text',
          'Shared & escaped',
          'plain str',
          'TRUE',
          'FALSE',
          '#DIV/0!',
          '2026-06-15T10:30:00',
          '0.0000001',
        ],
      ],
      [
        4,
        // A formula is its saved result; without one, "=formula" (which the row parser refuses).
        [
          undefined,
          'Green tea',
          'Café',
          'Line\r\ntwo_x0041_',
          undefined,
          '6',
          '7',
          'Text!',
          '#DIV/0!',
          '=A1*2',
          '=(shared formula)',
        ],
      ],
    ]);
  });

  it('tells dates from numbers by the cell style: built-in, custom, and the 1904 date system', async () => {
    const styles = stylesXml([0, 14, 164, 165, 166, 22], {
      164: 'dd/mm/yyyy',
      165: '#,##0.00 "kg"',
      166: '[Red]0.0\\ \\m',
    });
    const cells = (serial: number) =>
      [0, 1, 2, 3, 4, 5]
        .map((style) => `<c r="${String.fromCharCode(65 + style)}1" s="${style}"><v>${serial}</v></c>`)
        .join('');
    const sheet = {
      name: 'Dates',
      part: 'xl/worksheets/sheet1.xml',
      rows: `<row r="1">${cells(46188.5)}</row>`,
    };
    expect(await rowsOf(await workbookBytes({ sheets: [sheet], stylesXml: styles }))).toEqual([
      [
        1,
        [
          '46188.5',
          '2026-06-15T12:00:00',
          '2026-06-15T12:00:00',
          '46188.5',
          '46188.5',
          '2026-06-15T12:00:00',
        ],
      ],
    ]);
    expect(await rowsOf(await workbookBytes({ sheets: [sheet], stylesXml: styles, date1904: true }))).toEqual(
      [
        [
          1,
          [
            '46188.5',
            '2030-06-16T12:00:00',
            '2030-06-16T12:00:00',
            '46188.5',
            '46188.5',
            '2030-06-16T12:00:00',
          ],
        ],
      ],
    );
  });

  it('lists every sheet in tab order with its kind and visibility, and reads any of them', async () => {
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Chart',
          part: 'xl/chartsheets/sheet1.xml',
          kind: 'chartsheet',
          xml: `<chartsheet xmlns="${MAIN}"/>`,
        },
        { name: 'Lists', part: 'xl/worksheets/sheet1.xml', state: 'veryHidden', rows: inlineRow(1, ['kg']) },
        {
          name: 'Produits',
          part: 'xl/worksheets/sheet2.xml',
          rows: inlineRow(1, ['SKU']) + inlineRow(2, ['A-1']),
        },
        {
          name: 'Notes',
          part: 'xl/worksheets/sheet3.xml',
          state: 'hidden',
          rows: inlineRow(1, ['Prepared by']),
        },
      ],
    });
    const workbook = await openWorkbook(bytes);
    expect(workbook.sheets.map(({ name, index, state, kind }) => [name, index, state, kind])).toEqual([
      ['Chart', 0, 'visible', 'chartsheet'],
      ['Lists', 1, 'veryHidden', 'worksheet'],
      ['Produits', 2, 'visible', 'worksheet'],
      ['Notes', 3, 'hidden', 'worksheet'],
    ]);
    expect([await rowsOf(bytes, 'Notes'), await rowsOf(bytes, 'Lists')]).toEqual([
      [[1, ['Prepared by']]],
      [[1, ['kg']]],
    ]);
    // The default is still the first visible worksheet, and a chart is not a table.
    expect(await plainRecords(await readXlsx(bytes))).toEqual([{ row: 2, fields: [['SKU', 'A-1']] }]);
    const chart = await failureOf(() => readFully(readXlsx(bytes, { sheet: 'chart' })));
    expect([chart.code, chart.message]).toEqual([
      'XLSX_SHEET_NOT_FOUND',
      'Sheet "Chart" is a chart, not a table.',
    ]);
  });

  it('shows a merged range once, in its top-left cell', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.addRow(['SKU', 'Name', 'Lot']);
    sheet.addRow(['A-1', 'Washed coffee', 'L-1']);
    sheet.mergeCells('B2:C2');
    const records = await plainRecords(await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(records).toEqual([
      {
        row: 2,
        fields: [
          ['SKU', 'A-1'],
          ['Name', 'Washed coffee'],
          ['Lot', ''],
        ],
      },
    ]);
  });

  it.each([
    ["a cell past Excel's last column", '<row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row>'],
    ['an element never closed', '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'],
    ['an entity XML does not define', '<row r="1"><c r="A1" t="inlineStr"><is><t>&nbsp;</t></is></c></row>'],
    ['an unquoted attribute', '<row r=1><c r="A1"><v>1</v></c></row>'],
  ])('refuses a sheet with %s as unreadable', async (_what, rows) => {
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows }],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect(failure.code).toBe('XLSX_UNREADABLE');
  });

  it.each([
    ['past the end of the table', '99999999'],
    ['negative', '-1'],
    ['not a whole number', '1.5'],
    ['not a number', 'abc'],
  ])(
    'refuses a cell pointing at a shared string %s: its value would vanish without a word',
    async (_why, index) => {
      const rows = `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>${index}</v></c></row>`;
      const bytes = await workbookBytes({
        sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows }],
        sharedStrings: ['SKU'],
      });
      const failure = await failureOf(() => readFully(readXlsx(bytes)));
      expect(failure.code).toBe('XLSX_UNREADABLE');
      expect(failure.message).toContain('sheet "Catalogue" has a cell pointing at text');
      expect(failure.message).toContain('of 1 in its shared strings');
    },
  );

  it('refuses a shared-string cell in a workbook that has no shared strings part', async () => {
    const rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows }],
    });
    expect((await failureOf(() => readFully(readXlsx(bytes)))).code).toBe('XLSX_UNREADABLE');
  });

  it('refuses a workbook with two parts of one name: programs differ on which one they read', async () => {
    const evil = `<worksheet xmlns="${MAIN}"><sheetData>${inlineRow(1, ['SKU'])}${inlineRow(2, ['EVIL'])}</sheetData></worksheet>`;
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Catalogue',
          part: 'xl/worksheets/sheet1.xml',
          rows: `${inlineRow(1, ['SKU'])}${inlineRow(2, ['A-1'])}`,
        },
      ],
      // The same name again, differing only in case: zip names are compared as Excel's package reader does.
      extra: [{ name: 'xl/worksheets/Sheet1.xml', content: Buffer.from(evil) }],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_UNREADABLE',
      'The workbook cannot be read: it holds two parts named "xl/worksheets/Sheet1.xml".',
    ]);
  });

  it('refuses a DOCTYPE in any part, so no entity is ever declared', async () => {
    const part = `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "${escapeXml('x'.repeat(10))}">]><worksheet xmlns="${MAIN}"><sheetData/></worksheet>`;
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', xml: part }],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_UNREADABLE',
      'The workbook cannot be read: sheet "Catalogue" is not well-formed XML (it declares a DOCTYPE or another declaration, which workbooks never do).',
    ]);
  });
});

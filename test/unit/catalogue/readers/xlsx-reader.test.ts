import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  columnLetters,
  isoDateText,
  plainNumber,
  readXlsx,
} from '../../../../functions/core/catalogue/readers/xlsx-reader.ts';
import { failureOf, inChunks, plainRecords, readFully } from './reader-helpers.ts';

async function bufferOf(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook with a notes sheet first and the catalogue second, as producers often keep them. */
async function twoSheetWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('Notes');
  notes.addRow(['Prepared by', 'Gashora Farm']);
  notes.addRow(['Season', 2026]);
  const catalogue = workbook.addWorksheet('Catalogue');
  catalogue.addRow(['SKU', 'Name', 'Price', 'Harvest date']);
  catalogue.addRow(['GF-1', 'Dried chili', 4.2, new Date(Date.UTC(2026, 7, 14))]);
  catalogue.getCell('D2').numFmt = 'dd/mm/yyyy';
  return bufferOf(workbook);
}

describe('readXlsx', () => {
  it('reads the first sheet, turning every value into the text a person sees', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Produits');
    sheet.addRow(['SKU', 'Prix', 'Stock', 'Poids', 'Récolte', 'Nom', 'Site', 'Bio', 'GTIN', 'Erreur']);
    sheet.addRow([
      'HMC-1',
      0.1 + 0.2,
      1500,
      12.5,
      new Date(Date.UTC(2026, 5, 15)),
      { richText: [{ text: 'Café ' }, { text: 'vert', font: { bold: true } }] },
      { text: 'huye.rw', hyperlink: 'https://huye.rw' },
      true,
      6163001000012,
      { error: '#N/A' },
    ]);
    sheet.getCell('E2').numFmt = 'dd/mm/yyyy';
    sheet.addRow([]);
    sheet.getCell('A4').value = 'HMC-2';
    sheet.getCell('C4').value = 1e21;
    workbook.addWorksheet('Second').addRow(['not read']);

    const source = await readXlsx(inChunks(await bufferOf(workbook), 1000));
    expect([source.format, source.encoding, await plainRecords(source)]).toEqual([
      'xlsx',
      'binary',
      [
        {
          row: 2,
          fields: [
            ['SKU', 'HMC-1'],
            ['Prix', '0.3'],
            ['Stock', '1500'],
            ['Poids', '12.5'],
            ['Récolte', '2026-06-15'],
            ['Nom', 'Café vert'],
            ['Site', 'huye.rw'],
            ['Bio', 'TRUE'],
            ['GTIN', '6163001000012'],
            ['Erreur', '#N/A'],
          ],
        },
        {
          row: 4,
          fields: [
            ['SKU', 'HMC-2'],
            ['Prix', ''],
            ['Stock', '1000000000000000000000'],
            ['Poids', ''],
            ['Récolte', ''],
            ['Nom', ''],
            ['Site', ''],
            ['Bio', ''],
            ['GTIN', ''],
            ['Erreur', ''],
          ],
        },
      ],
    ]);
  });

  it('reads a named sheet that is not the first one, ignoring case', async () => {
    const source = await readXlsx(await twoSheetWorkbook(), { sheet: 'catalogue' });
    expect(await plainRecords(source)).toEqual([
      {
        row: 2,
        fields: [
          ['SKU', 'GF-1'],
          ['Name', 'Dried chili'],
          ['Price', '4.2'],
          ['Harvest date', '2026-08-14'],
        ],
      },
    ]);
  });

  it('reads the first sheet in tab order by default', async () => {
    expect(await plainRecords(await readXlsx(await twoSheetWorkbook()))).toEqual([
      {
        row: 2,
        fields: [
          ['Prepared by', 'Season'],
          ['Gashora Farm', '2026'],
        ],
      },
    ]);
  });

  it('skips a hidden first sheet when none is named', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Lists', { state: 'hidden' }).addRow(['kg', 'g']);
    const visible = workbook.addWorksheet('Catalogue');
    visible.addRow(['SKU']);
    visible.addRow(['A-1']);
    expect(await plainRecords(await readXlsx(await bufferOf(workbook)))).toEqual([
      { row: 2, fields: [['SKU', 'A-1']] },
    ]);
  });

  it('refuses a sheet name the workbook does not have, listing the ones it has', async () => {
    const failure = await failureOf(async () =>
      readFully(readXlsx(await twoSheetWorkbook(), { sheet: 'Produits' })),
    );
    expect([failure.code, failure.message]).toEqual([
      'XLSX_SHEET_NOT_FOUND',
      'The workbook has no sheet named "Produits"; its sheets are "Notes", "Catalogue".',
    ]);
  });

  it('refuses a file that is not a zip', async () => {
    const failure = await failureOf(() => readFully(readXlsx(Buffer.from('SKU;Name\nA-1;Coffee\n'))));
    expect(failure.code).toBe('XLSX_UNREADABLE');
  });

  it('refuses a truncated workbook', async () => {
    const bytes = await twoSheetWorkbook();
    const failure = await failureOf(() => readFully(readXlsx(bytes.subarray(0, bytes.length >> 1))));
    expect(failure.code).toBe('XLSX_UNREADABLE');
  });

  it('refuses an old .xls (OLE2) file with an explanation', async () => {
    const ole2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const failure = await failureOf(() => readFully(readXlsx(ole2)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_UNREADABLE',
      'This is an Excel 97-2003 (.xls) or password-protected workbook; save it as an unprotected .xlsx workbook.',
    ]);
  });

  it('yields a formula as the result the spreadsheet saved, and as "=formula" only without one', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.addRow(['SKU', 'Price', 'Total']);
    sheet.addRow(['A-1', 10, { formula: 'B2*2', result: 20 }]);
    sheet.addRow(['A-2', { formula: 'HYPERLINK("http://example.invalid","Click")', result: 'Click' }, 3]);
    sheet.addRow(['A-3', { formula: 'B2*3' }, 4]);
    expect(await plainRecords(await readXlsx(await bufferOf(workbook)))).toEqual([
      {
        row: 2,
        fields: [
          ['SKU', 'A-1'],
          ['Price', '10'],
          ['Total', '20'],
        ],
      },
      {
        row: 3,
        fields: [
          ['SKU', 'A-2'],
          ['Price', 'Click'],
          ['Total', '3'],
        ],
      },
      {
        row: 4,
        fields: [
          ['SKU', 'A-3'],
          ['Price', '=B2*3'],
          ['Total', '4'],
        ],
      },
    ]);
  });

  it('applies the CSV header rules: header below empty rows, duplicates refused with their row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.getCell('B3').value = 'SKU';
    sheet.getCell('C3').value = 'Nom';
    sheet.getCell('D3').value = ' sku';
    const failure = await failureOf(async () => readFully(readXlsx(await bufferOf(workbook))));
    expect([failure.code, failure.line, failure.message]).toEqual([
      'HEADER_DUPLICATE_COLUMN',
      3,
      'Columns B and D are both named "sku"; rename one so every column has its own name.',
    ]);
  });

  it('counts non-empty cells right of the header as extra cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.addRow(['SKU', 'Name']);
    sheet.addRow(['A-1', 'Coffee', undefined, 'stray']);
    expect(await plainRecords(await readXlsx(await bufferOf(workbook)))).toEqual([
      {
        row: 2,
        fields: [
          ['SKU', 'A-1'],
          ['Name', 'Coffee'],
        ],
        extraCells: 1,
      },
    ]);
  });
});

describe('cell text helpers', () => {
  it.each([
    [1500, '1500'],
    [12.5, '12.5'],
    [0.1 + 0.2, '0.3'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.75, '-2.75'],
    [6163001000012, '6163001000012'],
  ])('writes %d as %j', (value, text) => {
    expect(plainNumber(value)).toBe(text);
  });

  it('writes dates as ISO days, with the time only when there is one', () => {
    expect([
      isoDateText(new Date(Date.UTC(2026, 1, 28))),
      isoDateText(new Date(Date.UTC(2026, 1, 28, 14, 30))),
    ]).toEqual(['2026-02-28', '2026-02-28T14:30:00']);
  });

  it('reads a date-styled number below 1 as the time of day Excel shows, not as 30 December 1899', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tours');
    sheet.addRow(['Code', 'Departure time', 'Pick-up', 'Harvest date', 'Day zero']);
    sheet.addRow(['VT-1', 0.5, 7 / 24 + 5 / 1440 + 9 / 86_400, 46_188.25, 0]);
    sheet.getCell('B2').numFmt = 'h:mm';
    sheet.getCell('C2').numFmt = 'hh:mm:ss';
    sheet.getCell('D2').numFmt = 'dd/mm/yyyy hh:mm';
    sheet.getCell('E2').numFmt = 'h:mm AM/PM';
    const records = await plainRecords(await readXlsx(inChunks(await bufferOf(workbook), 1000)));
    expect(records[0]?.fields).toEqual([
      ['Code', 'VT-1'],
      ['Departure time', '12:00'],
      ['Pick-up', '07:05:09'],
      ['Harvest date', '2026-06-15T06:00:00'],
      ['Day zero', '00:00'],
    ]);
  });

  it('labels columns as Excel does', () => {
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readXlsx } from '../../../../functions/core/catalogue/readers/xlsx-reader.ts';
import { MiB, xlsxSheetBomb } from '../../../support/reader-bombs.ts';
import { inlineRow, workbookBytes, workbookEntries } from '../../../support/xlsx-parts.ts';
import { zipArchive } from '../../../support/zip-writer.ts';
import { collect, failureOf, plainRecords, readFully } from './reader-helpers.ts';

/** Bytes that are not deflate data: inflating them fails, so refusing before inflating is visible. */
const GARBAGE = Buffer.alloc(100 * 1024, 0xff);
const HEADER = inlineRow(1, ['SKU', 'Name']);
const ROW = inlineRow(2, ['A-1', 'Washed coffee']);

/** Rows of varied text that compress about as much as a real sheet does (5-15 times). */
function plausibleRows(count: number): string {
  const rows: string[] = [HEADER];
  for (let row = 2; row < count + 2; row += 1) {
    rows.push(
      inlineRow(row, [`SKU-${(row * 7919) % 100_003}`, `Coffee lot ${(row * 104_729) % 99_991} of ${row}`]),
    );
  }
  return rows.join('');
}

describe('XLSX zip limits', () => {
  it('refuses a sheet whose directory says it inflates past the limit, before inflating anything', async () => {
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Catalogue',
          part: 'xl/worksheets/sheet1.xml',
          declaredSize: 2 * 1024 * MiB,
          rawData: GARBAGE,
        },
      ],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_TOO_LARGE',
      'The workbook\'s sheet "Catalogue" would inflate to 2048 MiB, which takes the parts read past the limit of 1024 MiB for one workbook; split the catalogue into smaller files.',
    ]);
  });

  it('refuses a part that says it inflates more than 100 times its size, before inflating it', async () => {
    const bytes = await workbookBytes({
      sheets: [
        { name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', declaredSize: 50 * MiB, rawData: GARBAGE },
      ],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_TOO_LARGE',
      'The workbook\'s sheet "Catalogue" inflates to more than 100 times its compressed size (50 MiB from 100 KiB); real spreadsheets compress far less, so it is refused as a zip bomb.',
    ]);
  });

  it('stops a sheet whose directory lies about its size within its first megabytes', async () => {
    const source = await readXlsx(await xlsxSheetBomb(64 * MiB, true));
    let rows = 0;
    const failure = await failureOf(async () => {
      for await (const _record of source.records) rows += 1;
    });
    expect([
      failure.code,
      failure.message.startsWith('The workbook\'s sheet "Catalogue" inflates to more than 100 times'),
    ]).toEqual(['XLSX_TOO_LARGE', true]);
    // 64 MiB of rows of about 4 KB each: the ratio is seen after the first MiB, a few hundred rows.
    expect(rows).toBeLessThan(1_000);
  });

  it('stops a lying sheet at the absolute limit when its ratio looks real', async () => {
    const rows = plausibleRows(60_000);
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows, declaredSize: 10_000 }],
    });
    const failure = await failureOf(() =>
      readFully(readXlsx(bytes, { limits: { maxInflatedBytes: 2 * MiB } })),
    );
    expect([failure.code, failure.message]).toEqual([
      'XLSX_TOO_LARGE',
      'The workbook\'s sheet "Catalogue" inflates past the limit of 2 MiB for one workbook (its zip directory said 9.8 KiB); split the catalogue into smaller files.',
    ]);
  });

  it('counts the shared strings and the sheet together against the workbook limit', async () => {
    // About 220 KB of shared strings and 780 KB of sheet: each fits 0.9 MiB, not both.
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: plausibleRows(6_000) }],
      sharedStrings: Array.from({ length: 4_000 }, (_, index) => `Shared text ${index * 7919}`),
    });
    const failure = await failureOf(() =>
      readFully(readXlsx(bytes, { limits: { maxInflatedBytes: 0.9 * MiB } })),
    );
    expect([
      failure.code,
      failure.message.startsWith('The workbook\'s sheet "Catalogue" would inflate to'),
    ]).toEqual(['XLSX_TOO_LARGE', true]);
    const sheetAlone = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: plausibleRows(6_000) }],
    });
    expect((await readFully(readXlsx(sheetAlone, { limits: { maxInflatedBytes: 0.9 * MiB } }))).length).toBe(
      6_000,
    );
  });

  it('bounds the parts held in memory for the whole read tighter than the sheet, which streams', async () => {
    const sheets = [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: `${HEADER}${ROW}` }];
    const shared = await workbookBytes({
      sheets,
      sharedStrings: ['x'],
      overrides: { 'xl/sharedStrings.xml': { declaredSize: 300 * MiB, rawData: GARBAGE } },
    });
    const workbook = await workbookBytes({
      sheets,
      overrides: { 'xl/workbook.xml': { declaredSize: 20 * MiB, rawData: GARBAGE } },
    });
    const failures = [
      await failureOf(() => readFully(readXlsx(shared))),
      await failureOf(() => readFully(readXlsx(workbook))),
    ];
    expect(failures.map((failure) => [failure.code, failure.message])).toEqual([
      [
        'XLSX_TOO_LARGE',
        "The workbook's shared strings would inflate to 300 MiB, past the 256 MiB a part read into memory may take; split the catalogue into smaller files.",
      ],
      [
        'XLSX_TOO_LARGE',
        "The workbook's workbook would inflate to 20 MiB, past the 16 MiB a part read into memory may take; split the catalogue into smaller files.",
      ],
    ]);
  });

  it('never inflates media, drawings, printer settings or macros, whatever the sheet part is named', async () => {
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/data.xml', rows: `${HEADER}${ROW}` }],
      extra: [
        {
          name: 'xl/media/image1.png',
          content: Buffer.alloc(10),
          declaredSize: 700 * 1000 * 1000,
          rawData: GARBAGE,
        },
        { name: 'xl/drawings/drawing1.xml', content: Buffer.alloc(10), rawData: GARBAGE },
        { name: 'xl/printerSettings/printerSettings1.bin', content: Buffer.alloc(10), rawData: GARBAGE },
        { name: 'xl/vbaProject.bin', content: Buffer.alloc(10), rawData: GARBAGE },
      ],
    });
    expect(await plainRecords(await readXlsx(bytes))).toEqual([
      {
        row: 2,
        fields: [
          ['SKU', 'A-1'],
          ['Name', 'Washed coffee'],
        ],
      },
    ]);
  });

  it('refuses an archive whose directory claims more parts than any workbook has', async () => {
    const bytes = await zipArchive(
      workbookEntries({ sheets: [{ name: 'S', part: 'xl/worksheets/sheet1.xml' }] }),
      {
        zip64: true,
      },
    );
    const record = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
    bytes.writeBigUInt64LE(200_000n, record + 32);
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.message]).toEqual([
      'XLSX_TOO_LARGE',
      'The workbook holds 200000 parts; a workbook may hold at most 100000.',
    ]);
  });

  it('refuses an encrypted entry and a part that is not deflate data', async () => {
    const encrypted = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: HEADER }],
    });
    // The name's last occurrence is in the central directory, 46 bytes into the sheet's entry;
    // general purpose bit 0 there says the entry is encrypted.
    const sheetEntry = encrypted.lastIndexOf('xl/worksheets/sheet1.xml') - 46;
    encrypted.writeUInt16LE(encrypted.readUInt16LE(sheetEntry + 8) | 1, sheetEntry + 8);
    const garbled = await workbookBytes({
      sheets: [
        {
          name: 'Catalogue',
          part: 'xl/worksheets/sheet1.xml',
          rows: HEADER,
          rawData: GARBAGE.subarray(0, 1000),
        },
      ],
    });
    const failures = [
      await failureOf(() => readFully(readXlsx(encrypted))),
      await failureOf(() => readFully(readXlsx(garbled))),
    ];
    expect(failures.map((failure) => failure.code)).toEqual(['XLSX_UNREADABLE', 'XLSX_UNREADABLE']);
    expect(failures[0]?.message).toBe(
      'The workbook is encrypted; save it again as an unprotected .xlsx workbook.',
    );
  });

  it('refuses a row holding more text than a row may, before holding it', async () => {
    const rows = `${HEADER}${inlineRow(2, ['A-1', 'x'.repeat(700_000)])}`;
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows }],
    });
    const failure = await failureOf(() => readFully(readXlsx(bytes)));
    expect([failure.code, failure.line]).toEqual(['XLSX_TOO_LARGE', 2]);
  });

  it('reads a ZIP64 archive', async () => {
    const bytes = await workbookBytes({
      sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: `${HEADER}${ROW}` }],
      zip: { zip64: true },
    });
    expect((await collect(await readXlsx(bytes))).map((record) => record.fields.get('Name'))).toEqual([
      'Washed coffee',
    ]);
  });
});

/** Every module the XLSX reader loads, following relative imports from xlsx-reader.ts. */
function readerModules(): Map<string, string> {
  const root = new URL('../../../../functions/core/catalogue/readers/xlsx-reader.ts', import.meta.url)
    .pathname;
  const modules = new Map<string, string>();
  const pending = [root];
  while (pending.length > 0) {
    const path = pending.pop() as string;
    if (modules.has(path)) continue;
    const source = readFileSync(path, 'utf8');
    modules.set(path, source);
    for (const match of source.matchAll(/from '(\.[^']+)'/gu))
      pending.push(join(dirname(path), match[1] ?? ''));
  }
  return modules;
}

describe('XLSX reader without temporary files', () => {
  it('loads no module that can write a file: nothing is spooled, nothing is left behind on SIGINT', () => {
    const imported = [...readerModules().values()].flatMap((source) =>
      [...source.matchAll(/from '([^.'][^']*)'/gu)].map((match) => match[1]),
    );
    expect([...new Set(imported)].sort()).toEqual(['node:stream', 'node:util', 'node:zlib']);
  });
});

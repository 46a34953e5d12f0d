import { parse } from 'csv-parse';
import { describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  expectNextRecordLength,
  readCsv,
} from '../../../../functions/core/catalogue/readers/csv-reader.ts';
import { failureOf, inChunks, plainRecords, readFully, utf8 } from './reader-helpers.ts';

describe('detectDelimiter', () => {
  it.each([
    ['sku,name,price', ','],
    ['Référence;Désignation;Prix', ';'],
    ['Kode\tIzina\tIgiciro', '\t'],
    ['"Prix; RWF",Nom,Stock', ','],
    ['"a,b,c";d;e', ';'],
    ['sku', ','],
    ['Prix, RWF;Nom', ';'],
  ])('finds the separator of %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });
});

describe('readCsv', () => {
  it('reads comma-separated rows keyed by the header', async () => {
    const source = await readCsv(utf8('sku,name,price\nA-1,Coffee,12.5\nA-2,Tea,4\n'));
    expect([source.format, await plainRecords(source)]).toEqual([
      'csv',
      [
        {
          row: 2,
          fields: [
            ['sku', 'A-1'],
            ['name', 'Coffee'],
            ['price', '12.5'],
          ],
        },
        {
          row: 3,
          fields: [
            ['sku', 'A-2'],
            ['name', 'Tea'],
            ['price', '4'],
          ],
        },
      ],
    ]);
  });

  it('reads semicolon-separated rows with decimal commas left as text', async () => {
    const source = await readCsv(utf8('Référence;Prix;Poids net (kg)\nHMC-1;18 500;0,25\n'));
    expect([source.format, await plainRecords(source)]).toEqual([
      'csv',
      [
        {
          row: 2,
          fields: [
            ['Référence', 'HMC-1'],
            ['Prix', '18 500'],
            ['Poids net (kg)', '0,25'],
          ],
        },
      ],
    ]);
  });

  it('reads tab-separated rows as tsv', async () => {
    const source = await readCsv(utf8('Kode\tIzina\nGT-1\tIcyayi, 100 g\n'));
    expect([source.format, await plainRecords(source)]).toEqual([
      'tsv',
      [
        {
          row: 2,
          fields: [
            ['Kode', 'GT-1'],
            ['Izina', 'Icyayi, 100 g'],
          ],
        },
      ],
    ]);
  });

  it('keeps separators, doubled quotes and line breaks inside quoted cells, and numbers rows by physical line', async () => {
    const text = 'sku;description;stock\nA-1;"Sac de 1 kg; lavé\nrécolte 2026 ""A1""";10\nA-2;plain;5\n';
    expect(await plainRecords(await readCsv(utf8(text)))).toEqual([
      {
        row: 2,
        fields: [
          ['sku', 'A-1'],
          ['description', 'Sac de 1 kg; lavé\nrécolte 2026 "A1"'],
          ['stock', '10'],
        ],
      },
      {
        row: 4,
        fields: [
          ['sku', 'A-2'],
          ['description', 'plain'],
          ['stock', '5'],
        ],
      },
    ]);
  });

  it('handles CRLF endings, including CRLF inside a quoted cell, across tiny chunks', async () => {
    const text = 'sku,notes\r\nA-1,"line one\r\nline two\r\nline three"\r\nA-2,x\r\n';
    const records = await plainRecords(await readCsv(inChunks(utf8(text), 3)));
    expect(records).toEqual([
      {
        row: 2,
        fields: [
          ['sku', 'A-1'],
          ['notes', 'line one\r\nline two\r\nline three'],
        ],
      },
      {
        row: 5,
        fields: [
          ['sku', 'A-2'],
          ['notes', 'x'],
        ],
      },
    ]);
  });

  it('skips empty lines but keeps physical line numbers, and finds the header below leading empty rows', async () => {
    const text = '\n;;\nsku;name\n\nA-1;Coffee\n   \n;\nA-2;Tea';
    expect(await plainRecords(await readCsv(utf8(text)))).toEqual([
      {
        row: 5,
        fields: [
          ['sku', 'A-1'],
          ['name', 'Coffee'],
        ],
      },
      {
        row: 7,
        fields: [
          ['sku', ''],
          ['name', ''],
        ],
      },
      {
        row: 8,
        fields: [
          ['sku', 'A-2'],
          ['name', 'Tea'],
        ],
      },
    ]);
  });

  it('reads a header-only file as zero records without an error', async () => {
    expect(await plainRecords(await readCsv(utf8('sku;name;price\r\n')))).toEqual([]);
  });

  it('reports ragged rows: extra cells (only non-empty ones) and missing cells', async () => {
    const text = 'sku;name;price\nA-1;Coffee;12;oops;\nA-2;Tea\nA-3;Honey;9;;\n';
    expect(await plainRecords(await readCsv(utf8(text)))).toEqual([
      {
        row: 2,
        fields: [
          ['sku', 'A-1'],
          ['name', 'Coffee'],
          ['price', '12'],
        ],
        extraCells: 1,
      },
      {
        row: 3,
        fields: [
          ['sku', 'A-2'],
          ['name', 'Tea'],
          ['price', ''],
        ],
        missingCells: 1,
      },
      {
        row: 4,
        fields: [
          ['sku', 'A-3'],
          ['name', 'Honey'],
          ['price', '9'],
        ],
      },
    ]);
  });

  it('keeps cells of unnamed columns under a "Column N" label, only when they hold something', async () => {
    const text = 'sku;;name;\nA-1;x;Coffee;\nA-2;;Tea;late note\n';
    expect(await plainRecords(await readCsv(utf8(text)))).toEqual([
      {
        row: 2,
        fields: [
          ['sku', 'A-1'],
          ['Column 2', 'x'],
          ['name', 'Coffee'],
        ],
      },
      {
        row: 3,
        fields: [
          ['sku', 'A-2'],
          ['name', 'Tea'],
          ['Column 4', 'late note'],
        ],
      },
    ]);
  });

  it('refuses an unclosed quote with the line where its row starts', async () => {
    const text = 'sku,name\nA-1,Coffee\nA-2,"Tea, black\nA-3,Honey\nA-4,Milk\n';
    const failure = await failureOf(() => readFully(readCsv(utf8(text))));
    expect([failure.code, failure.line]).toEqual(['CSV_MALFORMED', 3]);
  });

  it('refuses a quote inside an unquoted cell with its line, even after many buffered rows', async () => {
    const rows = Array.from({ length: 500 }, (_, index) => `A-${index},plain`).join('\n');
    const text = `sku,name\n${rows}\nB-1,5" bag\nB-2,x\n`;
    const failure = await failureOf(() => readFully(readCsv(utf8(text))));
    expect([failure.code, failure.line]).toEqual(['CSV_MALFORMED', 502]);
  });

  it('refuses a header whose cells are all empty', async () => {
    const failure = await failureOf(() => readFully(readCsv(utf8(';;\n;;;\n'))));
    expect([failure.code, failure.line]).toEqual(['HEADER_MISSING', 1]);
  });

  it('refuses duplicate column names, compared trimmed and without case', async () => {
    const failure = await failureOf(() => readFully(readCsv(utf8('\nSKU;Nom; sku \nA;B;C\n'))));
    expect([failure.code, failure.line, failure.message]).toEqual([
      'HEADER_DUPLICATE_COLUMN',
      2,
      'Columns 1 and 3 are both named "sku"; rename one so every column has its own name.',
    ]);
  });

  it('keeps a cell longer than maxCellChars for the row parser, but refuses a record far beyond it', async () => {
    const limits = { maxCellChars: 10 };
    const long = 'x'.repeat(50);
    const kept = await plainRecords(await readCsv(utf8(`sku,note\nA-1,${long}\n`), { limits }));
    expect(kept).toEqual([
      {
        row: 2,
        fields: [
          ['sku', 'A-1'],
          ['note', long],
        ],
      },
    ]);
    const huge = 'y'.repeat(10 * 4 * 64 + 1);
    const failure = await failureOf(() =>
      readFully(readCsv(utf8(`sku,note\nA-1,ok\nA-2,"${huge}"\n`), { limits })),
    );
    expect([failure.code, failure.line]).toEqual(['CSV_MALFORMED', 3]);
    // The quote does close: the message must not say it is never closed as if that were sure.
    expect(failure.message).toMatch(
      /more than a row can hold: a quote opened in it is never closed, or a cell is far longer than the 10 characters/,
    );
  });

  it('uses a forced tab separator even when the header has semicolons', async () => {
    const source = await readCsv(utf8('a;b\tc\n1;2\t3\n'), { delimiter: '\t' });
    expect([source.format, await plainRecords(source)]).toEqual([
      'tsv',
      [
        {
          row: 2,
          fields: [
            ['a;b', '1;2'],
            ['c', '3'],
          ],
        },
      ],
    ]);
  });
});

describe('records of another length than the first', () => {
  // A title line above the header and its rows, then blank lines and a total: producers' exports.
  const rows = Array.from({ length: 100 }, (_, index) => `GIS-${index};Coffee;12`);
  const text = `Catalogue Gisovu 2026\nsku;name;price\n${rows.join('\n')}\n\n\n\nTotal;;\n`;

  async function parsed(follow: boolean): Promise<{ records: string[][]; invalid: number }> {
    const parser = parse({
      delimiter: ';',
      relax_column_count: true,
      skip_empty_lines: false,
      on_record: (cells: string[]) => {
        if (follow) expectNextRecordLength(parser, cells.length);
        return cells;
      },
    });
    parser.end(text);
    const records: string[][] = [];
    for await (const record of parser) records.push(record as string[]);
    return { records, invalid: parser.info.invalid_field_length };
  }

  it('cost csv-parse an error only where the length changes, not on every row after a title (44 µs each)', async () => {
    const plain = await parsed(false);
    // The control: this csv-parse version builds an error for every record unlike the first.
    expect(plain.invalid).toBe(102);
    const followed = await parsed(true);
    // The header after the title, the first blank line, the total after the blanks.
    expect(followed.invalid).toBe(3);
    expect(followed.records).toEqual(plain.records);
    expect(followed.records.map((record) => record.length).slice(0, 3)).toEqual([1, 3, 3]);
  });
});

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  formatFromContentType,
  formatFromFileName,
  type OpenCatalogueOptions,
  openCatalogue,
} from '../../../../functions/core/catalogue/readers/open-catalogue.ts';
import type { CatalogueFormat } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { jsonEmptyProducts, MiB, pulledSource, xmlEmptyProducts } from '../../../support/reader-bombs.ts';
import { collect, failureOf, readFully, utf8, utf8Bom, utf16le } from './reader-helpers.ts';

const CSV = 'sku,name\nA-1,Coffee\n';
const TSV = 'sku\tname\nA-1\tCoffee\n';
const JSON_TEXT = '[{"sku": "A-1", "name": "Coffee"}]';
const XML =
  '<?xml version="1.0"?>\n<catalogue><product><sku>A-1</sku><name>Coffee</name></product></catalogue>';

async function xlsxBytes(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Catalogue');
  sheet.addRow(['sku', 'name']);
  sheet.addRow(['A-1', 'Coffee']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function formatOf(
  bytes: Uint8Array,
  options: OpenCatalogueOptions = {},
): Promise<[CatalogueFormat, string[][]]> {
  const source = await openCatalogue(bytes, options);
  const records = await collect(source);
  return [
    source.format,
    records.map((record) => [...record.fields].map(([key, value]) => `${key}=${String(value)}`)),
  ];
}

/** A source that counts what was pulled from it and whether it was released. */
function trackedSource(chunk: Uint8Array, count: number) {
  const state = { pulled: 0, closed: false };
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for (let index = 0; index < count; index += 1) {
        state.pulled += 1;
        yield chunk;
      }
    } finally {
      state.closed = true;
    }
  }
  return { state, source: chunks() };
}

describe('openCatalogue format detection', () => {
  const fields = [['sku=A-1', 'name=Coffee']];

  it('lets the format option win over content type, extension and content', async () => {
    expect(
      await formatOf(utf8(TSV), { format: 'tsv', contentType: 'application/json', fileName: 'x.xml' }),
    ).toEqual(['tsv', fields]);
  });

  it('uses the content type (parameters ignored) before the extension', async () => {
    expect(
      await formatOf(utf8(CSV), { contentType: 'Text/CSV; charset=windows-1252', fileName: 'x.json' }),
    ).toEqual(['csv', fields]);
    expect(await formatOf(utf8(XML), { contentType: 'application/xml' })).toEqual(['xml', fields]);
    expect(
      await formatOf(await xlsxBytes(), {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      }),
    ).toEqual(['xlsx', fields]);
  });

  it('uses the extension when the content type says nothing (Windows sends vnd.ms-excel for .csv)', async () => {
    expect(
      await formatOf(utf8(JSON_TEXT), {
        contentType: 'application/octet-stream',
        fileName: 'C:\\Export\\CATALOGUE.JSON',
      }),
    ).toEqual(['json', fields]);
    expect(
      await formatOf(utf8(CSV), { contentType: 'application/vnd.ms-excel', fileName: 'catalogue.csv' }),
    ).toEqual(['csv', fields]);
  });

  it('sniffs the first bytes when nothing else tells', async () => {
    expect(await formatOf(await xlsxBytes(), { fileName: 'upload.bin' })).toEqual(['xlsx', fields]);
    expect(await formatOf(utf8Bom(`\r\n  ${XML}`))).toEqual(['xml', fields]);
    expect(await formatOf(utf16le(XML))).toEqual(['xml', fields]);
    expect(await formatOf(utf8(`\n${JSON_TEXT}`))).toEqual(['json', fields]);
    expect(await formatOf(utf8('{"products": [{"sku": "A-1", "name": "Coffee"}]}'))).toEqual([
      'json',
      fields,
    ]);
    expect(await formatOf(utf8(TSV), { fileName: 'export.txt' })).toEqual(['tsv', fields]);
    expect(await formatOf(utf8(CSV))).toEqual(['csv', fields]);
  });

  it('maps content types and extensions', () => {
    expect(
      ['text/tab-separated-values', 'application/ld+json', 'text/plain', undefined].map(
        formatFromContentType,
      ),
    ).toEqual(['tsv', 'json', null, null]);
    expect(['a.tsv', 'b.XLSX', 'dir.v2/c', 'd.xls', undefined].map(formatFromFileName)).toEqual([
      'tsv',
      'xlsx',
      null,
      null,
      null,
    ]);
  });

  it.each([
    ['catalogue.csv', 'csv'],
    ['catalogue.tsv', 'tsv'],
    ['products.json', 'json'],
  ])(
    'refuses a sheet asked of %s, which has none (it was read as its one table without a word)',
    async (fileName, format) => {
      const failure = await failureOf(() => openCatalogue(utf8(CSV), { fileName, sheet: 'Tarifs 2026' }));
      expect(failure).toEqual({
        code: 'XLSX_SHEET_NOT_FOUND',
        line: null,
        message: `"Tarifs 2026" names a sheet, but the file is ${format}, which has none; only an XLSX workbook has sheets.`,
      });
    },
  );

  it('refuses a format it does not know', async () => {
    const format: CatalogueFormat = JSON.parse('"pdf"');
    const failure = await failureOf(() => openCatalogue(utf8(CSV), { format }));
    expect(failure.code).toBe('FORMAT_UNKNOWN');
  });
});

describe('openCatalogue limits and empty files', () => {
  it.each([
    ['no bytes', new Uint8Array(0)],
    ['white space', utf8(' \r\n\t\n')],
    ['a BOM alone', utf8Bom('')],
    ['UTF-16 white space', utf16le('  \r\n')],
  ])('refuses a file holding %s as FILE_EMPTY', async (_name, bytes) => {
    const failure = await failureOf(() => readFully(openCatalogue(bytes)));
    expect([failure.code, failure.line]).toEqual(['FILE_EMPTY', null]);
  });

  it('refuses an empty stream, even when the format is given', async () => {
    async function* nothing(): AsyncGenerator<Uint8Array> {}
    const failure = await failureOf(() => readFully(openCatalogue(nothing(), { format: 'xlsx' })));
    expect(failure.code).toBe('FILE_EMPTY');
  });

  it('stops reading at the byte limit and releases the source', async () => {
    const { state, source } = trackedSource(utf8(`${'A-1,Coffee\n'.repeat(93)}\n`), 1_000_000);
    const failure = await failureOf(() =>
      readFully(openCatalogue(source, { limits: { maxBytes: 10 * 1024 } })),
    );
    // 1 KiB chunks: the eleventh crosses 10 KiB and is refused before anything parses it.
    expect([failure.code, state.pulled, state.closed]).toEqual(['FILE_TOO_LARGE', 11, true]);
  });

  it('enforces the byte limit on a file larger than the first look-ahead', async () => {
    const { state, source } = trackedSource(utf8(`${'A-1;Café;1500\n'.repeat(1000)}`), 1_000);
    const opened = await openCatalogue(source, { format: 'csv', limits: { maxBytes: 200 * 1024 } });
    const failure = await failureOf(() => collect(opened));
    expect([failure.code, state.pulled, state.closed]).toEqual(['FILE_TOO_LARGE', 14, true]);
  });

  it('refuses more rows than maxRows, with the line of the first one too many', async () => {
    const csv = utf8('sku\nA\nB\n\nC\nD\n');
    const failure = await failureOf(() => readFully(openCatalogue(csv, { limits: { maxRows: 2 } })));
    expect([failure.code, failure.line]).toEqual(['TOO_MANY_ROWS', 5]);
    const json = utf8('[{"sku": "A"}, {"sku": "B"}]');
    const jsonFailure = await failureOf(() => readFully(openCatalogue(json, { limits: { maxRows: 1 } })));
    expect([jsonFailure.code, jsonFailure.line]).toEqual(['TOO_MANY_ROWS', null]);
  });

  it.each([
    ['JSON', jsonEmptyProducts],
    ['XML', xmlEmptyProducts],
  ])(
    'stops %s at the row limit after reading only what the rows before it took',
    async (_format, products) => {
      // 40 MiB of empty products; the first 1,001 take a few KiB.
      const { source, pulled } = pulledSource(products(40 * MiB));
      const failure = await failureOf(() => readFully(openCatalogue(source, { limits: { maxRows: 1000 } })));
      expect(failure.code).toBe('TOO_MANY_ROWS');
      expect(pulled()).toBeLessThanOrEqual(2 * MiB);
    },
  );

  it('releases the source when the reader stops early', async () => {
    const { state, source } = trackedSource(utf8('sku\nA\nB\n'.repeat(1000)), 1_000);
    const opened = await openCatalogue(source, { fileName: 'x.csv' });
    for await (const record of opened.records) {
      expect(record.row).toBe(2);
      break;
    }
    expect(state.closed).toBe(true);
  });

  it('releases the source when opening fails', async () => {
    const binary = Buffer.alloc(70_000, 0);
    binary.write('sku,name\n');
    const { state, source } = trackedSource(binary, 10);
    const failure = await failureOf(() => openCatalogue(source, { fileName: 'x.csv' }));
    expect([failure.code, failure.line, state.pulled, state.closed]).toEqual(['BINARY_CONTENT', 2, 1, true]);
  });
});

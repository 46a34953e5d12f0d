import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CatalogueFileError } from '../../../functions/core/catalogue/codes.ts';
import type { Product } from '../../../functions/core/catalogue/model.ts';
import { readCatalogue } from '../../../functions/core/catalogue/read-catalogue.ts';
import { failureOf, utf8 } from './readers/reader-helpers.ts';

const read = (body: Buffer, format?: 'csv' | 'xlsx' | 'json') =>
  readCatalogue(body, { producerId: 'huye-coop', ...(format ? { format } : {}) }, () => undefined);

const COMPLETE_HEADER = 'sku,name,product type,price,currency';

async function headerOnlyWorkbook(header: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Catalogue').addRow(header);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('readCatalogue: required columns of a table', () => {
  it('refuses a header without a price column, naming the missing column and the header line', async () => {
    const failure = await failureOf(() =>
      read(utf8('sku,name,product type\nHC-1,Green coffee,green coffee\n')),
    );
    expect(failure).toMatchObject({ code: 'HEADER_REQUIRED_COLUMN_MISSING', line: 1 });
    expect(failure.message).toContain('price');
  });

  it('refuses a header-only file that lacks required columns, instead of reading zero rows', async () => {
    const failure = await failureOf(() => read(utf8('Couleur;Notes\n')));
    expect(failure.code).toBe('HEADER_REQUIRED_COLUMN_MISSING');
    expect(failure.message).toMatch(/sku, names, price/);
  });

  it('refuses a lone data line under rows of empty cells: it stands where the header should', async () => {
    const failure = await failureOf(() =>
      read(utf8(',,,,\n,,,,\nHC-1,Huye washed,green coffee,12.50,USD\n')),
    );
    expect(failure).toMatchObject({ code: 'HEADER_REQUIRED_COLUMN_MISSING', line: 3 });
  });

  it('accepts a complete header with no data rows as an empty catalogue', async () => {
    const summary = await read(utf8(`${COMPLETE_HEADER}\n`));
    expect(summary.rows).toEqual({ total: 0, accepted: 0, rejected: 0, skipped: 0 });
    expect(summary.errors).toEqual([]);
  });

  it('checks an XLSX header the same way, data rows or not', async () => {
    const failure = await failureOf(async () => read(await headerOnlyWorkbook(['SKU', 'Nom']), 'xlsx'));
    expect(failure).toMatchObject({ code: 'HEADER_REQUIRED_COLUMN_MISSING', line: 1 });
    const complete = await read(await headerOnlyWorkbook(['SKU', 'Nom', 'Type de produit', 'Prix']), 'xlsx');
    expect(complete.rows.total).toBe(0);
  });

  it('leaves JSON alone: its records name their own fields', async () => {
    const summary = await read(utf8('{"products": []}'), 'json');
    expect(summary.rows.total).toBe(0);
  });
});

describe('readCatalogue: findings of one huge row', () => {
  // 200,000 entries: comfortably past the ~125,000 arguments one call takes, yet quick to read.
  it('gathers 200,000 findings of a single JSON product without overflowing the stack', async () => {
    const images = Array.from({ length: 200_000 }, (_, index) => `img-${index}`);
    const body = utf8(
      JSON.stringify([{ sku: 'A-1', name: 'Tea', productType: 'tea', price: 'RWF 900', images }]),
    );
    // Either the row is read (and rejected: none of these is an https address) or the file is
    // refused with a code; a RangeError from the stack is neither.
    const outcome = await read(body, 'json').catch((error: unknown) => error);
    if (outcome instanceof CatalogueFileError) return;
    expect(outcome).not.toBeInstanceOf(Error);
    const summary = outcome as Awaited<ReturnType<typeof read>>;
    expect(summary.rows).toEqual({ total: 1, accepted: 0, rejected: 1, skipped: 0 });
    expect(summary.errors.every((issue) => issue.code === 'URL_INVALID')).toBe(true);
  }, 60_000);
});

describe('readCatalogue: a GTIN stored as a number', () => {
  it('gets back the leading zero an XLSX number cell lost, with a warning on the row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Catalogue');
    sheet.addRow(['SKU', 'Name', 'Product type', 'Price (RWF)', 'EAN']);
    // What a spreadsheet keeps of UPC 012345678905 typed into a General cell.
    sheet.addRow(['HC-1', 'Green coffee', 'green coffee', 18500, 12345678905]);
    const products: Product[] = [];
    const summary = await readCatalogue(
      Buffer.from(await workbook.xlsx.writeBuffer()),
      { producerId: 'huye-coop', format: 'xlsx' },
      (product) => {
        products.push(product);
      },
    );
    expect(products.map((product) => product.gtin)).toEqual(['012345678905']);
    expect(summary.warnings.map((warning) => [warning.row, warning.field, warning.code])).toEqual([
      [2, 'gtin', 'GTIN_LEADING_ZEROS_RESTORED'],
    ]);
  });
});

describe('readCatalogue: who a file says it belongs to', () => {
  it.each([
    ['{"producer": "other-farm", "products": [{"sku": "HC-1"}]}', 1],
    ['{"products": [{"sku": "HC-1"}],\n"producerId": "other-farm"}', 2],
    ['{"producer": {"id": "other-farm", "name": "Other"}, "products": []}', 1],
  ])('refuses JSON whose top level names another producer: %s', async (json, line) => {
    const failure = await failureOf(() => read(utf8(json), 'json'));
    expect([failure.code, failure.line]).toEqual(['FILE_PRODUCER_MISMATCH', line]);
  });

  it('says which claim it refused', async () => {
    const failure = await failureOf(() => read(utf8('{"producteur": "other-farm", "products": []}'), 'json'));
    expect(failure.message).toBe(
      'Line 1 gives the producer as "other-farm" ("producteur"), but the file is uploaded by "huye-coop"; a file cannot write into another producer\'s catalogue.',
    );
  });

  it('refuses XML whose root names another producer, as an attribute or an element', async () => {
    const product = '<product><sku>HC-1</sku></product>';
    const failures = [
      await failureOf(() => read(utf8(`<catalogue producer="other-farm">${product}</catalogue>`))),
      await failureOf(() =>
        read(utf8(`<catalogue>\n<producerId>other-farm</producerId>${product}</catalogue>`)),
      ),
    ];
    expect(failures.map((failure) => [failure.code, failure.line])).toEqual([
      ['FILE_PRODUCER_MISMATCH', 1],
      ['FILE_PRODUCER_MISMATCH', 2],
    ]);
  });

  it('accepts a claim naming the uploader, written loosely', async () => {
    const json = `{"producer": "Huye Coop", "products": [{"sku": "HC-1", "name": "Coffee", "productType": "green coffee", "price": "12.50 USD"}]}`;
    expect((await read(utf8(json), 'json')).rows).toEqual({ total: 1, accepted: 1, rejected: 0, skipped: 0 });
  });
});

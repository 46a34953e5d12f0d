/**
 * The resource bombs of issue 11, generated at run time (none is committed: some are gigabytes
 * when inflated). scripts/measure-reader-bombs.ts writes them at full size and measures the CLI
 * refusing them; the unit tests use the same shapes at a size that runs in a second.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { workbookBytes } from './xlsx-parts.ts';
import { type DeflatedContent, deflateChunks } from './zip-writer.ts';

export const MiB = 1024 * 1024;

/** The producer the bombs are validated as. */
export const BOMB_PRODUCER = 'bomb-producer';

const HEADER = ['SKU', 'Name', 'Product type', 'Price', 'Currency'];

/** Chunks of `piece` repeated to `total` bytes, `piece` aligned so chunks hold whole pieces. */
export function* repeated(piece: string, total: number, chunkBytes = MiB): Generator<Buffer> {
  const pieces = Math.max(1, Math.floor(chunkBytes / piece.length));
  const chunk = Buffer.from(piece.repeat(pieces));
  let left = Math.ceil(total / piece.length);
  while (left > 0) {
    const count = Math.min(pieces, left);
    yield count === pieces ? chunk : chunk.subarray(0, count * piece.length);
    left -= count;
  }
}

function inlineCell(reference: string, text: string): string {
  return `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

function headerRow(): string {
  return `<row r="1">${HEADER.map((name, index) => inlineCell(`${String.fromCharCode(65 + index)}1`, name)).join('')}</row>`;
}

/**
 * A sheet part of about `bytes` of XML: a header, then rows whose 4,000-character name
 * compresses nearly to nothing, as a sheet bomb does.
 */
export function* sheetBombXml(bytes: number): Generator<Buffer> {
  yield Buffer.from(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${headerRow()}`,
  );
  const name = 'x'.repeat(4000);
  let written = 0;
  let row = 2;
  while (written < bytes) {
    const rows: string[] = [];
    for (let index = 0; index < 200; index += 1, row += 1) {
      rows.push(
        `<row r="${row}">${inlineCell(`A${row}`, `B-${row}`)}${inlineCell(`B${row}`, name)}${inlineCell(`C${row}`, 'coffee-green')}<c r="D${row}"><v>18.5</v></c>${inlineCell(`E${row}`, 'USD')}</row>`,
      );
    }
    const chunk = Buffer.from(rows.join(''));
    written += chunk.length;
    yield chunk;
  }
  yield Buffer.from('</sheetData></worksheet>');
}

/** Zeros deflated once, shared by the media entries of one workbook. */
async function zeros(bytes: number): Promise<DeflatedContent> {
  return deflateChunks(repeated('\0', bytes));
}

/** Issue 11 item 1: a sheet part not named sheetN.xml, and three large images beside it. */
export async function xlsxMediaBomb(imageBytes: number): Promise<Buffer> {
  const image = await zeros(imageBytes);
  return workbookBytes({
    sheets: [
      {
        name: 'Catalogue',
        part: 'xl/worksheets/data.xml',
        rows: `${headerRow()}<row r="2">${inlineCell('A2', 'M-1')}${inlineCell('B2', 'Washed coffee')}${inlineCell('C2', 'coffee-green')}<c r="D2"><v>18.5</v></c>${inlineCell('E2', 'USD')}</row>`,
      },
    ],
    extra: [1, 2, 3].map((index) => ({ name: `xl/media/image${index}.png`, content: image })),
  });
}

/**
 * Issue 11 item 1: a small workbook whose sheet inflates to `sheetBytes` of XML. With `lying`,
 * the central directory says the sheet is 10 KB, so only counting while inflating can stop it.
 */
export async function xlsxSheetBomb(sheetBytes: number, lying: boolean): Promise<Buffer> {
  const sheet = await deflateChunks(sheetBombXml(sheetBytes));
  return workbookBytes({
    sheets: [
      {
        name: 'Catalogue',
        part: 'xl/worksheets/sheet1.xml',
        xml: sheet,
        ...(lying ? { declaredSize: 10_000 } : {}),
      },
    ],
  });
}

function* between(head: string, body: Iterable<Buffer>, tail: string): Generator<Buffer> {
  yield Buffer.from(head);
  yield* body;
  yield Buffer.from(tail);
}

/**
 * `rows` rows that each hold a cell in Excel's last column, XFD, beside the product: a sparse row
 * of 16,384 positions, which every loop over a row's length pays for.
 */
export function xlsxFarRightCells(rows: number): Promise<Buffer> {
  const lines = [headerRow()];
  for (let row = 2; row < rows + 2; row += 1) {
    lines.push(
      `<row r="${row}">${inlineCell(`A${row}`, `F-${row}`)}${inlineCell(`B${row}`, 'Washed coffee')}${inlineCell(`C${row}`, 'coffee-green')}<c r="D${row}"><v>18.5</v></c>${inlineCell(`E${row}`, 'USD')}${inlineCell(`XFD${row}`, 'x')}</row>`,
    );
  }
  return workbookBytes({
    sheets: [{ name: 'Catalogue', part: 'xl/worksheets/sheet1.xml', rows: lines.join('') }],
  });
}

/** Issue 11 item 3: one JSON product whose name is a string of `chars` characters. */
export function jsonLongString(chars: number): Generator<Buffer> {
  const head = '[{"sku": "J-1", "productType": "coffee-green", "price": "18.50 USD", "names": {"en": "';
  return between(head, repeated('x', chars), '"}}]\n');
}

/** Issue 11 item 2: about `bytes` of empty XML products (10 bytes each). */
export function xmlEmptyProducts(bytes: number): Generator<Buffer> {
  return between('<?xml version="1.0"?>\n<catalogue>\n', repeated('<product/>', bytes), '\n</catalogue>\n');
}

/** Issue 11 item 2: one attribute value of `chars` characters. */
export function xmlLongAttribute(chars: number): Generator<Buffer> {
  return between(
    '<?xml version="1.0"?>\n<catalogue><product sku="',
    repeated('x', chars),
    '"/></catalogue>\n',
  );
}

/** One element text of `chars` characters inside a product. */
export function xmlLongText(chars: number): Generator<Buffer> {
  const head = '<?xml version="1.0"?>\n<catalogue><product><sku>X-1</sku><name>';
  return between(head, repeated('x', chars), '</name></product></catalogue>\n');
}

/** About `bytes` of empty JSON products (3 bytes each). */
export function jsonEmptyProducts(bytes: number): Generator<Buffer> {
  return between('[', repeated('{},', bytes), '{}]\n');
}

/** An async source over a generator of chunks, counting what the reader pulled. */
export function pulledSource(chunks: Iterable<Uint8Array>): {
  source: AsyncGenerator<Uint8Array>;
  pulled: () => number;
} {
  let pulled = 0;
  async function* source(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) {
      pulled += chunk.byteLength;
      yield chunk;
    }
  }
  return { source: source(), pulled: () => pulled };
}

/** Writes generated chunks to `path`; resolves to the bytes written. */
export async function writeChunks(path: string, chunks: Iterable<Uint8Array>): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += chunk.byteLength;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

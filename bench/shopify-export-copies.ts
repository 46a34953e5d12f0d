/**
 * A Shopify product export at any size, for memory runs on a shape other than the bench's own:
 * the 2025-format fixture (57 columns, a product row, variant rows, image-only rows) repeated with
 * fresh handles and SKUs until the file has the rows asked for. Barcodes are kept on the first
 * copy only, so no GTIN repeats.
 *
 *   npx tsx bench/shopify-export-copies.ts <out.csv> [rows, default 1000000]
 */

import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { projectPath } from '../lib/constructs/feedbridge-function.ts';

const FIXTURE = projectPath('test/fixtures/shop-exports/shopify/products_export_2025.csv');

const quoted = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export async function writeShopifyExport(path: string, rows: number): Promise<number> {
  const [header = [], ...data]: string[][] = parse(readFileSync(FIXTURE), { relax_column_count: true });
  const handle = header.indexOf('URL handle');
  const sku = header.indexOf('SKU');
  const barcode = header.indexOf('Barcode');
  const out = createWriteStream(path);
  out.write(`${header.map(quoted).join(',')}\n`);
  let written = 0;
  for (let copy = 0; written < rows; copy += 1) {
    for (const row of data) {
      if (written === rows) break;
      const cells = [...row];
      cells[handle] = `${cells[handle]}-${copy}`;
      if (cells[sku]) cells[sku] = `${cells[sku]}-${copy}`;
      if (copy > 0) cells[barcode] = '';
      if (!out.write(`${cells.map(quoted).join(',')}\n`)) await once(out, 'drain');
      written += 1;
    }
  }
  out.end();
  await once(out, 'finish');
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [path, rows = '1000000'] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: shopify-export-copies.ts <out.csv> [rows]');
  console.log(`${await writeShopifyExport(path, Number(rows))} rows written to ${path}`);
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../../../functions/core/catalogue/readers/open-catalogue.ts';

const ROWS = 200_000;
// Streaming retains about 1 MB; holding the records retains 55 MB (50,000 XML) to 158 MB (200,000 CSV).
const RETAINED_BOUND = 20 * 1024 * 1024;

// A heap sample counts garbage the collector has not reached yet, and how far it lags depends on
// the machine's load. What proves streaming is what stays reachable: a high sample is measured
// again after a full collection, so records that are held still fail the bound and garbage never does.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The heap in use once everything unreachable has been collected. */
function collectedHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function retainedHeap(baseline: number): number {
  const used = process.memoryUsage().heapUsed - baseline;
  if (used < RETAINED_BOUND) return used;
  return collectedHeap() - baseline;
}
const ROWS_PER_CHUNK = 250;
const DESCRIPTION =
  'Grade A1 washed Red Bourbon from the Huye hills, dried on raised beds, hand sorted. '.repeat(3);

/** About 330 bytes a row, 66 MB in all, produced a chunk at a time as the reader asks for it. */
async function* largeCsv(progress: { rowsGenerated: number }): AsyncGenerator<Uint8Array> {
  yield Buffer.from('Référence;Désignation;Description;Type;Prix;Devise;Stock;District\r\n');
  for (let first = 1; first <= ROWS; first += ROWS_PER_CHUNK) {
    const lines: string[] = [];
    for (let row = first; row < first + ROWS_PER_CHUNK && row <= ROWS; row += 1) {
      lines.push(
        `HMC-${row};Café vert lavé n°${row};${DESCRIPTION}${row};café vert;${1000 + row};RWF;${row % 500};Huye\r\n`,
      );
    }
    progress.rowsGenerated += lines.length;
    yield Buffer.from(lines.join(''));
  }
}

/** Products of about 330 bytes, `perChunk` to a chunk, written as `product(row)` makes them. */
async function* largeDocument(
  progress: { rowsGenerated: number },
  rows: number,
  open: string,
  product: (row: number) => string,
  close: string,
): AsyncGenerator<Uint8Array> {
  yield Buffer.from(open);
  for (let first = 1; first <= rows; first += ROWS_PER_CHUNK) {
    const products: string[] = [];
    for (let row = first; row < first + ROWS_PER_CHUNK && row <= rows; row += 1) products.push(product(row));
    progress.rowsGenerated += products.length;
    yield Buffer.from(products.join(''));
  }
  yield Buffer.from(close);
}

const jsonProduct = (row: number): string =>
  `${row === 1 ? '' : ','}\n{"sku": "HMC-${row}", "names": {"fr": "Café vert lavé n°${row}"}, "description": "${DESCRIPTION}${row}", "productType": "café vert", "price": {"amount": ${1000 + row}, "currency": "RWF"}, "stock": ${row % 500}}`;
const xmlProduct = (row: number): string =>
  `\n<product sku="HMC-${row}"><nom>Café vert lavé n°${row}</nom><description>${DESCRIPTION}${row}</description><type>café vert</type><prix devise="RWF">${1000 + row}</prix><stock>${row % 500}</stock></product>`;

/** Reads every record, sampling the heap; what was generated when the thousandth record arrived. */
async function readMeasured(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  progress: { rowsGenerated: number },
): Promise<{
  count: number;
  lastRow: number;
  peak: number;
  generatedAtFirstRecords: number;
}> {
  const baseline = collectedHeap();
  let peak = 0;
  let count = 0;
  let lastRow = 0;
  let generatedAtFirstRecords = 0;
  const source = await openCatalogue(chunks, { fileName });
  for await (const record of source.records) {
    count += 1;
    lastRow = record.row;
    if (count === 1000) generatedAtFirstRecords = progress.rowsGenerated;
    if (count % 2000 === 0) peak = Math.max(peak, retainedHeap(baseline));
  }
  return { count, lastRow, peak, generatedAtFirstRecords };
}

describe('streaming', () => {
  it('reads a 200,000-row CSV through openCatalogue in bounded memory', async () => {
    const progress = { rowsGenerated: 0 };
    const baseline = collectedHeap();
    let peak = 0;
    let count = 0;
    let lastRow = 0;
    let generatedAtFirstRecords = 0;
    const source = await openCatalogue(largeCsv(progress), { fileName: 'huye.csv' });
    for await (const record of source.records) {
      count += 1;
      lastRow = record.row;
      if (count === 1000) generatedAtFirstRecords = progress.rowsGenerated;
      if (count % 2000 === 0) peak = Math.max(peak, retainedHeap(baseline));
    }
    expect([count, lastRow, source.format, source.encoding]).toEqual([ROWS, ROWS + 1, 'csv', 'utf-8']);
    // Rows are pulled as they are consumed, not read ahead: the first thousand records come
    // while only the first look-ahead (64 KiB, plus csv-parse's buffer) has been generated.
    expect(generatedAtFirstRecords).toBeLessThan(5_000);
    // Holding every record (or the 66 MB of text) would retain well over 100 MB.
    expect(peak).toBeLessThan(RETAINED_BOUND);
  });

  it.each([
    ['JSON', 'huye.json', '{"producer": "huye", "products": [', jsonProduct, '\n]}\n', 100_000],
    [
      'XML',
      'huye.xml',
      '<?xml version="1.0"?>\n<catalogue><products>',
      xmlProduct,
      '\n</products></catalogue>\n',
      50_000,
    ],
  ] as const)(
    'reads %s products one at a time, in bounded memory',
    async (_format, fileName, open, product, close, rows) => {
      const progress = { rowsGenerated: 0 };
      const read = await readMeasured(
        largeDocument(progress, rows, open, product, close),
        fileName,
        progress,
      );
      expect([read.count, read.lastRow]).toEqual([rows, rows]);
      // Products are handed on as they close, not after the whole document was read.
      expect(read.generatedAtFirstRecords).toBeLessThan(5_000);
      // The document (16-33 MB of text) parsed whole, or its products held at once, retains over 50 MB.
      expect(read.peak).toBeLessThan(RETAINED_BOUND);
    },
  );
});

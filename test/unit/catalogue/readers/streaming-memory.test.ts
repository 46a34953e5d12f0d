import { describe, expect, it } from 'vitest';
import { openCatalogue } from '../../../../functions/core/catalogue/readers/open-catalogue.ts';

const ROWS = 200_000;
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

describe('streaming', () => {
  it('reads a 200,000-row CSV through openCatalogue in bounded memory', async () => {
    const progress = { rowsGenerated: 0 };
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    let count = 0;
    let lastRow = 0;
    let generatedAtFirstRecords = 0;
    const source = await openCatalogue(largeCsv(progress), { fileName: 'huye.csv' });
    for await (const record of source.records) {
      count += 1;
      lastRow = record.row;
      if (count === 1000) generatedAtFirstRecords = progress.rowsGenerated;
      if (count % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect([count, lastRow, source.format, source.encoding]).toEqual([ROWS, ROWS + 1, 'csv', 'utf-8']);
    // Rows are pulled as they are consumed, not read ahead: the first thousand records come
    // while only the first look-ahead (64 KiB, plus csv-parse's buffer) has been generated.
    expect(generatedAtFirstRecords).toBeLessThan(5_000);
    // Holding every record (or the 66 MB of text) would take well over 100 MB.
    expect(peak - baseline).toBeLessThan(60 * 1024 * 1024);
  });
});

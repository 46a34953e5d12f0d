import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  putFile,
  requestUpload,
  type Ticket,
  useUploadHarness,
  waitForCatalogue,
} from '../support/upload-api.ts';

/*
 * Issue 13: a catalogue far over what one request carries (50 MB, 250,000 rows) through the upload
 * route to DONE, with exact counts, read as a stream: the object is handed to the readers in
 * bounded chunks and rows are read while most of it is still unread (counted, not timed).
 */

const PRODUCER = 'big-coop';
const ROWS = 250_000;

const env = useUploadHarness(
  'large-upload',
  // One channel: the test is about reading and writing the products, not about fan-out.
  { extraEnv: { CHANNELS: 'tmall-global' }, persist: true },
);

/** Written a line at a time to disk (never built in memory): ~210 bytes per row. */
async function writeCatalogue(path: string): Promise<number> {
  const out = createWriteStream(path);
  const description =
    'Fully washed Bourbon from the Huye hills, sun-dried on raised beds, hand-sorted; notes of red fruit and black tea - screen 15+ grade A';
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  await write('sku,name,type,price,currency,stock,description\n');
  for (let row = 0; row < ROWS; row += 1) {
    await write(
      `HUYE-${String(row).padStart(7, '0')},Huye Mountain green coffee lot ${row},green coffee,${(18 + (row % 7) / 4).toFixed(2)},USD,${row % 500},"${description}"\n`,
    );
  }
  out.end();
  await once(out, 'finish');
  return (await stat(path)).size;
}

describe('a 50 MB, 250,000-row catalogue through the upload route', () => {
  it('reaches DONE with exact counts, streamed in bounded chunks', { timeout: 900_000 }, async () => {
    const path = join(env.dir, 'huye-250k.csv');
    const size = await writeCatalogue(path);
    expect(size).toBeGreaterThan(50 * 1024 * 1024);

    // The async ingest's own object store and record store (the modules it was loaded with).
    const { objects, syncStore } = await import('../../functions/wiring/ingest-upload.ts');
    const counter = { delivered: 0, largestChunk: 0, atFirstProgress: -1 };
    const stream = objects.stream.bind(objects);
    objects.stream = async (key, etag) => {
      const source = await stream(key, etag);
      if (!source) return null;
      return (async function* () {
        for await (const chunk of source) {
          counter.delivered += chunk.byteLength;
          counter.largestChunk = Math.max(counter.largestChunk, chunk.byteLength);
          yield chunk;
        }
      })();
    };
    const recordProgress = syncStore.recordProgress.bind(syncStore);
    syncStore.recordProgress = async (...args) => {
      if (counter.atFirstProgress < 0) counter.atFirstProgress = counter.delivered;
      await recordProgress(...args);
    };

    const ticket = (
      await requestUpload(env.api.baseUrl, PRODUCER, { fileName: 'huye-250k.csv', format: 'csv', size })
    ).json as Ticket;
    expect(await putFile(ticket, path, size)).toBe(200);
    // The test's budget less the time to write and send the file: the ingest alone took 3 to 5+
    // minutes on the 2-core runners, more than the 4 minutes a poller gives by default.
    const done = await waitForCatalogue(env.api.baseUrl, PRODUCER, ticket.catalogueId, [], 780_000);
    expect(done).toMatchObject({
      status: 'DONE',
      rows: { total: ROWS, accepted: ROWS, rejected: 0, skipped: 0 },
      changes: { created: ROWS, updated: 0, unchanged: 0, delisted: 0 },
      errorCount: 0,
    });
    // Read twice (hashes, then writes), a chunk of at most 256 KB at a time...
    expect(counter.delivered).toBe(2 * size);
    expect(counter.largestChunk).toBeLessThanOrEqual(256 * 1024);
    // ...and the first 10,000 rows were read when under a tenth of the file had been handed out.
    expect(counter.atFirstProgress).toBeGreaterThan(0);
    expect(counter.atFirstProgress).toBeLessThan(size / 10);
  });
});

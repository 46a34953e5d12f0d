import { describe, expect, it } from 'vitest';
import type { ProducerProfile } from '../../../functions/core/catalogue/producer-profile.ts';
import { ingestCatalogue } from '../../../functions/core/sync/ingest-catalogue.ts';
import type { CatalogueReportRecord } from '../../../functions/core/sync/ports.ts';
import { readCatalogueAgain, rereadCatalogueId } from '../../../functions/core/sync/read-again.ts';
import {
  CatalogueNotFoundError,
  CatalogueNotReadError,
  RawFileExpiredError,
} from '../../../functions/core/sync/sync-errors.ts';
import { uploadKeyOf } from '../../../functions/core/sync/upload-ticket.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

const PRODUCER = 'kivu-stock-coop';
// A stock column the reader cannot name; every row priced, so every row is accepted either way.
const CSV = Buffer.from(
  'sku,name,type,price,currency,Qté dispo\nS-1,Tea,tea,4500,RWF,12\nS-2,Tea bis,tea,5500,RWF,3\n',
);
const MAPPED: ProducerProfile = { defaults: {}, columns: { 'Qté dispo': 'stock' }, values: {} };

/** InMemoryBlobs read as object storage streams, counting how often each key is opened. */
class StreamedBlobs extends InMemoryBlobs {
  readonly opened: string[] = [];
  async stream(key: string): Promise<AsyncIterable<Uint8Array> | null> {
    const bytes = this.objects.get(key);
    if (!bytes) return null;
    this.opened.push(key);
    return (async function* () {
      yield bytes;
    })();
  }
}

function setup(profile: ProducerProfile | null = MAPPED) {
  const store = new InMemoryStore();
  const blobs = new StreamedBlobs();
  const deps = {
    catalogues: store,
    queue: new InMemoryQueue(),
    blobs,
    objects: blobs,
    channels: ['freshippo'],
    now: () => new Date('2026-12-02T14:00:00.000Z'),
    sleep: async () => {},
    profiles: {
      getProfile: async (producerId: string) =>
        profile ? { producerId, version: 1, updatedAt: '2026-12-02T13:59:00.000Z', profile } : null,
    },
  };
  return { store, blobs, deps };
}

const codes = (issues: { code: string }[]) => issues.map((issue) => issue.code);

describe('readCatalogueAgain', () => {
  it("reads the direct route's archived file with the current profile, as a new catalogue", async () => {
    const { store, deps } = setup();
    const first = await ingestCatalogue(
      { producerId: PRODUCER, body: CSV, mode: 'delta', format: 'csv' },
      { ...deps, profiles: { getProfile: async () => null } },
    );
    expect(codes(first.warnings)).toContain('COLUMN_UNKNOWN');

    const again = await readCatalogueAgain({ producerId: PRODUCER, catalogueId: first.catalogueId }, deps);
    expect(again.catalogueId).toBe(rereadCatalogueId(first.catalogueId, 1));
    expect(again.catalogueId).not.toBe(first.catalogueId);
    expect(codes(again.warnings)).not.toContain('COLUMN_UNKNOWN');
    expect(again.columns.find((column) => column.header === 'Qté dispo')).toMatchObject({
      field: 'stock',
      via: 'profile',
    });
    expect(again.profileVersion).toBe(1);
    const record = await store.getReport(PRODUCER, again.catalogueId);
    expect(record).toMatchObject({
      mode: 'delta',
      profileVersion: 1,
      status: 'DONE',
      origin: 'direct',
      uploadKey: `uploads/${PRODUCER}/${first.catalogueId}.csv`,
    });
    // The original keeps its own reading.
    expect(await store.getReport(PRODUCER, first.catalogueId)).toMatchObject({ profileVersion: 0 });
  });

  it("reads the upload route's object (its key and ETag on the record), streamed, not held", async () => {
    const { store, blobs, deps } = setup();
    const key = uploadKeyOf(PRODUCER, 'cat-upload-1', 'stock.csv');
    await blobs.put(key, CSV);
    const record: CatalogueReportRecord = {
      producerId: PRODUCER,
      catalogueId: 'cat-upload-1',
      seq: null,
      baseSeq: 0,
      mode: 'full',
      format: 'csv',
      encoding: 'utf-8',
      rows: { total: 2, accepted: 2, rejected: 0, skipped: 0 },
      changes: { created: 0, updated: 0, unchanged: 0, delisted: 0 },
      errorCount: 0,
      warningCount: 1,
      reportKey: `reports/${PRODUCER}/cat-upload-1.json`,
      receivedAt: '2026-12-02T13:00:00.000Z',
      status: 'DONE',
      origin: 'upload',
      uploadKey: key,
      etag: 'etag-1',
      fileName: 'stock.csv',
    };
    await store.putReport(record);

    const again = await readCatalogueAgain({ producerId: PRODUCER, catalogueId: 'cat-upload-1' }, deps);
    expect(again).toMatchObject({ rows: { accepted: 2 }, changes: { created: 2 }, profileVersion: 1 });
    // Two readings (hashes, then the writes), each a stream of the one stored object.
    expect(blobs.opened).toEqual([key, key]);
    expect(await store.getReport(PRODUCER, again.catalogueId)).toMatchObject({
      origin: 'upload',
      uploadKey: key,
      etag: 'etag-1',
      fileName: 'stock.csv',
    });
  });

  it('refuses a ticket with no file, a file still being read, and a file that expired', async () => {
    const { store, blobs, deps } = setup();
    const base = {
      producerId: PRODUCER,
      seq: null,
      baseSeq: 0,
      mode: 'full' as const,
      format: 'csv',
      encoding: 'utf-8',
      rows: null,
      changes: null,
      errorCount: 0,
      warningCount: 0,
      reportKey: '',
      receivedAt: '2026-12-02T13:00:00.000Z',
    } as unknown as Omit<CatalogueReportRecord, 'catalogueId'>;
    await store.putReport({ ...base, catalogueId: 'cat-ticket', status: 'AWAITING_UPLOAD' });
    await store.putReport({ ...base, catalogueId: 'cat-busy', status: 'PROCESSING', uploadKey: 'uploads/x' });
    await store.putReport({ ...base, catalogueId: 'cat-old', status: 'DONE' });
    const read = (catalogueId: string) => readCatalogueAgain({ producerId: PRODUCER, catalogueId }, deps);

    await expect(read('cat-none')).rejects.toBeInstanceOf(CatalogueNotFoundError);
    await expect(read('cat-ticket')).rejects.toBeInstanceOf(CatalogueNotFoundError);
    await expect(read('cat-busy')).rejects.toBeInstanceOf(CatalogueNotReadError);
    await expect(read('cat-old')).rejects.toBeInstanceOf(RawFileExpiredError);
    expect(blobs.opened).toEqual([]);
  });
});

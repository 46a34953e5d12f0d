import { describe, expect, it } from 'vitest';
import { ingestUploadedObject, type UploadedObject } from '../../../functions/core/sync/ingest-upload.ts';
import type { CatalogueLifecycleStore, CatalogueReportRecord } from '../../../functions/core/sync/ports.ts';
import {
  createUploadTicket,
  parseUploadKey,
  safeFileName,
} from '../../../functions/core/sync/upload-ticket.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

const PRODUCER = 'huye-coop';
const ROWS = 30_000;

/** The records of InMemoryStore with the lifecycle's conditions (as the DynamoDB adapter's). */
class InMemoryLifecycle implements CatalogueLifecycleStore {
  constructor(private readonly store: InMemoryStore) {}
  private key = (producerId: string, catalogueId: string) => `${producerId}/${catalogueId}`;
  private claims = new Map<string, number>();
  progress: number[] = [];
  async createAwaiting(record: CatalogueReportRecord) {
    const key = this.key(record.producerId, record.catalogueId);
    if (this.store.reports.has(key)) return false;
    this.store.reports.set(key, record);
    return true;
  }
  async claimProcessing(
    producerId: string,
    catalogueId: string,
    claim: { etag: string; claimUntil: number; now: number },
  ) {
    const key = this.key(producerId, catalogueId);
    const record = this.store.reports.get(key);
    const free =
      record?.status === 'AWAITING_UPLOAD' ||
      (record?.status === 'PROCESSING' &&
        record.etag === claim.etag &&
        (this.claims.get(key) ?? 0) < claim.now);
    if (!record || !free) return false;
    this.store.reports.set(key, { ...record, status: 'PROCESSING', etag: claim.etag, rowsRead: 0 });
    this.claims.set(key, claim.claimUntil);
    return true;
  }
  async recordProgress(producerId: string, catalogueId: string, _etag: string, rowsRead: number) {
    this.progress.push(rowsRead);
    const key = this.key(producerId, catalogueId);
    const record = this.store.reports.get(key);
    if (record) this.store.reports.set(key, { ...record, rowsRead });
  }
  async recordFailure(
    producerId: string,
    catalogueId: string,
    _etag: string,
    error: CatalogueReportRecord['error'],
  ) {
    const key = this.key(producerId, catalogueId);
    const record = this.store.reports.get(key);
    if (record && error) this.store.reports.set(key, { ...record, status: 'FAILED', error });
  }
  async releaseClaim(producerId: string, catalogueId: string) {
    this.claims.set(this.key(producerId, catalogueId), 0);
  }
  async listReports() {
    return { items: [...this.store.reports.values()], cursor: null };
  }
}

function csv(rows: number): Buffer {
  const lines = ['sku,name,type,price,currency,stock'];
  for (let row = 0; row < rows; row += 1)
    lines.push(`S-${row},Green coffee ${row},green coffee,18.50,USD,${row}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** An object read in 16 KB chunks that counts what it has handed out, and how often it was opened. */
function countingObject(body: Buffer) {
  const counter = { delivered: 0, opened: 0 };
  return {
    counter,
    stream: async () => {
      counter.opened += 1;
      return (async function* () {
        for (let offset = 0; offset < body.length; offset += 16 * 1024) {
          const chunk = body.subarray(offset, offset + 16 * 1024);
          counter.delivered += chunk.length;
          yield chunk;
        }
      })();
    },
  };
}

async function setup(body: Buffer) {
  const store = new InMemoryStore();
  const lifecycle = new InMemoryLifecycle(store);
  const queue = new InMemoryQueue();
  const blobs = new InMemoryBlobs();
  const ticket = await createUploadTicket(
    { producerId: PRODUCER, fileName: 'catalogue.csv', mode: 'full' },
    {
      lifecycle,
      signer: {
        uploadUrl: async (key) => ({ url: `https://example.test/${key}`, method: 'PUT', headers: {} }),
        downloadUrl: async (key) => `https://example.test/${key}`,
      },
      now: () => new Date('2026-12-01T10:00:00Z'),
      maxBytes: 200 * 1024 * 1024,
    },
  );
  const object = countingObject(body);
  const writes: number[] = [];
  const realWrite = store.writeChanges.bind(store);
  store.writeChanges = async (products, states) => {
    writes.push(products.length);
    await realWrite(products, states);
  };
  const uploaded: UploadedObject = {
    key: `uploads/${PRODUCER}/${ticket.catalogueId}/catalogue.csv`,
    etag: 'etag-1',
    size: body.length,
  };
  const deps = {
    catalogues: store,
    lifecycle,
    queue,
    blobs,
    objects: { stream: object.stream },
    channels: ['tmall-global'],
    now: () => new Date('2026-12-01T10:01:00Z'),
    sleep: async () => {},
    maxBytes: 200 * 1024 * 1024,
    claimUntil: Date.parse('2026-12-01T10:16:00Z'),
  };
  return { store, lifecycle, queue, ticket, object, writes, uploaded, deps };
}

describe('ingestUploadedObject', () => {
  it('streams the object: progress comes while most of it is still unread, and writes go in bounded batches', async () => {
    const body = csv(ROWS);
    const { store, lifecycle, queue, ticket, object, writes, uploaded, deps } = await setup(body);
    const progressAt: number[] = [];
    const recordProgress = lifecycle.recordProgress.bind(lifecycle);
    lifecycle.recordProgress = async (...args) => {
      progressAt.push(object.counter.delivered);
      await recordProgress(...args);
    };
    const outcome = await ingestUploadedObject(uploaded, deps);
    expect(outcome).toMatchObject({ outcome: 'ingested', result: { rows: { total: ROWS, accepted: ROWS } } });
    expect(lifecycle.progress).toEqual([10_000, 20_000, 30_000]);
    // The first 10,000 rows were read when about a third of the bytes had been handed out: never all at once.
    expect(progressAt[0]).toBeLessThan(body.length / 2);
    // Read twice (hashes, then the writes), and no write larger than one batch.
    expect(object.counter.opened).toBe(2);
    expect(Math.max(...writes)).toBe(500);
    expect(writes.reduce((sum, count) => sum + count, 0)).toBe(ROWS);
    expect(queue.sent).toHaveLength(ROWS);
    expect(store.reports.get(`${PRODUCER}/${ticket.catalogueId}`)).toMatchObject({
      status: 'DONE',
      origin: 'upload',
      etag: 'etag-1',
      rows: { total: ROWS, accepted: ROWS, rejected: 0, skipped: 0 },
    });
    // A 30,000-row streamed ingest: 10 s alone, past the default 30 s when the suite loads the runner.
  }, 120_000);

  it('does nothing on a second delivery of the same event', async () => {
    const { queue, uploaded, deps } = await setup(csv(10));
    await ingestUploadedObject(uploaded, deps);
    const sent = queue.sent.length;
    expect(await ingestUploadedObject(uploaded, deps)).toMatchObject({ outcome: 'ignored' });
    expect(queue.sent).toHaveLength(sent);
  });

  it('ignores keys that are not the upload route’s (the direct route archives under uploads/ too)', async () => {
    const { deps } = await setup(csv(1));
    const archived = { key: `uploads/${PRODUCER}/cat-0123456789abcdef01234567.csv`, etag: 'e', size: 1 };
    expect(await ingestUploadedObject(archived, deps)).toMatchObject({ outcome: 'ignored' });
  });

  it('releases its claim and throws on a transient failure, so the retry can read it again', async () => {
    const { store, uploaded, deps, ticket } = await setup(csv(10));
    const write = store.writeChanges;
    store.writeChanges = async () => {
      throw new Error('throttled');
    };
    await expect(ingestUploadedObject(uploaded, deps)).rejects.toThrow('throttled');
    store.writeChanges = write;
    const retried = await ingestUploadedObject(uploaded, {
      ...deps,
      now: () => new Date('2026-12-01T10:02:00Z'),
    });
    expect(retried).toMatchObject({ outcome: 'ingested' });
    expect(store.reports.get(`${PRODUCER}/${ticket.catalogueId}`)?.status).toBe('DONE');
  });
});

describe('upload keys', () => {
  it.each([
    ['catalogue.csv', 'catalogue.csv'],
    ['Café Huye 2026.xlsx', 'Caf__Huye_2026.xlsx'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\prix.csv', 'prix.csv'],
    ['.hidden', 'hidden'],
    ['', 'catalogue'],
  ])('makes %j a single safe segment (%s)', (name, safe) => {
    expect(safeFileName(name)).toBe(safe);
  });

  it('keeps a long name under 120 characters with its extension', () => {
    const safe = safeFileName(`${'a'.repeat(300)}.xlsx`);
    expect(safe).toHaveLength(120);
    expect(safe.endsWith('.xlsx')).toBe(true);
  });

  it('parses only the upload route’s keys', () => {
    expect(parseUploadKey('uploads/huye-coop/cat-0123456789abcdef01234567/a.csv')).toEqual({
      producerId: 'huye-coop',
      catalogueId: 'cat-0123456789abcdef01234567',
    });
    expect(parseUploadKey('uploads/huye-coop/cat-0123456789abcdef01234567.csv')).toBeNull();
    expect(parseUploadKey('reports/huye-coop/cat-0123456789abcdef01234567/a.csv')).toBeNull();
  });
});

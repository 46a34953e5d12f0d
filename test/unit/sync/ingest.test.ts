import { describe, expect, it } from 'vitest';
import { ingestCatalogue } from '../../../functions/core/sync/ingest-catalogue.ts';
import { UploadInProgressError } from '../../../functions/core/sync/sync-errors.ts';
import { catalogueItem, catalogueJson, type TestItem } from '../../support/catalogue-builder.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

const PRODUCER = 'huye-coop';

function setup() {
  const store = new InMemoryStore();
  const queue = new InMemoryQueue();
  const blobs = new InMemoryBlobs();
  let clock = Date.parse('2026-11-29T08:00:00.000Z');
  const deps = {
    catalogues: store,
    queue,
    blobs,
    channels: ['tmall-global', 'freshippo'],
    now: () => new Date(clock),
    sleep: async (ms: number) => {
      clock += ms;
    },
    maxWaitMs: 1_000,
  };
  const upload = (body: Buffer, mode: 'full' | 'delta' = 'full') =>
    ingestCatalogue({ producerId: PRODUCER, body, mode, format: 'json' }, deps);
  return { store, queue, blobs, deps, upload };
}

const items: TestItem[] = [{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }];

describe('ingestCatalogue', () => {
  it('stores products and PENDING states, queues one task per product and channel, and keeps the raw upload', async () => {
    const { store, queue, blobs, upload } = setup();
    const result = await upload(catalogueJson(items));
    expect(result.changes).toEqual({ created: 3, updated: 0, unchanged: 0, delisted: 0 });
    expect(queue.sent).toHaveLength(6);
    expect(new Set(queue.sent.map((task) => task.seq))).toEqual(new Set([1]));
    expect([...store.states.values()].every((state) => state.state === 'PENDING' && state.seq === 1)).toBe(
      true,
    );
    expect(blobs.objects.has(`uploads/${PRODUCER}/${result.catalogueId}.json`)).toBe(true);
    expect(store.meta.get(PRODUCER)).toEqual({ seq: 1, leaseUntil: null });
  });

  it('writes nothing and queues nothing when the same file comes again', async () => {
    const { store, queue, upload } = setup();
    await upload(catalogueJson(items));
    queue.take();
    const writesBefore = store.writes;
    const again = await upload(catalogueJson(items));
    expect(again).toMatchObject({
      changes: { created: 0, updated: 0, unchanged: 3, delisted: 0 },
      replayed: true,
    });
    expect(store.writes).toBe(writesBefore);
    expect(queue.sent).toEqual([]);
  });

  it('queues only what changed, at a new sequence', async () => {
    const { queue, upload } = setup();
    await upload(catalogueJson(items));
    queue.take();
    const result = await upload(catalogueJson([{ sku: 'A' }, { sku: 'B', price: '19.00' }, { sku: 'C' }]));
    expect(result.changes).toEqual({ created: 0, updated: 1, unchanged: 2, delisted: 0 });
    expect(queue.sent.map((task) => [task.sku, task.channel, task.seq, task.action])).toEqual([
      ['B', 'tmall-global', 2, 'upsert'],
      ['B', 'freshippo', 2, 'upsert'],
    ]);
  });

  it('delists what a full upload lacks, but not a SKU whose row was rejected this time', async () => {
    const { queue, upload } = setup();
    await upload(catalogueJson(items));
    queue.take();
    const broken = { ...catalogueItem({ sku: 'B' }), price: { amount: 'dix-huit', currency: 'USD' } };
    const body = Buffer.from(JSON.stringify({ products: [catalogueItem({ sku: 'A' }), broken] }));
    const result = await upload(body);
    expect(result.rows).toEqual({ total: 2, accepted: 1, rejected: 1, skipped: 0 });
    expect(result.changes).toEqual({ created: 0, updated: 0, unchanged: 1, delisted: 1 });
    expect(queue.sent.map((task) => [task.sku, task.action])).toEqual([
      ['C', 'delist'],
      ['C', 'delist'],
    ]);
  });

  it('never delists on a delta upload', async () => {
    const { queue, upload } = setup();
    await upload(catalogueJson(items));
    queue.take();
    const result = await upload(catalogueJson([{ sku: 'D' }]), 'delta');
    expect(result.changes).toEqual({ created: 1, updated: 0, unchanged: 0, delisted: 0 });
  });

  it('is whole again on retry when its product writes failed: the states go first, so nothing looks unchanged', async () => {
    const { store, queue, upload } = setup();
    await upload(catalogueJson(items));
    queue.take();
    const changed = catalogueJson([{ sku: 'A' }, { sku: 'B', price: '19.00' }, { sku: 'C' }, { sku: 'D' }]);
    store.failProductWrites = true;
    await expect(upload(changed)).rejects.toThrow(/product writes/);
    expect(queue.sent).toEqual([]);
    expect(store.products.get(`${PRODUCER}/B`)?.seq).toBe(1);
    expect(store.products.has(`${PRODUCER}/D`)).toBe(false);
    expect(store.meta.get(PRODUCER)).toEqual({ seq: 2, leaseUntil: null });

    store.failProductWrites = false;
    const retry = await upload(changed);
    expect(retry.changes).toEqual({ created: 1, updated: 1, unchanged: 2, delisted: 0 });
    expect(queue.sent.map((task) => [task.sku, task.seq]).sort()).toEqual([
      ['B', 3],
      ['B', 3],
      ['D', 3],
      ['D', 3],
    ]);
    expect(store.states.get(`${PRODUCER}/freshippo/D`)).toMatchObject({ state: 'PENDING', seq: 3 });
  });

  it('answers busy while another upload of the producer holds the lease, having written nothing', async () => {
    const { store, queue, upload } = setup();
    store.meta.set(PRODUCER, { seq: 4, leaseUntil: Date.parse('2026-11-29T08:05:00.000Z') });
    await expect(upload(catalogueJson(items))).rejects.toBeInstanceOf(UploadInProgressError);
    expect(store.writes).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('takes over a lease that expired (a crashed upload), at the next sequence', async () => {
    const { store, upload } = setup();
    store.meta.set(PRODUCER, { seq: 4, leaseUntil: Date.parse('2026-11-29T07:00:00.000Z') });
    await upload(catalogueJson(items));
    expect(store.meta.get(PRODUCER)).toEqual({ seq: 5, leaseUntil: null });
  });
});

describe('ingestCatalogue, the size of its answer', () => {
  /** A CSV of `count` rows that are all refused (a price in words): one error per row. */
  function refusedRows(count: number): Buffer {
    const lines = ['sku,name,type,price,currency'];
    for (let row = 0; row < count; row += 1) lines.push(`R-${row},Green coffee,green coffee,dix-huit,USD`);
    return Buffer.from(lines.join('\n'));
  }

  it('answers the first 100 errors with the total count, and stores every one of 2,000', async () => {
    const { blobs, deps } = setup();
    const result = await ingestCatalogue(
      { producerId: PRODUCER, body: refusedRows(2_000), mode: 'full', format: 'csv' },
      deps,
    );
    expect(result.rows).toEqual({ total: 2_000, accepted: 0, rejected: 2_000, skipped: 0 });
    expect(result).toMatchObject({ errorCount: 2_000, warningCount: 0, findingsTruncated: true });
    expect(result.errors).toHaveLength(100);
    expect(result.errors[0]).toMatchObject({ row: 2, sku: 'R-0', code: 'NUMBER_INVALID' });
    expect(result.errors[99]).toMatchObject({ row: 101, sku: 'R-99' });
    const stored = JSON.parse(blobs.text(`reports/${PRODUCER}/${result.catalogueId}.json`) ?? '{}');
    expect(stored.result.errors).toHaveLength(2_000);
  });

  it('says nothing was left out when every finding fits', async () => {
    const { upload } = setup();
    const result = await upload(catalogueJson(items));
    expect(result).toMatchObject({ errors: [], errorCount: 0, findingsTruncated: false });
  });
});

describe('ingestCatalogue, its deadline', () => {
  /** A clock that moves 1 ms each time it is read: reading a file takes time in proportion to its rows. */
  function tickingSetup() {
    const ports = setup();
    let clock = Date.parse('2026-11-29T08:00:00.000Z');
    const start = clock;
    const deps = {
      ...ports.deps,
      now: () => new Date(clock++),
      sleep: async (ms: number) => {
        clock += ms;
      },
    };
    return { ...ports, deps, start, advance: (ms: number) => (clock += ms) };
  }

  const many = (count: number): TestItem[] => Array.from({ length: count }, (_, n) => ({ sku: `M-${n}` }));

  it('stops reading at the deadline and answers INGEST_TIMEOUT, having written and queued nothing', async () => {
    const { store, queue, blobs, deps, start } = tickingSetup();
    await expect(
      ingestCatalogue(
        { producerId: PRODUCER, body: catalogueJson(many(500)), mode: 'full', format: 'json' },
        { ...deps, writeDeadline: start + 100 },
      ),
    ).rejects.toMatchObject({ name: 'IngestTimeoutError', code: 'INGEST_TIMEOUT' });
    expect(store.writes).toBe(0);
    expect(queue.sent).toEqual([]);
    expect(blobs.objects.size).toBe(0);
  });

  it('answers INGEST_TIMEOUT, not busy, when the deadline comes while waiting for another upload', async () => {
    const { store, deps, start } = tickingSetup();
    store.meta.set(PRODUCER, { seq: 4, leaseUntil: start + 60_000 });
    await expect(
      ingestCatalogue(
        { producerId: PRODUCER, body: catalogueJson(items), mode: 'full', format: 'json' },
        { ...deps, writeDeadline: start + 500 },
      ),
    ).rejects.toMatchObject({ code: 'INGEST_TIMEOUT' });
    expect(store.writes).toBe(0);
  });

  it('finishes its writes once they have begun, even past the deadline, and answers after them', async () => {
    const { store, queue, deps, start, advance } = tickingSetup();
    const writeChanges = store.writeChanges.bind(store);
    store.writeChanges = async (products, states) => {
      advance(60_000);
      await writeChanges(products, states);
    };
    const result = await ingestCatalogue(
      { producerId: PRODUCER, body: catalogueJson(items), mode: 'full', format: 'json' },
      { ...deps, writeDeadline: start + 10_000 },
    );
    expect(result.changes.created).toBe(3);
    expect(queue.sent).toHaveLength(6);
    expect(store.reports.size).toBe(1);
  });
});

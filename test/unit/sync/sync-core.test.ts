import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../functions/core/channels/registry.ts';
import { diffCatalogue, type StoredProductDigest } from '../../../functions/core/sync/catalogue-diff.ts';
import { canonicalJson, contentHash } from '../../../functions/core/sync/content-hash.ts';
import { outboxKey, processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import { type FeedRenderer, runScheduledSync } from '../../../functions/core/sync/scheduled-sync.ts';
import type { SyncStateRecord, SyncTask } from '../../../functions/core/sync/sync-records.ts';
import { getSyncStatus } from '../../../functions/core/sync/sync-status.ts';
import { channelEvaluator } from '../../../functions/wiring/channel-adapters.ts';
import { loadConfigFxRates, makeProduct } from '../../support/product-factory.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

const evaluate = channelEvaluator(CHANNELS, loadConfigFxRates());
const now = () => new Date('2026-11-29T08:00:00.000Z');

function upsert(sku: string, seq: number, overrides: Parameters<typeof makeProduct>[1] = {}): SyncTask {
  const product = makeProduct('coffee-green', { producerId: 'huye-coop', sku, ...overrides });
  return {
    v: 1,
    action: 'upsert',
    producerId: 'huye-coop',
    channel: 'tmall-global',
    sku,
    seq,
    hash: contentHash(product),
    catalogueId: `cat-${seq}`,
    product,
  };
}

function delist(sku: string, seq: number): SyncTask {
  return {
    v: 1,
    action: 'delist',
    producerId: 'huye-coop',
    channel: 'tmall-global',
    sku,
    seq,
    hash: '',
    catalogueId: `cat-${seq}`,
  };
}

describe('content hash', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });

  it('changes when any value changes, and ignores undefined keys', () => {
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
    expect(contentHash({ a: 1, b: undefined })).toBe(contentHash({ a: 1 }));
  });
});

describe('catalogue diff', () => {
  const stored = new Map<string, StoredProductDigest>([
    ['A', { sku: 'A', hash: 'h1', status: 'ACTIVE', seq: 1 }],
    ['B', { sku: 'B', hash: 'h2', status: 'ACTIVE', seq: 1 }],
    ['C', { sku: 'C', hash: 'h3', status: 'DELISTED', seq: 2 }],
    ['D', { sku: 'D', hash: 'h4', status: 'ACTIVE', seq: 1 }],
  ]);

  it('sorts SKUs into created, updated, unchanged and delisted for a full upload', () => {
    const diff = diffCatalogue(
      stored,
      [
        { sku: 'A', hash: 'h1' },
        { sku: 'B', hash: 'changed' },
        { sku: 'C', hash: 'h3' },
        { sku: 'E', hash: 'h5' },
      ],
      'full',
    );
    expect(diff).toEqual({ created: ['C', 'E'], updated: ['B'], unchanged: ['A'], delisted: ['D'] });
  });

  it('keeps a listed SKU whose row was rejected in this upload, rather than delisting it', () => {
    const diff = diffCatalogue(stored, [{ sku: 'A', hash: 'h1' }], 'full', new Set(['B']));
    expect(diff.delisted).toEqual(['D']);
  });

  it('never delists on a delta upload', () => {
    expect(diffCatalogue(stored, [{ sku: 'A', hash: 'h1' }], 'delta').delisted).toEqual([]);
  });
});

describe('processSyncTask', () => {
  function deps(store = new InMemoryStore(), blobs = new InMemoryBlobs()) {
    return { store, blobs, deps: { states: store, blobs, evaluate, now } };
  }

  it('publishes a valid item as SYNCED with an outbox event keyed by sequence', async () => {
    const { store, blobs, deps: d } = deps();
    const result = await processSyncTask(upsert('HM-1', 3), d, 1);
    expect(result).toEqual({ state: 'SYNCED', outcome: 'written' });
    expect(store.states.get('huye-coop/tmall-global/HM-1')?.state).toBe('SYNCED');
    expect(blobs.text('outbox/tmall-global/huye-coop/000000000003-HM-1.json')).toContain('"action":"upsert"');
  });

  it('records validation errors as REJECTED with reasons and publishes nothing', async () => {
    const { store, blobs, deps: d } = deps();
    const result = await processSyncTask(upsert('HM-2', 1, { hsCode: '0902300000' }), d, 1);
    expect(result.state).toBe('REJECTED');
    expect(store.states.get('huye-coop/tmall-global/HM-2')?.reasons).toContainEqual(
      expect.objectContaining({ code: 'HS_CODE_MISMATCH', field: 'hsCode' }),
    );
    expect(blobs.objects.size).toBe(0);
  });

  it('ignores an older update delivered after a newer one', async () => {
    const { store, blobs, deps: d } = deps();
    await processSyncTask(upsert('HM-3', 5, { stock: 50 }), d, 1);
    const late = await processSyncTask(upsert('HM-3', 4, { stock: 999 }), d, 1);
    expect(late.outcome).toBe('superseded');
    expect(store.states.get('huye-coop/tmall-global/HM-3')?.seq).toBe(5);
    expect([...blobs.objects.keys()]).toEqual([
      outboxKey({ channel: 'tmall-global', producerId: 'huye-coop', seq: 5, sku: 'HM-3' }),
    ]);
  });

  it('never resurrects a delisted item with a late, older update', async () => {
    const { store, deps: d } = deps();
    await processSyncTask(upsert('HM-4', 1), d, 1);
    await processSyncTask(delist('HM-4', 3), d, 1);
    const late = await processSyncTask(upsert('HM-4', 2), d, 1);
    expect(late.outcome).toBe('superseded');
    expect(store.states.get('huye-coop/tmall-global/HM-4')?.state).toBe('DELISTED');
  });

  it('gives the same task delivered twice one effect', async () => {
    const { store, blobs, deps: d } = deps();
    const task = upsert('HM-5', 2);
    await processSyncTask(task, d, 1);
    const first = structuredClone(store.states.get('huye-coop/tmall-global/HM-5'));
    const firstOutbox = [...blobs.objects.entries()];
    await processSyncTask(task, d, 2);
    const second = store.states.get('huye-coop/tmall-global/HM-5');
    expect({ ...second, attempts: 0 }).toEqual({ ...first, attempts: 0 });
    expect([...blobs.objects.keys()]).toEqual(firstOutbox.map(([key]) => key));
  });
});

/** A PENDING state as an upload writes it, stuck long enough to be re-queued. */
function upsertPending(sku: string, seq: number): SyncStateRecord {
  return {
    producerId: 'huye-coop',
    channel: 'tmall-global',
    sku,
    state: 'PENDING',
    seq,
    action: 'upsert',
    hash: upsert(sku, seq, { stock: 99 }).hash,
    catalogueId: `cat-${seq}`,
    reasons: [],
    warnings: [],
    attempts: 0,
    updatedAt: '2026-11-29T07:00:00.000Z',
  };
}

describe('scheduled sync', () => {
  const renderer: FeedRenderer = {
    channel: 'tmall-global',
    contentType: 'application/json',
    documentPath: (producerId) => `feeds/tmall-global/${producerId}.json`,
    render: async (_producerId, items, write) => {
      const skus: string[] = [];
      for await (const item of items)
        skus.push((item as { skus: { skuCode: string }[] }).skus[0]?.skuCode ?? '?');
      await write(JSON.stringify(skus.sort()));
    },
  };

  /** The scheduled sync over the in-memory ports: one renderer, a one-minute staleness threshold. */
  function scheduledSync(ports: { store: InMemoryStore; queue: InMemoryQueue; blobs: InMemoryBlobs }) {
    return runScheduledSync({
      products: ports.store,
      states: ports.store,
      queue: ports.queue,
      blobs: ports.blobs,
      renderers: [renderer],
      staleAfterMs: 60_000,
      maxRequeues: 3,
      now,
    });
  }

  async function seeded() {
    const store = new InMemoryStore();
    const blobs = new InMemoryBlobs();
    const queue = new InMemoryQueue();
    const d = { states: store, blobs, evaluate, now };
    for (const sku of ['A', 'B', 'C']) {
      const task = upsert(sku, 1);
      await store.writeChanges(
        [
          {
            producerId: 'huye-coop',
            sku,
            status: 'ACTIVE',
            seq: 1,
            hash: task.hash,
            catalogueId: 'cat-1',
            product: task.action === 'upsert' && 'product' in task ? task.product : null,
            updatedAt: '2026-11-29T07:00:00.000Z',
          },
        ],
        [],
      );
      await processSyncTask(task, d, 1);
    }
    return { store, blobs, queue, d };
  }

  it('renders the full feed from SYNCED states only', async () => {
    const { store, blobs, queue, d } = await seeded();
    await processSyncTask(delist('B', 2), d, 1);
    const report = await scheduledSync({ store, queue, blobs });
    expect(report.feeds).toEqual([
      {
        channel: 'tmall-global',
        producerId: 'huye-coop',
        key: 'feeds/tmall-global/huye-coop.json',
        items: 2,
        // The document's UTF-8 size, counted as it was written: '["A","C"]'.
        bytes: 9,
      },
    ]);
    expect(blobs.text('feeds/tmall-global/huye-coop.json')).toBe('["A","C"]');
  });

  it('re-queues an item left PENDING by a lost message, with the stored product at its sequence', async () => {
    const { store, blobs, queue } = await seeded();
    const pending = store.states.get('huye-coop/tmall-global/C');
    if (!pending) throw new Error('seed missing');
    store.states.set('huye-coop/tmall-global/C', {
      ...pending,
      state: 'PENDING',
      updatedAt: '2026-11-29T07:00:00.000Z',
    });
    const report = await scheduledSync({ store, queue, blobs });
    expect(report.requeued).toBe(1);
    expect(queue.sent).toEqual([
      expect.objectContaining({ action: 'upsert', sku: 'C', seq: 1, channel: 'tmall-global' }),
    ]);
  });

  it("settles a state orphaned by a failed upload with what is stored, at the state's sequence", async () => {
    const { store, blobs, queue } = await seeded();
    // The upload at sequence 2 wrote its states, then its product writes failed and nobody retried.
    for (const sku of ['C', 'NEW']) {
      store.states.set(`huye-coop/tmall-global/${sku}`, {
        ...upsertPending(sku, 2),
      });
    }
    store.meta.set('huye-coop', { seq: 2, leaseUntil: null });
    const report = await scheduledSync({ store, queue, blobs });
    expect(report.requeued).toBe(2);
    const bySku = new Map(queue.sent.map((task) => [task.sku, task]));
    // C keeps its stored (sequence 1) product; NEW never had one: both win at sequence 2.
    expect(bySku.get('C')).toMatchObject({
      action: 'upsert',
      seq: 2,
      hash: store.products.get('huye-coop/C')?.hash,
    });
    expect(bySku.get('NEW')).toMatchObject({ action: 'delist', seq: 2 });
    const d = { states: store, blobs, evaluate, now };
    for (const task of queue.take()) await processSyncTask(task, d, 1);
    expect(store.states.get('huye-coop/tmall-global/C')).toMatchObject({ state: 'SYNCED', seq: 2 });
    expect(store.states.get('huye-coop/tmall-global/NEW')).toMatchObject({ state: 'DELISTED', seq: 2 });
  });

  it('leaves orphaned states alone while an upload of the producer holds the lease', async () => {
    const { store, blobs, queue } = await seeded();
    store.states.set('huye-coop/tmall-global/NEW', upsertPending('NEW', 2));
    store.meta.set('huye-coop', { seq: 2, leaseUntil: now().getTime() + 60_000 });
    const report = await scheduledSync({ store, queue, blobs });
    expect(report.requeued).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('leaves a recently queued PENDING item alone', async () => {
    const { store, blobs, queue } = await seeded();
    const pending = store.states.get('huye-coop/tmall-global/A');
    if (!pending) throw new Error('seed missing');
    store.states.set('huye-coop/tmall-global/A', {
      ...pending,
      state: 'PENDING',
      updatedAt: '2026-11-29T07:59:30.000Z',
    });
    const report = await scheduledSync({ store, queue, blobs });
    expect(report.requeued).toBe(0);
  });
});

describe('sync status', () => {
  it('counts every state and pages items, with a state filter', async () => {
    const store = new InMemoryStore();
    const d = { states: store, blobs: new InMemoryBlobs(), evaluate, now };
    for (const sku of ['A', 'B', 'C', 'D']) await processSyncTask(upsert(sku, 1), d, 1);
    await processSyncTask(upsert('E', 1, { hsCode: '0409000000' }), d, 1);
    await processSyncTask(delist('D', 2), d, 1);

    const first = await getSyncStatus(
      'huye-coop',
      { channels: ['tmall-global'], limit: 2, cursor: null },
      store,
    );
    const channel = first.channels['tmall-global'];
    expect(channel?.counts).toEqual({ PENDING: 0, SYNCED: 3, REJECTED: 1, FAILED: 0, DELISTED: 1 });
    expect(channel?.items.map((item) => item.sku)).toEqual(['A', 'B']);
    const second = await getSyncStatus(
      'huye-coop',
      { channels: ['tmall-global'], limit: 2, cursor: channel?.nextCursor ?? null },
      store,
    );
    expect(second.channels['tmall-global']?.items.map((item) => item.sku)).toEqual(['C', 'D']);

    const rejected = await getSyncStatus(
      'huye-coop',
      { channels: ['tmall-global'], state: 'REJECTED', limit: 10, cursor: null },
      store,
    );
    expect(rejected.channels['tmall-global']?.items).toEqual([
      expect.objectContaining({
        sku: 'E',
        state: 'REJECTED',
        reasons: [expect.objectContaining({ code: 'HS_CODE_MISMATCH' })],
      }),
    ]);
  });

  it('refuses a cursor it did not issue', async () => {
    await expect(
      getSyncStatus('p', { channels: ['tmall-global'], limit: 1, cursor: 'bogus' }, new InMemoryStore()),
    ).rejects.toMatchObject({
      code: 'CURSOR_INVALID',
    });
  });
});

describe('sync status, page size', () => {
  it('ends a page early when its items grow past the byte budget, and its cursors still reach every item once', async () => {
    const store = new InMemoryStore();
    // 300 items each quoting 20 findings of 1,000 characters: 6 MB if one page held them all.
    const reasons = Array.from({ length: 20 }, (_, n) => ({
      code: 'X',
      field: null,
      message: `${n}${'m'.repeat(1_000)}`,
    }));
    for (let n = 0; n < 300; n += 1) {
      const sku = `S-${String(n).padStart(3, '0')}`;
      store.states.set(`huye-coop/tmall-global/${sku}`, {
        ...upsertPending(sku, 1),
        state: 'REJECTED',
        reasons,
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const status = await getSyncStatus(
        'huye-coop',
        { channels: ['tmall-global'], limit: 1000, cursor },
        store,
      );
      const page = status.channels['tmall-global'];
      expect(Buffer.byteLength(JSON.stringify(page?.items))).toBeLessThanOrEqual(1_100_000);
      seen.push(...(page?.items.map((item) => item.sku) ?? []));
      cursor = page?.nextCursor ?? null;
    } while (cursor !== null);
    expect(seen).toHaveLength(300);
    expect(new Set(seen).size).toBe(300);
  });
});

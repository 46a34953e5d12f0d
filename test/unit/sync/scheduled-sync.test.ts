import { describe, expect, it } from 'vitest';
import type { Product } from '../../../functions/core/catalogue/model.ts';
import { contentHash } from '../../../functions/core/sync/content-hash.ts';
import { failedState } from '../../../functions/core/sync/process-sync-task.ts';
import { type FeedRenderer, runScheduledSync } from '../../../functions/core/sync/scheduled-sync.ts';
import type { SyncStateRecord, SyncTask } from '../../../functions/core/sync/sync-records.ts';
import { makeProduct } from '../../support/product-factory.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

/*
 * The scheduled sync's own rules (issue 11, items 7 and 8): one producer's failure never stops
 * another's work, and re-queuing settles (backoff, then parking) instead of looping for ever.
 */

const MINUTE = 60_000;
const CHANNEL = 'tmall-global';

/** A full feed listing the SKUs it was given, so a test can tell a rebuilt feed from an old one. */
function renderer(failFor: string | null = null): FeedRenderer {
  return {
    channel: CHANNEL,
    contentType: 'application/json',
    documentPath: (producerId) => `feeds/${CHANNEL}/${producerId}.json`,
    render: async (producerId, items, write, meta) => {
      if (producerId === failFor) throw new Error(`render of ${producerId} failed`);
      const skus: string[] = [];
      for await (const item of items) skus.push((item as { sku: string }).sku);
      await write(JSON.stringify({ generatedAt: meta.generatedAt, skus }));
    },
  };
}

function setup(options: { failFeedOf?: string } = {}) {
  const store = new InMemoryStore();
  const queue = new InMemoryQueue();
  const blobs = new InMemoryBlobs();
  let clock = Date.parse('2026-11-29T08:00:00.000Z');
  const run = () =>
    runScheduledSync({
      products: store,
      states: store,
      queue,
      blobs,
      renderers: [renderer(options.failFeedOf ?? null)],
      staleAfterMs: 15 * MINUTE,
      maxRequeues: 3,
      now: () => new Date(clock),
    });
  const at = () => new Date(clock).toISOString();
  return { store, queue, blobs, run, at, advance: (ms: number) => (clock += ms) };
}

type Ports = ReturnType<typeof setup>;

/** A stored product with its state on the channel, as an upload and a delivery leave them. */
function seed(ports: Ports, product: Product, state: Partial<SyncStateRecord>): void {
  const hash = contentHash(product);
  ports.store.products.set(`${product.producerId}/${product.sku}`, {
    producerId: product.producerId,
    sku: product.sku,
    status: 'ACTIVE',
    seq: 1,
    hash,
    catalogueId: 'cat-1',
    product,
    updatedAt: ports.at(),
  });
  ports.store.states.set(`${product.producerId}/${CHANNEL}/${product.sku}`, {
    producerId: product.producerId,
    channel: CHANNEL,
    sku: product.sku,
    state: 'SYNCED',
    seq: 1,
    action: 'upsert',
    hash,
    catalogueId: 'cat-1',
    reasons: [],
    warnings: [],
    attempts: 1,
    updatedAt: ports.at(),
    item: { sku: product.sku },
    ...state,
  });
}

const stateOf = (ports: Ports, producerId: string, sku: string) =>
  ports.store.states.get(`${producerId}/${CHANNEL}/${sku}`);

/** A product stored before products were bounded: its task is over SQS's 256 KiB. */
function oversizedProduct(): Product {
  const attributes = Object.fromEntries(
    Array.from({ length: 33 }, (_, n) => [`extra ${n}`, 'y'.repeat(9_000)]),
  );
  return { ...makeProduct('coffee-green', { producerId: 'big-coop', sku: 'BIG-1' }), attributes };
}

describe('scheduled sync, isolation', () => {
  it("rebuilds another producer's feed although one producer's stuck item cannot be queued", async () => {
    const ports = setup();
    seed(ports, oversizedProduct(), { state: 'PENDING', item: undefined });
    seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' }), {});
    ports.advance(20 * MINUTE);
    const report = await ports.run();
    expect(JSON.parse(ports.blobs.text('feeds/tmall-global/tea-coop.json') ?? '{}')).toMatchObject({
      generatedAt: '2026-11-29T08:20:00.000Z',
      skus: ['TEA-1'],
    });
    expect(report.failures).toEqual([
      expect.objectContaining({ stage: 'requeue', producerId: 'big-coop', channel: CHANNEL, sku: 'BIG-1' }),
    ]);
    expect(report.requeued).toBe(0);
  });

  it('queues the other stuck items of the same producer when one of them cannot be queued', async () => {
    const ports = setup();
    seed(ports, oversizedProduct(), { state: 'PENDING', item: undefined });
    seed(ports, makeProduct('tea', { producerId: 'big-coop', sku: 'TEA-1' }), {
      state: 'PENDING',
      item: undefined,
    });
    ports.advance(20 * MINUTE);
    const report = await ports.run();
    expect(ports.queue.sent.map((task) => task.sku)).toEqual(['TEA-1']);
    expect(report).toMatchObject({ requeued: 1, failures: [expect.objectContaining({ sku: 'BIG-1' })] });
  });

  it("writes every other producer's feed when one producer's feed fails", async () => {
    const ports = setup({ failFeedOf: 'bad-coop' });
    seed(ports, makeProduct('tea', { producerId: 'bad-coop', sku: 'TEA-1' }), {});
    seed(ports, makeProduct('honey', { producerId: 'bee-coop', sku: 'HONEY-1' }), {});
    const report = await ports.run();
    expect(report.feeds.map((feed) => feed.producerId)).toEqual(['bee-coop']);
    expect(report.failures).toEqual([
      expect.objectContaining({
        stage: 'feed',
        producerId: 'bad-coop',
        message: 'render of bad-coop failed',
      }),
    ]);
  });
});

describe('scheduled sync, re-queue with backoff', () => {
  it('re-sends a stale PENDING item once per backoff period, not on every run', async () => {
    const ports = setup();
    seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' }), {
      state: 'PENDING',
      item: undefined,
    });
    const sentAt: number[] = [];
    // Every 5 minutes for 3 hours, with every queued message lost.
    for (let minute = 0; minute <= 180; minute += 5) {
      const report = await ports.run();
      if (report.requeued > 0) sentAt.push(minute);
      ports.queue.take();
      ports.advance(5 * MINUTE);
    }
    // Stuck once more than 15 minutes old, so first sent at the run after minute 15; then again
    // after waits of 15, 30 and 60 minutes (each at the first run past it); then parked.
    expect(sentAt).toEqual([20, 40, 75]);
    expect(stateOf(ports, 'tea-coop', 'TEA-1')).toMatchObject({
      state: 'FAILED',
      requeues: 3,
      parkedAt: '2026-11-29T10:20:00.000Z',
    });
  });

  it('records each re-queue on the state, conditionally, and carries it on the task', async () => {
    const ports = setup();
    seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' }), {
      state: 'PENDING',
      item: undefined,
    });
    ports.advance(20 * MINUTE);
    await ports.run();
    expect(stateOf(ports, 'tea-coop', 'TEA-1')).toMatchObject({
      state: 'PENDING',
      requeues: 1,
      // Stale again 15 minutes after this run: 08:20 + 15 min - 15 min.
      staleSince: '2026-11-29T08:20:00.000Z',
    });
    expect(ports.queue.sent).toEqual([
      expect.objectContaining({
        sku: 'TEA-1',
        requeue: { count: 1, staleSince: '2026-11-29T08:20:00.000Z' },
      }),
    ]);
  });

  it("never overwrites a newer upload's state with its re-queue record", async () => {
    const ports = setup();
    seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' }), {
      state: 'PENDING',
      item: undefined,
    });
    ports.advance(20 * MINUTE);
    // A newer upload writes its state between the run's read of the stuck index and its record.
    const replace = ports.store.replaceState.bind(ports.store);
    ports.store.replaceState = async (expected, next) => {
      ports.store.states.set(`tea-coop/${CHANNEL}/TEA-1`, { ...expected, seq: 2, catalogueId: 'cat-2' });
      return replace(expected, next);
    };
    const report = await ports.run();
    expect(report.requeued).toBe(0);
    expect(ports.queue.sent).toEqual([]);
    expect(stateOf(ports, 'tea-coop', 'TEA-1')).toMatchObject({ seq: 2, catalogueId: 'cat-2' });
    expect(stateOf(ports, 'tea-coop', 'TEA-1')?.requeues).toBeUndefined();
  });
});

describe('scheduled sync, parking', () => {
  /** The worker's last delivery of a re-queued task failing again, as functions/sync-worker.ts records it. */
  function failDelivery(ports: Ports, task: SyncTask): void {
    ports.store.states.set(
      `${task.producerId}/${CHANNEL}/${task.sku}`,
      failedState(task, 'throttled', 5, new Date(ports.at())),
    );
  }

  it('parks an item that fails every delivery after 3 re-queues: FAILED, its last reason and counts, never re-sent', async () => {
    const ports = setup();
    const product = makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' });
    seed(ports, product, { state: 'PENDING', item: undefined });
    failDelivery(ports, {
      v: 1,
      action: 'upsert',
      producerId: 'tea-coop',
      channel: CHANNEL,
      sku: 'TEA-1',
      seq: 1,
      hash: contentHash(product),
      catalogueId: 'cat-1',
      product,
    });
    let sends = 0;
    for (let hour = 0; hour < 24; hour += 1) {
      ports.advance(60 * MINUTE);
      await ports.run();
      for (const task of ports.queue.take()) {
        sends += 1;
        ports.advance(10 * MINUTE);
        failDelivery(ports, task);
      }
    }
    expect(sends).toBe(3);
    expect(stateOf(ports, 'tea-coop', 'TEA-1')).toMatchObject({
      state: 'FAILED',
      requeues: 3,
      attempts: 5,
      reasons: [{ code: 'SYNC_TRANSIENT_FAILURE', field: null, message: 'throttled' }],
      parkedAt: expect.any(String),
    });
    // Out of the stuck index: a later run does not even read it.
    const stuck = [];
    for await (const state of ports.store.listStuck(CHANNEL, 'FAILED', '9999')) stuck.push(state);
    expect(stuck).toEqual([]);
  });

  it('says why a PENDING item was parked, and a new upload of the product un-parks it', async () => {
    const ports = setup();
    seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: 'TEA-1' }), {
      state: 'PENDING',
      item: undefined,
      requeues: 3,
    });
    ports.advance(20 * MINUTE);
    const report = await ports.run();
    expect(report).toMatchObject({ parked: 1, requeued: 0 });
    expect(stateOf(ports, 'tea-coop', 'TEA-1')).toMatchObject({
      state: 'FAILED',
      reasons: [expect.objectContaining({ code: 'SYNC_REQUEUE_EXHAUSTED' })],
    });
    // The next upload writes its PENDING state whole, at a newer sequence: nothing of the parking stays.
    const pending: SyncStateRecord = {
      ...(stateOf(ports, 'tea-coop', 'TEA-1') as SyncStateRecord),
      state: 'PENDING',
      seq: 2,
      reasons: [],
      attempts: 0,
      updatedAt: ports.at(),
    };
    delete pending.parkedAt;
    delete pending.requeues;
    await ports.store.writeChanges([], [pending]);
    ports.advance(20 * MINUTE);
    expect((await ports.run()).requeued).toBe(1);
  });
});

describe('scheduled sync, many stuck items', () => {
  it('queues stuck items in slices as they are recorded, so delivery starts before the last is recorded', async () => {
    const ports = setup();
    for (let n = 0; n < 60; n += 1) {
      seed(ports, makeProduct('tea', { producerId: 'tea-coop', sku: `TEA-${n}` }), {
        state: 'PENDING',
        item: undefined,
      });
    }
    ports.advance(20 * MINUTE);
    const recordedAtEachSend: number[] = [];
    const send = ports.queue.send.bind(ports.queue);
    ports.queue.send = async (tasks: SyncTask[]) => {
      recordedAtEachSend.push(ports.store.writes);
      await send(tasks);
    };
    const before = ports.store.writes;
    const report = await ports.run();
    expect(report).toMatchObject({ requeued: 60, failures: [] });
    expect(new Set(ports.queue.sent.map((task) => task.sku)).size).toBe(60);
    expect(recordedAtEachSend.map((writes) => writes - before)).toEqual([25, 50, 60]);
    for (const task of ports.queue.sent) expect(stateOf(ports, 'tea-coop', task.sku)?.requeues).toBe(1);
  });
});

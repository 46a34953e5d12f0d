import type { BlobStore, ProductStore, SyncStateStore, TaskQueue } from './ports.ts';
import type { SyncStateRecord, SyncTask } from './sync-records.ts';

/** What the scheduled sync needs of a channel: how to write its full document from items. */
export interface FeedRenderer {
  channel: string;
  contentType: string;
  documentPath(producerId: string): string;
  render(
    producerId: string,
    items: AsyncIterable<unknown>,
    write: (chunk: string) => Promise<void>,
    meta: { generatedAt: string },
  ): Promise<void>;
}

export interface ScheduledSyncDependencies {
  products: ProductStore;
  states: SyncStateStore;
  queue: TaskQueue;
  blobs: BlobStore;
  renderers: readonly FeedRenderer[];
  /** Items PENDING or FAILED for longer than this are queued again. */
  staleAfterMs: number;
  now: () => Date;
  pageSize?: number;
}

export interface FeedWritten {
  channel: string;
  producerId: string;
  key: string;
  items: number;
}

export interface ScheduledSyncReport {
  feeds: FeedWritten[];
  requeued: number;
}

/**
 * Rebuilds every full feed from the sync states (the source of truth) and re-queues what is
 * stuck, which is how a lost queue message or a crashed ingest is recovered.
 */
export async function runScheduledSync(deps: ScheduledSyncDependencies): Promise<ScheduledSyncReport> {
  const now = deps.now();
  const requeued = await requeueStuckItems(deps, new Date(now.getTime() - deps.staleAfterMs).toISOString());
  const feeds: FeedWritten[] = [];
  for await (const producerId of deps.products.listProducers()) {
    for (const renderer of deps.renderers) {
      feeds.push(await writeFullFeed(producerId, renderer, deps, now.toISOString()));
    }
  }
  return { feeds, requeued };
}

async function writeFullFeed(
  producerId: string,
  renderer: FeedRenderer,
  deps: ScheduledSyncDependencies,
  generatedAt: string,
): Promise<FeedWritten> {
  const key = renderer.documentPath(producerId);
  const writer = await deps.blobs.openWriter(key, renderer.contentType);
  let count = 0;
  const states = deps.states;
  const pageSize = deps.pageSize ?? 500;
  async function* syncedItems(): AsyncGenerator<unknown> {
    let cursor: string | null = null;
    do {
      const page = await states.listStates(producerId, renderer.channel, { limit: pageSize, cursor });
      for (const state of page.items) {
        if (state.state === 'SYNCED' && state.item !== undefined) {
          count += 1;
          yield state.item;
        }
      }
      cursor = page.cursor;
    } while (cursor !== null);
  }
  try {
    await renderer.render(producerId, syncedItems(), (chunk) => writer.write(chunk), { generatedAt });
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  return { channel: renderer.channel, producerId, key, items: count };
}

async function requeueStuckItems(deps: ScheduledSyncDependencies, olderThan: string): Promise<number> {
  let requeued = 0;
  for (const renderer of deps.renderers) {
    for (const stuckState of ['PENDING', 'FAILED'] as const) {
      const byProducer = new Map<string, SyncStateRecord[]>();
      for await (const state of deps.states.listStuck(renderer.channel, stuckState, olderThan)) {
        const list = byProducer.get(state.producerId) ?? [];
        list.push(state);
        byProducer.set(state.producerId, list);
      }
      for (const [producerId, states] of byProducer) {
        const tasks = await tasksForLatestProducts(producerId, renderer.channel, states, deps);
        await deps.queue.send(tasks);
        requeued += tasks.length;
      }
    }
  }
  return requeued;
}

/**
 * Re-queued work always carries the product as stored now. Its sequence is the product's, or the
 * state's when that is newer: such an orphaned state was written by an upload that failed before
 * its product write landed (states go first), so the stored product, or its absence, is what the
 * producer has, and it must win at that sequence or the state would stay PENDING for ever. While
 * the producer's upload lease is held the product write may simply not have happened yet: orphans
 * wait for the next run then.
 */
async function tasksForLatestProducts(
  producerId: string,
  channel: string,
  states: readonly SyncStateRecord[],
  deps: ScheduledSyncDependencies,
): Promise<SyncTask[]> {
  const records = await deps.products.getProducts(
    producerId,
    states.map((state) => state.sku),
  );
  const bySku = new Map(records.map((record) => [record.sku, record]));
  const isOrphan = (state: SyncStateRecord) => state.seq > (bySku.get(state.sku)?.seq ?? 0);
  let uploadInProgress = false;
  if (states.some(isOrphan)) {
    const meta = await deps.products.getProducerMeta(producerId);
    uploadInProgress = meta.leaseUntil !== null && meta.leaseUntil > deps.now().getTime();
  }
  const tasks: SyncTask[] = [];
  for (const state of states) {
    if (uploadInProgress && isOrphan(state)) continue;
    const record = bySku.get(state.sku);
    const common = {
      v: 1 as const,
      producerId,
      channel,
      sku: state.sku,
      seq: Math.max(record?.seq ?? 0, state.seq),
      catalogueId: record?.catalogueId ?? state.catalogueId,
    };
    if (!record || record.status === 'DELISTED' || !record.product) {
      tasks.push({ ...common, action: 'delist', hash: '' });
    } else {
      tasks.push({ ...common, action: 'upsert', hash: record.hash, product: record.product });
    }
  }
  return tasks;
}

import type { OfferingKind } from '../catalogue/offering.ts';
import type { FeedDocumentStore } from './feed-documents.ts';
import type { BlobStore, ProductStore, SyncStateStore, TaskQueue } from './ports.ts';
import type { EvaluateForChannel } from './process-sync-task.ts';
import { refreshTourItems } from './refresh-tour-items.ts';
import { TasksNotQueuedError } from './sync-errors.ts';
import type { ProductRecord, SyncStateRecord, SyncTask } from './sync-records.ts';

/** What the scheduled sync needs of a channel: how to write its full document from items. */
export interface FeedRenderer {
  channel: string;
  /** The kind of offering the channel takes (default product): which stored records its items come from. */
  takes?: OfferingKind;
  contentType: string;
  /** Set when the channel writes one document per target (google-merchant: per country); each is written. */
  targets?: readonly string[];
  documentPath(producerId: string, target?: string): string;
  render(
    producerId: string,
    items: AsyncIterable<unknown>,
    write: (chunk: string) => Promise<void>,
    meta: { generatedAt: string; target?: string },
  ): Promise<void>;
}

export interface ScheduledSyncDependencies {
  products: ProductStore;
  states: SyncStateStore;
  queue: TaskQueue;
  blobs: BlobStore;
  renderers: readonly FeedRenderer[];
  /** Where each written document is recorded (GET .../feeds lists them without listing objects). */
  feeds?: Pick<FeedDocumentStore, 'recordFeed'>;
  /** Items PENDING or FAILED for longer than this are queued again. */
  staleAfterMs: number;
  /** Re-queues of one item before it is parked (it stays FAILED until an upload changes it). */
  maxRequeues: number;
  /** The longest wait between two re-queues of one item; the wait doubles up to it. */
  maxBackoffMs?: number;
  now: () => Date;
  pageSize?: number;
  /**
   * The tour channels' transforms, made with the Rwanda date of this run: each run makes every
   * settled tour item again before writing its document, so calendars follow the date. Without
   * it tour documents are still rendered (closed dates are left out at render), items unchanged.
   */
  refreshTours?: { evaluate: EvaluateForChannel };
}

export interface FeedWritten {
  channel: string;
  producerId: string;
  key: string;
  items: number;
  bytes: number;
  target?: string;
}

/** Something the run could not do. It went on with everything else. */
export interface ScheduledSyncFailure {
  stage: 'requeue' | 'park' | 'feed' | 'refresh';
  producerId: string;
  channel: string;
  /** The item, when the failure was one item's; null when a whole producer's step failed. */
  sku: string | null;
  message: string;
}

export interface ScheduledSyncReport {
  feeds: FeedWritten[];
  requeued: number;
  /** Items given up on in this run, after their last allowed re-queue. */
  parked: number;
  /** Tour items made again with today's date whose output changed (dates rolled off, a tour left the feed). */
  refreshed: number;
  failures: ScheduledSyncFailure[];
}

const DEFAULT_MAX_BACKOFF_MS = 24 * 3600 * 1000;

/** Stuck items recorded at once (each a conditional write), then queued together. */
const REQUEUE_SLICE = 25;

/** Reports are logged and kept in the idempotency record: an SDK's message can quote a whole request. */
const FAILURE_MESSAGE_MAX_CHARS = 1_000;

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > FAILURE_MESSAGE_MAX_CHARS
    ? `${message.slice(0, FAILURE_MESSAGE_MAX_CHARS)}…`
    : message;
}

/**
 * Rebuilds every full feed from the sync states (the source of truth) and re-queues what is
 * stuck, which is how a lost queue message or a crashed ingest is recovered. Each producer's
 * re-queue and each feed is on its own: a failure is reported and the run goes on, so one
 * producer's broken item never keeps another producer's feed old.
 */
export async function runScheduledSync(deps: ScheduledSyncDependencies): Promise<ScheduledSyncReport> {
  const now = deps.now();
  const report: ScheduledSyncReport = { feeds: [], requeued: 0, parked: 0, refreshed: 0, failures: [] };
  await requeueStuckItems(deps, report);
  for await (const producerId of deps.products.listProducers()) {
    for (const renderer of deps.renderers) {
      if (renderer.takes === 'tour') await refreshProducerTours(producerId, renderer.channel, deps, report);
      try {
        for (const target of renderer.targets ?? [undefined]) {
          const written = await writeFullFeed(producerId, renderer, deps, now.toISOString(), target);
          if (written !== null) report.feeds.push(written);
        }
      } catch (error) {
        report.failures.push({
          stage: 'feed',
          producerId,
          channel: renderer.channel,
          sku: null,
          message: messageOf(error),
        });
      }
    }
  }
  return report;
}

/** A tour channel's settled items made again with today's date; failures reported, the run goes on. */
async function refreshProducerTours(
  producerId: string,
  channel: string,
  deps: ScheduledSyncDependencies,
  report: ScheduledSyncReport,
): Promise<void> {
  if (!deps.refreshTours) return;
  try {
    const outcome = await refreshTourItems(producerId, channel, {
      products: deps.products,
      states: deps.states,
      evaluate: deps.refreshTours.evaluate,
      now: deps.now,
      ...(deps.pageSize === undefined ? {} : { pageSize: deps.pageSize }),
    });
    report.refreshed += outcome.changed;
    for (const { sku, error } of outcome.failures) {
      report.failures.push({ stage: 'refresh', producerId, channel, sku, message: messageOf(error) });
    }
  } catch (error) {
    report.failures.push({ stage: 'refresh', producerId, channel, sku: null, message: messageOf(error) });
  }
}

/**
 * The channel's full document of one producer, from its sync states. A producer with no state at
 * all on the channel (a coffee cooperative on fliggy, a tour operator on tmall-global) gets no
 * document: null. One that had items and lost them all keeps DELISTED states, so its document is
 * still written, empty, replacing the last one.
 */
async function writeFullFeed(
  producerId: string,
  renderer: FeedRenderer,
  deps: ScheduledSyncDependencies,
  generatedAt: string,
  target: string | undefined,
): Promise<FeedWritten | null> {
  const states = deps.states;
  const pageSize = deps.pageSize ?? 500;
  const first = await states.listStates(producerId, renderer.channel, { limit: pageSize, cursor: null });
  if (first.items.length === 0 && first.cursor === null) return null;
  const key = renderer.documentPath(producerId, target);
  const writer = await deps.blobs.openWriter(key, renderer.contentType);
  let count = 0;
  async function* syncedItems(): AsyncGenerator<unknown> {
    let page = first;
    for (;;) {
      for (const state of page.items) {
        if (state.state === 'SYNCED' && state.item !== undefined) {
          count += 1;
          yield state.item;
        }
      }
      if (page.cursor === null) return;
      page = await states.listStates(producerId, renderer.channel, { limit: pageSize, cursor: page.cursor });
    }
  }
  let bytes = 0;
  const write = (chunk: string) => {
    bytes += Buffer.byteLength(chunk, 'utf8');
    return writer.write(chunk);
  };
  try {
    const meta = target === undefined ? { generatedAt } : { generatedAt, target };
    await renderer.render(producerId, syncedItems(), write, meta);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
  // After the document is whole: the record never points at a document still being written.
  await deps.feeds?.recordFeed({
    producerId,
    channel: renderer.channel,
    kind: 'full',
    ...(target === undefined ? {} : { target }),
    path: key,
    itemCount: count,
    bytes,
    contentType: renderer.contentType,
    generatedAt,
  });
  return {
    channel: renderer.channel,
    producerId,
    key,
    items: count,
    bytes,
    ...(target === undefined ? {} : { target }),
  };
}

async function requeueStuckItems(
  deps: ScheduledSyncDependencies,
  report: ScheduledSyncReport,
): Promise<void> {
  const olderThan = new Date(deps.now().getTime() - deps.staleAfterMs).toISOString();
  for (const renderer of deps.renderers) {
    for (const stuckState of ['PENDING', 'FAILED'] as const) {
      const byProducer = new Map<string, SyncStateRecord[]>();
      for await (const state of deps.states.listStuck(renderer.channel, stuckState, olderThan)) {
        const list = byProducer.get(state.producerId) ?? [];
        list.push(state);
        byProducer.set(state.producerId, list);
      }
      for (const [producerId, states] of byProducer) {
        try {
          await requeueProducer(producerId, renderer, states, deps, report);
        } catch (error) {
          report.failures.push({
            stage: 'requeue',
            producerId,
            channel: renderer.channel,
            sku: null,
            message: messageOf(error),
          });
        }
      }
    }
  }
}

/**
 * The wait before the n-th re-queue of an item is followed by another: the staleness threshold,
 * then twice that, four times..., up to the cap. Stored as the state's staleSince, which the
 * stuck index is sorted by, so an item in backoff is not even read by the runs in between.
 */
function staleSinceAfterRequeue(count: number, deps: ScheduledSyncDependencies): string {
  const wait = Math.min(deps.staleAfterMs * 2 ** (count - 1), deps.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
  return new Date(deps.now().getTime() + Math.max(wait, deps.staleAfterMs) - deps.staleAfterMs).toISOString();
}

/** What a parked item says: its last reason when it failed; for a PENDING one, why it stopped. */
function parked(state: SyncStateRecord, maxRequeues: number, now: Date): SyncStateRecord {
  const { staleSince: _staleSince, ...rest } = state;
  return {
    ...rest,
    state: 'FAILED',
    parkedAt: now.toISOString(),
    reasons:
      state.state === 'FAILED' && state.reasons.length > 0
        ? state.reasons
        : [
            {
              code: 'SYNC_REQUEUE_EXHAUSTED',
              field: null,
              message: `queued again ${maxRequeues} times without reaching the channel; upload the product again to retry`,
            },
          ],
  };
}

/**
 * One producer's stuck items on one channel: each parked once it has had its re-queues, or
 * recorded as re-queued (conditionally, with its backoff) and then queued with the product as
 * stored now. The record comes first: a run that crashes before sending leaves the item waiting
 * one backoff period, never re-sent twice, and a newer state written meanwhile makes it a no-op.
 */
async function requeueProducer(
  producerId: string,
  renderer: FeedRenderer,
  states: readonly SyncStateRecord[],
  deps: ScheduledSyncDependencies,
  report: ScheduledSyncReport,
): Promise<void> {
  const now = deps.now();
  const { channel } = renderer;
  const records = await deps.products.getProducts(
    producerId,
    states.map((state) => state.sku),
    renderer.takes ?? 'product',
  );
  const bySku = new Map(records.map((record) => [record.sku, record]));
  const isOrphan = (state: SyncStateRecord) => state.seq > (bySku.get(state.sku)?.seq ?? 0);
  let uploadInProgress = false;
  if (states.some(isOrphan)) {
    const meta = await deps.products.getProducerMeta(producerId);
    uploadInProgress = meta.leaseUntil !== null && meta.leaseUntil > now.getTime();
  }
  const failure = (stage: ScheduledSyncFailure['stage'], sku: string, error: unknown) =>
    report.failures.push({ stage, producerId, channel, sku, message: messageOf(error) });

  const requeueOne = async (state: SyncStateRecord): Promise<SyncTask | null> => {
    const count = (state.requeues ?? 0) + 1;
    try {
      if (count > deps.maxRequeues) {
        const outcome = await deps.states.replaceState(state, parked(state, deps.maxRequeues, now));
        if (outcome === 'written') report.parked += 1;
        return null;
      }
      const requeue = { count, staleSince: staleSinceAfterRequeue(count, deps) };
      const outcome = await deps.states.replaceState(state, {
        ...state,
        requeues: count,
        staleSince: requeue.staleSince,
      });
      return outcome === 'written' ? taskFor(state, bySku.get(state.sku), requeue) : null;
    } catch (error) {
      failure(count > deps.maxRequeues ? 'park' : 'requeue', state.sku, error);
      return null;
    }
  };
  const waiting = states.filter((state) => !(uploadInProgress && isOrphan(state)));
  // Conditional writes cannot be batched; one at a time, a crash's few thousand stranded items took
  // longer than the next runs' staleness window. Each slice is queued as soon as it is recorded.
  for (let start = 0; start < waiting.length; start += REQUEUE_SLICE) {
    const slice = waiting.slice(start, start + REQUEUE_SLICE);
    const tasks = (await Promise.all(slice.map(requeueOne))).filter((task) => task !== null);
    await sendRequeued(deps.queue, tasks, report, failure);
  }
}

async function sendRequeued(
  queue: TaskQueue,
  tasks: SyncTask[],
  report: ScheduledSyncReport,
  failure: (stage: 'requeue', sku: string, error: unknown) => void,
): Promise<void> {
  if (tasks.length === 0) return;
  try {
    await queue.send(tasks);
    report.requeued += tasks.length;
  } catch (error) {
    if (!(error instanceof TasksNotQueuedError)) throw error;
    report.requeued += tasks.length - error.failures.length;
    for (const { task, reason } of error.failures) failure('requeue', task.sku, new Error(reason));
  }
}

/**
 * Re-queued work always carries the offering (product or tour) as stored now. Its sequence is the product's, or the
 * state's when that is newer: such an orphaned state was written by an upload that failed before
 * its product write landed (states go first), so the stored product, or its absence, is what the
 * producer has, and it must win at that sequence or the state would stay PENDING for ever. While
 * the producer's upload lease is held the product write may simply not have happened yet: orphans
 * wait for the next run then.
 */
function taskFor(
  state: SyncStateRecord,
  record: ProductRecord | undefined,
  requeue: NonNullable<SyncTask['requeue']>,
): SyncTask {
  const common = {
    v: 1 as const,
    producerId: state.producerId,
    channel: state.channel,
    sku: state.sku,
    seq: Math.max(record?.seq ?? 0, state.seq),
    catalogueId: record?.catalogueId ?? state.catalogueId,
    requeue,
  };
  if (record?.status === 'ACTIVE' && record.kind === 'tour' && record.tour) {
    return { ...common, action: 'upsert', kind: 'tour', hash: record.hash, tour: record.tour };
  }
  if (!record || record.status === 'DELISTED' || !record.product) {
    return { ...common, action: 'delist', hash: '' };
  }
  return { ...common, action: 'upsert', hash: record.hash, product: record.product };
}

import type { Offering } from '../catalogue/offering.ts';
import type { BlobStore, RecordOutcome, SyncStateStore } from './ports.ts';
import type { SyncReason, SyncStateRecord, SyncTask, UpsertTask } from './sync-records.ts';

/** What the worker needs of a channel: turn an offering into an item and say what is wrong with it. */
export interface ChannelEvaluation {
  item: unknown;
  errors: SyncReason[];
  warnings: SyncReason[];
}
export type EvaluateForChannel = (channel: string, offering: Offering) => ChannelEvaluation;

/** The offering an upsert task carries: a product (tasks have always carried one) or a tour package. */
export function taskOffering(task: UpsertTask): Offering {
  return 'tour' in task ? { kind: 'tour', tour: task.tour } : { kind: 'product', product: task.product };
}

export interface ProcessSyncTaskDependencies {
  states: SyncStateStore;
  blobs: BlobStore;
  evaluate: EvaluateForChannel;
  now: () => Date;
}

export interface SyncTaskResult {
  state: SyncStateRecord['state'];
  outcome: RecordOutcome;
}

/**
 * One task, one channel, one item. The sync state is written first and conditionally on the
 * sequence; the outbox event is published only when that write won, under a key that carries
 * the sequence, so neither a late older task nor a duplicate can change what a newer one did.
 * Validation failures are a final REJECTED; anything thrown (throttling, network) is transient
 * and left to the queue's redelivery.
 */
export async function processSyncTask(
  task: SyncTask,
  deps: ProcessSyncTaskDependencies,
  attempt: number,
): Promise<SyncTaskResult> {
  const updatedAt = deps.now().toISOString();
  const base = stateBase(task, attempt, updatedAt);
  let record: SyncStateRecord;
  if (task.action === 'delist') {
    record = { ...base, state: 'DELISTED', reasons: [], warnings: [] };
  } else {
    const evaluation = deps.evaluate(task.channel, taskOffering(task));
    record =
      evaluation.errors.length > 0
        ? { ...base, state: 'REJECTED', reasons: evaluation.errors, warnings: evaluation.warnings }
        : { ...base, state: 'SYNCED', reasons: [], warnings: evaluation.warnings, item: evaluation.item };
  }
  const outcome = await deps.states.record(record);
  if (outcome === 'written' && (record.state === 'SYNCED' || record.state === 'DELISTED')) {
    await deps.blobs.put(
      outboxKey(task),
      JSON.stringify({
        channel: task.channel,
        producerId: task.producerId,
        sku: task.sku,
        seq: task.seq,
        action: task.action,
        publishedAt: updatedAt,
        ...(record.state === 'SYNCED' ? { item: record.item } : {}),
      }),
      'application/json',
    );
  }
  return { state: record.state, outcome };
}

/** Zero-padded so a listing of the outbox sorts by sequence. */
export function outboxKey(task: Pick<SyncTask, 'channel' | 'producerId' | 'seq' | 'sku'>): string {
  return `outbox/${task.channel}/${task.producerId}/${String(task.seq).padStart(12, '0')}-${encodeURIComponent(task.sku)}.json`;
}

/** The later of two ISO timestamps (they compare as text). */
function laterOf(a: string, b: string): string {
  if (a > b) return a;
  return b;
}

/** Enough of an error message to act on; an SDK's can quote a whole request, and the state is one item. */
const FAILURE_MESSAGE_MAX_CHARS = 1_000;

/**
 * On the last delivery a transient failure is recorded as FAILED, so it shows and gets re-queued.
 * A task the scheduled sync queued again keeps its re-queue count and backoff: what ends a
 * failing item's loop (docs/data-model.md, "Re-queues and parking").
 */
export function failedState(task: SyncTask, reason: string, attempt: number, now: Date): SyncStateRecord {
  const message =
    reason.length > FAILURE_MESSAGE_MAX_CHARS ? `${reason.slice(0, FAILURE_MESSAGE_MAX_CHARS)}…` : reason;
  const updatedAt = now.toISOString();
  return {
    ...stateBase(task, attempt, updatedAt),
    state: 'FAILED',
    reasons: [{ code: 'SYNC_TRANSIENT_FAILURE', field: null, message }],
    warnings: [],
    ...(task.requeue
      ? {
          requeues: task.requeue.count,
          staleSince: laterOf(task.requeue.staleSince, updatedAt),
        }
      : {}),
  };
}

/** What every state written for a task carries: the task's identity and sequence. */
function stateBase(task: SyncTask, attempts: number, updatedAt: string) {
  return {
    producerId: task.producerId,
    channel: task.channel,
    sku: task.sku,
    seq: task.seq,
    action: task.action,
    hash: task.hash,
    catalogueId: task.catalogueId,
    attempts,
    updatedAt,
  };
}

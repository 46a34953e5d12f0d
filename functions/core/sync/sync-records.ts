import * as z from 'zod';
import { productSchema } from '../catalogue/model.ts';

export const SYNC_STATES = ['PENDING', 'SYNCED', 'REJECTED', 'FAILED', 'DELISTED'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];
export const syncStateNameSchema = z.enum(SYNC_STATES);

export type SyncAction = 'upsert' | 'delist';

export interface SyncReason {
  code: string;
  field: string | null;
  message: string;
}

/** One producer's item on one channel: the DynamoDB sync-state item, AWS-free. */
export interface SyncStateRecord {
  producerId: string;
  channel: string;
  sku: string;
  state: SyncStateName;
  seq: number;
  action: SyncAction;
  hash: string;
  catalogueId: string;
  reasons: SyncReason[];
  warnings: SyncReason[];
  /** The channel item last published (SYNCED only): full feeds are rendered from it. */
  item?: unknown;
  attempts: number;
  updatedAt: string;
  /** Times the scheduled sync has queued this item again since an upload last wrote it. */
  requeues?: number;
  /**
   * From when a PENDING or FAILED item counts as stuck (updatedAt when absent): the scheduled sync
   * queues it again once this is older than its staleness threshold, and moves it ahead with each
   * re-queue, so the wait doubles (backoff).
   */
  staleSince?: string;
  /**
   * Set when the scheduled sync gave up on the item after its last allowed re-queue: it stays
   * FAILED with its last reason and counts, out of the stuck index, until an upload changes it.
   */
  parkedAt?: string;
}

/** The stored product: what the last upload that changed it said, and at which sequence. */
export interface ProductRecord {
  producerId: string;
  sku: string;
  status: 'ACTIVE' | 'DELISTED';
  seq: number;
  hash: string;
  catalogueId: string;
  product: z.infer<typeof productSchema> | null;
  updatedAt: string;
}

/**
 * The SQS message body: one product on one channel at one sequence. It carries the product so
 * the worker needs no read; its sequence decides whether it may still change anything.
 */
/**
 * On a task the scheduled sync queued again: how many times it has, and the staleSince it gave the
 * state, which a FAILED outcome of this delivery keeps (so a failing item waits out its backoff).
 */
export const requeueSchema = z.object({
  count: z.number().int().positive(),
  staleSince: z.string().min(1),
});
export type Requeue = z.infer<typeof requeueSchema>;

export const syncTaskSchema = z.discriminatedUnion('action', [
  z.object({
    v: z.literal(1),
    action: z.literal('upsert'),
    producerId: z.string().min(1),
    channel: z.string().min(1),
    sku: z.string().min(1),
    seq: z.number().int().positive(),
    hash: z.string().min(1),
    catalogueId: z.string().min(1),
    product: productSchema,
    requeue: requeueSchema.optional(),
  }),
  z.object({
    v: z.literal(1),
    action: z.literal('delist'),
    producerId: z.string().min(1),
    channel: z.string().min(1),
    sku: z.string().min(1),
    seq: z.number().int().positive(),
    hash: z.string(),
    catalogueId: z.string().min(1),
    requeue: requeueSchema.optional(),
  }),
]);
export type SyncTask = z.infer<typeof syncTaskSchema>;

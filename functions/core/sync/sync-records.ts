import * as z from 'zod';
import { productSchema } from '../catalogue/model.ts';
import { type TourPackage, tourPackageSchema } from '../catalogue/tour-model.ts';
import { recordKind, SYNC_STATES, type SyncStateName } from './sync-states.ts';

export { recordKind, SYNC_STATES, type SyncStateName };
export const syncStateNameSchema = z.enum(SYNC_STATES);

export type SyncAction = 'upsert' | 'delist';

/** A field's value as a rule reason quotes it: text (cut at 200 characters), a number, or null for absent. */
export type QuotedValue = string | number | null;

export interface SyncReason {
  code: string;
  field: string | null;
  message: string;
  /**
   * Feed rule reasons only (RULE_APPLIED, RULE_EXCLUDED, RULE_VALUE_INVALID): the indexes of the
   * rules, in the channel's list, that changed the field or excluded the item. Structured, so a
   * reader in any language sees what the English message quotes.
   */
  rules?: number[];
  /** RULE_APPLIED only: the field's value before the first rule touched it, and after the last. */
  before?: QuotedValue;
  after?: QuotedValue;
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

/**
 * The stored offering: what the last upload that changed it said, and at which sequence. A
 * product (`PRODUCT#<sku>`) carries `product`; a tour package (`kind: 'tour'`, `TOUR#<code>`,
 * `sku` its code) carries `tour` and a null `product`. Products keep the shape they always had.
 */
export interface ProductRecord {
  producerId: string;
  sku: string;
  /** Absent for a product (records written before tours existed have none). */
  kind?: 'tour';
  status: 'ACTIVE' | 'DELISTED';
  seq: number;
  hash: string;
  catalogueId: string;
  product: z.infer<typeof productSchema> | null;
  /** The tour package (kind 'tour' only); null once delisted. */
  tour?: TourPackage | null;
  updatedAt: string;
}

/**
 * On a task the scheduled sync queued again: how many times it has, and the staleSince it gave the
 * state, which a FAILED outcome of this delivery keeps (so a failing item waits out its backoff).
 */
export const requeueSchema = z.object({
  count: z.number().int().positive(),
  staleSince: z.string().min(1),
});
export type Requeue = z.infer<typeof requeueSchema>;

const taskIdentity = {
  v: z.literal(1),
  producerId: z.string().min(1),
  channel: z.string().min(1),
  sku: z.string().min(1),
  seq: z.number().int().positive(),
  catalogueId: z.string().min(1),
  requeue: requeueSchema.optional(),
};

/**
 * The SQS message body: one offering on one channel at one sequence. It carries the offering so
 * the worker needs no read; its sequence decides whether it may still change anything.
 * A task is a product upsert (as it always was), a tour upsert (`kind: 'tour'`, the package in
 * `tour`, `sku` its code) or a delist. Channels take one kind each, so a task only ever goes to a
 * channel taking the kind it carries; a delist needs no offering.
 */
export const syncTaskSchema = z.union([
  z.object({
    ...taskIdentity,
    action: z.literal('upsert'),
    kind: z.literal('product').optional(),
    hash: z.string().min(1),
    product: productSchema,
  }),
  z.object({
    ...taskIdentity,
    action: z.literal('upsert'),
    kind: z.literal('tour'),
    hash: z.string().min(1),
    tour: tourPackageSchema,
  }),
  z.object({
    ...taskIdentity,
    action: z.literal('delist'),
    hash: z.string(),
  }),
]);
export type SyncTask = z.infer<typeof syncTaskSchema>;
export type UpsertTask = Extract<SyncTask, { action: 'upsert' }>;

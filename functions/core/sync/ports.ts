import type { RowCounts } from '../catalogue/read-catalogue.ts';
import type { StoredProductDigest } from './catalogue-diff.ts';
import type { ProductRecord, SyncStateName, SyncStateRecord, SyncTask } from './sync-records.ts';

/**
 * The secondary ports of the sync use cases. The DynamoDB, SQS and S3 adapters implement them
 * on AWS and on the embedded stack; unit tests implement them in memory.
 */

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
  delisted: number;
}

export interface CatalogueReportRecord {
  producerId: string;
  catalogueId: string;
  /** Sequence number taken by the upload, or null when it changed nothing. */
  seq: number | null;
  /** The producer's sequence right after this upload: a replay is only a replay if nothing came since. */
  baseSeq: number;
  mode: 'full' | 'delta';
  format: string;
  encoding: string;
  rows: RowCounts;
  changes: ChangeCounts;
  errorCount: number;
  warningCount: number;
  reportKey: string;
  receivedAt: string;
}

export interface ProducerMeta {
  seq: number;
  /** Epoch ms until which another upload holds the producer's write lease. */
  leaseUntil: number | null;
}

export interface CatalogueStore {
  getReport(producerId: string, catalogueId: string): Promise<CatalogueReportRecord | null>;
  getProducerMeta(producerId: string): Promise<ProducerMeta>;
  listProductDigests(producerId: string): Promise<Map<string, StoredProductDigest>>;
  /** Takes `expectedSeq + 1` and a lease until `leaseUntil`; null when another upload got there first. */
  claimSequence(
    producerId: string,
    expectedSeq: number,
    leaseUntil: number,
    now: number,
  ): Promise<number | null>;
  releaseLease(producerId: string, seq: number): Promise<void>;
  /**
   * Every state is durable before any product is written: a product that matches the upload
   * must never stand without the PENDING states that get it to the channels.
   */
  writeChanges(products: ProductRecord[], states: SyncStateRecord[], signal?: AbortSignal): Promise<void>;
  putReport(report: CatalogueReportRecord): Promise<void>;
}

export interface TaskQueue {
  /**
   * Queues every task, or throws. TasksNotQueuedError names the tasks that were not queued (a
   * message too large, an entry refused): every other task was. With `signal`, stops between calls
   * once it is aborted.
   */
  send(tasks: SyncTask[], signal?: AbortSignal): Promise<void>;
}

export type RecordOutcome = 'written' | 'superseded';

export interface SyncStatePage {
  items: SyncStateRecord[];
  cursor: string | null;
}

export interface SyncStateStore {
  /** Conditional on sequence: never lets an older task overwrite a newer state. */
  record(state: SyncStateRecord): Promise<RecordOutcome>;
  listStates(
    producerId: string,
    channel: string,
    page: { limit: number; cursor: string | null },
  ): Promise<SyncStatePage>;
  getStates(producerId: string, channel: string, skus: string[]): Promise<SyncStateRecord[]>;
  /**
   * Replaces `expected` by `next` only while the stored state is still `expected`: same sequence,
   * state and re-queue count. A newer upload, a delivery's outcome or another run's re-queue wins.
   */
  replaceState(expected: SyncStateRecord, next: SyncStateRecord): Promise<RecordOutcome>;
  listStuck(
    channel: string,
    state: Extract<SyncStateName, 'PENDING' | 'FAILED'>,
    olderThan: string,
  ): AsyncIterable<SyncStateRecord>;
}

export interface ProductStore {
  getProducts(producerId: string, skus: string[]): Promise<ProductRecord[]>;
  /** The producer's upload sequence and lease: whether an upload may still be writing. */
  getProducerMeta(producerId: string): Promise<ProducerMeta>;
  listProducers(): AsyncIterable<string>;
}

export interface DocumentWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Object storage as the use cases need it: S3 on AWS, a folder on a laptop. */
export interface BlobStore {
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array | null>;
  openWriter(key: string, contentType?: string): Promise<DocumentWriter>;
}

import type { OfferingKind } from '../catalogue/offering.ts';
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
  /**
   * Where the catalogue is in its life (absent on records written before uploads existed: DONE).
   * AWAITING_UPLOAD and PROCESSING records carry no counts yet; FAILED carries `error`.
   */
  status?: CatalogueStatusName;
  /** PROCESSING: rows read so far (updated every few thousand rows, not per row). */
  rowsRead?: number;
  /** FAILED: the file-level code, its message and line. */
  error?: { code: string; message: string; line: number | null };
  fileName?: string;
  /** How the file came: the direct POST, the upload route's presigned PUT, or a pull from the profile's source. */
  origin?: 'direct' | 'upload' | 'pull';
  /** The upload route's object key and, once it arrived, its ETag (a redelivered event carries the same). */
  uploadKey?: string;
  etag?: string;
  /** When the upload ticket was issued (the upload route); receivedAt is when the file was read. */
  createdAt?: string;
  /** How the file was read: the reading summary (validate --json's source, sheet, header line). */
  source?: string;
  sheet?: string;
  headerRow?: number;
  /** The producer profile version the file was read with (0: none saved; absent on older records). */
  profileVersion?: number;
  /** What the file held: products or tour packages (absent on records written before tours: products). */
  offeringKind?: OfferingKind;
}

export const CATALOGUE_STATUSES = ['AWAITING_UPLOAD', 'PROCESSING', 'DONE', 'FAILED'] as const;
export type CatalogueStatusName = (typeof CATALOGUE_STATUSES)[number];

/**
 * The upload route's lifecycle of a catalogue record, conditional so that two deliveries of one
 * S3 event never ingest twice: only one claim from AWAITING_UPLOAD (or from a PROCESSING whose
 * claim expired, a killed run) succeeds.
 */
export interface CatalogueLifecycleStore {
  /** Records a new AWAITING_UPLOAD catalogue; false when the id is already taken. */
  createAwaiting(record: CatalogueReportRecord): Promise<boolean>;
  /** AWAITING_UPLOAD (or an expired PROCESSING claim) -> PROCESSING until `claimUntil`; false otherwise. */
  claimProcessing(
    producerId: string,
    catalogueId: string,
    claim: { etag: string; claimUntil: number; now: number; at: string },
  ): Promise<boolean>;
  /** Rows read so far, only while this claim (etag) still holds the record PROCESSING. */
  recordProgress(producerId: string, catalogueId: string, etag: string, rowsRead: number): Promise<void>;
  /** FAILED with a file-level code, only while the record is still PROCESSING for this etag. */
  recordFailure(
    producerId: string,
    catalogueId: string,
    etag: string,
    error: { code: string; message: string; line: number | null },
    at: string,
  ): Promise<void>;
  /** Lets a run that stopped on a transient error be claimed again at once by the retry. */
  releaseClaim(producerId: string, catalogueId: string, etag: string): Promise<void>;
  /** One page of the producer's catalogue records (every status), unordered. */
  listReports(
    producerId: string,
    page: { limit: number; cursor: string | null },
  ): Promise<{ items: CatalogueReportRecord[]; cursor: string | null }>;
}

export interface ProducerMeta {
  seq: number;
  /** Epoch ms until which another upload holds the producer's write lease. */
  leaseUntil: number | null;
}

export interface CatalogueStore {
  getReport(producerId: string, catalogueId: string): Promise<CatalogueReportRecord | null>;
  getProducerMeta(producerId: string): Promise<ProducerMeta>;
  /** The stored offerings of one kind (products by default), keyed by SKU or tour code. */
  listProductDigests(producerId: string, kind?: OfferingKind): Promise<Map<string, StoredProductDigest>>;
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
  /** The stored offerings of one kind (products by default) under these SKUs or tour codes. */
  getProducts(producerId: string, skus: string[], kind?: OfferingKind): Promise<ProductRecord[]>;
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
/** Whole objects read back (a stored report): all the read-only status function needs. */
export interface BlobReader {
  get(key: string): Promise<Uint8Array | null>;
}

export interface BlobStore extends BlobReader {
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  openWriter(key: string, contentType?: string): Promise<DocumentWriter>;
}

/** An object read as a stream (an upload of up to hundreds of MB is never held whole). */
export interface ObjectStreamSource {
  /**
   * The object's bytes in chunks; with `etag`, only that version (S3 IfMatch), so a second
   * reading reads exactly what the first one read. Null when there is no such object.
   */
  stream(key: string, etag?: string): Promise<AsyncIterable<Uint8Array> | null>;
}

/** Signed, expiring URLs for a client to PUT an upload to or GET a report from: S3 presigned, or the local server's. */
export interface UrlSigner {
  uploadUrl(
    key: string,
    options: UrlOptions & { contentType?: string; contentLength?: number },
  ): Promise<{ url: string; method: 'PUT'; headers: Record<string, string> }>;
  downloadUrl(key: string, options: UrlOptions & { fileName?: string }): Promise<string>;
}

export interface UrlOptions {
  expiresInSeconds: number;
  /** The origin the client reached the API at (http://host:port): the local server's URLs use it; S3's ignore it. */
  origin?: string;
}

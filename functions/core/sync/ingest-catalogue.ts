import { hash } from 'node:crypto';
import type { Product } from '../catalogue/model.ts';
import { type CatalogueSummary, type RowCounts, readCatalogue } from '../catalogue/read-catalogue.ts';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import type { FeedRules } from '../rules/rule-schema.ts';
import { productHashWithRules } from '../rules/rules-hash.ts';
import { type CatalogueDiff, diffCatalogue, hasChanges, type UploadMode } from './catalogue-diff.ts';
import { type FindingsPage, findingsPage, UPLOAD_ANSWER_FINDINGS } from './findings-page.ts';
import type { BlobStore, CatalogueReportRecord, CatalogueStore, ChangeCounts, TaskQueue } from './ports.ts';
import type { StoredReportBody } from './stored-report.ts';
import { IngestTimeoutError, UploadInProgressError } from './sync-errors.ts';

import type { ProductRecord, SyncStateRecord, SyncTask } from './sync-records.ts';

export interface IngestRequest {
  producerId: string;
  body: Uint8Array;
  mode: UploadMode;
  format?: CatalogueFormat;
  contentType?: string;
  fileName?: string;
  sheet?: string;
}

/** The answer to an upload: counts, changes and the first findings (the stored report has them all). */
export interface IngestResult extends FindingsPage {
  catalogueId: string;
  rows: RowCounts;
  changes: ChangeCounts;
  /** True when this exact file was already ingested and nothing changed since: nothing was written. */
  replayed: boolean;
}

export interface IngestDependencies {
  catalogues: CatalogueStore;
  queue: TaskQueue;
  blobs: BlobStore;
  channels: readonly string[];
  /**
   * The producer's feed rules (its profile's `rules`): part of each product's hash, so a rule
   * change re-syncs exactly the products whose channel output it changes. The worker applies them.
   */
  rules?: FeedRules;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** How long an upload may hold the producer's write lease; longer than the ingest timeout. */
  leaseMs?: number;
  /** How long to wait for another upload of the same producer before answering busy. */
  maxWaitMs?: number;
  /**
   * Epoch ms on `now`'s clock after which no write may begin (the handler keeps the rest of the
   * Lambda's time for the writes). Past it the upload stops with IngestTimeoutError, unwritten.
   */
  writeDeadline?: number;
  /**
   * Aborted when the function itself is out of time (middy answers then, and on AWS the function is
   * killed): the upload stops wherever it is, as a killed one would, and nothing goes on after the
   * answer. Writes cut this way are completed by sending the same file again (states go first).
   */
  signal?: AbortSignal;
}

const FORMAT_EXTENSIONS: Record<string, string> = {
  csv: 'csv',
  tsv: 'tsv',
  xlsx: 'xlsx',
  json: 'json',
  xml: 'xml',
};

export function catalogueIdFor(producerId: string, mode: UploadMode, body: Uint8Array): string {
  const digest = hash('sha256', Buffer.concat([Buffer.from(`${producerId}\0${mode}\0`), body]), 'hex');
  return `cat-${digest.slice(0, 24)}`;
}

/**
 * Reads an upload, diffs it by content hash against the stored catalogue and records only what
 * changed: PENDING sync states first, then the products (the source of truth), then one task per
 * changed product and channel. A failure before the products land leaves the upload still
 * different from what is stored, so the producer's retry re-sends all of it; a crash after them
 * leaves PENDING states that the scheduled sync re-queues. No step is ever silently dropped.
 *
 * With a `writeDeadline`, the reading, the wait for another upload's lease and the diff must end
 * before it: past it the upload stops with IngestTimeoutError before its first write, so an
 * answer that says it failed never hides a commit made afterwards. Writes, once begun, finish.
 */
export async function ingestCatalogue(
  request: IngestRequest,
  deps: IngestDependencies,
): Promise<IngestResult> {
  const { producerId } = request;
  const catalogueId = catalogueIdFor(producerId, request.mode, request.body);
  const previous = await deps.catalogues.getReport(producerId, catalogueId);
  const beforeWriting = deadlineCheck(deps);
  const upload = await readUpload(request, beforeWriting, (product) =>
    productHashWithRules(product, deps.rules, deps.channels),
  );

  const leaseMs = deps.leaseMs ?? 120_000;
  const waitUntil = deps.now().getTime() + (deps.maxWaitMs ?? 10_000);
  for (let attempt = 0; ; attempt += 1) {
    beforeWriting();
    const now = deps.now();
    const meta = await deps.catalogues.getProducerMeta(producerId);
    if (meta.leaseUntil !== null && meta.leaseUntil > now.getTime()) {
      if (now.getTime() >= waitUntil) {
        throw new UploadInProgressError(`another upload for ${producerId} is still being processed`);
      }
      await deps.sleep(Math.min(200 * 2 ** attempt, 2_000));
      continue;
    }
    const stored = await deps.catalogues.listProductDigests(producerId);
    const diff = diffCatalogue(stored, upload.incoming, request.mode, upload.rejectedSkus);
    const receivedAt = now.toISOString();
    const { report, result, fullReport } = outcomeOf(
      request,
      catalogueId,
      upload,
      diff,
      meta.seq,
      receivedAt,
    );
    const { summary } = upload;

    if (!hasChanges(diff)) {
      // The same file again with nothing uploaded since: its report already says all there is.
      if (previous && previous.baseSeq === meta.seq) return { ...result, replayed: true };
      beforeWriting();
      await storeReport(report(null), fullReport, deps);
      return result;
    }

    beforeWriting();
    const seq = await deps.catalogues.claimSequence(
      producerId,
      meta.seq,
      now.getTime() + leaseMs,
      now.getTime(),
    );
    if (seq === null) continue;
    try {
      await deps.blobs.put(
        `uploads/${producerId}/${catalogueId}.${FORMAT_EXTENSIONS[summary.format] ?? 'bin'}`,
        request.body,
        request.contentType,
      );
      const writes = plannedWrites(
        upload.products,
        diff,
        { producerId, catalogueId, seq, receivedAt },
        deps.channels,
      );
      await deps.catalogues.writeChanges(writes.products, writes.states, deps.signal);
      deps.signal?.throwIfAborted();
      await deps.queue.send(writes.tasks, deps.signal);
      deps.signal?.throwIfAborted();
      await storeReport(report(seq), fullReport, deps);
      return result;
    } finally {
      await deps.catalogues.releaseLease(producerId, seq);
    }
  }
}

/** What an upload records and answers once diffed: its report item (at the sequence it takes), the answer, the stored report. */
function outcomeOf(
  request: IngestRequest,
  catalogueId: string,
  upload: ReadUpload,
  diff: CatalogueDiff,
  currentSeq: number,
  receivedAt: string,
): {
  report: (seq: number | null) => CatalogueReportRecord;
  result: IngestResult;
  fullReport: StoredReportBody;
} {
  const { producerId } = request;
  const { summary } = upload;
  const changes: ChangeCounts = {
    created: diff.created.length,
    updated: diff.updated.length,
    unchanged: diff.unchanged.length,
    delisted: diff.delisted.length,
  };
  return {
    report: (seq) => ({
      producerId,
      catalogueId,
      seq,
      baseSeq: seq ?? currentSeq,
      mode: request.mode,
      format: summary.format,
      encoding: summary.encoding,
      rows: summary.rows,
      changes,
      errorCount: summary.errors.length,
      warningCount: summary.warnings.length,
      reportKey: `reports/${producerId}/${catalogueId}.json`,
      receivedAt,
    }),
    result: {
      catalogueId,
      rows: summary.rows,
      changes,
      ...findingsPage(summary.errors, summary.warnings, UPLOAD_ANSWER_FINDINGS),
      replayed: false,
    },
    fullReport: {
      result: {
        catalogueId,
        rows: summary.rows,
        changes,
        errors: summary.errors,
        warnings: summary.warnings,
      },
      acceptedSkus: upload.incoming.map(({ sku }) => sku),
    },
  };
}

/** Throws IngestTimeoutError once the write deadline has passed (or the signal's abort reason). */
function deadlineCheck(deps: IngestDependencies): () => void {
  const { writeDeadline, signal } = deps;
  if (writeDeadline === undefined) return () => signal?.throwIfAborted();
  const startedAt = deps.now().getTime();
  return () => {
    signal?.throwIfAborted();
    const now = deps.now().getTime();
    if (now < writeDeadline) return;
    throw new IngestTimeoutError(
      `The upload could not be read in the ${Math.round((writeDeadline - startedAt) / 1000)} s one request allows; nothing was written. ` +
        'Send the catalogue as smaller files (delta uploads), or check it first with feedbridge validate.',
    );
  };
}

interface ReadUpload {
  summary: CatalogueSummary;
  products: Map<string, { product: Product; hash: string }>;
  incoming: { sku: string; hash: string }[];
  rejectedSkus: Set<string>;
}

/** How much of a body a reader is handed at a time. */
const SLICE_BYTES = 64 * 1024;

/**
 * The body in slices, with a turn of the event loop before each further one: a reader handed a
 * whole 6 MB body parses it in one synchronous stretch that no deadline check can interrupt and
 * during which no timer runs. Sliced, the deadline is checked between the rows of each slice.
 */
async function* slices(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body.subarray(0, SLICE_BYTES);
  for (let offset = SLICE_BYTES; offset < body.byteLength; offset += SLICE_BYTES) {
    await new Promise((resolve) => setImmediate(resolve));
    yield body.subarray(offset, offset + SLICE_BYTES);
  }
}

async function readUpload(
  request: IngestRequest,
  checkpoint: () => void,
  hashOf: (product: Product) => string,
): Promise<ReadUpload> {
  const products = new Map<string, { product: Product; hash: string }>();
  const summary = await readCatalogue(
    slices(request.body),
    {
      producerId: request.producerId,
      checkpoint,
      ...(request.format ? { format: request.format } : {}),
      ...(request.contentType ? { contentType: request.contentType } : {}),
      ...(request.fileName ? { fileName: request.fileName } : {}),
      ...(request.sheet ? { sheet: request.sheet } : {}),
    },
    (product) => {
      products.set(product.sku, { product, hash: hashOf(product) });
    },
  );
  return {
    summary,
    products,
    incoming: [...products.values()].map(({ product, hash: productHash }) => ({
      sku: product.sku,
      hash: productHash,
    })),
    rejectedSkus: new Set(summary.errors.flatMap((issue) => (issue.sku ? [issue.sku] : []))),
  };
}

interface WriteContext {
  producerId: string;
  catalogueId: string;
  seq: number;
  receivedAt: string;
}

/** Every product, PENDING state and task an upload's diff makes, at the sequence it took. */
function plannedWrites(
  products: ReadUpload['products'],
  diff: CatalogueDiff,
  context: WriteContext,
  channels: readonly string[],
): { products: ProductRecord[]; states: SyncStateRecord[]; tasks: SyncTask[] } {
  const { producerId, catalogueId, seq, receivedAt } = context;
  const records: ProductRecord[] = [];
  const states: SyncStateRecord[] = [];
  const tasks: SyncTask[] = [];
  for (const sku of [...diff.created, ...diff.updated]) {
    const entry = products.get(sku);
    if (!entry) continue;
    const { product, hash: productHash } = entry;
    records.push({
      producerId,
      sku,
      status: 'ACTIVE',
      seq,
      hash: productHash,
      catalogueId,
      product,
      updatedAt: receivedAt,
    });
    for (const channel of channels) {
      states.push(
        pendingState(producerId, channel, sku, seq, 'upsert', productHash, catalogueId, receivedAt),
      );
      tasks.push({
        v: 1,
        action: 'upsert',
        producerId,
        channel,
        sku,
        seq,
        hash: productHash,
        catalogueId,
        product,
      });
    }
  }
  for (const sku of diff.delisted) {
    records.push({
      producerId,
      sku,
      status: 'DELISTED',
      seq,
      hash: '',
      catalogueId,
      product: null,
      updatedAt: receivedAt,
    });
    for (const channel of channels) {
      states.push(pendingState(producerId, channel, sku, seq, 'delist', '', catalogueId, receivedAt));
      tasks.push({ v: 1, action: 'delist', producerId, channel, sku, seq, hash: '', catalogueId });
    }
  }
  return { products: records, states, tasks };
}

function pendingState(
  producerId: string,
  channel: string,
  sku: string,
  seq: number,
  action: 'upsert' | 'delist',
  stateHash: string,
  catalogueId: string,
  updatedAt: string,
): SyncStateRecord {
  return {
    producerId,
    channel,
    sku,
    state: 'PENDING',
    seq,
    action,
    hash: stateHash,
    catalogueId,
    reasons: [],
    warnings: [],
    attempts: 0,
    updatedAt,
  };
}

/** The full report goes to object storage (it can exceed an item's 400 KB); the item points to it. */
async function storeReport(
  report: CatalogueReportRecord,
  body: StoredReportBody,
  deps: IngestDependencies,
): Promise<void> {
  await deps.blobs.put(report.reportKey, JSON.stringify(body), 'application/json');
  await deps.catalogues.putReport(report);
}

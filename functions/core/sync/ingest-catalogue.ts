import { hash } from 'node:crypto';
import type { Product } from '../catalogue/model.ts';
import { type RowCounts, readCatalogue } from '../catalogue/read-catalogue.ts';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import { diffCatalogue, hasChanges, type UploadMode } from './catalogue-diff.ts';
import { contentHash } from './content-hash.ts';
import { type FindingsPage, findingsPage, UPLOAD_ANSWER_FINDINGS } from './findings-page.ts';
import type { BlobStore, CatalogueReportRecord, CatalogueStore, ChangeCounts, TaskQueue } from './ports.ts';
import type { StoredReportBody } from './stored-report.ts';
import { UploadInProgressError } from './sync-errors.ts';

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
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** How long an upload may hold the producer's write lease; longer than the ingest timeout. */
  leaseMs?: number;
  /** How long to wait for another upload of the same producer before answering busy. */
  maxWaitMs?: number;
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
 */
export async function ingestCatalogue(
  request: IngestRequest,
  deps: IngestDependencies,
): Promise<IngestResult> {
  const { producerId } = request;
  const catalogueId = catalogueIdFor(producerId, request.mode, request.body);
  const previous = await deps.catalogues.getReport(producerId, catalogueId);

  const products = new Map<string, { product: Product; hash: string }>();
  const summary = await readCatalogue(
    request.body,
    {
      producerId,
      ...(request.format ? { format: request.format } : {}),
      ...(request.contentType ? { contentType: request.contentType } : {}),
      ...(request.fileName ? { fileName: request.fileName } : {}),
      ...(request.sheet ? { sheet: request.sheet } : {}),
    },
    (product) => {
      products.set(product.sku, { product, hash: contentHash(product) });
    },
  );
  const incoming = [...products.values()].map(({ product, hash: productHash }) => ({
    sku: product.sku,
    hash: productHash,
  }));

  const rejectedSkus = new Set(summary.errors.flatMap((issue) => (issue.sku ? [issue.sku] : [])));

  const leaseMs = deps.leaseMs ?? 120_000;
  const deadline = deps.now().getTime() + (deps.maxWaitMs ?? 10_000);
  for (let attempt = 0; ; attempt += 1) {
    const now = deps.now();
    const meta = await deps.catalogues.getProducerMeta(producerId);
    if (meta.leaseUntil !== null && meta.leaseUntil > now.getTime()) {
      if (now.getTime() >= deadline) {
        throw new UploadInProgressError(`another upload for ${producerId} is still being processed`);
      }
      await deps.sleep(Math.min(200 * 2 ** attempt, 2_000));
      continue;
    }
    const stored = await deps.catalogues.listProductDigests(producerId);
    const diff = diffCatalogue(stored, incoming, request.mode, rejectedSkus);
    const changes: ChangeCounts = {
      created: diff.created.length,
      updated: diff.updated.length,
      unchanged: diff.unchanged.length,
      delisted: diff.delisted.length,
    };
    const receivedAt = now.toISOString();
    const report = (seq: number | null): CatalogueReportRecord => ({
      producerId,
      catalogueId,
      seq,
      baseSeq: seq ?? meta.seq,
      mode: request.mode,
      format: summary.format,
      encoding: summary.encoding,
      rows: summary.rows,
      changes,
      errorCount: summary.errors.length,
      warningCount: summary.warnings.length,
      reportKey: `reports/${producerId}/${catalogueId}.json`,
      receivedAt,
    });
    const result: IngestResult = {
      catalogueId,
      rows: summary.rows,
      changes,
      ...findingsPage(summary.errors, summary.warnings, UPLOAD_ANSWER_FINDINGS),
      replayed: false,
    };
    const fullReport: StoredReportBody = {
      result: {
        catalogueId,
        rows: summary.rows,
        changes,
        errors: summary.errors,
        warnings: summary.warnings,
      },
      acceptedSkus: incoming.map(({ sku }) => sku),
    };

    if (!hasChanges(diff)) {
      // The same file again with nothing uploaded since: its report already says all there is.
      if (previous && previous.baseSeq === meta.seq) return { ...result, replayed: true };
      await storeReport(report(null), fullReport, deps);
      return result;
    }

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
      const changed = [...diff.created, ...diff.updated];
      const productRecords: ProductRecord[] = [];
      const states: SyncStateRecord[] = [];
      const tasks: SyncTask[] = [];
      for (const sku of changed) {
        const entry = products.get(sku);
        if (!entry) continue;
        productRecords.push({
          producerId,
          sku,
          status: 'ACTIVE',
          seq,
          hash: entry.hash,
          catalogueId,
          product: entry.product,
          updatedAt: receivedAt,
        });
        for (const channel of deps.channels) {
          states.push(
            pendingState(producerId, channel, sku, seq, 'upsert', entry.hash, catalogueId, receivedAt),
          );
          tasks.push({
            v: 1,
            action: 'upsert',
            producerId,
            channel,
            sku,
            seq,
            hash: entry.hash,
            catalogueId,
            product: entry.product,
          });
        }
      }
      for (const sku of diff.delisted) {
        productRecords.push({
          producerId,
          sku,
          status: 'DELISTED',
          seq,
          hash: '',
          catalogueId,
          product: null,
          updatedAt: receivedAt,
        });
        for (const channel of deps.channels) {
          states.push(pendingState(producerId, channel, sku, seq, 'delist', '', catalogueId, receivedAt));
          tasks.push({ v: 1, action: 'delist', producerId, channel, sku, seq, hash: '', catalogueId });
        }
      }
      await deps.catalogues.writeChanges(productRecords, states);
      await deps.queue.send(tasks);
      await storeReport(report(seq), fullReport, deps);
      return result;
    } finally {
      await deps.catalogues.releaseLease(producerId, seq);
    }
  }
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

import { hash } from 'node:crypto';
import type { ColumnReport } from '../catalogue/columns/column-plan.ts';
import type { Offering, OfferingKind } from '../catalogue/offering.ts';
import type { ProducerProfile } from '../catalogue/producer-profile.ts';
import type { RowCounts } from '../catalogue/read-catalogue.ts';
import { type OfferingsSummary, offeringKey, readOfferings } from '../catalogue/read-offerings.ts';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import { currentProfile, type ProfileSource } from '../profile/profile-record.ts';
import type { FeedRules } from '../rules/rule-schema.ts';
import { type CatalogueDiff, diffCatalogue, hasChanges, type UploadMode } from './catalogue-diff.ts';
import { type FindingsPage, findingsPage, UPLOAD_ANSWER_FINDINGS } from './findings-page.ts';
import { offeringHash } from './offering-hash.ts';
import {
  type HashedOffering,
  type PlannedWrites,
  plannedWrites,
  type WriteContext,
} from './planned-writes.ts';
import type { BlobStore, CatalogueReportRecord, CatalogueStore, ChangeCounts, TaskQueue } from './ports.ts';
import type { StoredReportBody } from './stored-report.ts';
import { IngestTimeoutError, UploadInProgressError } from './sync-errors.ts';

export interface IngestRequest {
  producerId: string;
  /** The file in memory (the direct route): read once, and archived under uploads/. */
  body?: Uint8Array;
  /**
   * Or the file as a stream that can be opened again (an upload in object storage): read twice,
   * never held whole. The first reading diffs hashes only; the second writes the changed products
   * in bounded batches. Either `body` or `open` is given.
   */
  open?: () => Promise<AsyncIterable<Uint8Array>>;
  /** The upload route issues the id before the file exists; the direct route derives it from the bytes. */
  catalogueId?: string;
  mode: UploadMode;
  format?: CatalogueFormat;
  contentType?: string;
  fileName?: string;
  sheet?: string;
  /** Kept on the catalogue's record (the upload route's key, ETag, origin). */
  recordFields?: Pick<CatalogueReportRecord, 'origin' | 'uploadKey' | 'etag' | 'createdAt' | 'fileName'>;
}

/** How the file was read, as `feedbridge validate --json` says it (the columns bounded in bytes). */
export interface ReadingSummary {
  source: string;
  sheet?: string;
  headerRow?: number;
  columns: ColumnReport[];
  /** True when `columns` stops early (a file with thousands of columns); the stored report has them all. */
  columnsTruncated: boolean;
}

/** The answer to an upload: counts, changes and the first findings (the stored report has them all). */
export interface IngestResult extends FindingsPage, ReadingSummary {
  catalogueId: string;
  rows: RowCounts;
  changes: ChangeCounts;
  /** True when this exact file was already ingested and nothing changed since: nothing was written. */
  replayed: boolean;
  /** The producer profile version the file was read with (0: none saved). */
  profileVersion: number;
  /** What the file held, told by its columns: products or tour packages. */
  offeringKind: OfferingKind;
}

/** The catalogue reader the ingest reads with (readOfferings); a test hands offerings in through it. */
export type ReadOfferings = typeof readOfferings;

export interface IngestDependencies {
  catalogues: CatalogueStore;
  queue: TaskQueue;
  blobs: BlobStore;
  channels: readonly string[];
  /** The producer's profile (column mappings, defaults, value maps): read once per upload. */
  profiles?: ProfileSource;
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
  /** Called every `progressEveryRows` rows of the first reading (the upload's PROCESSING rowsRead). */
  onRowsRead?: (rowsRead: number) => Promise<void> | void;
  progressEveryRows?: number;
  /** Products written per batch by a streamed (two-reading) ingest; bounds what is held at once. */
  writeBatchProducts?: number;
  /** The reader (default readOfferings): the seam the use case is tested through with tours. */
  readOfferings?: ReadOfferings;
}

/** Rows between two progress updates: a 250,000-row file costs 25 writes, not 250,000. */
export const PROGRESS_EVERY_ROWS = 10_000;
/** Products (with their states and tasks) a streamed ingest holds and writes at a time. */
export const WRITE_BATCH_PRODUCTS = 500;
/** UTF-8 bytes of column readings an answer carries at most. */
const COLUMNS_ANSWER_MAX_BYTES = 256 * 1024;

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
  const { producerId, body } = request;
  if (body === undefined && request.open === undefined) throw new TypeError('ingest needs a body or open');
  const catalogueId =
    request.catalogueId ?? catalogueIdFor(producerId, request.mode, body ?? new Uint8Array());
  const beforeWriting = deadlineCheck(deps);
  const [previous, profile] = await Promise.all([
    deps.catalogues.getReport(producerId, catalogueId),
    deps.profiles ? currentProfile(producerId, deps.profiles) : undefined,
  ]);
  // Both readings of a streamed upload read with the same version, the one the report names.
  const reading: ReadRequest = {
    ...request,
    ...(profile ? { profile: profile.profile } : {}),
    ...(deps.readOfferings ? { readOfferings: deps.readOfferings } : {}),
  };
  // The rules the profile holds are part of each product's hash (deps.rules: a caller's own).
  const rules = deps.rules ?? profile?.profile.rules;
  const hashOf = (offering: Offering) => offeringHash(offering, rules, deps.channels);
  const upload = await readUpload(reading, beforeWriting, deps, hashOf);

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
    // Only offerings of the file's kind: a full tour catalogue never delists an operator's products.
    const stored = await deps.catalogues.listProductDigests(producerId, upload.summary.offeringKind);
    const diff = diffCatalogue(stored, upload.incoming, request.mode, upload.rejectedSkus);
    const receivedAt = now.toISOString();
    const { report, result, fullReport } = outcomeOf(
      request,
      catalogueId,
      upload,
      diff,
      meta.seq,
      receivedAt,
      profile?.version ?? 0,
    );
    const { summary } = upload;

    if (!hasChanges(diff)) {
      // The same file again with nothing uploaded since: its report already says all there is.
      if (previous && isDone(previous) && previous.baseSeq === meta.seq && sameProfile(previous, result)) {
        return { ...result, replayed: true };
      }
      beforeWriting();
      // Archived even when nothing changed: it is the file a new profile reads again (POST .../reads).
      await archiveBody(request, catalogueId, summary.format, deps);
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
      const context: WriteContext = { producerId, catalogueId, seq, receivedAt, kind: summary.offeringKind };
      if (body !== undefined) {
        await archiveBody(request, catalogueId, summary.format, deps);
        await writeBatch(plannedWrites(upload.offerings, diff, context, deps.channels), deps);
      } else {
        await writeStreamed(reading, upload, diff, context, deps, hashOf);
      }
      await storeReport(report(seq), fullReport, deps);
      return result;
    } finally {
      await deps.catalogues.releaseLease(producerId, seq);
    }
  }
}

/** The direct route's body, kept under uploads/ (where the lifecycle expires raw files) by its id. */
async function archiveBody(
  request: IngestRequest,
  catalogueId: string,
  format: string,
  deps: IngestDependencies,
): Promise<void> {
  if (request.body === undefined) return;
  await deps.blobs.put(
    `uploads/${request.producerId}/${catalogueId}.${FORMAT_EXTENSIONS[format] ?? 'bin'}`,
    request.body,
    request.contentType,
  );
}

/** What an upload records and answers once diffed: its report item (at the sequence it takes), the answer, the stored report. */
function outcomeOf(
  request: IngestRequest,
  catalogueId: string,
  upload: ReadUpload,
  diff: CatalogueDiff,
  currentSeq: number,
  receivedAt: string,
  profileVersion: number,
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
      profileVersion,
      offeringKind: summary.offeringKind,
      ...request.recordFields,
      status: 'DONE',
      origin: request.recordFields?.origin ?? 'direct',
      ...(request.fileName ? { fileName: request.fileName } : {}),
      source: summary.source,
      ...(summary.sheet === undefined ? {} : { sheet: summary.sheet }),
      ...(summary.headerRow === undefined ? {} : { headerRow: summary.headerRow }),
    }),
    result: {
      catalogueId,
      rows: summary.rows,
      changes,
      ...readingSummary(summary),
      ...findingsPage(summary.errors, summary.warnings, UPLOAD_ANSWER_FINDINGS),
      replayed: false,
      profileVersion,
      offeringKind: summary.offeringKind,
    },
    fullReport: {
      result: {
        catalogueId,
        rows: summary.rows,
        changes,
        errors: summary.errors,
        warnings: summary.warnings,
      },
      reading: {
        source: summary.source,
        ...(summary.sheet === undefined ? {} : { sheet: summary.sheet }),
        ...(summary.headerRow === undefined ? {} : { headerRow: summary.headerRow }),
        columns: summary.columns,
      },
      acceptedSkus: upload.incoming.map(({ sku }) => sku),
      offeringKind: summary.offeringKind,
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
  summary: OfferingsSummary;
  /** Keyed by offeringKey (a SKU or a tour code); a streamed upload keeps none. */
  offerings: Map<string, HashedOffering>;
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
  request: ReadRequest,
  checkpoint: () => void,
  deps: Pick<IngestDependencies, 'onRowsRead' | 'progressEveryRows'>,
  hashOf: (offering: Offering) => string,
): Promise<ReadUpload> {
  const offerings = new Map<string, HashedOffering>();
  const incoming: { sku: string; hash: string }[] = [];
  // A streamed upload keeps only the hashes; its products are read again to be written.
  const keep = request.body !== undefined;
  const every = deps.progressEveryRows ?? PROGRESS_EVERY_ROWS;
  let rowsRead = 0;
  let progress: Promise<void> = Promise.resolve();
  const counted = () => {
    checkpoint();
    rowsRead += 1;
    if (deps.onRowsRead && rowsRead % every === 0) {
      const reached = rowsRead;
      progress = progress.then(() => deps.onRowsRead?.(reached));
    }
  };
  const input = request.body !== undefined ? slices(request.body) : await openOrThrow(request);
  const read = request.readOfferings ?? readOfferings;
  const summary = await read(input, { ...readOptions(request), checkpoint: counted }, (offering) => {
    const offeringHashed = hashOf(offering);
    if (keep) offerings.set(offeringKey(offering), { offering, hash: offeringHashed });
    else incoming.push({ sku: offeringKey(offering), hash: offeringHashed });
  });
  await progress;
  return {
    summary,
    offerings,
    incoming: keep
      ? [...offerings].map(([key, { hash: offeringHashed }]) => ({ sku: key, hash: offeringHashed }))
      : incoming,
    rejectedSkus: new Set(summary.errors.flatMap((issue) => (issue.sku ? [issue.sku] : []))),
  };
}

/** An upload as it is read: with the profile version loaded for it, and the reader to read it with. */
type ReadRequest = IngestRequest & { profile?: ProducerProfile; readOfferings?: ReadOfferings };

function readOptions(request: ReadRequest) {
  return {
    producerId: request.producerId,
    ...(request.profile ? { profile: request.profile } : {}),
    ...(request.format ? { format: request.format } : {}),
    ...(request.contentType ? { contentType: request.contentType } : {}),
    ...(request.fileName ? { fileName: request.fileName } : {}),
    ...(request.sheet ? { sheet: request.sheet } : {}),
  };
}

async function openOrThrow(request: IngestRequest): Promise<AsyncIterable<Uint8Array>> {
  if (!request.open) throw new TypeError('ingest needs a body or open');
  return request.open();
}

/** A profile saved since the last reading may read the same file differently: not a replay. */
function sameProfile(previous: CatalogueReportRecord, result: IngestResult): boolean {
  return (previous.profileVersion ?? 0) === result.profileVersion;
}

/** A record written by the direct route before statuses existed has none: it is done. */
function isDone(record: CatalogueReportRecord): boolean {
  return record.status === undefined || record.status === 'DONE';
}

function readingSummary(summary: OfferingsSummary): ReadingSummary {
  const columns: ColumnReport[] = [];
  let bytes = 0;
  for (const column of summary.columns) {
    bytes += Buffer.byteLength(JSON.stringify(column), 'utf8') + 1;
    if (bytes > COLUMNS_ANSWER_MAX_BYTES) break;
    columns.push(column);
  }
  return {
    source: summary.source,
    ...(summary.sheet === undefined ? {} : { sheet: summary.sheet }),
    ...(summary.headerRow === undefined ? {} : { headerRow: summary.headerRow }),
    columns,
    columnsTruncated: columns.length < summary.columns.length,
  };
}

/** States first, then products, then tasks: the order every recovery path relies on. */
async function writeBatch(writes: PlannedWrites, deps: IngestDependencies): Promise<void> {
  await deps.catalogues.writeChanges(writes.products, writes.states, deps.signal);
  deps.signal?.throwIfAborted();
  await deps.queue.send(writes.tasks, deps.signal);
  deps.signal?.throwIfAborted();
}

/**
 * The second reading of a streamed upload: the same readers over the same bytes (the ETag is
 * pinned by `open`), writing the changed products `writeBatchProducts` at a time, then the
 * delistings. A product that no longer hashes as in the first reading means the object changed
 * under us: the run stops (the retry reads it all again) rather than write a mix of two files.
 */
async function writeStreamed(
  request: ReadRequest,
  upload: ReadUpload,
  diff: CatalogueDiff,
  context: WriteContext,
  deps: IngestDependencies,
  hashOf: (offering: Offering) => string,
): Promise<void> {
  const expected = new Map(upload.incoming.map(({ sku, hash: offeringHashed }) => [sku, offeringHashed]));
  const changed = new Set([...diff.created, ...diff.updated]);
  const batchSize = deps.writeBatchProducts ?? WRITE_BATCH_PRODUCTS;
  let batch = new Map<string, HashedOffering>();
  const flush = async () => {
    if (batch.size === 0) return;
    const only: CatalogueDiff = { ...diff, created: [...batch.keys()], updated: [], delisted: [] };
    await writeBatch(plannedWrites(batch, only, context, deps.channels), deps);
    batch = new Map();
  };
  const read = request.readOfferings ?? readOfferings;
  await read(await openOrThrow(request), readOptions(request), async (offering) => {
    const key = offeringKey(offering);
    if (offering.kind !== context.kind) {
      throw new Error(`the upload changed between its two readings (${key} is a ${offering.kind})`);
    }
    if (!changed.has(key)) return;
    const offeringHashed = hashOf(offering);
    if (expected.get(key) !== offeringHashed) {
      throw new Error(`the upload changed between its two readings (${key})`);
    }
    batch.set(key, { offering, hash: offeringHashed });
    if (batch.size >= batchSize) await flush();
  });
  await flush();
  for (let start = 0; start < diff.delisted.length; start += batchSize) {
    const delisted = diff.delisted.slice(start, start + batchSize);
    const only: CatalogueDiff = { ...diff, created: [], updated: [], delisted };
    await writeBatch(plannedWrites(new Map(), only, context, deps.channels), deps);
  }
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

import { CatalogueFileError } from '../catalogue/codes.ts';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import { type IngestDependencies, type IngestResult, ingestCatalogue } from './ingest-catalogue.ts';
import type { CatalogueLifecycleStore, ObjectStreamSource } from './ports.ts';
import { IngestTimeoutError } from './sync-errors.ts';
import { parseUploadKey } from './upload-ticket.ts';

/** An object that arrived under uploads/ (from the S3 "Object Created" event). */
export interface UploadedObject {
  key: string;
  etag: string;
  size: number;
}

export type UploadIngestOutcome =
  | { outcome: 'ingested'; catalogueId: string; result: IngestResult }
  | { outcome: 'failed'; catalogueId: string; code: string }
  | { outcome: 'ignored'; reason: string };

export interface UploadIngestDependencies extends IngestDependencies {
  lifecycle: CatalogueLifecycleStore;
  objects: ObjectStreamSource;
  maxBytes: number;
  /** Epoch ms until which this run holds the catalogue (the function's own deadline). */
  claimUntil: number;
}

const KNOWN_FORMATS = new Set<string>(['csv', 'tsv', 'xlsx', 'json', 'xml']);

/**
 * Ingests one uploaded object exactly once: it claims the catalogue's record (AWAITING_UPLOAD ->
 * PROCESSING, conditional on the record and the object's ETag), so a redelivered event, or a
 * second event for the same object, finds it claimed or finished and does nothing. The file is
 * read by the same use case as the direct route, streamed twice from object storage. A file-level
 * refusal (or a file over the limit) ends FAILED with its code, before any write, so nothing of it
 * is stored; any other failure releases the claim and throws, for the retry (then the DLQ).
 */
export async function ingestUploadedObject(
  object: UploadedObject,
  deps: UploadIngestDependencies,
): Promise<UploadIngestOutcome> {
  const names = parseUploadKey(object.key);
  if (!names) return { outcome: 'ignored', reason: `${object.key} is not an upload route key` };
  const { producerId, catalogueId } = names;
  const record = await deps.catalogues.getReport(producerId, catalogueId);
  if (!record || record.uploadKey !== object.key) {
    return { outcome: 'ignored', reason: `no upload ticket for ${object.key}` };
  }
  const now = deps.now();
  const claimed = await deps.lifecycle.claimProcessing(producerId, catalogueId, {
    etag: object.etag,
    claimUntil: deps.claimUntil,
    now: now.getTime(),
    at: now.toISOString(),
  });
  if (!claimed) {
    return {
      outcome: 'ignored',
      reason: `${catalogueId} is already ${record.status ?? 'DONE'} or being read`,
    };
  }
  const fail = async (code: string, message: string, line: number | null = null) => {
    await deps.lifecycle.recordFailure(
      producerId,
      catalogueId,
      object.etag,
      { code, message, line },
      deps.now().toISOString(),
    );
    return { outcome: 'failed' as const, catalogueId, code };
  };
  if (object.size > deps.maxBytes) {
    return fail(
      'UPLOAD_TOO_LARGE',
      `the file is ${object.size} bytes; an upload takes at most ${deps.maxBytes} bytes: split the catalogue into delta uploads`,
    );
  }
  try {
    const result = await ingestCatalogue(
      {
        producerId,
        catalogueId,
        open: async () => {
          const stream = await deps.objects.stream(object.key, object.etag);
          if (!stream) throw new Error(`${object.key} (${object.etag}) is no longer in object storage`);
          return stream;
        },
        mode: record.mode,
        ...(KNOWN_FORMATS.has(record.format) ? { format: record.format as CatalogueFormat } : {}),
        ...(record.fileName ? { fileName: record.fileName } : {}),
        recordFields: {
          origin: 'upload',
          uploadKey: object.key,
          etag: object.etag,
          ...(record.createdAt ? { createdAt: record.createdAt } : {}),
          ...(record.fileName ? { fileName: record.fileName } : {}),
        },
      },
      {
        ...deps,
        onRowsRead: (rowsRead) =>
          deps.lifecycle.recordProgress(producerId, catalogueId, object.etag, rowsRead),
      },
    );
    return { outcome: 'ingested', catalogueId, result };
  } catch (error) {
    if (error instanceof CatalogueFileError) return fail(error.code, error.message, error.line);
    if (error instanceof IngestTimeoutError) return fail(error.code, error.message);
    await deps.lifecycle.releaseClaim(producerId, catalogueId, object.etag).catch(() => undefined);
    throw error;
  }
}

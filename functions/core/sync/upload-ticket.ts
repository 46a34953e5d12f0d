import { randomBytes } from 'node:crypto';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import type { UploadMode } from './catalogue-diff.ts';
import type { CatalogueLifecycleStore, CatalogueReportRecord, UrlSigner } from './ports.ts';

/** Where the upload route's objects go; the S3 event rule matches only keys of this shape. */
export const UPLOADS_PREFIX = 'uploads/';
/** How long an upload URL works (the 15 minutes). */
export const UPLOAD_URL_SECONDS = 15 * 60;
/** Default of UPLOAD_MAX_BYTES: the largest upload an ingest reads (200 MB). */
export const DEFAULT_UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<CatalogueFormat, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  xml: 'application/xml',
};

export interface UploadTicketRequest {
  producerId: string;
  fileName: string;
  format?: CatalogueFormat;
  mode: UploadMode;
  /** The file's size in bytes, when the client knows it: then signed, so no other size is taken. */
  size?: number;
  /** The origin the request came to (the local server signs its own URLs with it). */
  origin?: string;
}

export interface UploadTicket {
  uploadId: string;
  catalogueId: string;
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
  /** The largest object the ingest reads; a bigger one ends FAILED with UPLOAD_TOO_LARGE. */
  maxBytes: number;
  cataloguePath: string;
}

/**
 * The object key's last segment: the producer's file name with anything that is not a letter,
 * digit, '.', '-' or '_' made '_', no leading dot, at most 120 characters (the extension kept),
 * so a name can never add a path segment or reach S3's 1,024-byte key limit.
 */
export function safeFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  let safe = base
    .normalize('NFC')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '');
  if (safe.length > 120) {
    const extension = /\.[A-Za-z0-9]{1,8}$/.exec(safe)?.[0] ?? '';
    safe = safe.slice(0, 120 - extension.length) + extension;
  }
  return safe.length > 0 ? safe : 'catalogue';
}

export function uploadKeyOf(producerId: string, catalogueId: string, fileName: string): string {
  return `${UPLOADS_PREFIX}${producerId}/${catalogueId}/${safeFileName(fileName)}`;
}

/** The producer and catalogue an upload key names, or null for any other key (the direct route's archive). */
export function parseUploadKey(key: string): { producerId: string; catalogueId: string } | null {
  const match = /^uploads\/([a-z0-9-]+)\/(cat-[0-9a-f]{24})\/[^/]+$/.exec(key);
  return match ? { producerId: match[1] ?? '', catalogueId: match[2] ?? '' } : null;
}

/** The file is over the limit before it is even sent (the client said its size). */
export class UploadTooLargeError extends Error {
  override readonly name = 'UploadTooLargeError';
  readonly code = 'UPLOAD_TOO_LARGE';
}

/**
 * Issues an upload: a new catalogue id, its AWAITING_UPLOAD record (mode, format, file name), and
 * a signed PUT URL for the object. The id is random (the file does not exist yet), in the same
 * shape as the direct route's content-derived ids.
 */
export async function createUploadTicket(
  request: UploadTicketRequest,
  deps: {
    lifecycle: CatalogueLifecycleStore;
    signer: UrlSigner;
    now: () => Date;
    maxBytes: number;
    newId?: () => string;
  },
): Promise<UploadTicket> {
  if (request.size !== undefined && request.size > deps.maxBytes) {
    throw new UploadTooLargeError(
      `the file is ${request.size} bytes; an upload takes at most ${deps.maxBytes} bytes: split the catalogue into delta uploads`,
    );
  }
  const newId = deps.newId ?? (() => randomBytes(12).toString('hex'));
  for (;;) {
    const id = newId();
    const catalogueId = `cat-${id}`;
    const uploadKey = uploadKeyOf(request.producerId, catalogueId, request.fileName);
    const createdAt = deps.now().toISOString();
    const record: CatalogueReportRecord = {
      producerId: request.producerId,
      catalogueId,
      seq: null,
      baseSeq: -1,
      mode: request.mode,
      format: request.format ?? '',
      encoding: '',
      rows: { total: 0, accepted: 0, rejected: 0, skipped: 0 },
      changes: { created: 0, updated: 0, unchanged: 0, delisted: 0 },
      errorCount: 0,
      warningCount: 0,
      reportKey: `reports/${request.producerId}/${catalogueId}.json`,
      receivedAt: createdAt,
      createdAt,
      status: 'AWAITING_UPLOAD',
      origin: 'upload',
      fileName: request.fileName,
      uploadKey,
    };
    // A random 96-bit id collides never in practice; the conditional put makes "never" certain.
    if (!(await deps.lifecycle.createAwaiting(record))) continue;
    const signed = await deps.signer.uploadUrl(uploadKey, {
      expiresInSeconds: UPLOAD_URL_SECONDS,
      ...(request.origin ? { origin: request.origin } : {}),
      ...(request.format ? { contentType: CONTENT_TYPES[request.format] } : {}),
      ...(request.size === undefined ? {} : { contentLength: request.size }),
    });
    return {
      uploadId: `up-${id}`,
      catalogueId,
      url: signed.url,
      method: signed.method,
      headers: signed.headers,
      expiresAt: new Date(deps.now().getTime() + UPLOAD_URL_SECONDS * 1000).toISOString(),
      maxBytes: deps.maxBytes,
      cataloguePath: `/producers/${request.producerId}/catalogues/${catalogueId}`,
    };
  }
}

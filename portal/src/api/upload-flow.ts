import { type ApiClient, ApiError } from './client.ts';
import type { CatalogueReport, UploadFormat, UploadMode, UploadTicket } from './types.ts';

/** What the browser's XMLHttpRequest does for us, injected so the flow is tested without one. */
export type Transfer = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Blob;
  onProgress: (sentBytes: number, totalBytes: number) => void;
}) => Promise<{ status: number; body: string }>;

export type UploadProgress =
  | { phase: 'transfer'; sentBytes: number; totalBytes: number }
  | { phase: 'processing'; rowsRead: number | null };

export interface UploadRequest {
  producerId: string;
  file: Blob & { name: string };
  /** Omitted: the server tells the format from the file name and its content. */
  format?: UploadFormat;
  mode: UploadMode;
}

export interface UploadDependencies {
  api: ApiClient;
  transfer: Transfer;
  onProgress: (progress: UploadProgress) => void;
  sleep?: (milliseconds: number) => Promise<void>;
  pollMilliseconds?: number;
}

const CONTENT_TYPES: Readonly<Record<UploadFormat, string>> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
  xml: 'application/xml',
};

const EXTENSIONS: Readonly<Record<string, UploadFormat>> = {
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  xlsx: 'xlsx',
  json: 'json',
  xml: 'xml',
};

/** The format a file name says, or undefined (".txt" may be CSV or TSV: the server reads it). */
export function formatOfFileName(fileName: string): UploadFormat | undefined {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return extension ? EXTENSIONS[extension] : undefined;
}

const defaultSleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

function failed(status: number, body: string): ApiError {
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }).error;
    if (error && typeof error.code === 'string') {
      return new ApiError(status, error.code, String(error.message ?? ''), error as Record<string, unknown>);
    }
  } catch {
    // the object store or a proxy answered in its own words
  }
  return new ApiError(status, null, `HTTP ${status}`);
}

/** Polls the catalogue until it is read (DONE) or refused (FAILED), reporting rows read so far. */
export async function waitForCatalogue(
  producerId: string,
  catalogueId: string,
  deps: UploadDependencies,
): Promise<CatalogueReport> {
  const sleep = deps.sleep ?? defaultSleep;
  for (;;) {
    const report = await deps.api.getCatalogue(producerId, catalogueId, { limit: 1 });
    // A server without the status field reads the file inside the request: it is done.
    if (report.status === undefined || report.status === 'DONE' || report.status === 'FAILED') return report;
    deps.onProgress({ phase: 'processing', rowsRead: report.rowsRead ?? null });
    await sleep(deps.pollMilliseconds ?? 1500);
  }
}

/**
 * Sends a catalogue: through the upload route (a presigned PUT, any size, read asynchronously)
 * and, on a server that has no upload route yet, through the direct route. Resolves with the
 * catalogue once it is read; rejects with an ApiError carrying the API's code.
 */
export async function uploadCatalogue(
  request: UploadRequest,
  deps: UploadDependencies,
): Promise<CatalogueReport> {
  const { producerId, file, format, mode } = request;
  const onTransfer = (sentBytes: number, totalBytes: number) =>
    deps.onProgress({ phase: 'transfer', sentBytes, totalBytes });
  const described = { fileName: file.name, mode, ...(format ? { format } : {}) };
  let ticket: UploadTicket | null;
  try {
    ticket = await deps.api.createUpload(producerId, { ...described, size: file.size });
  } catch (error) {
    if (!(error instanceof ApiError && error.routeMissing)) throw error;
    ticket = null;
  }
  const sent = await deps.transfer(
    ticket
      ? {
          method: ticket.method,
          url: ticket.url,
          headers: ticket.headers,
          body: file,
          onProgress: onTransfer,
        }
      : {
          method: 'POST',
          url: deps.api.directUploadUrl(producerId, described),
          headers: deps.api.headers({
            'content-type': format ? CONTENT_TYPES[format] : 'application/octet-stream',
          }),
          body: file,
          onProgress: onTransfer,
        },
  );
  if (sent.status < 200 || sent.status >= 300) throw failed(sent.status, sent.body);
  const catalogueId = ticket
    ? ticket.catalogueId
    : (JSON.parse(sent.body) as { catalogueId: string }).catalogueId;
  deps.onProgress({ phase: 'processing', rowsRead: null });
  return waitForCatalogue(producerId, catalogueId, deps);
}

import type { SyncTask } from './sync-records.ts';

/** Errors the sync use cases throw on purpose; the HTTP adapter maps each code to a status. */

/** Another upload of the same producer holds the lease for longer than we may wait. */
export class UploadInProgressError extends Error {
  override readonly name = 'UploadInProgressError';
  readonly code = 'UPLOAD_IN_PROGRESS';
}

/**
 * The upload could not be read and diffed in the time one request allows. Thrown only before the
 * first write, so nothing of it was stored or queued: sending it again (smaller) is safe.
 */
export class IngestTimeoutError extends Error {
  override readonly name = 'IngestTimeoutError';
  readonly code = 'INGEST_TIMEOUT';
}

/** Some tasks could not be queued (refused as too large, or sends that kept failing); the rest were. */
export class TasksNotQueuedError extends Error {
  override readonly name = 'TasksNotQueuedError';
  constructor(
    readonly failures: readonly { task: SyncTask; reason: string }[],
    message: string,
  ) {
    super(message);
  }
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'CURSOR_INVALID';
}

/** No catalogue with that id for the producer (or only its ticket, before any file came). */
export class CatalogueNotFoundError extends Error {
  override readonly name = 'CatalogueNotFoundError';
  readonly code = 'CATALOGUE_NOT_FOUND';
}

/** The catalogue is still being uploaded or read: there is nothing finished to read again yet. */
export class CatalogueNotReadError extends Error {
  override readonly name = 'CatalogueNotReadError';
  readonly code = 'CATALOGUE_NOT_READ';
}

/** The raw file is gone (the uploads/ lifecycle expired it, or it was never archived). */
export class RawFileExpiredError extends Error {
  override readonly name = 'RawFileExpiredError';
  readonly code = 'RAW_FILE_EXPIRED';
}

/** Errors the sync use cases throw on purpose; the HTTP adapter maps each code to a status. */

/** Another upload of the same producer holds the lease for longer than we may wait. */
export class UploadInProgressError extends Error {
  override readonly name = 'UploadInProgressError';
  readonly code = 'UPLOAD_IN_PROGRESS';
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  readonly code = 'CURSOR_INVALID';
}

import { CatalogueFileError } from '../../functions/core/catalogue/codes.ts';

/** Exit codes are a public contract: scripts branch on them. */
export const EXIT = { ok: 0, usage: 1, fileRefused: 2, internal: 3 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Prints one line a person can act on; never a stack trace. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof UsageError) {
    stderr.write(`feedbridge: ${error.message}\nRun 'feedbridge --help' for usage.\n`);
    return EXIT.usage;
  }
  if (error instanceof CatalogueFileError) {
    const where = error.line === null ? '' : ` (line ${error.line})`;
    stderr.write(`feedbridge: ${error.code}: ${error.message}${where}\n`);
    return EXIT.fileRefused;
  }
  if (isMissingFile(error)) {
    stderr.write(`feedbridge: FILE_NOT_FOUND: cannot read ${error.path}\n`);
    return EXIT.fileRefused;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`feedbridge: INTERNAL_ERROR: ${message}\n`);
  return EXIT.internal;
}

function isMissingFile(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  return (
    error instanceof Error &&
    'code' in error &&
    (error.code === 'ENOENT' || error.code === 'EISDIR' || error.code === 'EACCES') &&
    'path' in error &&
    typeof error.path === 'string'
  );
}

import { CatalogueFileError } from '../../functions/core/catalogue/codes.ts';
import { FolderNotOwnedError } from '../../local/owned-folder.ts';
import { DataDirInUseError, type LocalService, PortUnavailableError } from '../../local/startup-errors.ts';

/** Exit codes are a public contract: scripts branch on them. */
export const EXIT = { ok: 0, usage: 1, fileRefused: 2, internal: 3 } as const;

/**
 * Usage errors that exit 2, not 1: the command line was right, but what it names is held by
 * another process (issue 11 spells out exit 2 for a data dir another serve holds).
 */
const EXITS_AS_REFUSED: ReadonlySet<CliErrorCode> = new Set(['DATA_DIR_IN_USE']);

/**
 * Codes the CLI prints on stderr (`feedbridge: CODE: message`) besides the file-level ones.
 * Stable like every code: add freely, never rename or remove; each is in docs/errors.md.
 */
export const CLI_ERROR_CODES = [
  'FILE_NOT_FOUND',
  'PATH_NOT_A_DIRECTORY',
  'PATH_NOT_WRITABLE',
  'OUT_DIR_NOT_EMPTY',
  'DATA_DIR_IN_USE',
  'PORT_IN_USE',
  'PORT_NOT_PERMITTED',
  'PROFILE_FILE_UNREADABLE',
  'PROFILE_INVALID',
] as const;
export type CliErrorCode = (typeof CLI_ERROR_CODES)[number];

/**
 * The command line cannot be carried out as given (exit 1). With a code, an option names a
 * folder or port that cannot be used: the person fixes that option, or frees what it names.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly code: CliErrorCode | null = null,
  ) {
    super(message);
  }
}

const PORT_FLAGS: Record<LocalService, string> = {
  http: '--port',
  dynamodb: '--dynamodb-port',
  sqs: '--sqs-port',
};

/** What the embedded stack and serve refuse, said in terms of the options that caused it. */
function asUsageError(error: unknown): UsageError | null {
  if (error instanceof UsageError) return error;
  if (error instanceof PortUnavailableError) {
    const flag = PORT_FLAGS[error.service];
    return error.reason === 'in-use'
      ? new UsageError(
          `${flag} ${error.port}: the port is already in use; stop what listens there or choose another ${flag}`,
          'PORT_IN_USE',
        )
      : new UsageError(
          `${flag} ${error.port}: this user may not listen on that port; choose one above 1023`,
          'PORT_NOT_PERMITTED',
        );
  }
  if (error instanceof DataDirInUseError) {
    return new UsageError(
      `--data-dir ${error.message}; stop it, or give this serve another --data-dir`,
      'DATA_DIR_IN_USE',
    );
  }
  if (error instanceof FolderNotOwnedError) {
    return new UsageError(
      `--out ${error.folder} is not empty and was not made by feedbridge start, which replaces what it wrote there on each run; give a new or empty folder`,
      'OUT_DIR_NOT_EMPTY',
    );
  }
  return null;
}

/** Prints one line a person can act on; never a stack trace. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  const usage = asUsageError(error);
  if (usage !== null) {
    stderr.write(
      usage.code === null
        ? `feedbridge: ${usage.message}\nRun 'feedbridge --help' for usage.\n`
        : `feedbridge: ${usage.code}: ${usage.message}\n`,
    );
    return usage.code !== null && EXITS_AS_REFUSED.has(usage.code) ? EXIT.fileRefused : EXIT.usage;
  }
  if (error instanceof CatalogueFileError) {
    const where = error.line === null ? '' : ` (line ${error.line})`;
    stderr.write(`feedbridge: ${error.code}: ${error.message}${where}\n`);
    return EXIT.fileRefused;
  }
  if (isUnreachablePath(error)) {
    const reason = PATH_ERROR_REASONS[error.code];
    stderr.write(`feedbridge: FILE_NOT_FOUND: cannot read ${error.path}${reason ? ` (${reason})` : ''}\n`);
    return EXIT.fileRefused;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`feedbridge: INTERNAL_ERROR: ${message}\n`);
  return EXIT.internal;
}

/** The file-system errors that mean "this path cannot be read", with what to tell the user. */
const PATH_ERROR_REASONS: Readonly<Record<string, string | null>> = {
  ENOENT: null,
  EISDIR: 'it is a folder',
  EACCES: 'not readable by this user',
  EPERM: 'not readable by this user',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'its symbolic links loop',
  ENAMETOOLONG: 'the name is too long',
};

function isUnreachablePath(error: unknown): error is NodeJS.ErrnoException & { path: string; code: string } {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    Object.hasOwn(PATH_ERROR_REASONS, error.code) &&
    'path' in error &&
    typeof error.path === 'string'
  );
}

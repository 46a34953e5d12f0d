/**
 * Why the embedded stack or `serve` could not start, in terms the person who started it can act
 * on. Kept free of heavy imports so the CLI can recognise them without loading the stack.
 */

/** The servers `serve` starts, each on a port of its own. */
export type LocalService = 'http' | 'dynamodb' | 'sqs';

export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  constructor(
    readonly service: LocalService,
    readonly port: number,
    /** EADDRINUSE: something already listens there; EACCES: a privileged port. */
    readonly reason: 'in-use' | 'not-permitted',
  ) {
    super(
      reason === 'in-use'
        ? `port ${port} is already in use`
        : `port ${port} needs privileges this user does not have`,
    );
  }
}

/** Rethrows a listen() failure on a port that is taken or privileged as PortUnavailableError. */
export function portError(service: LocalService, port: number, error: unknown): unknown {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'EADDRINUSE') return new PortUnavailableError(service, port, 'in-use');
  if (code === 'EACCES') return new PortUnavailableError(service, port, 'not-permitted');
  return error;
}

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    /** The live process named by the data dir's pid file, when there is one. */
    readonly holderPid: number | null = null,
  ) {
    super(
      `${dataDir} is in use by ${holderPid === null ? 'another process' : `feedbridge serve (pid ${holderPid})`}`,
    );
  }
}

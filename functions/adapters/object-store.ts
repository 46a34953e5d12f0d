/**
 * Object storage for feed documents and stored reports: S3 on AWS, a folder on a laptop. Both
 * implementations accept exactly the same keys (checked here), so a key that works locally works when
 * deployed and the other way round.
 */
export interface ObjectStore {
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** The object's bytes, or null when there is no object under `key`. */
  get(key: string): Promise<Uint8Array | null>;
  exists(key: string): Promise<boolean>;
  /** Every key starting with `prefix` (a plain string prefix, as in S3), in byte order. */
  list(prefix: string): AsyncIterable<string>;
  /**
   * Streams an object too large to build in memory (a full channel feed). Nothing is visible under
   * `key` until close() resolves; abort() discards what was written.
   */
  openWriter(key: string, contentType?: string): Promise<ObjectWriter>;
}

export interface ObjectWriter {
  write(chunk: string | Uint8Array): Promise<void>;
  /** Publishes the object. Calling it again is a no-op. */
  close(): Promise<void>;
  /** Discards the object. A no-op once closed (the object is already published) or aborted. */
  abort(): Promise<void>;
}

/** A key (or list prefix) that could escape the store's root or means different things on S3 and disk. */
export class InvalidObjectKeyError extends Error {
  override readonly name = 'InvalidObjectKeyError';
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid object key ${JSON.stringify(key)}: ${reason}`);
  }
}

/** write() after close() or abort(), or close() after abort(). */
export class ObjectWriterClosedError extends Error {
  override readonly name = 'ObjectWriterClosedError';
  constructor(
    readonly key: string,
    readonly state: 'closed' | 'aborted',
  ) {
    super(`writer for ${JSON.stringify(key)} is already ${state}`);
  }
}

/**
 * Segment prefix of the local store's in-progress files; reserved so no key can collide with (or be
 * listed as) a half-written file.
 */
export const TEMP_SEGMENT_PREFIX = '.feedbridge-tmp-';

/**
 * Keys are relative, '/'-separated paths of non-empty segments: no '.' or '..' segment, no backslash
 * (a separator on Windows), no NUL or other control character, no leading or doubled '/'. A list
 * prefix follows the same rules except that it may be empty and may end in '/' or mid-segment.
 */
export function assertValidKey(key: string, kind: 'key' | 'prefix' = 'key'): void {
  const fail = (reason: string): never => {
    throw new InvalidObjectKeyError(key, reason);
  };
  if (key.length === 0) {
    if (kind === 'prefix') return;
    fail('empty');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(key)) fail('control character');
  if (key.includes('\\')) fail('backslash');
  if (key.startsWith('/')) fail('absolute path');
  if (/^[A-Za-z]:/.test(key)) fail('drive letter');
  if (Buffer.byteLength(key, 'utf8') > 1024) fail('longer than 1024 bytes');
  const segments = key.split('/');
  // A prefix's last segment is partial ('feeds/tm' or 'feeds/'): it only has to be harmless.
  const whole = kind === 'key' ? segments : segments.slice(0, -1);
  for (const segment of whole) {
    if (segment === '') fail('empty path segment');
    if (segment === '.' || segment === '..') fail(`'${segment}' segment`);
  }
  const last = segments[segments.length - 1] ?? '';
  if (kind === 'prefix' && (last === '.' || last === '..')) fail(`'${last}' segment`);
  if (segments.some((segment) => segment.startsWith(TEMP_SEGMENT_PREFIX))) fail('reserved name');
}

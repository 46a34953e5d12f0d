import { randomUUID } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  assertValidKey,
  type ObjectStore,
  type ObjectWriter,
  ObjectWriterClosedError,
  TEMP_SEGMENT_PREFIX,
} from './object-store.ts';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Errors that mean "no object there": missing, a directory, or a file where a directory would be. */
const ABSENT = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

function isAbsent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && ABSENT.has(code);
}

function toBytes(chunk: string | Uint8Array): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

/**
 * An ObjectStore in a directory, for the embedded local stack: keys are paths relative to `root`.
 * Every write lands in a temp file beside its target and is renamed into place (atomic within one
 * file system), so a reader sees the old object or the whole new one, never a torn write. The content
 * type is not stored: files carry their type in their extension.
 */
export class LocalFolderStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    assertValidKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, body: string | Uint8Array, _contentType?: string): Promise<void> {
    const writer = await this.openWriter(key);
    try {
      await writer.write(body);
      await writer.close();
    } catch (error) {
      await writer.abort();
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const buffer = await readFile(this.pathOf(key));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
  }

  /** The file as a stream of chunks. `etag` is S3's; a local file is read as it is. */
  async stream(key: string, _etag?: string): Promise<AsyncIterable<Uint8Array> | null> {
    const target = this.pathOf(key);
    try {
      if (!(await stat(target)).isFile()) return null;
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
    return createReadStream(target, { highWaterMark: 256 * 1024 });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertValidKey(prefix, 'prefix');
    // Only the directory the prefix names (up to its last '/') can hold matching keys.
    const directoryKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const keys: string[] = [];
    await this.collect(directoryKey, keys);
    // S3 lists in UTF-8 byte order; sort the same way so callers cannot tell the stores apart.
    const matching = keys.filter((key) => key.startsWith(prefix));
    matching.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
    yield* matching;
  }

  private async collect(directoryKey: string, into: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(path.join(this.root, ...directoryKey.split('/')), { withFileTypes: true });
    } catch (error) {
      if (isAbsent(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(TEMP_SEGMENT_PREFIX)) continue;
      const key = `${directoryKey}${entry.name}`;
      if (entry.isDirectory()) await this.collect(`${key}/`, into);
      else if (entry.isFile()) into.push(key);
    }
  }

  async openWriter(key: string, _contentType?: string): Promise<ObjectWriter> {
    const target = this.pathOf(key);
    const directory = path.dirname(target);
    await mkdir(directory, { recursive: true });
    // Same directory as the target, so the final rename never crosses a file system.
    const temp = path.join(directory, `${TEMP_SEGMENT_PREFIX}${randomUUID()}`);
    const handle = await open(temp, 'wx');
    return new LocalFileWriter(key, handle, temp, target);
  }
}

class LocalFileWriter implements ObjectWriter {
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private closing: Promise<void> | undefined;

  constructor(
    private readonly key: string,
    private readonly handle: FileHandle,
    private readonly temp: string,
    private readonly target: string,
  ) {}

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      throw new ObjectWriterClosedError(this.key, this.state === 'aborted' ? 'aborted' : 'closed');
    }
    const bytes = toBytes(chunk);
    let offset = 0;
    // FileHandle.write may write fewer bytes than asked; loop until the chunk is on disk.
    while (offset < bytes.byteLength) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.byteLength - offset);
      offset += bytesWritten;
    }
  }

  close(): Promise<void> {
    if (!this.closing) {
      if (this.state === 'aborted') return Promise.reject(new ObjectWriterClosedError(this.key, 'aborted'));
      this.state = 'closing';
      this.closing = this.publish();
    }
    return this.closing;
  }

  private async publish(): Promise<void> {
    try {
      // Flushed before the rename, so a crash cannot leave an empty or torn file under the real name.
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temp, this.target);
      this.state = 'closed';
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    await this.discard();
  }

  private async discard(): Promise<void> {
    this.state = 'aborted';
    // The handle may already be closed (a failed rename); the temp file is what must go.
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}

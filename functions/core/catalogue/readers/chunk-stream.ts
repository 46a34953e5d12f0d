/**
 * Small async-iteration helpers shared by the readers: a byte cap, a look-ahead that puts back
 * what it read, and a bounded read-all for XLSX, whose zip cannot be read before its end.
 */
import { CatalogueFileError } from '../codes.ts';

/**
 * Passes chunks through until more than `maxBytes` have arrived. The chunk that crosses the
 * limit is refused rather than passed on, so nothing past the limit is ever parsed.
 */
export async function* limitBytes(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new CatalogueFileError(
        'FILE_TOO_LARGE',
        `The file is larger than the limit of ${describeBytes(maxBytes)}; split the catalogue into smaller files.`,
      );
    }
    yield chunk;
  }
}

export function describeBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

export interface Peeked<T> {
  /** What was read ahead, in order. */
  items: T[];
  /** True when the source ended while reading ahead. */
  done: boolean;
  /** The whole sequence again: the items read ahead, then the rest of the source. */
  rest: AsyncGenerator<T>;
  /**
   * Releases the source (closes a file stream) when `rest` will never be read to its end.
   * Needed because returning a generator that never started does not run its cleanup.
   */
  close(): Promise<void>;
}

/** Reads ahead until `enough` says so (or the source ends), without losing anything read. */
export async function peek<T>(
  source: AsyncIterable<T>,
  enough: (items: readonly T[]) => boolean,
): Promise<Peeked<T>> {
  const iterator = source[Symbol.asyncIterator]();
  const items: T[] = [];
  let done = false;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    if (!done) await iterator.return?.();
  };
  try {
    while (!enough(items)) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      items.push(next.value);
    }
  } catch (error) {
    // The source failed, so it already cleaned up; do not ask it to return.
    closed = true;
    throw error;
  }
  async function* replay(): AsyncGenerator<T> {
    try {
      const buffered = items.splice(0);
      for (const item of buffered) yield item;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) {
          done = true;
          return;
        }
        yield next.value;
      }
    } finally {
      await close();
    }
  }
  return { items: [...items], done, rest: replay(), close };
}

/** Reads ahead at least `minBytes` bytes (fewer only if the source is shorter). */
export async function peekBytes(
  source: AsyncIterable<Uint8Array>,
  minBytes: number,
): Promise<Peeked<Uint8Array>> {
  let total = 0;
  return peek(source, (items) => {
    const last = items.at(-1);
    if (last !== undefined) total += last.byteLength;
    return total >= minBytes;
  });
}

export function concatBytes(chunks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(chunks);
}

/** The whole source in one buffer; callers bound it with limitBytes first. */
export async function readAllBytes(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return concatBytes(chunks);
}

/** Number of "\n" in `text`: how many lines a decoded chunk moves the line counter on. */
export function countNewlines(text: string): number {
  let count = 0;
  let index = text.indexOf('\n');
  while (index !== -1) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}

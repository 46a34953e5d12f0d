/** Bytes in: a whole buffer (a Lambda body) or a stream of chunks (a file on disk). */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * The largest chunk handed on. Readers decode and scan a chunk at a time, so a whole file given
 * as one buffer is cut into views (no copy): text is never decoded into one string of the whole
 * file (past Node's maximum string length a 512 MiB buffer could not even be decoded), and a
 * limit is noticed within a chunk of being passed.
 */
const MAX_CHUNK_BYTES = 1024 * 1024;

function* slices(chunk: Uint8Array): Generator<Uint8Array> {
  if (chunk.byteLength <= MAX_CHUNK_BYTES) {
    yield chunk;
    return;
  }
  for (let start = 0; start < chunk.byteLength; start += MAX_CHUNK_BYTES) {
    yield chunk.subarray(start, start + MAX_CHUNK_BYTES);
  }
}

export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield* slices(source);
    return;
  }
  for await (const chunk of source) yield* slices(chunk);
}

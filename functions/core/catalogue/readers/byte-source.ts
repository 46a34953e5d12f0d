/** Bytes in: a whole buffer (a Lambda body) or a stream of chunks (a file on disk). */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

export async function* chunksOf(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source;
    return;
  }
  for await (const chunk of source) yield chunk;
}

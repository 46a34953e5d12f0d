import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ChunkedOutput, writeJsonObject } from '../../../bin/commands/chunked-output.ts';

/** A stream that keeps its chunks, and says "full" after every one so backpressure is exercised. */
function recorder(): { stream: Writable; chunks: string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
  return { stream, chunks };
}

async function jsonOf(object: Record<string, unknown>): Promise<{ text: string; chunks: string[] }> {
  const { stream, chunks } = recorder();
  const output = new ChunkedOutput(stream);
  await writeJsonObject(output, object);
  await output.flush();
  return { text: chunks.join(''), chunks };
}

describe('writeJsonObject', () => {
  it('writes what JSON.stringify writes, members left out and null entries included', async () => {
    const object = {
      producerId: 'huye',
      skipped: undefined,
      rows: { total: 2, accepted: 1, rejected: 1 },
      products: [{ sku: 'A', names: { fr: 'Café "lavé"' } }, undefined, 'x\u2028y'],
      errors: [],
      nothing: null,
    };
    expect((await jsonOf(object)).text).toBe(JSON.stringify(object));
  });

  it('never writes a chunk much larger than 64 KiB, however long the arrays are', async () => {
    const products = Array.from({ length: 100_000 }, (_, index) => ({ sku: `SKU-${index}`, stock: index }));
    const { text, chunks } = await jsonOf({ producerId: 'huye', products });
    expect(JSON.parse(text).products).toHaveLength(100_000);
    expect(chunks.length).toBeGreaterThan(20);
    const longest = chunks.reduce((max, chunk) => Math.max(max, chunk.length), 0);
    expect(longest).toBeLessThan(64 * 1024 + 100);
  });
});

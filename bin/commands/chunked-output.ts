const CHUNK_CHARS = 64 * 1024;

/**
 * Text for a stream (stdout), gathered into chunks of about 64 KiB and written with
 * backpressure. A report of millions of findings is never built as one string (V8 caps a string
 * at about 512 MiB) nor passed to one call as arguments (the stack caps those near 120,000).
 */
export class ChunkedOutput {
  private pending = '';
  private failure: NodeJS.ErrnoException | null = null;

  constructor(private readonly out: NodeJS.WritableStream & { destroyed?: boolean }) {
    out.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= error;
    });
  }

  /**
   * `feedbridge validate big.csv | head` closes the pipe early: the reader's choice, not a
   * failure, so the rest is dropped quietly. Any other write error is thrown.
   */
  private readerGone(): boolean {
    if (this.failure === null) return this.out.destroyed === true;
    if (this.failure.code === 'EPIPE') return true;
    throw this.failure;
  }

  async write(text: string): Promise<void> {
    if (this.readerGone()) return;
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  async line(text: string): Promise<void> {
    await this.write(`${text}\n`);
  }

  async flush(): Promise<void> {
    if (this.pending === '' || this.readerGone()) return;
    const chunk = this.pending;
    this.pending = '';
    if (this.out.write(chunk) || this.readerGone()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done);
        this.out.off('close', done);
        resolve();
      };
      this.out.on('drain', done);
      this.out.on('close', done);
    });
    this.readerGone();
  }
}

/** An array already written as JSON elsewhere (a spool file): its entries, comma-separated, without the brackets. */
export interface SerializedList {
  copyTo(output: ChunkedOutput): Promise<void>;
}

function isSerializedList(value: unknown): value is SerializedList {
  return (
    typeof value === 'object' && value !== null && typeof (value as SerializedList).copyTo === 'function'
  );
}

/**
 * Writes exactly what JSON.stringify(object) would, one top-level array entry at a time, so
 * an object holding a million products goes out without ever being one string. A member that
 * is a SerializedList is written as the array it holds.
 */
export async function writeJsonObject(output: ChunkedOutput, object: Record<string, unknown>): Promise<void> {
  let separator = '';
  await output.write('{');
  for (const [key, value] of Object.entries(object)) {
    if (isSerializedList(value)) {
      await output.write(`${separator}${JSON.stringify(key)}:[`);
      separator = ',';
      await value.copyTo(output);
      await output.write(']');
      continue;
    }
    const json = Array.isArray(value) ? null : JSON.stringify(value);
    // JSON.stringify leaves out undefined members, and so does this.
    if (json === undefined) continue;
    await output.write(`${separator}${JSON.stringify(key)}:`);
    separator = ',';
    if (json !== null) {
      await output.write(json);
      continue;
    }
    const entries = value as unknown[];
    await output.write('[');
    for (let index = 0; index < entries.length; index += 1) {
      // As in JSON.stringify, an entry with no JSON form (undefined, a function) is null.
      await output.write(`${index === 0 ? '' : ','}${JSON.stringify(entries[index]) ?? 'null'}`);
    }
    await output.write(']');
  }
  await output.write('}');
}

import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidKey,
  type ObjectStore,
  type ObjectWriter,
  ObjectWriterClosedError,
} from './object-store.ts';

export interface S3ObjectStoreOptions {
  /** Multipart part size for openWriter; lib-storage's default (and S3's minimum) is 5 MiB. */
  partSize?: number;
  /** Parts uploaded in parallel; memory held is about partSize x queueSize. Default 4. */
  queueSize?: number;
}

/**
 * "No such object". HeadObject has no body, so its 404 arrives as a bare NotFound; a 403 (no
 * s3:ListBucket permission) is deliberately not treated as absent: that would hide a misconfiguration.
 */
function isNotFound(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = 'name' in error ? error.name : undefined;
  if (name === 'NoSuchKey' || name === 'NotFound') return true;
  const metadata = '$metadata' in error ? error.$metadata : undefined;
  return (
    typeof metadata === 'object' &&
    metadata !== null &&
    'httpStatusCode' in metadata &&
    metadata.httpStatusCode === 404
  );
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly options: S3ObjectStoreOptions = {},
  ) {}

  async put(key: string, body: string | Uint8Array, contentType?: string): Promise<void> {
    assertValidKey(key);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ...(contentType ? { ContentType: contentType } : {}),
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    assertValidKey(key);
    try {
      const result = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return result.Body ? await result.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** The object as a stream of chunks (never buffered whole); with `etag`, that version only. */
  async stream(key: string, etag?: string): Promise<AsyncIterable<Uint8Array> | null> {
    assertValidKey(key);
    try {
      const result = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(etag ? { IfMatch: quoted(etag) } : {}) }),
      );
      const body = result.Body as unknown;
      if (body === undefined) return emptyStream();
      if (body && typeof body === 'object' && Symbol.asyncIterator in body) {
        return body as AsyncIterable<Uint8Array>;
      }
      throw new Error(`GetObject of ${key} answered a body that cannot be streamed`);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    assertValidKey(key);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertValidKey(prefix, 'prefix');
    const pages = paginateListObjectsV2(
      { client: this.s3 },
      { Bucket: this.bucket, ...(prefix ? { Prefix: prefix } : {}) },
    );
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) yield object.Key;
      }
    }
  }

  async openWriter(key: string, contentType?: string): Promise<ObjectWriter> {
    assertValidKey(key);
    return new S3ObjectWriter(this.s3, this.bucket, key, contentType, this.options);
  }
}

/**
 * Streams into lib-storage's Upload through a PassThrough: a body under one part becomes a single
 * PutObject, a larger one a multipart upload; either way S3 shows the object only once it completes.
 */
class S3ObjectWriter implements ObjectWriter {
  private readonly body = new PassThrough();
  private readonly finished: Promise<void>;
  private failure: { error: unknown } | undefined;
  private state: 'open' | 'closing' | 'aborted' = 'open';
  private closing: Promise<void> | undefined;

  constructor(
    s3: S3Client,
    bucket: string,
    private readonly key: string,
    contentType: string | undefined,
    options: S3ObjectStoreOptions,
  ) {
    const upload = new Upload({
      client: s3,
      params: {
        Bucket: bucket,
        Key: key,
        Body: this.body,
        ...(contentType ? { ContentType: contentType } : {}),
      },
      ...(options.partSize ? { partSize: options.partSize } : {}),
      ...(options.queueSize ? { queueSize: options.queueSize } : {}),
    });
    // Started now so the upload drains the stream as we write (otherwise writes would stall on
    // backpressure); its failure is remembered here and surfaced by the next write or by close.
    this.finished = upload.done().then(() => undefined);
    this.finished.catch((error: unknown) => {
      this.failure = { error };
    });
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.state !== 'open') {
      throw new ObjectWriterClosedError(this.key, this.state === 'aborted' ? 'aborted' : 'closed');
    }
    if (this.failure) throw this.failure.error;
    if (this.body.write(chunk)) return;
    // Buffer full: wait for the upload to consume it, unless the upload dies first (then no drain).
    await Promise.race([
      once(this.body, 'drain'),
      this.finished.then(() => {
        throw new Error(`upload of ${this.key} finished before its body was complete`);
      }),
    ]);
  }

  close(): Promise<void> {
    if (!this.closing) {
      if (this.state === 'aborted') return Promise.reject(new ObjectWriterClosedError(this.key, 'aborted'));
      this.state = 'closing';
      this.body.end();
      this.closing = this.finished;
    }
    return this.closing;
  }

  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    // Ending the body early makes the upload fail on its own path, which aborts a started multipart
    // upload (no orphaned parts) before done() settles; Upload.abort() would settle done() first.
    this.body.destroy();
    await this.finished.catch(() => undefined);
  }
}

/** S3 events carry the ETag bare; HTTP's If-Match wants it quoted. */
function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {}

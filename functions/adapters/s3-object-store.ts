import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertValidKey,
  type ObjectStore,
  type ObjectWriter,
  ObjectWriterClosedError,
} from './object-store.ts';
import { S3ObjectReader } from './s3-object-reader.ts';

export interface S3ObjectStoreOptions {
  /** Multipart part size for openWriter; lib-storage's default (and S3's minimum) is 5 MiB. */
  partSize?: number;
  /** Parts uploaded in parallel; memory held is about partSize x queueSize. Default 4. */
  queueSize?: number;
}

export class S3ObjectStore extends S3ObjectReader implements ObjectStore {
  constructor(
    s3: S3Client,
    bucket: string,
    private readonly options: S3ObjectStoreOptions = {},
  ) {
    super(s3, bucket);
  }

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

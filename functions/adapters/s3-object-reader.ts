import {
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { assertValidKey } from './object-store.ts';

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

/**
 * Reading S3 objects: whole, as a stream, their existence and a prefix's keys. Apart from the
 * writing half (S3ObjectStore) so a function that only reads, the status API, bundles no
 * lib-storage.
 */
export class S3ObjectReader {
  constructor(
    protected readonly s3: S3Client,
    protected readonly bucket: string,
  ) {}

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
}

/** S3 events carry the ETag bare; HTTP's If-Match wants it quoted. */
function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

async function* emptyStream(): AsyncGenerator<Uint8Array> {}

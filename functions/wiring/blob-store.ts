import { s3Client } from '../adapters/aws-clients.ts';
import { LocalFolderStore } from '../adapters/local-folder-store.ts';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import type { FunctionConfig } from '../config.ts';
import type { BlobStore, ObjectStreamSource } from '../core/sync/ports.ts';

/** S3 on AWS; a folder in the embedded default. The configuration check guarantees one of them. */
export function createBlobStore(config: FunctionConfig): BlobStore {
  return createObjectStore(config);
}

/** The same store, also read as streams (a stored raw upload read again). */
export function createObjectStore(config: FunctionConfig): BlobStore & ObjectStreamSource {
  if (config.BUCKET_NAME) return new S3ObjectStore(s3Client, config.BUCKET_NAME);
  return new LocalFolderStore(config.LOCAL_OBJECT_DIR ?? '.data/objects');
}

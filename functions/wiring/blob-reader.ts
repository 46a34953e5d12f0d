import { s3Client } from '../adapters/aws-clients.ts';
import { LocalFolderStore } from '../adapters/local-folder-store.ts';
import { S3ObjectReader } from '../adapters/s3-object-reader.ts';
import type { FunctionConfig } from '../config.ts';
import type { BlobReader } from '../core/sync/ports.ts';

/** Objects read back, for a function that writes none (the status API): no lib-storage bundled. */
export function createBlobReader(config: FunctionConfig): BlobReader {
  if (config.BUCKET_NAME) return new S3ObjectReader(s3Client, config.BUCKET_NAME);
  return new LocalFolderStore(config.LOCAL_OBJECT_DIR ?? '.data/objects');
}

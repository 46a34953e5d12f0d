import { dynamoDbClient } from '../adapters/aws-clients.ts';
import { LocalFolderStore } from '../adapters/local-folder-store.ts';
import { S3SignedReader } from '../adapters/s3-signed-reader.ts';
import { S3UrlSigner } from '../adapters/s3-url-signer.ts';
import type { FunctionConfig } from '../config.ts';
import type { BlobReader } from '../core/sync/ports.ts';

/**
 * Objects read back, for a function that writes none (the status API): a signed GET with the
 * DynamoDB client's credentials, so neither the S3 client nor lib-storage is bundled.
 */
export function createBlobReader(config: FunctionConfig): BlobReader {
  if (config.BUCKET_NAME) return new S3SignedReader(new S3UrlSigner(dynamoDbClient, config.BUCKET_NAME));
  return new LocalFolderStore(config.LOCAL_OBJECT_DIR ?? '.data/objects');
}

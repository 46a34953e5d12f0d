import { readFile } from 'node:fs/promises';
import { dynamoDbClient } from '../adapters/aws-clients.ts';
import { LocalUrlSigner } from '../adapters/local-url-signer.ts';
import { S3UrlSigner } from '../adapters/s3-url-signer.ts';
import type { FunctionConfig } from '../config.ts';
import type { UrlSigner } from '../core/sync/ports.ts';

/**
 * Presigned S3 URLs on AWS, signed with the DynamoDB client's credentials and region (the same
 * environment builds every client; a function that only signs then bundles no S3 client); in the embedded stack, URLs of the serve itself signed with the data
 * dir's secret (read per use, as the dev tokens are). Null where neither is configured (`npm start`
 * has no HTTP server to send an upload to).
 */
export function createUrlSigner(config: FunctionConfig): UrlSigner | null {
  if (config.BUCKET_NAME) return new S3UrlSigner(dynamoDbClient, config.BUCKET_NAME);
  const { LOCAL_URL_SECRET_FILE: secretFile, LOCAL_URL_SECRET: secret } = config;
  if (!secretFile && !secret) return null;
  return new LocalUrlSigner(config.LOCAL_URL_BASE ?? 'http://127.0.0.1:8080', async () =>
    Buffer.from(secretFile ? (await readFile(secretFile, 'utf8')).trim() : (secret ?? ''), 'base64url'),
  );
}

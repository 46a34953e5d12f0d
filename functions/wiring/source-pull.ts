import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbProfileStore } from '../adapters/dynamodb-profile-store.ts';
import { DynamoDbSourceStore } from '../adapters/dynamodb-source-store.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SafeFetcher, SOURCE_FETCH_DEFAULTS } from '../adapters/safe-fetch.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import type { FetchedFile, PullDependencies } from '../core/source/pull-source.ts';
import { type IngestDependencies, ingestCatalogue } from '../core/sync/ingest-catalogue.ts';
import type { BlobStore } from '../core/sync/ports.ts';
import { createBlobStore } from './blob-store.ts';

/** What the pull routes use: the profile and source records, the fetcher, and the ingest of an upload. */
export const config = readConfig();
const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
const profiles = new DynamoDbProfileStore(documentClient, config.TABLE_NAME);
export const sources = new DynamoDbSourceStore(documentClient, config.TABLE_NAME);
const blobs = createBlobStore(config);
const queue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);

export const fetcher = new SafeFetcher({
  policy: { allowPrivate: config.SOURCE_ALLOW_PRIVATE_ADDRESSES },
  maxBytes: config.UPLOAD_MAX_BYTES,
  connectTimeoutMs: SOURCE_FETCH_DEFAULTS.connectTimeoutMs,
  totalTimeoutMs: config.SOURCE_FETCH_TIMEOUT_MS,
  maxRedirects: SOURCE_FETCH_DEFAULTS.maxRedirects,
});

/** Streams the spooled file into object storage: the raw file of a pull, as uploads keep theirs. */
async function archive(store: BlobStore, key: string, file: FetchedFile): Promise<void> {
  const writer = await store.openWriter(key, file.contentType);
  try {
    for await (const chunk of await file.open()) await writer.write(chunk);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** The pull's dependencies; `ingest` gets the function's remaining time from the handler. */
export function pullDependencies(ingestLimits: Partial<IngestDependencies> = {}): PullDependencies {
  return {
    profiles,
    sources,
    fetcher,
    ingest: (request) =>
      ingestCatalogue(request, {
        catalogues: syncStore,
        queue,
        blobs,
        channels: config.CHANNELS,
        profiles,
        now: () => new Date(),
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        maxWaitMs: config.INGEST_MAX_WAIT_MS,
        ...ingestLimits,
      }),
    archive: (key, file) => archive(blobs, key, file),
    now: () => new Date(),
  };
}

export { profiles };

import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import { createBlobStore } from './blob-store.ts';
import { feedRendererFor } from './channel-adapters.ts';
import { enabledChannels } from './enabled-channels.ts';

/** What scheduled-sync uses: the table, the queue (requeues), the objects and the feed renderers. No SSM. */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createBlobStore(config);
export const feedRenderers: readonly FeedRenderer[] = enabledChannels(config).map((channel) =>
  feedRendererFor(channel, 'feeds/'),
);

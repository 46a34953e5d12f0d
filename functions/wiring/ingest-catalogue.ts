import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import { createObjectStore } from './blob-store.ts';

/**
 * What ingest-catalogue writes to: the table, the sync queue and the catalogue objects (read as
 * streams too, when a stored upload is read again). No SSM, no renderers.
 */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createObjectStore(config);

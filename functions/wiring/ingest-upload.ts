import { documentClient, s3Client, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { LocalFolderStore } from '../adapters/local-folder-store.ts';
import { S3ObjectStore } from '../adapters/s3-object-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';

/** What the async ingest uses: the table, the sync queue, and object storage read as streams. */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const objects = config.BUCKET_NAME
  ? new S3ObjectStore(s3Client, config.BUCKET_NAME)
  : new LocalFolderStore(config.LOCAL_OBJECT_DIR ?? '.data/objects');

import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { readConfig } from '../config.ts';
import { createBlobReader } from './blob-reader.ts';

/** What sync-status reads with: the table and the stored reports. No SQS, SSM or channels. */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const blobs = createBlobReader(config);

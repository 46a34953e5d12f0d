import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { readConfig } from '../config.ts';
import { createUrlSigner } from './url-signer.ts';

export { feedStore } from './feed-store.ts';

/** What the feed and item routes use: the feed records, the sync states, the URL signer. */
export const config = readConfig();
export const states = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const signer = createUrlSigner(config);

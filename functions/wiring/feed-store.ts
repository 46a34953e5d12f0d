import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbFeedStore } from '../adapters/dynamodb-feed-store.ts';
import { readConfig } from '../config.ts';

/** The feed documents' records alone: the scheduled sync writes them, the feed routes read them. */
export const feedStore = new DynamoDbFeedStore(documentClient, readConfig().TABLE_NAME);

import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { FeedDocumentRecord, FeedDocumentStore } from '../core/sync/feed-documents.ts';
import { keys } from './dynamodb-sync-store.ts';

/** One item per producer, channel and target: FEED#<channel>#<target or "-">. */
export const feedKeys = {
  prefix: 'FEED#',
  feed: (channel: string, target: string | undefined) => `FEED#${channel}#${target ?? '-'}`,
} as const;

/** The feed documents' records in the single table (docs/data-model.md). */
export class DynamoDbFeedStore implements FeedDocumentStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordFeed(record: FeedDocumentRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: keys.producer(record.producerId),
          sk: feedKeys.feed(record.channel, record.target),
          ...record,
        },
      }),
    );
  }

  async listFeeds(producerId: string): Promise<FeedDocumentRecord[]> {
    const records: FeedDocumentRecord[] = [];
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.producer(producerId), ':prefix': feedKeys.prefix },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...record } = item;
        records.push(record as FeedDocumentRecord);
      }
    }
    return records;
  }
}

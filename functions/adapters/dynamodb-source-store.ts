import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SourceRecord, SourceStore } from '../core/source/pull-source.ts';
import { sourcesIndex } from './dynamodb-profile-store.ts';
import { GSI1, keys } from './dynamodb-sync-store.ts';

export const SOURCE_SK = 'SOURCE';

/** The source record beside the producer's profile; the index of producers with a source. */
export class DynamoDbSourceStore implements SourceStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSource(producerId: string): Promise<SourceRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: SOURCE_SK },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const { pk: _pk, sk: _sk, ...record } = Item;
    return record as SourceRecord;
  }

  async putSource(record: SourceRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: keys.producer(record.producerId), sk: SOURCE_SK, ...record },
      }),
    );
  }

  /** One UpdateItem: the check time, the status, the validators the source answered with. */
  async touchSource(
    producerId: string,
    checkedAt: string,
    validators: { etag?: string; lastModified?: string },
  ): Promise<void> {
    const names: Record<string, string> = {
      '#checked': 'lastCheckedAt',
      '#status': 'lastStatus',
      '#error': 'error',
    };
    const values: Record<string, unknown> = { ':checked': checkedAt, ':status': 'UNCHANGED' };
    const sets = ['#checked = :checked', '#status = :status'];
    for (const [field, value] of Object.entries(validators)) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = :${field}`);
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: SOURCE_SK },
        UpdateExpression: `SET ${sets.join(', ')} REMOVE #error`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async *listSourceProducers(): AsyncIterable<string> {
    const pages = paginateQuery(
      { client: this.doc },
      {
        TableName: this.tableName,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': sourcesIndex.pk },
        ProjectionExpression: 'gsi1sk',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) yield String(item.gsi1sk);
    }
  }
}

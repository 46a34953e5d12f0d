import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ProfileRecord, ProfileStore } from '../core/profile/profile-record.ts';
import { keys } from './dynamodb-sync-store.ts';

const GSI1_KEYS = { pk: 'gsi1pk', sk: 'gsi1sk' } as const;

/** The producers whose current profile names a source, in gsi1 (sorted by producer id). */
export const sourcesIndex = { pk: 'SOURCES' } as const;

/** The profile's items beside the producer's others; docs/data-model.md lists them. */
export const profileKeys = {
  current: 'PROFILE#CURRENT',
  version: (version: number) => `PROFILE#v${String(version).padStart(9, '0')}`,
} as const;

/**
 * Profiles on DynamoDB. PROFILE#CURRENT holds the current version and is written conditionally
 * on the version it replaces (the optimistic lock); each saved version is also kept under its own
 * PROFILE#v<n> key, written after the pointer, so history only ever holds versions that were current.
 */
export class DynamoDbProfileStore implements ProfileStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getProfile(producerId: string): Promise<ProfileRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: keys.producer(producerId), sk: profileKeys.current },
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    return {
      producerId,
      version: Number(Item.version),
      updatedAt: String(Item.updatedAt),
      profile: Item.profile as ProfileRecord['profile'],
    };
  }

  async putProfile(record: ProfileRecord, expectedVersion: number): Promise<boolean> {
    const pk = keys.producer(record.producerId);
    const body = { version: record.version, updatedAt: record.updatedAt, profile: record.profile };
    // A profile that names a source is in the sparse index the scheduled pull reads.
    const sourceIndex = record.profile.source
      ? { [GSI1_KEYS.pk]: sourcesIndex.pk, [GSI1_KEYS.sk]: record.producerId }
      : {};
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: profileKeys.current, ...body, ...sourceIndex },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk, sk: profileKeys.version(record.version), ...body },
      }),
    );
    return true;
  }
}

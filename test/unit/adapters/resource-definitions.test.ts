import { readFile } from 'node:fs/promises';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  idempotencyTable,
  mainTable,
  resourceDefinitions,
  SYNC_WORKER_TIMEOUT_SECONDS,
  syncDeadLetterQueue,
  syncEventSource,
  syncQueue,
  tableShapeOfDefinition,
  tableShapeOfDescription,
  toCreateTableInput,
  toQueueAttributes,
  toRedrivePolicy,
  toUpdateTimeToLiveInput,
  withMaxReceiveCount,
} from '../../../functions/adapters/resource-definitions.ts';

const DAY = 86_400;

describe('resource definitions', () => {
  it('define the main table as the data model describes it', () => {
    expect(mainTable).toEqual({
      logicalId: 'FeedbridgeTable',
      tableName: 'feedbridge',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'sk', type: 'S' },
      billingMode: 'PAY_PER_REQUEST',
      globalSecondaryIndexes: [
        {
          indexName: 'gsi1',
          partitionKey: { name: 'gsi1pk', type: 'S' },
          sortKey: { name: 'gsi1sk', type: 'S' },
          projectionType: 'ALL',
        },
      ],
      timeToLiveAttribute: 'expiresAt',
    });
  });

  it('define the idempotency table with the Powertools default schema', () => {
    expect(idempotencyTable).toMatchObject({
      tableName: 'feedbridge-idempotency',
      partitionKey: { name: 'id', type: 'S' },
      billingMode: 'PAY_PER_REQUEST',
      globalSecondaryIndexes: [],
      timeToLiveAttribute: 'expiration',
    });
    expect(idempotencyTable.sortKey).toBeUndefined();
  });

  it('define the sync queue, its DLQ and the event source', () => {
    expect(syncQueue).toMatchObject({
      queueName: 'feedbridge-sync',
      visibilityTimeoutSeconds: 6 * SYNC_WORKER_TIMEOUT_SECONDS,
      retentionPeriodSeconds: 4 * DAY,
      receiveMessageWaitTimeSeconds: 20,
      deadLetterQueue: { queue: syncDeadLetterQueue, maxReceiveCount: 5 },
    });
    expect(syncQueue.visibilityTimeoutSeconds).toBe(180);
    expect(syncDeadLetterQueue).toMatchObject({
      queueName: 'feedbridge-sync-dlq',
      retentionPeriodSeconds: 14 * DAY,
    });
    expect(syncDeadLetterQueue.deadLetterQueue).toBeUndefined();
    expect(syncEventSource).toEqual({
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      reportBatchItemFailures: true,
      maxConcurrency: 5,
    });
    expect(resourceDefinitions.queues.sync).toBe(syncQueue);
    expect(resourceDefinitions.tables.main).toBe(mainTable);
  });

  it('turn the main table into the exact CreateTable request', () => {
    expect(toCreateTableInput(mainTable)).toEqual({
      TableName: 'feedbridge',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
        { AttributeName: 'gsi1pk', AttributeType: 'S' },
        { AttributeName: 'gsi1sk', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    expect(toCreateTableInput(idempotencyTable, 'other-name')).toEqual({
      TableName: 'other-name',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    });
  });

  it('turn the TTL attribute into an UpdateTimeToLive request', () => {
    expect(toUpdateTimeToLiveInput(mainTable)).toEqual({
      TableName: 'feedbridge',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    const { timeToLiveAttribute: _, ...withoutTtl } = mainTable;
    expect(toUpdateTimeToLiveInput(withoutTtl)).toBeUndefined();
  });

  it('reject an attribute declared with two types', () => {
    const clash = {
      ...mainTable,
      globalSecondaryIndexes: [
        { indexName: 'bad', partitionKey: { name: 'sk', type: 'N' }, projectionType: 'ALL' },
      ],
    } as const;
    expect(() => toCreateTableInput(clash)).toThrow(/declared as both S and N/);
  });

  it('turn the queues into CreateQueue attributes, with the redrive policy', () => {
    const dlqArn = 'arn:aws:sqs:us-east-1:000000000000:feedbridge-sync-dlq';
    expect(toQueueAttributes(syncQueue, dlqArn)).toEqual({
      VisibilityTimeout: '180',
      MessageRetentionPeriod: String(4 * DAY),
      ReceiveMessageWaitTimeSeconds: '20',
      MaximumMessageSize: '262144',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 }),
    });
    expect(toQueueAttributes(syncDeadLetterQueue)).toEqual({
      VisibilityTimeout: '30',
      MessageRetentionPeriod: String(14 * DAY),
      ReceiveMessageWaitTimeSeconds: '20',
      MaximumMessageSize: '262144',
    });
    expect(() => toQueueAttributes(syncQueue)).toThrow(/needs the ARN of feedbridge-sync-dlq/);
    expect(JSON.parse(toRedrivePolicy({ queue: syncDeadLetterQueue, maxReceiveCount: 3 }, dlqArn))).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: 3,
    });
  });

  it('override maxReceiveCount without touching the shared definition', () => {
    const fast = withMaxReceiveCount(syncQueue, 2);
    expect(fast.deadLetterQueue?.maxReceiveCount).toBe(2);
    expect(syncQueue.deadLetterQueue?.maxReceiveCount).toBe(5);
    expect(() => withMaxReceiveCount(syncQueue, 0)).toThrow();
    expect(() => withMaxReceiveCount(syncDeadLetterQueue, 2)).toThrow(/no dead-letter queue/);
  });

  it('compare a definition with a DescribeTable answer regardless of attribute and index order', () => {
    const input = toCreateTableInput(mainTable);
    const description: TableDescription = {
      ...input,
      AttributeDefinitions: [...(input.AttributeDefinitions ?? [])].reverse(),
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.map((index) => ({
        ...index,
        IndexStatus: 'ACTIVE',
      })),
    };
    expect(tableShapeOfDescription(description)).toEqual(tableShapeOfDefinition(mainTable));
    const withoutIndex: TableDescription = { ...description, GlobalSecondaryIndexes: [] };
    expect(tableShapeOfDescription(withoutIndex)).not.toEqual(tableShapeOfDefinition(mainTable));
  });

  it('load without aws-cdk-lib, so the local stack never pulls CDK in', async () => {
    const source = await readFile(
      new URL('../../../functions/adapters/resource-definitions.ts', import.meta.url),
      'utf8',
    );
    expect(source).not.toMatch(/from ['"]aws-cdk-lib/);
    expect(source).not.toMatch(/import ['"]aws-cdk-lib/);
  });
});

import { readFile } from 'node:fs/promises';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { GSI1, productItem, syncStateItem } from '../../../functions/adapters/dynamodb-sync-store.ts';
import {
  idempotencyTable,
  mainTable,
  resourceDefinitions,
  SYNC_WORKER_TIMEOUT_SECONDS,
  syncDeadLetterQueue,
  syncEventSource,
  syncQueue,
  type TableDefinition,
  tableShapeOfDefinition,
  tableShapeOfDescription,
  toCreateTableInput,
  toQueueAttributes,
  toRedrivePolicy,
  toUpdateTimeToLiveInput,
  withMaxReceiveCount,
} from '../../../functions/adapters/resource-definitions.ts';
import type { SyncStateRecord } from '../../../functions/core/sync/sync-records.ts';

const DAY = 86_400;

/** A table of its own, so the conversion tests say what the converter does, not what feedbridge defines. */
const ORDERS: TableDefinition = {
  logicalId: 'OrdersTable',
  tableName: 'orders',
  partitionKey: { name: 'customer', type: 'S' },
  sortKey: { name: 'placedAt', type: 'N' },
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      indexName: 'byStatus',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'placedAt', type: 'N' },
      projectionType: 'KEYS_ONLY',
    },
  ],
  timeToLiveAttribute: 'purgeAt',
};

const PENDING_STATE: SyncStateRecord = {
  producerId: 'huye-coop',
  channel: 'freshippo',
  sku: 'HC-1',
  state: 'PENDING',
  seq: 3,
  action: 'upsert',
  hash: 'h',
  catalogueId: 'cat-1',
  reasons: [],
  warnings: [],
  attempts: 0,
  updatedAt: '2026-11-29T00:00:00.000Z',
};

/** The key attributes a table or index declares, by name. */
function keyAttributes(keyed: {
  partitionKey: { name: string; type: string };
  sortKey?: { name: string; type: string };
}) {
  return [keyed.partitionKey, ...(keyed.sortKey ? [keyed.sortKey] : [])];
}

describe('resource definitions: the main table', () => {
  it('has the keys every item the sync store writes carries, as strings', () => {
    const items = [
      productItem({
        producerId: 'huye-coop',
        sku: 'HC-1',
        status: 'ACTIVE',
        seq: 1,
        hash: 'h',
        catalogueId: 'cat-1',
        product: null,
        updatedAt: PENDING_STATE.updatedAt,
      }),
      syncStateItem(PENDING_STATE),
      syncStateItem({ ...PENDING_STATE, state: 'SYNCED' }),
    ];
    for (const item of items) {
      for (const key of keyAttributes(mainTable)) {
        expect(key.type).toBe('S');
        expect(typeof item[key.name], key.name).toBe('string');
      }
    }
  });

  it('has the index the scheduled sync queries, keyed on what a PENDING or FAILED state carries', () => {
    const index = mainTable.globalSecondaryIndexes.find((candidate) => candidate.indexName === GSI1);
    expect(index).toBeDefined();
    // The scheduled sync re-queues from the items it reads there: it needs every attribute.
    expect(index?.projectionType).toBe('ALL');
    const stuck = syncStateItem({ ...PENDING_STATE, state: 'FAILED' });
    const settled = syncStateItem({ ...PENDING_STATE, state: 'SYNCED' });
    for (const key of index ? keyAttributes(index) : []) {
      expect(typeof stuck[key.name], key.name).toBe('string');
      // Sparse: a settled item is not in the index at all.
      expect(settled[key.name], key.name).toBeUndefined();
    }
  });

  it('bills on demand and expires items by an attribute that is no key', () => {
    expect(mainTable.billingMode).toBe('PAY_PER_REQUEST');
    const keys = [mainTable, ...mainTable.globalSecondaryIndexes]
      .flatMap(keyAttributes)
      .map((key) => key.name);
    expect(mainTable.timeToLiveAttribute).toBeDefined();
    expect(keys).not.toContain(mainTable.timeToLiveAttribute);
  });
});

describe('resource definitions: the idempotency table', () => {
  it("has exactly the key and expiry attributes Powertools' DynamoDB persistence layer writes", () => {
    const layer = new DynamoDBPersistenceLayer({ tableName: idempotencyTable.tableName });
    const { keyAttr, expiryAttr, sortKeyAttr } = layer as unknown as {
      keyAttr: string;
      expiryAttr: string;
      sortKeyAttr?: string;
    };
    expect(idempotencyTable.partitionKey).toEqual({ name: keyAttr, type: 'S' });
    expect(idempotencyTable.sortKey?.name).toBe(sortKeyAttr);
    expect(idempotencyTable.timeToLiveAttribute).toBe(expiryAttr);
    expect(idempotencyTable.globalSecondaryIndexes).toEqual([]);
  });
});

describe('resource definitions: the sync queue, its DLQ and the event source', () => {
  it('give the worker six times its timeout before a message is visible again, as AWS advises', () => {
    expect(syncQueue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * SYNC_WORKER_TIMEOUT_SECONDS);
  });

  it('redrive the sync queue to the DLQ after a bounded number of receives, and the DLQ nowhere', () => {
    expect(syncQueue.deadLetterQueue?.queue).toBe(syncDeadLetterQueue);
    const receives = syncQueue.deadLetterQueue?.maxReceiveCount ?? 0;
    expect(receives).toBeGreaterThanOrEqual(2);
    expect(receives).toBeLessThanOrEqual(1000);
    expect(syncDeadLetterQueue.deadLetterQueue).toBeUndefined();
  });

  it('keep a dead letter longer than the queue it came from, within what SQS allows', () => {
    // A message keeps its first enqueue time in the DLQ: a shorter retention there would drop it.
    expect(syncDeadLetterQueue.retentionPeriodSeconds).toBeGreaterThan(syncQueue.retentionPeriodSeconds);
    for (const queue of [syncQueue, syncDeadLetterQueue]) {
      expect(queue.retentionPeriodSeconds).toBeGreaterThanOrEqual(60);
      expect(queue.retentionPeriodSeconds).toBeLessThanOrEqual(14 * DAY);
      // Long polling, at most SQS's 20 s.
      expect(queue.receiveMessageWaitTimeSeconds).toBeGreaterThan(0);
      expect(queue.receiveMessageWaitTimeSeconds).toBeLessThanOrEqual(20);
    }
  });

  it('read the queue the way Lambda allows, retrying only the records that failed', () => {
    expect(syncEventSource.reportBatchItemFailures).toBe(true);
    expect(syncEventSource.batchSize).toBeGreaterThanOrEqual(1);
    expect(syncEventSource.batchSize).toBeLessThanOrEqual(10);
    expect(syncEventSource.maxBatchingWindowSeconds).toBeLessThanOrEqual(300);
    // Lambda's floor for an SQS source's maximum concurrency.
    expect(syncEventSource.maxConcurrency).toBeGreaterThanOrEqual(2);
    expect(resourceDefinitions.queues.sync).toBe(syncQueue);
    expect(resourceDefinitions.tables.main).toBe(mainTable);
  });
});

describe('resource definitions: conversions', () => {
  it('turn a table into the CreateTable request, each key attribute declared once', () => {
    expect(toCreateTableInput(ORDERS)).toEqual({
      TableName: 'orders',
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'customer', KeyType: 'HASH' },
        { AttributeName: 'placedAt', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'customer', AttributeType: 'S' },
        { AttributeName: 'placedAt', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'placedAt', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
    expect(toCreateTableInput(idempotencyTable, 'other-name')).toMatchObject({
      TableName: 'other-name',
      KeySchema: [{ AttributeName: idempotencyTable.partitionKey.name, KeyType: 'HASH' }],
    });
    expect(toCreateTableInput(idempotencyTable).GlobalSecondaryIndexes).toBeUndefined();
  });

  it('turn the TTL attribute into an UpdateTimeToLive request', () => {
    expect(toUpdateTimeToLiveInput(ORDERS)).toEqual({
      TableName: 'orders',
      TimeToLiveSpecification: { AttributeName: 'purgeAt', Enabled: true },
    });
    const { timeToLiveAttribute: _, ...withoutTtl } = ORDERS;
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
      VisibilityTimeout: String(syncQueue.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(syncQueue.retentionPeriodSeconds),
      ReceiveMessageWaitTimeSeconds: String(syncQueue.receiveMessageWaitTimeSeconds),
      MaximumMessageSize: String(syncQueue.maximumMessageSizeBytes),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: dlqArn,
        maxReceiveCount: syncQueue.deadLetterQueue?.maxReceiveCount,
      }),
    });
    expect(toQueueAttributes(syncDeadLetterQueue)).not.toHaveProperty('RedrivePolicy');
    expect(() => toQueueAttributes(syncQueue)).toThrow(/needs the ARN of feedbridge-sync-dlq/);
    expect(JSON.parse(toRedrivePolicy({ queue: syncDeadLetterQueue, maxReceiveCount: 3 }, dlqArn))).toEqual({
      deadLetterTargetArn: dlqArn,
      maxReceiveCount: 3,
    });
  });

  it('override maxReceiveCount without touching the shared definition', () => {
    const shared = syncQueue.deadLetterQueue?.maxReceiveCount;
    const fast = withMaxReceiveCount(syncQueue, 2);
    expect(fast.deadLetterQueue?.maxReceiveCount).toBe(2);
    expect(syncQueue.deadLetterQueue?.maxReceiveCount).toBe(shared);
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

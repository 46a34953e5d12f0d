import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.ts';
import { canonicalProduct } from '../../support/catalogue-builder.ts';
import { setHandlerEnvironment } from './handler-environment.ts';

setHandlerEnvironment();
const dynamodb = mockClient(DynamoDBDocumentClient);
let handler: (
  event: SQSEvent,
  context: ReturnType<typeof createLambdaContext>,
) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/sync-worker.ts'));
});

// No producer has saved a profile: no feed rules (the worker reads each batch producer's profile).
beforeEach(() => {
  dynamodb.on(GetCommand).resolves({});
});

afterEach(() => {
  dynamodb.reset();
});

const throttled = () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} });

function record(messageId: string, body: unknown, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1764400000000',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '1764400000000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:feedbridge-sync',
    awsRegion: 'us-east-1',
  };
}

function task(sku: string, overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    action: 'upsert',
    producerId: 'huye-coop',
    channel: 'tmall-global',
    sku,
    seq: 4,
    hash: 'h',
    catalogueId: 'cat-1',
    product: canonicalProduct('huye-coop', { sku }),
    ...overrides,
  };
}

describe('sync-worker handler', () => {
  it("applies the producer's feed rules from its profile, read once per batch", async () => {
    dynamodb.on(GetCommand).resolves({
      Item: {
        version: 2,
        updatedAt: '2026-12-01T10:00:00.000Z',
        profile: {
          defaults: {},
          columns: {},
          values: {},
          rules: {
            'tmall-global': [
              // biome-ignore lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17, a stored document
              { if: [{ field: 'sku', op: 'equals', value: 'A' }], then: [{ action: 'exclude' }] },
            ],
          },
        },
      },
    });
    dynamodb.on(PutCommand).resolves({});
    const result = await handler(
      { Records: [record('m1', task('A')), record('m2', task('B'))] },
      createLambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamodb).toHaveReceivedCommandTimes(GetCommand, 1);
    const states = dynamodb
      .commandCalls(PutCommand)
      .map((call) => call.args[0].input.Item as { sku: string; state: string; reasons: { code: string }[] });
    expect(states.find((state) => state.sku === 'A')).toMatchObject({
      state: 'REJECTED',
      reasons: [expect.objectContaining({ code: 'RULE_EXCLUDED' })],
    });
    expect(states.find((state) => state.sku === 'B')).toMatchObject({ state: 'SYNCED' });
  });

  it('writes each item conditionally on its sequence and reports no failures', async () => {
    dynamodb.on(PutCommand).resolves({});
    const result = await handler(
      { Records: [record('m1', task('A')), record('m2', task('B'))] },
      createLambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([]);
    expect(dynamodb).toHaveReceivedCommandTimes(PutCommand, 2);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'feedbridge-test',
      ConditionExpression: 'attribute_not_exists(pk) OR seq <= :seq',
      ExpressionAttributeValues: { ':seq': 4 },
    });
  });

  it('treats a lost condition (a newer state exists) as done, not as a failure', async () => {
    dynamodb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'newer', $metadata: {} }));
    const result = await handler({ Records: [record('m1', task('A'))] }, createLambdaContext());
    expect(result.batchItemFailures).toEqual([]);
  });

  it('fails only the record whose write was throttled, so only it is retried', async () => {
    dynamodb.on(PutCommand).callsFake((input: { Item: { sku: string } }) => {
      if (input.Item.sku === 'B') throw throttled();
      return {};
    });
    const result = await handler(
      { Records: [record('m1', task('A')), record('m2', task('B'))] },
      createLambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
  });

  it('fails a message that is not a sync task, so it ends in the DLQ', async () => {
    dynamodb.on(PutCommand).resolves({});
    const result = await handler(
      {
        Records: [
          record('m1', task('A')),
          record('m2', 'not json'),
          record('m3', { v: 1, action: 'upsert' }),
        ],
      },
      createLambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }, { itemIdentifier: 'm3' }]);
  });

  it('records FAILED with a reason on the last allowed delivery of a transient failure', async () => {
    dynamodb.on(PutCommand).callsFake((input: { Item: { sku: string; state: string } }) => {
      if (input.Item.sku === 'A' && input.Item.state === 'SYNCED') throw throttled();
      return {};
    });
    const result = await handler(
      { Records: [record('m1', task('A'), 3), record('m2', task('B'), 1)] },
      createLambdaContext(),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(dynamodb).toHaveReceivedCommandWith(PutCommand, {
      Item: expect.objectContaining({
        sku: 'A',
        state: 'FAILED',
        gsi1pk: 'STATE#tmall-global#FAILED',
        reasons: [expect.objectContaining({ code: 'SYNC_TRANSIENT_FAILURE' })],
      }),
    });
  });
});

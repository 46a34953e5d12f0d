import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchProcessor,
  EventType,
  FullBatchFailureError,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { BatchWriteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../functions/adapters/aws-client-factory.ts';
import {
  idempotencyTable,
  mainTable,
  syncDeadLetterQueue,
  syncQueue,
  type TableDefinition,
  tableShapeOfDefinition,
  tableShapeOfDescription,
  toQueueAttributes,
} from '../../functions/adapters/resource-definitions.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import {
  createEventSourcePoller,
  DrainTimeoutError,
  type EventSourcePollerOptions,
} from '../../local/event-source-poller.ts';
import { countCalls } from '../support/call-counter.ts';
import { receiveNow } from '../support/queue-messages.ts';

interface Invocation {
  event: SQSEvent;
  context: Context;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const bodiesOf = (invocation: Invocation | undefined): string[] =>
  (invocation?.event.Records ?? []).map((record) => record.body).sort();

let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack();
});

afterAll(async () => {
  await stack?.stop();
});

async function send(queueUrl: string, bodies: string[]): Promise<void> {
  const entries: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({
    Id: `m${index}`,
    MessageBody: body,
    MessageAttributes: { kind: { DataType: 'String', StringValue: 'sync-task' } },
  }));
  const result = await stack.clients.sqs.send(
    new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
  );
  expect(result.Failed ?? []).toEqual([]);
}

async function depth(queueUrl: string, target = stack): Promise<number> {
  const { Attributes: attributes } = await target.clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return (
    Number(attributes?.ApproximateNumberOfMessages) +
    Number(attributes?.ApproximateNumberOfMessagesNotVisible) +
    Number(attributes?.ApproximateNumberOfMessagesDelayed)
  );
}

/** A poller on the stack's sync queue with test-friendly timings; the handler records every call. */
function pollerFor(
  respond: (event: SQSEvent, call: number) => Promise<SQSBatchResponse | undefined>,
  overrides: Partial<EventSourcePollerOptions> = {},
  target = stack,
) {
  const invocations: Invocation[] = [];
  const handlerErrors: unknown[] = [];
  const poller = createEventSourcePoller({
    sqs: target.clients.sqs,
    queueUrl: target.queueUrls.sync,
    queueArn: target.queueArns.sync,
    handler: async (event, context) => {
      invocations.push({ event, context });
      return respond(event, invocations.length);
    },
    maxBatchingWindowMs: 0,
    retryDelaySeconds: 0,
    onHandlerError: (error) => handlerErrors.push(error),
    ...overrides,
  });
  return { poller, invocations, handlerErrors };
}

describe('embedded stack', () => {
  it('listens on free loopback ports and describes itself as handler environment', () => {
    const dynamoUrl = new URL(stack.dynamodbEndpoint);
    const sqsUrl = new URL(stack.sqsEndpoint);
    expect(dynamoUrl.hostname).toBe('127.0.0.1');
    expect(sqsUrl.hostname).toBe('127.0.0.1');
    expect(Number(dynamoUrl.port)).toBeGreaterThan(0);
    expect(Number(sqsUrl.port)).toBeGreaterThan(0);
    expect(dynamoUrl.port).not.toBe(sqsUrl.port);
    expect(stack.env()).toMatchObject({
      AWS_REGION: stack.region,
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodbEndpoint,
      AWS_ENDPOINT_URL_SQS: stack.sqsEndpoint,
      TABLE_NAME: 'feedbridge',
      IDEMPOTENCY_TABLE_NAME: 'feedbridge-idempotency',
      SYNC_QUEUE_URL: stack.queueUrls.sync,
      SYNC_DLQ_URL: stack.queueUrls.syncDlq,
      MAX_RECEIVE_COUNT: '5',
    });
    expect(stack.objectDir).toBeUndefined();
    expect(stack.env().LOCAL_OBJECT_DIR).toBeUndefined();
    expect(stack.env().AWS_ACCESS_KEY_ID).toBeTruthy();
    expect(stack.env().AWS_SECRET_ACCESS_KEY).toBeTruthy();
  });

  it.each([
    ['main', mainTable],
    ['idempotency', idempotencyTable],
  ] as [string, TableDefinition][])('creates the %s table exactly as defined', async (_, definition) => {
    const { Table: table } = await stack.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: definition.tableName }),
    );
    expect(table).toBeDefined();
    if (!table) return;
    expect(tableShapeOfDescription(table)).toEqual(tableShapeOfDefinition(definition));
    const ttl = await stack.clients.dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: definition.tableName }),
    );
    const status = definition === mainTable ? stack.timeToLive.table : stack.timeToLive.idempotencyTable;
    // dynalite has no UpdateTimeToLive; the stack says so instead of pretending.
    if (status === 'ENABLED') {
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe(definition.timeToLiveAttribute);
    } else {
      expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
    }
  });

  it('has the main table keys and the sparse gsi1 the data model needs', async () => {
    const { Table: table } = await stack.clients.dynamodb.send(
      new DescribeTableCommand({ TableName: 'feedbridge' }),
    );
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    const [index, ...others] = table?.GlobalSecondaryIndexes ?? [];
    expect(others).toEqual([]);
    expect(index?.IndexName).toBe('gsi1');
    expect(index?.KeySchema).toEqual([
      { AttributeName: 'gsi1pk', KeyType: 'HASH' },
      { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
    ]);
    expect(index?.Projection?.ProjectionType).toBe('ALL');
  });

  it('creates the queues exactly as defined, with the redrive policy', async () => {
    const attributesOf = async (queueUrl: string) =>
      (
        await stack.clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
        )
      ).Attributes ?? {};
    const sync = await attributesOf(stack.queueUrls.sync);
    const dlq = await attributesOf(stack.queueUrls.syncDlq);

    const { RedrivePolicy: expectedPolicy, ...expectedSync } = toQueueAttributes(
      syncQueue,
      stack.queueArns.syncDlq,
    );
    expect(sync).toMatchObject(expectedSync);
    expect(sync).toMatchObject({ VisibilityTimeout: '180', MessageRetentionPeriod: String(4 * 86_400) });
    expect(JSON.parse(sync.RedrivePolicy ?? '{}')).toEqual(JSON.parse(expectedPolicy ?? ''));
    expect(JSON.parse(sync.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: stack.queueArns.syncDlq,
      maxReceiveCount: 5,
    });
    expect(sync.QueueArn).toBe(stack.queueArns.sync);

    expect(dlq).toMatchObject(toQueueAttributes(syncDeadLetterQueue));
    expect(dlq.MessageRetentionPeriod).toBe(String(14 * 86_400));
    expect(dlq.RedrivePolicy).toBeUndefined();
  });

  it('keeps DynamoDB items across a restart with the same dataDir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-stack-'));
    try {
      const first = await startEmbeddedStack({ dataDir });
      expect(first.objectDir).toBe(join(dataDir, 'objects'));
      expect(first.env().LOCAL_OBJECT_DIR).toBe(join(dataDir, 'objects'));
      await first.clients.documentClient.send(
        new PutCommand({ TableName: first.tableName, Item: { pk: 'PRODUCER#p1', sk: 'META', seq: 7 } }),
      );
      await first.stop();

      const second = await startEmbeddedStack({ dataDir });
      try {
        const { Item: item } = await second.clients.documentClient.send(
          new GetCommand({
            TableName: second.tableName,
            Key: { pk: 'PRODUCER#p1', sk: 'META' },
            ConsistentRead: true,
          }),
        );
        expect(item).toEqual({ pk: 'PRODUCER#p1', sk: 'META', seq: 7 });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('stop is idempotent', async () => {
    const other = await startEmbeddedStack();
    await other.stop();
    await expect(other.stop()).resolves.toBeUndefined();
  });
});

describe('call counter', () => {
  it('counts calls, items and entries across DynamoDB and SQS clients', async () => {
    const clients = createAwsClients(stack.clientConfig);
    const counter = countCalls();
    clients.dynamodb.middlewareStack.use(counter);
    clients.sqs.middlewareStack.use(counter);
    try {
      expect(counter.writes()).toBe(0);
      expect(counter.messages()).toBe(0);

      await clients.documentClient.send(
        new PutCommand({ TableName: stack.tableName, Item: { pk: 'PRODUCER#c', sk: 'PRODUCT#1' } }),
      );
      await clients.documentClient.send(
        new BatchWriteCommand({
          RequestItems: {
            [stack.tableName]: [2, 3, 4].map((n) => ({
              PutRequest: { Item: { pk: 'PRODUCER#c', sk: `PRODUCT#${n}` } },
            })),
          },
        }),
      );
      await clients.documentClient.send(
        new GetCommand({ TableName: stack.tableName, Key: { pk: 'PRODUCER#c', sk: 'PRODUCT#1' } }),
      );
      await clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.queueUrls.syncDlq, MessageBody: 'one' }),
      );
      await clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.queueUrls.syncDlq,
          Entries: ['a', 'b', 'c', 'd'].map((body) => ({ Id: body, MessageBody: body })),
        }),
      );

      expect(counter.calls('PutItem')).toBe(1);
      expect(counter.calls('BatchWriteItem')).toBe(1);
      expect(counter.items('BatchWriteItem')).toBe(3);
      expect(counter.calls('GetItem')).toBe(1);
      expect(counter.calls('SendMessageBatch')).toBe(1);
      expect(counter.items('SendMessageBatch')).toBe(4);
      expect(counter.writes()).toBe(4);
      expect(counter.messages()).toBe(5);
      expect(counter.calls()).toBe(5);
      expect(counter.attempts()).toBe(5);
      expect(counter.snapshot().calls).toEqual({
        PutItem: 1,
        BatchWriteItem: 1,
        GetItem: 1,
        SendMessage: 1,
        SendMessageBatch: 1,
      });

      counter.reset();
      expect(counter.calls()).toBe(0);
      expect(counter.writes()).toBe(0);
    } finally {
      clients.destroy();
      await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrls.syncDlq }));
    }
  });
});

describe('event-source poller', () => {
  beforeEach(async () => {
    await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrls.sync }));
    await stack.clients.sqs.send(new PurgeQueueCommand({ QueueUrl: stack.queueUrls.syncDlq }));
  });

  it('delivers a batch of real SQS records with a Lambda context, then deletes them', async () => {
    await send(stack.queueUrls.sync, ['a', 'b', 'c']);
    const { poller, invocations } = pollerFor(async () => undefined, { timeoutMs: 5_000 });

    const stats = await poller.pollOnce();

    expect(stats).toMatchObject({ batches: 1, received: 3, succeeded: 3, failed: 0 });
    expect(invocations).toHaveLength(1);
    const [invocation] = invocations;
    expect(bodiesOf(invocation)).toEqual(['a', 'b', 'c']);
    const record = invocation?.event.Records[0] as SQSRecord;
    expect(record).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: stack.queueArns.sync,
      awsRegion: stack.region,
      md5OfBody: md5(record.body),
      messageAttributes: { kind: { dataType: 'String', stringValue: 'sync-task' } },
    });
    expect(record.messageId).toBeTruthy();
    expect(record.receiptHandle).toBeTruthy();
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThan(0);
    const remaining = invocation?.context.getRemainingTimeInMillis() ?? 0;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(5_000);
    expect(invocation?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await depth(stack.queueUrls.sync)).toBe(0);
  });

  it('gathers records that arrive within the batching window into one batch', async () => {
    await send(stack.queueUrls.sync, ['early-1', 'early-2']);
    const { poller, invocations } = pollerFor(async () => undefined, { maxBatchingWindowMs: 600 });

    const polling = poller.pollOnce();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await send(stack.queueUrls.sync, ['late-1', 'late-2']);
    const stats = await polling;

    expect(stats).toMatchObject({ batches: 1, received: 4, succeeded: 4 });
    expect(bodiesOf(invocations[0])).toEqual(['early-1', 'early-2', 'late-1', 'late-2']);
  });

  it('retries only the records reported in batchItemFailures', async () => {
    await send(stack.queueUrls.sync, ['ok-1', 'bad', 'ok-2']);
    const { poller, invocations } = pollerFor(async (event, call) => ({
      batchItemFailures:
        call === 1
          ? event.Records.filter((record) => record.body === 'bad').map((record) => ({
              itemIdentifier: record.messageId,
            }))
          : [],
    }));

    const stats = await poller.drain({ timeoutMs: 5_000 });

    expect(invocations).toHaveLength(2);
    expect(bodiesOf(invocations[0])).toEqual(['bad', 'ok-1', 'ok-2']);
    expect(bodiesOf(invocations[1])).toEqual(['bad']);
    expect(invocations[1]?.event.Records[0]?.attributes.ApproximateReceiveCount).toBe('2');
    expect(stats).toMatchObject({ batches: 2, received: 4, succeeded: 3, failed: 1 });
    expect(await depth(stack.queueUrls.sync)).toBe(0);
  });

  it('retries every record when the handler throws', async () => {
    await send(stack.queueUrls.sync, ['x', 'y']);
    const { poller, invocations, handlerErrors } = pollerFor(async (_event, call) => {
      if (call === 1) throw new Error('downstream unavailable');
      return undefined;
    });

    await poller.drain({ timeoutMs: 5_000 });

    expect(invocations).toHaveLength(2);
    expect(bodiesOf(invocations[1])).toEqual(['x', 'y']);
    expect(invocations[1]?.event.Records.map((record) => record.attributes.ApproximateReceiveCount)).toEqual([
      '2',
      '2',
    ]);
    expect(handlerErrors).toHaveLength(1);
  });

  it("retries every record when Powertools' processPartialResponse throws FullBatchFailureError", async () => {
    await send(stack.queueUrls.sync, ['p', 'q']);
    const processor = new BatchProcessor(EventType.SQS);
    let attempt = 0;
    const { poller, invocations, handlerErrors } = pollerFor(async (event, call) => {
      attempt = call;
      return processPartialResponse(
        event,
        async () => {
          if (attempt === 1) throw new Error('every record fails on the first delivery');
        },
        processor,
      );
    });

    await poller.drain({ timeoutMs: 5_000 });

    expect(handlerErrors[0]).toBeInstanceOf(FullBatchFailureError);
    expect(invocations).toHaveLength(2);
    expect(bodiesOf(invocations[1])).toEqual(['p', 'q']);
    expect(await depth(stack.queueUrls.sync)).toBe(0);
  });

  it('fails the whole batch when a reported itemIdentifier is not in the batch', async () => {
    await send(stack.queueUrls.sync, ['m1', 'm2']);
    const { poller, invocations } = pollerFor(async (_event, call) =>
      call === 1 ? { batchItemFailures: [{ itemIdentifier: 'not-a-message-id' }] } : undefined,
    );

    await poller.drain({ timeoutMs: 5_000 });

    expect(invocations).toHaveLength(2);
    expect(bodiesOf(invocations[1])).toEqual(['m1', 'm2']);
  });

  it('runs in the background until stopped', async () => {
    const { poller, invocations } = pollerFor(async () => undefined, {
      waitTimeSeconds: 1,
      maxConcurrency: 2,
    });
    poller.start();
    try {
      await send(stack.queueUrls.sync, ['bg-1', 'bg-2', 'bg-3']);
      const deadline = Date.now() + 5_000;
      while (invocations.flatMap((i) => i.event.Records).length < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await poller.stop();
    }
    expect(
      invocations
        .flatMap((invocation) => invocation.event.Records)
        .map((record) => record.body)
        .sort(),
    ).toEqual(['bg-1', 'bg-2', 'bg-3']);
    expect(poller.totals.succeeded).toBe(3);
  });

  it('refuses a maxReceiveCount that contradicts the queue redrive policy', async () => {
    const { poller } = pollerFor(async () => undefined, {
      maxReceiveCount: 3,
      dlqUrl: stack.queueUrls.syncDlq,
    });
    await expect(poller.pollOnce()).rejects.toThrow(/contradicts the queue's RedrivePolicy/);
  });

  it('moves a poison message to the DLQ after maxReceiveCount receives, once', async () => {
    const small = await startEmbeddedStack({ maxReceiveCount: 2 });
    try {
      expect(small.env().MAX_RECEIVE_COUNT).toBe('2');
      await small.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: small.queueUrls.sync, MessageBody: 'poison' }),
      );
      const { poller, invocations } = pollerFor(
        async () => {
          throw new Error('cannot process');
        },
        // Same count as the queue's policy: accepted, and the queue (not the poller) does the move.
        { maxReceiveCount: 2, dlqUrl: small.queueUrls.syncDlq },
        small,
      );

      const stats = await poller.drain({ timeoutMs: 5_000 });

      expect(invocations).toHaveLength(2);
      expect(stats.deadLettered).toBe(0);
      expect(await depth(small.queueUrls.sync, small)).toBe(0);
      expect(await depth(small.queueUrls.syncDlq, small)).toBe(1);
      const dead = await receiveNow(small.clients.sqs, small.queueUrls.syncDlq);
      expect(dead.map((message) => message.Body)).toEqual(['poison']);
    } finally {
      await small.stop();
    }
  });

  it('moves poison messages itself for a queue without a redrive policy', async () => {
    const sqs = stack.clients.sqs;
    const { QueueUrl: plainUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'plain' }));
    const { QueueUrl: plainDlqUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: 'plain-dlq' }));
    const { Attributes: plainAttributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: plainUrl, AttributeNames: ['QueueArn'] }),
    );
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: plainUrl,
        MessageBody: 'poison',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'sync-task' } },
      }),
    );
    const { poller, invocations } = pollerFor(
      async () => {
        throw new Error('cannot process');
      },
      {
        queueUrl: plainUrl,
        queueArn: plainAttributes?.QueueArn ?? '',
        maxReceiveCount: 2,
        dlqUrl: plainDlqUrl,
      },
    );

    const stats = await poller.drain({ timeoutMs: 5_000 });

    expect(invocations).toHaveLength(2);
    expect(stats.deadLettered).toBe(1);
    expect(await depth(plainUrl)).toBe(0);
    const { Messages: dead = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: plainDlqUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(dead.map((message) => message.Body)).toEqual(['poison']);
    expect(dead[0]?.MessageAttributes?.kind?.StringValue).toBe('sync-task');
  });

  it('drain gives up with DrainTimeoutError when messages keep failing', async () => {
    await send(stack.queueUrls.sync, ['stuck']);
    const { poller } = pollerFor(
      async () => {
        throw new Error('always');
      },
      { retryDelaySeconds: 5 },
    );
    const error = await poller.drain({ timeoutMs: 300 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DrainTimeoutError);
    expect((error as DrainTimeoutError).remaining).toBe(1);
  });
});

/**
 * The floor for the end-to-end benchmark: the same emulators doing only the calls batching allows
 * for the items the pipeline moved (each operation's item count from the call counter), with
 * payloads of a realistic size, and nothing else: no parsing, no transform, no handler. The
 * messages are also received and deleted, ten at a time, since the pipeline's poller must do that.
 */
import { performance } from 'node:perf_hooks';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { EmbeddedStack } from '../local/embedded-stack.ts';

/** Roughly the size of a product or sync-state item (canonical JSON plus keys). */
const PAYLOAD = 'x'.repeat(900);

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < values.length; index += size) out.push(values.slice(index, index + size));
  return out;
}

export async function measureFloor(
  stack: EmbeddedStack,
  items: Readonly<Record<string, number>>,
): Promise<number> {
  const doc = stack.clients.documentClient;
  const sqs = stack.clients.sqs;
  const table = stack.tableName;
  const created = await sqs.send(new CreateQueueCommand({ QueueName: 'feedbridge-bench-floor' }));
  const queueUrl = created.QueueUrl;
  if (queueUrl === undefined) throw new Error('the floor queue has no URL');
  const keys = (count: number, kind: string) =>
    Array.from({ length: count }, (_, index) => ({ pk: `BENCH#FLOOR#${kind}`, sk: String(index) }));

  const started = performance.now();
  const writeKeys = keys(items.BatchWriteItem ?? 0, 'batch');
  for (const batch of chunks(writeKeys, 25)) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: batch.map((key) => ({ PutRequest: { Item: { ...key, payload: PAYLOAD } } })),
        },
      }),
    );
  }
  for (const key of keys((items.PutItem ?? 0) + (items.UpdateItem ?? 0), 'single')) {
    await doc.send(new PutCommand({ TableName: table, Item: { ...key, payload: PAYLOAD } }));
  }
  const readKeys = keys(items.BatchGetItem ?? 0, 'batch').map((key, index) => ({
    pk: key.pk,
    sk: String(index % Math.max(1, writeKeys.length)),
  }));
  for (const batch of chunks(readKeys, 100)) {
    await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: batch } } }));
  }
  for (let index = 0; index < (items.GetItem ?? 0); index += 1) {
    await doc.send(new GetCommand({ TableName: table, Key: { pk: 'BENCH#FLOOR#batch', sk: '0' } }));
  }
  for (let index = 0; index < (items.Query ?? 0); index += 1) {
    await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'BENCH#FLOOR#none' },
      }),
    );
  }
  const messages = (items.SendMessageBatch ?? 0) + (items.SendMessage ?? 0);
  for (const batch of chunks(
    Array.from({ length: messages }, (_, index) => index),
    10,
  )) {
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((index) => ({ Id: String(index), MessageBody: PAYLOAD })),
      }),
    );
  }
  let received = 0;
  let emptyReceives = 0;
  while (received < messages) {
    const answer = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    const batch = answer.Messages ?? [];
    if (batch.length === 0) {
      // A floor that never finishes would hang the whole run; this many empty answers means lost messages.
      emptyReceives += 1;
      if (emptyReceives > 1000) throw new Error(`floor queue returned ${received} of ${messages} messages`);
      continue;
    }
    received += batch.length;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
  }
  return performance.now() - started;
}

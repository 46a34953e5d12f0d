import { BatchWriteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsTaskQueue } from '../../functions/adapters/sqs-task-queue.ts';
import { syncTaskSchema } from '../../functions/core/sync/sync-records.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { canonicalProduct } from '../support/catalogue-builder.ts';
import { receiveNow } from '../support/queue-messages.ts';

/*
 * The local doubles refuse what AWS refuses, at the same sizes: a test that passes here cannot
 * fail on AWS for a limit the embedded stack did not enforce.
 */

let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack();
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * An item of exactly `bytes` as DynamoDB counts them: names and values in UTF-8, so
 * pk:"P" (2 + 1) + sk:"S" (2 + 1) + "data" (4) + the filler.
 */
function itemOfSize(bytes: number, filler: '中' | 'x') {
  const fillerBytes = bytes - 10;
  const unit = Buffer.byteLength(filler);
  if (fillerBytes % unit !== 0) throw new Error(`${bytes} bytes cannot be made of ${filler}`);
  return { pk: { S: 'P' }, sk: { S: 'S' }, data: { S: filler.repeat(fillerBytes / unit) } };
}

describe('local DynamoDB, item size (400 KB, in UTF-8 bytes)', () => {
  const put = (item: ReturnType<typeof itemOfSize>) =>
    stack.clients.dynamodb.send(new PutItemCommand({ TableName: stack.tableName, Item: item }));

  it('accepts an item of exactly 409,600 bytes', async () => {
    await expect(put(itemOfSize(409_600, 'x'))).resolves.toBeDefined();
    await expect(put(itemOfSize(409_600, '中'))).resolves.toBeDefined();
  });

  it('refuses an item of 409,603 bytes of Chinese text, which is 136,531 UTF-16 units', async () => {
    await expect(put(itemOfSize(409_603, '中'))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Item size has exceeded the maximum allowed size',
    });
  });

  it('refuses a whole BatchWriteItem that carries one such item, as DynamoDB does', async () => {
    const small = { pk: { S: 'P' }, sk: { S: 'small' } };
    await expect(
      stack.clients.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [stack.tableName]: [
              { PutRequest: { Item: small } },
              { PutRequest: { Item: itemOfSize(409_603, '中') } },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

describe('local SQS, message size (our queues: 256 KiB)', () => {
  it('refuses a message of 262,145 bytes and takes one of 262,144', async () => {
    const send = (bytes: number) =>
      stack.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.queueUrls.sync, MessageBody: 'x'.repeat(bytes) }),
      );
    await expect(send(262_145)).rejects.toMatchObject({
      name: expect.stringMatching(/InvalidParameterValue/),
    });
    await expect(send(262_144)).resolves.toBeDefined();
  });

  it('fails just the oversized entry of a batch', async () => {
    const result = await stack.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: stack.queueUrls.syncDlq,
        Entries: [
          { Id: 'small', MessageBody: 'x' },
          { Id: 'big', MessageBody: 'x'.repeat(262_145) },
        ],
      }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['small']);
    expect(result.Failed).toEqual([expect.objectContaining({ Id: 'big', SenderFault: true })]);
  });

  it('carries a task whose product has an emoji and U+FFFF, which SQS refuses unescaped', async () => {
    const product = {
      ...canonicalProduct('huye-coop', { sku: 'EMOJI-1' }),
      description: 'Roasted with love ☕🔥 \uffff',
    };
    const task = {
      v: 1 as const,
      action: 'upsert' as const,
      producerId: 'huye-coop',
      channel: 'tmall-global',
      sku: 'EMOJI-1',
      seq: 1,
      hash: 'h',
      catalogueId: 'cat-1',
      product,
    };
    await new SqsTaskQueue(stack.clients.sqs, stack.queueUrls.sync).send([task]);
    // The queue also holds the 262,144-byte message of the test above.
    const bodies: string[] = [];
    for (let round = 0; round < 5 && !bodies.some((body) => body.startsWith('{')); round += 1) {
      bodies.push(...(await receiveNow(stack.clients.sqs, stack.queueUrls.sync)).map((m) => m.Body ?? ''));
    }
    const received = bodies
      .filter((body) => body.startsWith('{'))
      .map((body) => syncTaskSchema.parse(JSON.parse(body)));
    expect(received.find((candidate) => candidate.sku === 'EMOJI-1')).toEqual(task);
  });
});

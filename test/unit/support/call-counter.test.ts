import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteMessageBatchCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, BatchWriteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AwsClients, createAwsClients } from '../../../functions/adapters/aws-client-factory.ts';
import { countCalls } from '../../support/call-counter.ts';

/** Answers every AWS JSON request with `{}`, after `failNext` throttling errors. */
let failNext = 0;
let server: Server;
let clients: AwsClients;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      if (failNext > 0) {
        failNext -= 1;
        response.statusCode = 500;
        response.end(JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError' }));
        return;
      }
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  clients = createAwsClients({
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    endpoints: { dynamodb: `http://127.0.0.1:${port}`, sqs: `http://127.0.0.1:${port}` },
    maxAttempts: 3,
  });
});

afterAll(async () => {
  clients.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  failNext = 0;
});

describe('countCalls', () => {
  it('counts document-client commands by their DynamoDB operation, with batch items', async () => {
    const counter = countCalls();
    clients.dynamodb.middlewareStack.use(counter);
    try {
      const doc = clients.documentClient;
      await doc.send(new PutCommand({ TableName: 't', Item: { pk: 'a' } }));
      await doc.send(
        new UpdateCommand({
          TableName: 't',
          Key: { pk: 'a' },
          UpdateExpression: 'SET x = :x',
          ExpressionAttributeValues: { ':x': 1 },
        }),
      );
      await doc.send(
        new BatchWriteCommand({
          RequestItems: {
            t: [{ PutRequest: { Item: { pk: 'b' } } }, { DeleteRequest: { Key: { pk: 'c' } } }],
            u: [{ PutRequest: { Item: { pk: 'd' } } }],
          },
        }),
      );
      await doc.send(new BatchGetCommand({ RequestItems: { t: { Keys: [{ pk: 'a' }, { pk: 'b' }] } } }));

      expect(counter.snapshot()).toEqual({
        calls: { PutItem: 1, UpdateItem: 1, BatchWriteItem: 1, BatchGetItem: 1 },
        items: { PutItem: 1, UpdateItem: 1, BatchWriteItem: 3, BatchGetItem: 2 },
        attempts: { PutItem: 1, UpdateItem: 1, BatchWriteItem: 1, BatchGetItem: 1 },
      });
      expect(counter.writes()).toBe(5);
      expect(counter.messages()).toBe(0);
    } finally {
      clients.dynamodb.middlewareStack.remove('feedbridgeCallCounterCalls');
      clients.dynamodb.middlewareStack.remove('feedbridgeCallCounterAttempts');
    }
  });

  it('counts SQS batch entries, and only sends count as messages', async () => {
    const counter = countCalls('sqsCounter');
    clients.sqs.middlewareStack.use(counter);
    try {
      await clients.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: 'http://sqs.us-east-1.localhost/000000000000/q',
          Entries: [1, 2, 3].map((n) => ({ Id: `e${n}`, MessageBody: String(n) })),
        }),
      );
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: 'http://sqs.us-east-1.localhost/000000000000/q',
          Entries: [{ Id: 'd', ReceiptHandle: 'r' }],
        }),
      );
      expect(counter.items('SendMessageBatch')).toBe(3);
      expect(counter.items('DeleteMessageBatch')).toBe(1);
      expect(counter.messages()).toBe(3);
      expect(counter.writes()).toBe(0);
    } finally {
      clients.sqs.middlewareStack.remove('sqsCounterCalls');
      clients.sqs.middlewareStack.remove('sqsCounterAttempts');
    }
  });

  it('counts a retried call once, and each of its HTTP attempts', async () => {
    const counter = countCalls('retryCounter');
    clients.dynamodb.middlewareStack.use(counter);
    // Adding the same counter twice must not double-count.
    clients.dynamodb.middlewareStack.use(counter);
    try {
      failNext = 2;
      await clients.documentClient.send(new PutCommand({ TableName: 't', Item: { pk: 'a' } }));
      expect(counter.calls('PutItem')).toBe(1);
      expect(counter.attempts('PutItem')).toBe(3);
      counter.reset();
      expect(counter.snapshot()).toEqual({ calls: {}, items: {}, attempts: {} });
    } finally {
      clients.dynamodb.middlewareStack.remove('retryCounterCalls');
      clients.dynamodb.middlewareStack.remove('retryCounterAttempts');
    }
  });
});

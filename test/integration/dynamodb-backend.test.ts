import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmbeddedStack,
  externalDynamoDbFromEnv,
  startEmbeddedStack,
} from '../../local/embedded-stack.ts';

/*
 * Which DynamoDB the integration suite ran against, checked rather than assumed: dynalite by
 * default; the official DynamoDB Local when FEEDBRIDGE_DYNAMODB=dynamodb-local (the conformance run
 * in .ci/run), which has what dynalite lacks (TransactWriteItems, UpdateTimeToLive).
 */

const external = externalDynamoDbFromEnv();
let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe(`the DynamoDB backend (${external ? `DynamoDB Local at ${external}` : 'dynalite'})`, () => {
  it('is the one the environment selected', () => {
    if (external) expect(stack.dynamodbEndpoint).toBe(external);
    else expect(stack.dynamodbEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('reports time to live as the backend supports it', () => {
    expect(stack.timeToLive.table).toBe(external ? 'ENABLED' : 'UNSUPPORTED');
  });

  it('runs TransactWriteItems only where the backend has it', async () => {
    const write = stack.clients.dynamodb.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: stack.tableName, Item: { pk: { S: 'PRODUCER#probe' }, sk: { S: 'META' } } } },
        ],
      }),
    );
    if (!external) {
      await expect(write).rejects.toMatchObject({ name: 'UnknownOperationException' });
      return;
    }
    await write;
    const stored = await stack.clients.documentClient.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: 'PRODUCER#probe', sk: 'META' } }),
    );
    expect(stored.Item).toEqual({ pk: 'PRODUCER#probe', sk: 'META' });
  });
});

import { createHash } from 'node:crypto';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.ts';
import { setHandlerEnvironment } from './handler-environment.ts';

setHandlerEnvironment();
process.env.IDEMPOTENCY_TABLE_NAME = 'feedbridge-idempotency-test';
const documents = mockClient(DynamoDBDocumentClient);
const dynamodb = mockClient(DynamoDBClient);
let handler: (event: { scheduledTime: string }, context: Context) => Promise<unknown>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/scheduled-sync.ts'));
});

afterEach(() => {
  documents.reset();
  dynamodb.reset();
});

/** No producer and nothing stuck: the run itself does nothing, so only idempotency calls remain. */
function emptyTable() {
  documents.on(QueryCommand).resolves({ Items: [] });
  dynamodb.on(PutItemCommand).resolves({});
  dynamodb.on(UpdateItemCommand).resolves({});
  dynamodb.on(DeleteItemCommand).resolves({});
}

describe('scheduled-sync handler, idempotency', () => {
  it('keys a run on the scheduled time EventBridge Scheduler puts in its input', async () => {
    emptyTable();
    // Exactly what the schedule's target input renders to (lib/constructs/invoke-function-target.ts).
    await handler(
      { scheduledTime: '2026-11-29T08:15:00Z' },
      createLambdaContext({ functionName: 'scheduled-sync' }),
    );
    expect(dynamodb).toHaveReceivedCommandWith(PutItemCommand, {
      TableName: 'feedbridge-idempotency-test',
      ConditionExpression: expect.stringContaining('attribute_not_exists'),
    });
    const key = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input.Item?.id?.S ?? '';
    // Powertools' record key: the function name, '#', and the base64 md5 of the selected value's JSON.
    const digest = createHash('md5').update('"2026-11-29T08:15:00Z"').digest('base64');
    expect(key.endsWith(`#${digest}`)).toBe(true);
  });

  it('refuses an event without a scheduled time instead of silently running without idempotency', async () => {
    emptyTable();
    await expect(
      handler(
        { id: 'an-eventbridge-event-id' } as unknown as { scheduledTime: string },
        createLambdaContext({ functionName: 'scheduled-sync' }),
      ),
    ).rejects.toMatchObject({ cause: { name: 'IdempotencyKeyError' } });
    expect(documents).not.toHaveReceivedCommand(QueryCommand);
  });
});

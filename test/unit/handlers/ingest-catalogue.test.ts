import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toApiGatewayEvent } from '../../../local/api-gateway-event.ts';
import { PRODUCER_CLAIM } from '../../../local/dev-auth.ts';
import { createLambdaContext } from '../../../local/lambda-context.ts';
import { catalogueJson } from '../../support/catalogue-builder.ts';
import { setHandlerEnvironment } from './handler-environment.ts';

setHandlerEnvironment();
const dynamodb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
let handler: (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof createLambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/ingest-catalogue.ts'));
});

afterEach(() => {
  dynamodb.reset();
  sqs.reset();
});

function uploadEvent(
  body: Buffer,
  options: { producerId?: string; token?: string | null; query?: string; contentType?: string } = {},
) {
  const producerId = options.producerId ?? 'huye-coop';
  const token = options.token === undefined ? producerId : options.token;
  return toApiGatewayEvent({
    method: 'POST',
    routeKey: 'POST /producers/{producerId}/catalogues',
    rawPath: `/producers/${producerId}/catalogues`,
    rawQueryString: options.query ?? '',
    headers: { 'content-type': options.contentType ?? 'application/json' },
    pathParameters: { producerId },
    body,
    claims: token === null ? null : { [PRODUCER_CLAIM]: token },
  });
}

function emptyProducer() {
  dynamodb.on(GetCommand).resolves({});
  dynamodb.on(QueryCommand).resolves({ Items: [] });
  dynamodb.on(UpdateCommand).resolves({});
  dynamodb.on(BatchWriteCommand).resolves({ UnprocessedItems: {} });
  dynamodb.on(PutCommand).resolves({});
  sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: { Id: string }[] }) => ({
    Successful: input.Entries.map((entry) => ({
      Id: entry.Id,
      MessageId: `m-${entry.Id}`,
      MD5OfMessageBody: '',
    })),
    Failed: [],
  }));
}

describe('ingest-catalogue handler', () => {
  it('answers 202 with the catalogue id, row counts and changes, and queues one task per product and channel', async () => {
    emptyProducer();
    const answer = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }, { sku: 'B' }, { sku: 'C' }])),
      createLambdaContext(),
    );
    expect(answer.statusCode).toBe(202);
    const body = JSON.parse(answer.body ?? '{}');
    expect(body).toMatchObject({
      catalogueId: expect.stringMatching(/^cat-[0-9a-f]{24}$/),
      rows: { total: 3, accepted: 3, rejected: 0, skipped: 0 },
      changes: { created: 3, updated: 0, unchanged: 0, delisted: 0 },
      errors: [],
    });
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries).toHaveLength(6);
    // The 6 PENDING sync states in one BatchWriteItem, then the 3 products in another: never a
    // product without its states. The sequence is claimed conditionally.
    const writtenKeys = dynamodb.commandCalls(BatchWriteCommand).map((call) =>
      Object.values(call.args[0].input.RequestItems ?? {})
        .flat()
        .map((request) => String(request.PutRequest?.Item?.sk).split('#')[0]),
    );
    expect(writtenKeys).toEqual([
      ['SYNC', 'SYNC', 'SYNC', 'SYNC', 'SYNC', 'SYNC'],
      ['PRODUCT', 'PRODUCT', 'PRODUCT'],
    ]);
    expect(dynamodb).toHaveReceivedCommandWith(UpdateCommand, {
      ConditionExpression: expect.stringContaining('attribute_not_exists(pk)'),
      ExpressionAttributeValues: expect.objectContaining({ ':next': 1, ':expected': 0 }),
    });
  });

  it('refuses another producer (403) and a request without identity (401) before reading anything', async () => {
    const forbidden = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }]), { token: 'other-coop' }),
      createLambdaContext(),
    );
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }]), { token: null }),
      createLambdaContext(),
    );
    expect(anonymous.statusCode).toBe(401);
    expect(dynamodb.calls()).toHaveLength(0);
    expect(sqs.calls()).toHaveLength(0);
  });

  it('answers 422 with the file-level code and writes nothing for a refused file', async () => {
    emptyProducer();
    const answer = await handler(
      uploadEvent(Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><catalogue/>'), {
        contentType: 'application/xml',
      }),
      createLambdaContext(),
    );
    expect(answer.statusCode).toBe(422);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'XML_DOCTYPE_REFUSED' } });
    expect(dynamodb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(dynamodb).not.toHaveReceivedCommand(PutCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('answers 400 for an unsupported format parameter', async () => {
    const answer = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }]), { query: 'format=pdf' }),
      createLambdaContext(),
    );
    expect(answer.statusCode).toBe(400);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'FORMAT_UNSUPPORTED' } });
  });

  it('answers 409 while another upload of the same producer holds the lease', async () => {
    emptyProducer();
    dynamodb.on(GetCommand, { Key: { pk: 'PRODUCER#huye-coop', sk: 'META' } }).resolves({
      Item: { seq: 7, leaseUntil: Date.now() + 60_000 },
    });
    const answer = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }]), { query: 'mode=delta' }),
      createLambdaContext(),
    );
    expect(answer.statusCode).toBe(409);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'UPLOAD_IN_PROGRESS' } });
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});

describe('ingest-catalogue handler, time', () => {
  const later = <T>(ms: number, value: T) =>
    new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('answers 503 INGEST_TIMEOUT when its reading outlasts its share of the time, and writes nothing', async () => {
    emptyProducer();
    // The first read takes 1.5 s of a 2 s function: past the 1.2 s it may spend reading, with half a
    // second before the function's own timeout (a 50 ms margin flipped to FUNCTION_TIMEOUT under load).
    dynamodb.on(GetCommand).callsFake(() => later(1_500, {}));
    const answer = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }])),
      createLambdaContext({ timeoutMs: 2_000 }),
    );
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'INGEST_TIMEOUT' } });
    expect(dynamodb).not.toHaveReceivedCommand(UpdateCommand);
    expect(dynamodb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });

  it('answers 503 FUNCTION_TIMEOUT when the function runs out of time, and does nothing after the answer', async () => {
    emptyProducer();
    dynamodb.on(GetCommand).callsFake(() => later(400, {}));
    const answer = await handler(
      uploadEvent(catalogueJson([{ sku: 'A' }])),
      createLambdaContext({ timeoutMs: 200 }),
    );
    expect(answer.statusCode).toBe(503);
    expect(JSON.parse(answer.body ?? '{}')).toMatchObject({ error: { code: 'FUNCTION_TIMEOUT' } });
    // The read the handler was waiting on returns after the answer: nothing may follow it.
    await later(500, null);
    expect(dynamodb).not.toHaveReceivedCommand(UpdateCommand);
    expect(dynamodb).not.toHaveReceivedCommand(BatchWriteCommand);
    expect(sqs).not.toHaveReceivedCommand(SendMessageBatchCommand);
  });
});

import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogueIdFor } from '../../../functions/core/sync/ingest-catalogue.ts';
import { CATALOGUE_ID_PATTERN } from '../../../functions/middleware/path-parameters.ts';
import { toApiGatewayEvent } from '../../../local/api-gateway-event.ts';
import { PRODUCER_CLAIM } from '../../../local/dev-auth.ts';
import { createLambdaContext } from '../../../local/lambda-context.ts';
import { setHandlerEnvironment } from './handler-environment.ts';

/*
 * Every path parameter becomes part of a DynamoDB key (at most 1,024 bytes) or an object key, so
 * each route checks its parameters before any AWS call: a malformed one is a 400 with a code,
 * never a 500 from DynamoDB. The claim is set to the path's producer, as if the identity
 * provider had issued it, so the check under test is the only thing between the path and AWS.
 */

setHandlerEnvironment();
const dynamodb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof createLambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;
let ingest: Handler;
let status: Handler;

beforeAll(async () => {
  ({ handler: ingest } = await import('../../../functions/ingest-catalogue.ts'));
  ({ handler: status } = await import('../../../functions/sync-status.ts'));
});

afterEach(() => {
  dynamodb.reset();
  sqs.reset();
});

function event(
  routeKey: string,
  pathParameters: Record<string, string>,
  query = '',
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', template = '/'] = routeKey.split(' ');
  const rawPath = template.replace(/\{(\w+)\}/gu, (_match, name: string) => pathParameters[name] ?? '');
  return toApiGatewayEvent({
    method,
    routeKey,
    rawPath,
    rawQueryString: query,
    headers: { 'content-type': 'text/csv' },
    pathParameters,
    body: method === 'POST' ? Buffer.from('sku,name,type,price\nA,Tea,tea,RWF 900\n') : Buffer.alloc(0),
    claims: { [PRODUCER_CLAIM]: pathParameters.producerId ?? '' },
  });
}

async function answer(handler: Handler, request: APIGatewayProxyEventV2WithJWTAuthorizer) {
  const result = await handler(request, createLambdaContext());
  return { status: result.statusCode, body: JSON.parse(result.body ?? '{}') };
}

const UPLOAD = 'POST /producers/{producerId}/catalogues';
const CATALOGUE = 'GET /producers/{producerId}/catalogues/{catalogueId}';
const SYNC_STATUS = 'GET /producers/{producerId}/sync-status';

describe('path parameters, on every route', () => {
  it.each([
    ['5,000 characters', 'p'.repeat(5_000)],
    ['upper case', 'Huye-Coop'],
    ['a key separator', 'huye#coop'],
    ['a path segment', '..'],
  ])(
    'refuses a producerId of %s with 400 PRODUCER_ID_INVALID before any AWS call',
    async (_case, producerId) => {
      for (const [handler, routeKey, parameters] of [
        [ingest, UPLOAD, { producerId }],
        [status, SYNC_STATUS, { producerId }],
        [status, CATALOGUE, { producerId, catalogueId: 'cat-0123456789abcdef01234567' }],
      ] as const) {
        const result = await answer(handler, event(routeKey, parameters));
        expect(result, routeKey).toMatchObject({
          status: 400,
          body: { error: { code: 'PRODUCER_ID_INVALID' } },
        });
      }
      expect(dynamodb.calls()).toHaveLength(0);
      expect(sqs.calls()).toHaveLength(0);
    },
  );

  it.each([
    ['5,000 characters', `cat-${'0'.repeat(4_996)}`],
    ['a key separator', 'cat-1#x'],
    ['a path segment', '../reports'],
    ['an encoded slash left in', 'cat-1%2Fx'],
  ])(
    'refuses a catalogueId of %s with 400 CATALOGUE_ID_INVALID before any AWS call',
    async (_case, catalogueId) => {
      const result = await answer(status, event(CATALOGUE, { producerId: 'huye-coop', catalogueId }));
      expect(result).toMatchObject({ status: 400, body: { error: { code: 'CATALOGUE_ID_INVALID' } } });
      expect(dynamodb.calls()).toHaveLength(0);
    },
  );

  it('accepts every catalogue id the API issues, and answers 404 for an unknown one', async () => {
    const issued = catalogueIdFor('huye-coop', 'full', Buffer.from('sku\n'));
    expect(issued).toMatch(CATALOGUE_ID_PATTERN);
    dynamodb.on(GetCommand).resolves({});
    const result = await answer(status, event(CATALOGUE, { producerId: 'huye-coop', catalogueId: issued }));
    expect(result).toMatchObject({ status: 404, body: { error: { code: 'CATALOGUE_NOT_FOUND' } } });
  });
});

describe('sync-status ?limit=', () => {
  it.each(['1e3', '0x10', '+5', ' 5', '5.0', '0', '1001', '', '0010', '١٠'])(
    'refuses limit=%j: decimal digits from 1 to 1000 only',
    async (limit) => {
      const result = await answer(
        status,
        event(SYNC_STATUS, { producerId: 'huye-coop' }, `limit=${encodeURIComponent(limit)}`),
      );
      expect(result).toMatchObject({ status: 400, body: { error: { code: 'LIMIT_INVALID' } } });
      expect(dynamodb.calls()).toHaveLength(0);
    },
  );

  it.each(['1', '1000', '250'])('takes limit=%s', async (limit) => {
    dynamodb.on(QueryCommand).resolves({ Items: [] });
    const result = await answer(status, event(SYNC_STATUS, { producerId: 'huye-coop' }, `limit=${limit}`));
    expect(result.status).toBe(200);
  });
});

describe('a query parameter given twice', () => {
  it('arrives joined by a comma, as API Gateway gives it, and is refused rather than half taken', async () => {
    const request = event(
      SYNC_STATUS,
      { producerId: 'huye-coop' },
      'channel=tmall-global&channel=freshippo&__proto__=x',
    );
    expect(request.queryStringParameters).toEqual({ channel: 'tmall-global,freshippo', ['__proto__']: 'x' });
    const result = await answer(status, request);
    expect(result.status).toBe(400);
    expect(dynamodb.calls()).toHaveLength(0);
  });
});

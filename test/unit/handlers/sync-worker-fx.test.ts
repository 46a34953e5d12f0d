import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLambdaContext } from '../../../local/lambda-context.ts';
import { canonicalProduct } from '../../support/catalogue-builder.ts';
import { setHandlerEnvironment } from './handler-environment.ts';

setHandlerEnvironment();
process.env.FX_RATES_PARAMETER = '/feedbridge/fx-rates';
const dynamodb = mockClient(DynamoDBDocumentClient);
const ssm = mockClient(SSMClient);
let handler: (event: SQSEvent, context: ReturnType<typeof createLambdaContext>) => Promise<unknown>;

beforeAll(async () => {
  ({ handler } = await import('../../../functions/sync-worker.ts'));
});

// No producer has saved a profile: no feed rules (the worker reads each batch producer's profile).
beforeEach(() => {
  dynamodb.on(GetCommand).resolves({});
});

afterEach(() => {
  dynamodb.reset();
  ssm.reset();
});

const ratesFromSsm = {
  rates: [{ from: 'USD', to: 'CNY', rate: '10.0000', date: '2026-11-28', source: 'SSM test rate' }],
};

function event(sku: string): SQSEvent {
  const task = {
    v: 1,
    action: 'upsert',
    producerId: 'huye-coop',
    channel: 'tmall-global',
    sku,
    seq: 1,
    hash: 'h',
    catalogueId: 'cat-1',
    product: canonicalProduct('huye-coop', { sku, price: '18.50' }),
  };
  return {
    Records: [
      {
        messageId: `m-${sku}`,
        receiptHandle: 'r',
        body: JSON.stringify(task),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:feedbridge-sync',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

describe('sync-worker FX rates from SSM', () => {
  it('prices with the rate in the SSM parameter and asks SSM once while the cache is fresh', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(ratesFromSsm) } });
    dynamodb.on(PutCommand).resolves({});
    await handler(event('A'), createLambdaContext());
    await handler(event('B'), createLambdaContext());
    expect(ssm).toHaveReceivedCommandTimes(GetParameterCommand, 1);
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/feedbridge/fx-rates' });
    const item = dynamodb.commandCalls(PutCommand)[0]?.args[0].input.Item as {
      item: { skus: { price: { minor: number; fx: { rate: string; source: string } } }[] };
    };
    expect(item.item.skus[0]?.price).toMatchObject({
      minor: 18500,
      fx: { rate: '10.0000', source: 'SSM test rate' },
    });
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  awsClientConfigFromEnv,
  createAwsClients,
  DEFAULT_REGION,
  DEFAULT_SDK_MAX_ATTEMPTS,
} from '../../../functions/adapters/aws-clients.ts';

describe('awsClientConfigFromEnv', () => {
  it('defaults to us-east-1, no endpoints and 5 attempts', () => {
    expect(awsClientConfigFromEnv({})).toEqual({ region: DEFAULT_REGION, endpoints: {}, maxAttempts: 5 });
    expect(DEFAULT_SDK_MAX_ATTEMPTS).toBe(5);
  });

  it('reads the region, the per-service endpoints and the attempts', () => {
    expect(
      awsClientConfigFromEnv({
        AWS_REGION: 'af-south-1',
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4000',
        AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4001',
        AWS_MAX_ATTEMPTS: '8',
      }),
    ).toEqual({
      region: 'af-south-1',
      endpoints: { dynamodb: 'http://127.0.0.1:4000', sqs: 'http://127.0.0.1:4001' },
      maxAttempts: 8,
    });
  });

  it('falls back to the global AWS_ENDPOINT_URL, as the SDK does', () => {
    expect(awsClientConfigFromEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' }).endpoints).toEqual({
      dynamodb: 'http://127.0.0.1:4566',
      sqs: 'http://127.0.0.1:4566',
      s3: 'http://127.0.0.1:4566',
    });
  });

  it('rejects a malformed AWS_MAX_ATTEMPTS at cold start', () => {
    expect(() => awsClientConfigFromEnv({ AWS_MAX_ATTEMPTS: 'many' })).toThrow(/AWS_MAX_ATTEMPTS/);
    expect(() => awsClientConfigFromEnv({ AWS_MAX_ATTEMPTS: '0' })).toThrow(/AWS_MAX_ATTEMPTS/);
  });
});

describe('createAwsClients', () => {
  it('points every client at the given endpoints, explicitly', async () => {
    const clients = createAwsClients({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      endpoints: { dynamodb: 'http://127.0.0.1:4000', sqs: 'http://127.0.0.1:4001' },
      maxAttempts: 4,
    });
    try {
      const dynamoEndpoint = await clients.dynamodb.config.endpoint?.();
      const sqsEndpoint = await clients.sqs.config.endpoint?.();
      expect(dynamoEndpoint).toMatchObject({ hostname: '127.0.0.1', port: 4000 });
      expect(sqsEndpoint).toMatchObject({ hostname: '127.0.0.1', port: 4001 });
      // Otherwise the SQS client would call the QueueUrl's host, which does not resolve locally.
      expect(clients.sqs.config.useQueueUrlAsEndpoint).toBe(false);
      expect(await clients.dynamodb.config.region()).toBe('eu-west-1');
      expect(await clients.sqs.config.maxAttempts()).toBe(4);
      const retryStrategy = await clients.dynamodb.config.retryStrategy();
      expect(retryStrategy).toMatchObject({ mode: 'standard' });
      expect(await clients.dynamodb.config.credentials()).toMatchObject({ accessKeyId: 'a' });
      // The document client rides on the same stack, so middleware added to one sees both.
      expect(clients.documentClient.middlewareStack).toBe(clients.dynamodb.middlewareStack);
      expect(clients.documentClient.config.translateConfig?.marshallOptions).toMatchObject({
        removeUndefinedValues: true,
        convertClassInstanceToMap: false,
      });
    } finally {
      clients.destroy();
    }
  });

  it('leaves the endpoints to the SDK on AWS', async () => {
    const clients = createAwsClients({ region: 'us-east-1' });
    try {
      expect(clients.dynamodb.config.endpoint).toBeUndefined();
      expect(clients.sqs.config.useQueueUrlAsEndpoint).toBe(true);
      expect(await clients.sqs.config.maxAttempts()).toBe(DEFAULT_SDK_MAX_ATTEMPTS);
    } finally {
      clients.destroy();
    }
  });
});

describe('module-scope clients', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('are not traced outside Lambda (the local stack, tests)', async () => {
    vi.resetModules();
    const module = await import('../../../functions/adapters/aws-clients.ts');
    expect(module.s3Client.middlewareStack.identify().join(' ')).not.toMatch(/XRaySDKInstrumentation/);
  });

  it('are configured once from the environment at import', async () => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:4100');
    vi.stubEnv('AWS_ENDPOINT_URL_SQS', 'http://127.0.0.1:4101');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '');
    vi.resetModules();
    const module = await import('../../../functions/adapters/aws-clients.ts');
    expect(await module.dynamoDbClient.config.region()).toBe('eu-central-1');
    expect(await module.dynamoDbClient.config.endpoint?.()).toMatchObject({ port: 4100 });
    expect(await module.sqsClient.config.endpoint?.()).toMatchObject({ port: 4101 });
    expect(await module.sqsClient.config.maxAttempts()).toBe(5);
    expect(module.documentClient.middlewareStack).toBe(module.dynamoDbClient.middlewareStack);
  });

  it('build S3 through the same factory: standard retries, 5 attempts, a request timeout', async () => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_MAX_ATTEMPTS', '');
    vi.resetModules();
    const module = await import('../../../functions/adapters/aws-clients.ts');
    expect(await module.s3Client.config.region()).toBe('eu-central-1');
    expect(await module.s3Client.config.maxAttempts()).toBe(5);
    expect(await module.s3Client.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    const handler = module.s3Client.config.requestHandler as unknown as {
      configProvider: Promise<{ requestTimeout?: number; connectionTimeout?: number }>;
    };
    expect(await handler.configProvider).toMatchObject({ requestTimeout: 60_000, connectionTimeout: 3_000 });
  });

  it('are traced: with tracing on, every client carries the X-Ray capture middleware', async () => {
    vi.stubEnv('POWERTOOLS_TRACE_ENABLED', 'true');
    // The tracer traces only inside Lambda, which it tells by AWS_EXECUTION_ENV.
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    vi.stubEnv('AWS_XRAY_CONTEXT_MISSING', 'IGNORE_ERROR');
    vi.resetModules();
    const module = await import('../../../functions/adapters/aws-clients.ts');
    for (const client of [module.dynamoDbClient, module.sqsClient, module.s3Client]) {
      expect(client.middlewareStack.identify().join(' ')).toMatch(/XRaySDKInstrumentation/);
    }
  });
});

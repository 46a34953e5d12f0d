import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The AWS SDK clients every handler shares, built once per cold start from the environment.
 *
 * Endpoints: SDK v3 (checked on the installed 3.11xx) honours AWS_ENDPOINT_URL_DYNAMODB and
 * AWS_ENDPOINT_URL_SQS natively, but for SQS that is not enough: the SQS client's queue-URL middleware
 * sends each request to the host of the QueueUrl unless `endpoint` is set in the client config, and
 * the local SQS emulator's queue URLs (sqs.<region>.localhost) do not resolve. So the endpoints are read
 * here and passed explicitly; on AWS they are unset and the SDK resolves the regional endpoints.
 */

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface AwsClientConfig {
  readonly region: string;
  /** Set for the embedded stack and tests; unset on AWS. */
  readonly endpoints?: { readonly dynamodb?: string; readonly sqs?: string; readonly s3?: string };
  /** Unset on AWS (the default provider chain reads the Lambda role's credentials). */
  readonly credentials?: AwsCredentials;
  /** Total attempts per call, first one included; the standard retry mode backs off exponentially with jitter. */
  readonly maxAttempts?: number;
  /** Per-attempt HTTP timeouts in ms; a timed-out attempt is retried like any transient failure. */
  readonly timeouts?: {
    readonly connectMs?: number;
    readonly dynamodbRequestMs?: number;
    readonly sqsRequestMs?: number;
    readonly s3RequestMs?: number;
  };
}

export interface AwsClients {
  readonly config: AwsClientConfig;
  readonly dynamodb: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  readonly sqs: SQSClient;
  /** Closes the clients' keep-alive sockets (the embedded stack calls it before stopping its servers). */
  destroy(): void;
}

export const DEFAULT_REGION = 'us-east-1';
/**
 * Attempts the SDK makes for one request that fails as a whole (throttling, a 5xx, a timeout), the
 * first included, with its own backoff. Not DEFAULT_MAX_SENDS_PER_ITEM (retry.ts), which bounds an
 * item a successful batch response handed back. 5 rather than the SDK's 3: a Lambda has time to
 * wait out a short throttle, and a failed batch write costs the whole upload a retry.
 */
export const DEFAULT_SDK_MAX_ATTEMPTS = 5;

const DEFAULT_TIMEOUTS = {
  connectMs: 3_000,
  dynamodbRequestMs: 10_000,
  // Above the 20 s long-poll a ReceiveMessage may wait, so a long poll is never cut short.
  sqsRequestMs: 25_000,
  // Feeds and uploaded catalogues are up to tens of MB per part: longer than a DynamoDB call.
  s3RequestMs: 60_000,
} as const;

function positiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Reads the client configuration from the environment; credentials stay with the SDK's provider chain. */
export function awsClientConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AwsClientConfig {
  const dynamodb = nonEmpty(env.AWS_ENDPOINT_URL_DYNAMODB) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const sqs = nonEmpty(env.AWS_ENDPOINT_URL_SQS) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  const s3 = nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  return {
    region: nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? DEFAULT_REGION,
    endpoints: {
      ...(dynamodb ? { dynamodb } : {}),
      ...(sqs ? { sqs } : {}),
      ...(s3 ? { s3 } : {}),
    },
    // AWS_MAX_ATTEMPTS is the SDK's own variable; read here so the default is 5, not the SDK's 3.
    maxAttempts: positiveInteger('AWS_MAX_ATTEMPTS', env.AWS_MAX_ATTEMPTS, DEFAULT_SDK_MAX_ATTEMPTS),
  };
}

function commonConfig(config: AwsClientConfig, requestTimeoutMs: number) {
  return {
    region: config.region,
    maxAttempts: config.maxAttempts ?? DEFAULT_SDK_MAX_ATTEMPTS,
    retryMode: 'standard',
    ...(config.credentials ? { credentials: config.credentials } : {}),
    requestHandler: {
      connectionTimeout: config.timeouts?.connectMs ?? DEFAULT_TIMEOUTS.connectMs,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  } as const;
}

export function createDynamoDbClient(config: AwsClientConfig): DynamoDBClient {
  return new DynamoDBClient({
    ...commonConfig(config, config.timeouts?.dynamodbRequestMs ?? DEFAULT_TIMEOUTS.dynamodbRequestMs),
    ...(config.endpoints?.dynamodb ? { endpoint: config.endpoints.dynamodb } : {}),
  });
}

export function createDocumentClient(dynamodb: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(dynamodb, {
    // Optional fields of our records are often undefined; DynamoDB rejects undefined values.
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

export function createSqsClient(config: AwsClientConfig): SQSClient {
  const endpoint = config.endpoints?.sqs;
  return new SQSClient({
    ...commonConfig(config, config.timeouts?.sqsRequestMs ?? DEFAULT_TIMEOUTS.sqsRequestMs),
    ...(endpoint ? { endpoint, useQueueUrlAsEndpoint: false } : {}),
  });
}

/** S3 with the same retries and timeouts as the other clients (a bare `new S3Client({})` has none). */
export function createS3Client(config: AwsClientConfig): S3Client {
  const endpoint = config.endpoints?.s3;
  return new S3Client({
    ...commonConfig(config, config.timeouts?.s3RequestMs ?? DEFAULT_TIMEOUTS.s3RequestMs),
    // An emulator's endpoint takes bucket names in the path, not as a subdomain.
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

export function createAwsClients(config: AwsClientConfig): AwsClients {
  const dynamodb = createDynamoDbClient(config);
  const documentClient = createDocumentClient(dynamodb);
  const sqs = createSqsClient(config);
  return {
    config,
    dynamodb,
    documentClient,
    sqs,
    destroy() {
      // The document client wraps `dynamodb`; destroying that one closes the shared sockets.
      dynamodb.destroy();
      sqs.destroy();
    },
  };
}

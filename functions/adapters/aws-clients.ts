import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../observability.ts';
import {
  awsClientConfigFromEnv,
  createDocumentClient,
  createDynamoDbClient,
  createS3Client,
  createSqsClient,
} from './aws-client-factory.ts';

export * from './aws-client-factory.ts';

/*
 * The handlers' clients, built from the environment when this module is first imported (the cold
 * start). Only handler code imports this module; the local stack builds its own clients with the
 * factory, so importing it never freezes an environment the handlers have not been given yet.
 */
const envConfig = /* @__PURE__ */ awsClientConfigFromEnv();

/** X-Ray subsegments per SDK call (a no-op when POWERTOOLS_TRACE_ENABLED is false, as locally). */
function traced<Client extends object>(client: Client): Client {
  return tracer.captureAWSv3Client(client);
}

/*
 * Module-scope singletons, so warm invocations reuse connections. Each is marked pure: a handler
 * bundle that never touches SQS lets esbuild drop the SQS client (and its package) entirely. The
 * document client wraps the traced DynamoDB client, so its calls are traced too.
 */
export const dynamoDbClient: DynamoDBClient = /* @__PURE__ */ traced(
  /* @__PURE__ */ createDynamoDbClient(envConfig),
);
export const documentClient: DynamoDBDocumentClient = /* @__PURE__ */ createDocumentClient(dynamoDbClient);
export const sqsClient: SQSClient = /* @__PURE__ */ traced(/* @__PURE__ */ createSqsClient(envConfig));
export const s3Client: S3Client = /* @__PURE__ */ traced(/* @__PURE__ */ createS3Client(envConfig));

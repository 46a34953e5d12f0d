import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  awsClientConfigFromEnv,
  createDocumentClient,
  createDynamoDbClient,
  createSqsClient,
} from './aws-client-factory.ts';

export * from './aws-client-factory.ts';

/*
 * The handlers' clients, built from the environment when this module is first imported (the cold
 * start). Only handler code imports this module; the local stack builds its own clients with the
 * factory, so importing it never freezes an environment the handlers have not been given yet.
 */
const envConfig = /* @__PURE__ */ awsClientConfigFromEnv();

/*
 * Module-scope singletons, so warm invocations reuse connections. Each is marked pure: a handler
 * bundle that never touches SQS lets esbuild drop the SQS client (and its package) entirely.
 */
export const dynamoDbClient: DynamoDBClient = /* @__PURE__ */ createDynamoDbClient(envConfig);
export const documentClient: DynamoDBDocumentClient = /* @__PURE__ */ createDocumentClient(dynamoDbClient);
export const sqsClient: SQSClient = /* @__PURE__ */ createSqsClient(envConfig);

import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { HandlerName } from '../functions/adapters/resource-definitions.ts';
import { LAMBDA_REQUEST_MAX_BYTES } from '../functions/core/service-limits.ts';
import { oversizedRequestMessage, payloadBytes, toApiGatewayEvent } from './api-gateway-event.ts';
import { createLambdaContext } from './lambda-context.ts';

export type HttpLambda = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpInvocation {
  /** The deployed function behind the route: its context counts down from that function's timeout. */
  functionName: HandlerName;
  method: string;
  routeKey: string;
  path: string;
  pathParameters: Record<string, string>;
  query?: string;
  contentType?: string;
  body?: Buffer;
  /** Verified JWT claims, as the API's authorizer passes them; null for none. */
  claims: Record<string, string> | null;
}

export interface HttpAnswer {
  statusCode: number;
  body: unknown;
  /** The result's size as Lambda counts it against its response limit. */
  responseBytes: number;
}

/**
 * Calls an HTTP handler in-process with the event API Gateway would build, and parses its JSON
 * answer. An event over Lambda's request limit is answered 413 without calling the handler, as
 * the local HTTP API does.
 */
export async function invokeHttp(handler: HttpLambda, call: HttpInvocation): Promise<HttpAnswer> {
  const event = toApiGatewayEvent({
    method: call.method,
    routeKey: call.routeKey,
    rawPath: call.path,
    rawQueryString: call.query ?? '',
    headers: call.contentType ? { 'content-type': call.contentType } : {},
    pathParameters: call.pathParameters,
    body: call.body ?? Buffer.alloc(0),
    claims: call.claims,
  });
  const eventBytes = payloadBytes(event);
  if (eventBytes > LAMBDA_REQUEST_MAX_BYTES) {
    const body = { error: { code: 'PAYLOAD_TOO_LARGE', message: oversizedRequestMessage(eventBytes) } };
    return { statusCode: 413, body, responseBytes: payloadBytes(body) };
  }
  const answer = await handler(event, createLambdaContext({ functionName: call.functionName }));
  return {
    statusCode: answer.statusCode ?? 200,
    body: answer.body ? JSON.parse(answer.body) : null,
    responseBytes: payloadBytes(answer),
  };
}

export const routes = {
  upload: (
    producerId: string,
    body: Buffer,
    contentType: string,
    query = '',
  ): Omit<HttpInvocation, 'claims'> => ({
    functionName: 'ingest-catalogue',
    method: 'POST',
    routeKey: 'POST /producers/{producerId}/catalogues',
    path: `/producers/${producerId}/catalogues`,
    pathParameters: { producerId },
    contentType,
    body,
    query,
  }),
  syncStatus: (producerId: string, query = ''): Omit<HttpInvocation, 'claims'> => ({
    functionName: 'sync-status',
    method: 'GET',
    routeKey: 'GET /producers/{producerId}/sync-status',
    path: `/producers/${producerId}/sync-status`,
    pathParameters: { producerId },
    query,
  }),
  catalogue: (producerId: string, catalogueId: string, query = ''): Omit<HttpInvocation, 'claims'> => ({
    functionName: 'sync-status',
    method: 'GET',
    routeKey: 'GET /producers/{producerId}/catalogues/{catalogueId}',
    path: `/producers/${producerId}/catalogues/${catalogueId}`,
    pathParameters: { producerId, catalogueId },
    query,
  }),
};

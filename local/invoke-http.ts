import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { toApiGatewayEvent } from './api-gateway-event.ts';
import { createLambdaContext } from './lambda-context.ts';

export type HttpLambda = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface HttpInvocation {
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
}

/** Calls an HTTP handler in-process with the event API Gateway would build, and parses its JSON answer. */
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
  const answer = await handler(event, createLambdaContext());
  return { statusCode: answer.statusCode ?? 200, body: answer.body ? JSON.parse(answer.body) : null };
}

export const routes = {
  upload: (
    producerId: string,
    body: Buffer,
    contentType: string,
    query = '',
  ): Omit<HttpInvocation, 'claims'> => ({
    method: 'POST',
    routeKey: 'POST /producers/{producerId}/catalogues',
    path: `/producers/${producerId}/catalogues`,
    pathParameters: { producerId },
    contentType,
    body,
    query,
  }),
  syncStatus: (producerId: string, query = ''): Omit<HttpInvocation, 'claims'> => ({
    method: 'GET',
    routeKey: 'GET /producers/{producerId}/sync-status',
    path: `/producers/${producerId}/sync-status`,
    pathParameters: { producerId },
    query,
  }),
  catalogue: (producerId: string, catalogueId: string, query = ''): Omit<HttpInvocation, 'claims'> => ({
    method: 'GET',
    routeKey: 'GET /producers/{producerId}/catalogues/{catalogueId}',
    path: `/producers/${producerId}/catalogues/${catalogueId}`,
    pathParameters: { producerId, catalogueId },
    query,
  }),
};

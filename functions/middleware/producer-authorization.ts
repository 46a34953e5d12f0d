import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorResponse } from './http-response.ts';

export interface ProducerAuthorizationOptions {
  /** The JWT claim carrying the producer id: a Cognito custom attribute on AWS and in dev tokens. */
  claim?: string;
}

const defaults: Required<ProducerAuthorizationOptions> = { claim: 'custom:producerId' };

type HttpRequest = Request<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2>;

/**
 * A producer sees only their own catalogues and status. The API's JWT authorizer has already
 * verified the token; this refuses a missing identity (401) and any other producer's path (403).
 */
export function producerAuthorization(
  options: ProducerAuthorizationOptions = {},
): MiddlewareObj<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2> {
  const { claim } = { ...defaults, ...options };

  const producerAuthorizationBefore = async (request: HttpRequest) => {
    const claims = request.event.requestContext?.authorizer?.jwt?.claims;
    const producerId = claims?.[claim];
    if (typeof producerId !== 'string' || producerId.length === 0) {
      return errorResponse(401, 'UNAUTHENTICATED', 'a bearer token for a producer is required');
    }
    if (request.event.pathParameters?.producerId !== producerId) {
      return errorResponse(403, 'FORBIDDEN', 'this token may only access its own producer');
    }
    return undefined;
  };

  return { before: producerAuthorizationBefore };
}

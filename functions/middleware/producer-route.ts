import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { logger, tracer } from '../observability.ts';
import { httpErrors } from './http-errors.ts';
import { validPathParameters } from './path-parameters.ts';
import { producerAuthorization } from './producer-authorization.ts';
import { responseLanguage } from './response-language.ts';

type ProducerRouteHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  options: { signal?: AbortSignal },
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The middleware every producer route runs, in this order: tracing, the request's logger context,
 * messages in the request's language, errors as coded answers, the token's producer against the path's, then the path parameters.
 */
export function producerRoute(handler: ProducerRouteHandler) {
  return middy(handler)
    .use(captureLambdaHandler(tracer))
    .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
    .use(responseLanguage())
    .use(httpErrors())
    .use(producerAuthorization())
    .use(validPathParameters());
}

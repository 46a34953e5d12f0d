import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { pullSource, SourceNotSetError } from './core/source/pull-source.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { producerRoute } from './middleware/producer-route.ts';
import { logger } from './observability.ts';
import { pullDependencies } from './wiring/source-pull.ts';

/** Of the time left once the fetch is done, the share the ingest may spend reading (as the direct route). */
const READING_SHARE = 0.6;

/**
 * POST /producers/{producerId}/pulls: fetch the profile's source now. 200 with
 * { status: INGESTED | UNCHANGED | FAILED, catalogueId?, code?, message? }; 404 SOURCE_NOT_SET.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  { signal }: { signal?: AbortSignal } = {},
): Promise<APIGatewayProxyStructuredResultV2> => {
  const producerId = event.pathParameters?.producerId ?? '';
  const writeDeadline = Date.now() + Math.floor(context.getRemainingTimeInMillis() * READING_SHARE);
  try {
    const answer = await pullSource(
      producerId,
      pullDependencies({ writeDeadline, ...(signal ? { signal } : {}) }),
    );
    logger.info('source pulled', { producerId, ...answer });
    return jsonResponse(200, answer);
  } catch (error) {
    if (error instanceof SourceNotSetError) return errorResponse(404, error.code, error.message);
    throw error;
  }
};

export const handler = producerRoute(lambdaHandler);

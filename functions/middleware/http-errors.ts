import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CatalogueFileError } from '../core/catalogue/codes.ts';
import { IngestTimeoutError, InvalidCursorError, UploadInProgressError } from '../core/sync/sync-errors.ts';
import { logger } from '../observability.ts';
import { errorResponse } from './http-response.ts';

/** A request the handler refused before doing anything: a 400 with a stable code. */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type HttpRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

/** The error middy's timeoutEarlyResponse throws when the function is about to time out. */
function isMiddyTimeout(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.name === 'TimeoutError' &&
    (error.cause as { package?: unknown } | undefined)?.package === '@middy/core'
  );
}

/**
 * Maps the errors the use cases throw on purpose to answers with stable codes; anything else is
 * logged with its stack and answered 500 without internals.
 */
export function httpErrors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const httpErrorsOnError = async (request: HttpRequest) => {
    const { error } = request;
    if (error instanceof CatalogueFileError) {
      request.response = errorResponse(422, error.code, error.message, { line: error.line });
    } else if (error instanceof BadRequestError || error instanceof InvalidCursorError) {
      request.response = errorResponse(400, error.code, error.message);
    } else if (error instanceof UploadInProgressError) {
      request.response = errorResponse(409, error.code, error.message);
    } else if (error instanceof IngestTimeoutError) {
      request.response = errorResponse(503, error.code, error.message);
    } else if (isMiddyTimeout(error)) {
      // middy answers just before the Lambda timeout; the handler's abort signal stops its work.
      request.response = errorResponse(
        503,
        'FUNCTION_TIMEOUT',
        'the request ran out of time before it finished; sending the same upload again is safe and completes whatever was cut short',
      );
    } else {
      logger.error('request failed', error instanceof Error ? error : String(error));
      request.response = errorResponse(
        500,
        'INTERNAL_ERROR',
        'the request could not be completed; try again',
      );
    }
  };
  return { onError: httpErrorsOnError };
}

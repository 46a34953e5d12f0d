import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { LAMBDA_RESPONSE_MAX_BYTES } from '../core/service-limits.ts';
import { logger } from '../observability.ts';

function result(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/**
 * A JSON answer. Lambda counts its response limit on the result as JSON, where the body is a
 * string again (every quote in it escaped), and past the limit the gateway answers a bare 502.
 * Every answer is bounded by construction (findings pages, item pages); this last check only
 * turns a bug into a clear error, and must never fire.
 */
export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  const answer = result(statusCode, body);
  const bytes = Buffer.byteLength(JSON.stringify(answer), 'utf8');
  if (bytes <= LAMBDA_RESPONSE_MAX_BYTES) return answer;
  logger.error('answer over the Lambda response limit', { statusCode, bytes });
  return errorResponse(
    500,
    'RESPONSE_TOO_LARGE',
    `the answer would be ${bytes} bytes, over Lambda's ${LAMBDA_RESPONSE_MAX_BYTES}-byte limit`,
  );
}

/** Every error answer has one shape: a stable code a script can branch on, and a message. */
export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  return result(statusCode, { error: { code, message, ...extra } });
}

import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export function jsonResponse(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/** Every error answer has one shape: a stable code a script can branch on, and a message. */
export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  return jsonResponse(statusCode, { error: { code, message, ...extra } });
}

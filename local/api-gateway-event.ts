import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { LAMBDA_REQUEST_MAX_BYTES } from '../functions/core/service-limits.ts';

export interface LocalHttpRequest {
  method: string;
  routeKey: string;
  rawPath: string;
  rawQueryString: string;
  headers: Record<string, string>;
  pathParameters: Record<string, string>;
  body: Buffer;
  claims: Record<string, string> | null;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|csv))/;

/**
 * As API Gateway's payload 2.0 gives them: a parameter given twice is one value, joined by a comma
 * ("channel=a&channel=b" is "a,b"), which the handlers then refuse as they do on AWS. Taking the
 * last one instead answered for one of them without a word.
 */
function combinedParameters(query: URLSearchParams): Record<string, string> {
  // A Map, then own properties: a parameter named __proto__ must stay a parameter.
  const combined = new Map<string, string>();
  for (const [name, value] of query.entries()) {
    const earlier = combined.get(name);
    combined.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return Object.fromEntries(combined);
}

/** The API Gateway HTTP API (payload 2.0) event the deployed handlers receive, built locally. */
export function toApiGatewayEvent(request: LocalHttpRequest): APIGatewayProxyEventV2WithJWTAuthorizer {
  const contentType = request.headers['content-type'] ?? '';
  // API Gateway base64-encodes bodies it does not know to be text; XLSX and UTF-16 CSV are not.
  const isBase64Encoded = request.body.length > 0 && !(TEXT_TYPES.test(contentType) && isUtf8(request.body));
  const query = new URLSearchParams(request.rawQueryString);
  const queryStringParameters = combinedParameters(query);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: request.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers: request.headers,
    ...(query.size > 0 ? { queryStringParameters } : {}),
    pathParameters: request.pathParameters,
    isBase64Encoded,
    ...(request.body.length > 0
      ? { body: isBase64Encoded ? request.body.toString('base64') : request.body.toString('utf8') }
      : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: request.method,
        path: request.rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: request.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: request.routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: request.claims ?? {}, scopes: [] },
      },
    },
  };
}

/** What Lambda counts a synchronous event or result by: its JSON, in bytes. */
export function payloadBytes(payload: unknown): number {
  return Buffer.byteLength(JSON.stringify(payload), 'utf8');
}

/** The 413 message: how big the request was as an event (null: the body alone was too big), and what to send instead. */
export function oversizedRequestMessage(eventBytes: number | null): string {
  const size =
    eventBytes === null
      ? 'the body alone is larger than that'
      : `the request is ${eventBytes} bytes as an event`;
  return (
    `Lambda takes events of at most ${LAMBDA_REQUEST_MAX_BYTES} bytes and ${size} ` +
    '(a binary file such as XLSX travels base64-encoded, a third larger): send at most about 4.7 MB of XLSX ' +
    'or 6.2 MB of text this way; send a larger catalogue through the upload route: POST /producers/{producerId}/uploads ' +
    'answers a URL to PUT the file to (any size up to the upload limit), or split it into delta uploads'
  );
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

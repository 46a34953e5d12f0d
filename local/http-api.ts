import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { HTTP_API_INTEGRATION_TIMEOUT_SECONDS } from '../functions/adapters/resource-definitions.ts';
import {
  HTTP_API_BODY_MAX_BYTES,
  LAMBDA_REQUEST_MAX_BYTES,
  LAMBDA_RESPONSE_MAX_BYTES,
} from '../functions/core/service-limits.ts';
import { oversizedRequestMessage, payloadBytes, toApiGatewayEvent } from './api-gateway-event.ts';
import { DEV_SIGN_IN_PATH, handleDevSignIn, type MintDevToken } from './dev-sign-in.ts';
import { createLambdaContext } from './lambda-context.ts';
import type { PortalAssets } from './portal-assets.ts';

export type HttpHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

interface Route {
  method: string;
  routeKey: string;
  pattern: RegExp;
  params: string[];
  handler: HttpHandler;
  functionName: string;
  timeoutMs?: number;
}

export interface LocalHttpApiOptions {
  /**
   * `functionName` names the deployed function: its Lambda context counts down from that
   * function's timeout, unless `timeoutMs` (tests) says otherwise.
   */
  routes: { routeKey: string; handler: HttpHandler; functionName: string; timeoutMs?: number }[];
  /** Verifies a bearer token and returns its claims; null refuses the request with 401, as the JWT authorizer does. */
  authenticate: (token: string) => Promise<Record<string, string> | null>;
  /** API Gateway's integration timeout; shorter only in tests. */
  integrationTimeoutMs?: number;
  /**
   * What answers S3's part locally (signed upload and download URLs, checked by their signature,
   * not by a bearer token); true when it answered.
   */
  objectEndpoints?: {
    handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
  };
  /** The portal (`feedbridge serve`): every path outside the API's prefixes. */
  portal?: PortalAssets;
  /** Mints a dev token for `POST /dev/sign-in`; without it the route does not exist. */
  devSignIn?: MintDevToken;
}

function compile(routeKey: string): { method: string; pattern: RegExp; params: string[] } {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const params: string[] = [];
  const source = path.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { method, pattern: new RegExp(`^${source}$`), params };
}

function send(
  response: ServerResponse,
  statusCode: number,
  headers: Record<string, string>,
  body: string | Buffer,
): void {
  response.writeHead(statusCode, headers);
  response.end(body);
}

function sendError(response: ServerResponse, statusCode: number, code: string, message: string): void {
  send(
    response,
    statusCode,
    { 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify({ error: { code, message } }),
  );
}

/** The route's path parameters, percent-decoded; null when an escape is malformed (a 400, not a crash). */
function decodePathParameters(route: Route, pathname: string): Record<string, string> | null {
  const match = route.pattern.exec(pathname);
  const parameters: Record<string, string> = {};
  for (const [index, name] of route.params.entries()) {
    try {
      parameters[name] = decodeURIComponent(match?.[index + 1] ?? '');
    } catch {
      return null;
    }
  }
  return parameters;
}

/**
 * The body, or null when it is longer than any Lambda event can be (then it is read to the end,
 * up to the gateway's own limit, so that the client gets its 413 instead of a broken connection).
 */
async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > HTTP_API_BODY_MAX_BYTES) return null;
    if (size <= LAMBDA_REQUEST_MAX_BYTES) chunks.push(buffer);
  }
  return size > LAMBDA_REQUEST_MAX_BYTES ? null : Buffer.concat(chunks);
}

function headersOf(request: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(request.headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]],
    ),
  );
}

type Invocation = { kind: 'answered'; answer: APIGatewayProxyStructuredResultV2 } | { kind: 'timed-out' };

/**
 * The handler's answer, or 'timed-out' once the integration timeout passes, as API Gateway stops
 * waiting then. The handler is not stopped (nothing can stop a promise); a handler that watches its
 * context deadline, as ingest-catalogue does, has stopped before.
 */
async function invokeWithin(
  route: Route,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  timeoutMs: number,
): Promise<Invocation> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<Invocation>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMs);
  });
  const answered = route
    .handler(
      event,
      createLambdaContext({
        functionName: route.functionName,
        ...(route.timeoutMs === undefined ? {} : { timeoutMs: route.timeoutMs }),
      }),
    )
    .then((answer): Invocation => ({ kind: 'answered', answer }));
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The deployed HTTP API on loopback: same routes, same payload-2.0 events, same handlers, a JWT
 * check in front of every route like the API's authorizer, and AWS's limits: Lambda's 6 MB request
 * and response payloads (413 and 502) and the 30 s integration timeout (503).
 */
export function createLocalHttpApi(options: LocalHttpApiOptions): Server {
  const routes: Route[] = options.routes.map((route) => ({ ...route, ...compile(route.routeKey) }));
  const integrationTimeoutMs = options.integrationTimeoutMs ?? HTTP_API_INTEGRATION_TIMEOUT_SECONDS * 1000;
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (options.objectEndpoints && (await options.objectEndpoints.handle(request, response, url))) return;
      if (options.devSignIn && url.pathname === DEV_SIGN_IN_PATH)
        return await handleDevSignIn(request, response, options.devSignIn);
      if (options.portal && (await options.portal.handle(request, response))) return;
      const candidates = routes.filter((route) => route.pattern.test(url.pathname));
      if (candidates.length === 0)
        return sendError(response, 404, 'ROUTE_NOT_FOUND', `no route for ${url.pathname}`);
      const route = candidates.find((candidate) => candidate.method === request.method);
      if (!route)
        return sendError(response, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed here`);
      const pathParameters = decodePathParameters(route, url.pathname);
      if (pathParameters === null)
        return sendError(response, 400, 'PATH_MALFORMED', 'the path has a malformed percent-escape');
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
      const claims = token ? await options.authenticate(token) : null;
      if (!claims) return sendError(response, 401, 'UNAUTHENTICATED', 'a valid bearer token is required');
      const body = await readBody(request);
      if (body === null) {
        return sendError(response, 413, 'PAYLOAD_TOO_LARGE', oversizedRequestMessage(null));
      }
      const event = toApiGatewayEvent({
        method: route.method,
        routeKey: route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers: headersOf(request),
        pathParameters,
        body,
        claims,
      });
      const eventBytes = payloadBytes(event);
      if (eventBytes > LAMBDA_REQUEST_MAX_BYTES) {
        return sendError(response, 413, 'PAYLOAD_TOO_LARGE', oversizedRequestMessage(eventBytes));
      }
      const invocation = await invokeWithin(route, event, integrationTimeoutMs);
      if (invocation.kind === 'timed-out') {
        return sendError(
          response,
          503,
          'INTEGRATION_TIMEOUT',
          `${route.functionName} did not answer within the gateway's ${integrationTimeoutMs / 1000} s`,
        );
      }
      const { answer } = invocation;
      const answerBytes = payloadBytes(answer);
      if (answerBytes > LAMBDA_RESPONSE_MAX_BYTES) {
        return sendError(
          response,
          502,
          'RESPONSE_TOO_LARGE',
          `${route.functionName} answered ${answerBytes} bytes, over Lambda's ${LAMBDA_RESPONSE_MAX_BYTES}-byte response limit`,
        );
      }
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers ?? {})) answerHeaders[name] = String(value);
      const answerBody = answer.body ?? '';
      // A base64 answer is binary: its bytes go out as they are, never re-encoded as text.
      send(
        response,
        answer.statusCode ?? 200,
        answerHeaders,
        answer.isBase64Encoded ? Buffer.from(answerBody, 'base64') : answerBody,
      );
    })().catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'INTERNAL_ERROR', 'the local API failed to answer');
      process.stderr.write(`feedbridge serve: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { toApiGatewayEvent } from './api-gateway-event.ts';
import { createLambdaContext } from './lambda-context.ts';

type HttpHandler = (
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
}

export interface LocalHttpApiOptions {
  routes: { routeKey: string; handler: HttpHandler; functionName: string }[];
  /** Verifies a bearer token and returns its claims; null refuses the request with 401, as the JWT authorizer does. */
  authenticate: (token: string) => Promise<Record<string, string> | null>;
  /** API Gateway's payload limit for HTTP APIs. */
  maxBodyBytes?: number;
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

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * The deployed HTTP API on loopback: same routes, same payload-2.0 events, same handlers, and a
 * JWT check in front of every route like the API's authorizer.
 */
export function createLocalHttpApi(options: LocalHttpApiOptions): Server {
  const routes: Route[] = options.routes.map((route) => ({ ...route, ...compile(route.routeKey) }));
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  return createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
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
      const body = await readBody(request, maxBodyBytes);
      if (body === null)
        return sendError(response, 413, 'PAYLOAD_TOO_LARGE', `the body exceeds ${maxBodyBytes} bytes`);
      const headers = Object.fromEntries(
        Object.entries(request.headers).flatMap(([name, value]) =>
          value === undefined ? [] : [[name, Array.isArray(value) ? value.join(',') : value]],
        ),
      );
      const event = toApiGatewayEvent({
        method: route.method,
        routeKey: route.routeKey,
        rawPath: url.pathname,
        rawQueryString: url.search.replace(/^\?/, ''),
        headers,
        pathParameters,
        body,
        claims,
      });
      const answer = await route.handler(event, createLambdaContext({ functionName: route.functionName }));
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

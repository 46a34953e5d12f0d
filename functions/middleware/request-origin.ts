import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/**
 * The origin the client reached the API at (http://host:port), from its Host header: the local
 * server signs its upload and report URLs with it, so they work at whatever address serve is
 * reached. S3's presigned URLs ignore it. A Host that is not a plain host[:port] gives none.
 */
export function requestOrigin(event: APIGatewayProxyEventV2): { origin?: string } {
  const host = event.headers?.host;
  return host && /^[A-Za-z0-9.[\]:-]+$/.test(host) ? { origin: `http://${host}` } : {};
}

import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SKU_PATTERN } from './core/catalogue/model.ts';
import { getChannelItem, ItemNotFoundError } from './core/sync/channel-item.ts';
import {
  FeedNotFoundError,
  FeedTargetRequiredError,
  feedDownload,
  listFeedSummaries,
} from './core/sync/feed-documents.ts';
import { BadRequestError } from './middleware/http-errors.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { producerRoute } from './middleware/producer-route.ts';
import { requestOrigin } from './middleware/request-origin.ts';
import { config, feedStore, signer, states } from './wiring/producer-feeds.ts';

const TARGET_PATTERN = /^[A-Z]{2}$/u;

function enabledChannel(channel: string): string {
  if (!config.CHANNELS.includes(channel)) {
    throw new BadRequestError(
      'CHANNEL_UNKNOWN',
      `channel ${channel} is not enabled here (enabled: ${config.CHANNELS.join(', ')})`,
    );
  }
  return channel;
}

/**
 * The SKU of GET .../items/{sku}, or of GET .../items?sku= for a SKU holding "/": HTTP APIs decode
 * the path before routing, so an encoded slash would split the SKU into two segments and match no route.
 */
function requestedSku(event: APIGatewayProxyEventV2WithJWTAuthorizer): string | undefined {
  const inPath = event.pathParameters?.sku;
  if (inPath !== undefined) return inPath;
  if (!event.routeKey.endsWith('/items')) return undefined;
  const sku = event.queryStringParameters?.sku;
  if (sku === undefined || !SKU_PATTERN.test(sku)) {
    throw new BadRequestError('SKU_INVALID', 'sku must be a SKU: letters, digits and . _ / - (at most 64)');
  }
  return sku;
}

/** `?redirect=false` or `Accept: application/json`: the URL as JSON, for a client that fetches it itself. */
function wantsJson(event: APIGatewayProxyEventV2WithJWTAuthorizer): boolean {
  if (event.queryStringParameters?.redirect === 'false') return true;
  const accept = event.headers?.accept ?? '';
  return /\bapplication\/json\b/iu.test(accept);
}

async function downloadAnswer(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  producerId: string,
  channel: string,
): Promise<APIGatewayProxyStructuredResultV2> {
  const target = event.queryStringParameters?.target;
  if (target !== undefined && !TARGET_PATTERN.test(target)) {
    throw new BadRequestError('TARGET_INVALID', 'target must be a two-letter country code, such as US');
  }
  if (!signer) {
    return errorResponse(
      503,
      'DOWNLOADS_UNAVAILABLE',
      'this server has no download endpoint (run feedbridge serve)',
    );
  }
  const download = await feedDownload(
    { producerId, channel, ...(target ? { target } : {}), ...requestOrigin(event) },
    { feeds: feedStore, signer, now: () => new Date() },
  );
  if (wantsJson(event)) return jsonResponse(200, { url: download.url, expiresAt: download.expiresAt });
  return { statusCode: 302, headers: { location: download.url, 'cache-control': 'no-store' }, body: '' };
}

/**
 * GET /producers/{producerId}/feeds, GET .../feeds/{channel} (a redirect to the current full
 * document, or its URL as JSON) and GET .../channels/{channel}/items/{sku} (or items?sku=). Reads only.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
): Promise<APIGatewayProxyStructuredResultV2> => {
  const producerId = event.pathParameters?.producerId ?? '';
  const channel = event.pathParameters?.channel;
  try {
    const sku = requestedSku(event);
    if (channel === undefined) {
      return jsonResponse(200, await listFeedSummaries(producerId, config.CHANNELS, feedStore));
    }
    enabledChannel(channel);
    if (sku === undefined) return await downloadAnswer(event, producerId, channel);
    return jsonResponse(200, await getChannelItem(producerId, channel, sku, states));
  } catch (error) {
    if (error instanceof FeedNotFoundError || error instanceof ItemNotFoundError) {
      return errorResponse(404, error.code, error.message);
    }
    if (error instanceof FeedTargetRequiredError) return errorResponse(400, error.code, error.message);
    throw error;
  }
};

export const handler = producerRoute(lambdaHandler);

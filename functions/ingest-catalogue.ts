import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { CatalogueFormat } from './core/catalogue/readers/raw-record.ts';
import type { UploadMode } from './core/sync/catalogue-diff.ts';
import { type IngestDependencies, type IngestResult, ingestCatalogue } from './core/sync/ingest-catalogue.ts';
import { readCatalogueAgain } from './core/sync/read-again.ts';
import {
  CatalogueNotFoundError,
  CatalogueNotReadError,
  RawFileExpiredError,
} from './core/sync/sync-errors.ts';
import { BadRequestError, httpErrors } from './middleware/http-errors.ts';
import { errorResponse, jsonResponse } from './middleware/http-response.ts';
import { validPathParameters } from './middleware/path-parameters.ts';
import { producerAuthorization } from './middleware/producer-authorization.ts';
import { responseLanguage } from './middleware/response-language.ts';
import { logger, metrics, tracer } from './observability.ts';
import { blobs, config, syncStore, taskQueue } from './wiring/ingest-catalogue.ts';
import { profileStore } from './wiring/producer-profile.ts';

const FORMATS = new Set<CatalogueFormat>(['csv', 'tsv', 'xlsx', 'json', 'xml']);
const MODES = new Set<UploadMode>(['full', 'delta']);

/**
 * The share of the function's remaining time an upload may spend reading, waiting and diffing;
 * the rest is kept for its writes, which must finish before the function times out (29 s, under
 * the gateway's 30 s) so that the answer always comes after the commit, never instead of it.
 */
const READING_SHARE = 0.6;

/**
 * POST /producers/{producerId}/catalogues: the body is the file; `?format=` and `?mode=` optional.
 * POST /producers/{producerId}/catalogues/{catalogueId}/reads: that catalogue's stored file, read
 * again with the current profile as a new catalogue.
 */
export const lambdaHandler = async (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  // middy aborts it when it answers for a function out of time.
  { signal }: { signal?: AbortSignal } = {},
): Promise<APIGatewayProxyStructuredResultV2> => {
  const writeDeadline = Date.now() + Math.floor(context.getRemainingTimeInMillis() * READING_SHARE);
  const producerId = event.pathParameters?.producerId ?? '';
  const dependencies: IngestDependencies = {
    catalogues: syncStore,
    queue: taskQueue,
    blobs,
    channels: config.CHANNELS,
    profiles: profileStore,
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    maxWaitMs: config.INGEST_MAX_WAIT_MS,
    writeDeadline,
    ...(signal ? { signal } : {}),
  };
  const catalogueId = event.pathParameters?.catalogueId;
  if (catalogueId !== undefined) return readAgain(producerId, catalogueId, dependencies);
  const format = event.queryStringParameters?.format;
  if (format !== undefined && !FORMATS.has(format as CatalogueFormat)) {
    throw new BadRequestError('FORMAT_UNSUPPORTED', `format must be one of ${[...FORMATS].join(', ')}`);
  }
  const mode = event.queryStringParameters?.mode ?? 'full';
  if (!MODES.has(mode as UploadMode))
    throw new BadRequestError('MODE_UNSUPPORTED', 'mode must be full or delta');
  const body = event.body
    ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
    : Buffer.alloc(0);
  const contentType = event.headers?.['content-type'];

  const result = await ingestCatalogue(
    {
      producerId,
      body,
      mode: mode as UploadMode,
      ...(format ? { format: format as CatalogueFormat } : {}),
      ...(contentType ? { contentType } : {}),
    },
    dependencies,
  );
  return ingestedAnswer(producerId, result);
};

/** The errors only a re-read has, each with its status; the rest go to httpErrors. */
async function readAgain(
  producerId: string,
  catalogueId: string,
  dependencies: IngestDependencies,
): Promise<APIGatewayProxyStructuredResultV2> {
  try {
    const result = await readCatalogueAgain(
      { producerId, catalogueId },
      { ...dependencies, objects: blobs, profiles: profileStore },
    );
    logger.info('catalogue read again', { producerId, from: catalogueId, catalogueId: result.catalogueId });
    // The portal's ReadAgainResult: this route answers after the commit, so always DONE.
    return ingestedAnswer(producerId, result, { status: 'DONE' });
  } catch (error) {
    if (error instanceof CatalogueNotFoundError) return errorResponse(404, error.code, error.message);
    if (error instanceof CatalogueNotReadError) return errorResponse(409, error.code, error.message);
    if (error instanceof RawFileExpiredError) return errorResponse(410, error.code, error.message);
    throw error;
  }
}

/** 202 with the reading, bounded (first findings, columns capped) and where the rest is read. */
function ingestedAnswer(
  producerId: string,
  result: IngestResult,
  extra: Record<string, unknown> = {},
): APIGatewayProxyStructuredResultV2 {
  metrics.addMetric('RowsAccepted', MetricUnit.Count, result.rows.accepted);
  metrics.addMetric('RowsRejected', MetricUnit.Count, result.rows.rejected);
  metrics.addMetric('ProductsChanged', MetricUnit.Count, result.changes.created + result.changes.updated);
  metrics.addMetric('ProductsDelisted', MetricUnit.Count, result.changes.delisted);
  logger.info('catalogue ingested', { producerId, catalogueId: result.catalogueId, changes: result.changes });
  const { replayed: _replayed, ...answer } = result;
  // Where the rest of the findings (and the items' states) are read.
  return jsonResponse(202, {
    ...answer,
    ...extra,
    cataloguePath: `/producers/${producerId}/catalogues/${result.catalogueId}`,
  });
}

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { correlationIdPath: 'requestContext.requestId' }))
  .use(logMetrics(metrics))
  .use(responseLanguage())
  .use(httpErrors())
  .use(producerAuthorization())
  .use(validPathParameters());

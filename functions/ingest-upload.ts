import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { ingestUploadedObject, type UploadIngestOutcome } from './core/sync/ingest-upload.ts';
import { logger, metrics, tracer } from './observability.ts';
import { config, objects, syncStore, taskQueue } from './wiring/ingest-upload.ts';
import { profileStore } from './wiring/producer-profile.ts';

/** The detail of S3's "Object Created" event on EventBridge (the fields this function reads). */
export interface S3ObjectCreatedDetail {
  bucket: { name: string };
  object: { key: string; size: number; etag: string; sequencer?: string };
  reason?: string;
}

export type S3ObjectCreatedEvent = EventBridgeEvent<'Object Created', S3ObjectCreatedDetail>;

/** Time kept at the end of the function for the claim's release and the logs. */
const MARGIN_MS = 10_000;

/**
 * S3 "Object Created" (EventBridge, keys under uploads/) -> the async ingest of that object:
 * streamed from S3 through the same readers and use case as the direct route. A refused file ends
 * FAILED on its record (no retry can help); any other failure throws, so Lambda's async retries
 * and then the on-failure destination (a DLQ with an alarm) take it.
 */
export const lambdaHandler = async (
  event: S3ObjectCreatedEvent,
  context: Context,
): Promise<UploadIngestOutcome> => {
  const { object } = event.detail;
  const remaining = context.getRemainingTimeInMillis();
  const outcome = await ingestUploadedObject(
    { key: object.key, etag: object.etag, size: object.size },
    {
      catalogues: syncStore,
      lifecycle: syncStore,
      queue: taskQueue,
      blobs: objects,
      objects,
      channels: config.CHANNELS,
      profiles: profileStore,
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      maxBytes: config.UPLOAD_MAX_BYTES,
      // The claim ends with the function: a killed run's retry can claim it again.
      claimUntil: Date.now() + remaining,
      leaseMs: remaining,
      // Another upload of the same producer may be writing: wait for it rather than fail.
      maxWaitMs: Math.max(remaining / 3, 1_000),
      writeDeadline: Date.now() + Math.max(remaining - MARGIN_MS, 0) * 0.6,
    },
  );
  if (outcome.outcome === 'ingested') {
    const { result } = outcome;
    metrics.addMetric('RowsAccepted', MetricUnit.Count, result.rows.accepted);
    metrics.addMetric('RowsRejected', MetricUnit.Count, result.rows.rejected);
    metrics.addMetric('ProductsChanged', MetricUnit.Count, result.changes.created + result.changes.updated);
    logger.info('upload ingested', { catalogueId: outcome.catalogueId, changes: result.changes });
    // The answer goes to the async invocation's destination, not to a client: keep it small.
    return {
      outcome: 'ingested',
      catalogueId: outcome.catalogueId,
      result: { ...result, errors: [], warnings: [], columns: [] },
    };
  }
  if (outcome.outcome === 'failed') {
    metrics.addMetric('UploadsFailed', MetricUnit.Count, 1);
    logger.warn('upload refused', { catalogueId: outcome.catalogueId, code: outcome.code });
  } else {
    logger.info('upload event ignored', { key: object.key, reason: outcome.reason });
  }
  return outcome;
};

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { correlationIdPath: 'id' }))
  .use(logMetrics(metrics));

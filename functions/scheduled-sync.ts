import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { dynamoDbClient } from './adapters/aws-clients.ts';
import { SCHEDULED_SYNC_IDEMPOTENCY_KEY, type ScheduledSyncInput } from './adapters/resource-definitions.ts';
import { type FeedWritten, runScheduledSync, type ScheduledSyncFailure } from './core/sync/scheduled-sync.ts';
import { logger, metrics, tracer } from './observability.ts';
import { feedStore } from './wiring/feed-store.ts';
import {
  blobs,
  config,
  feedRenderers,
  syncStore,
  taskQueue,
  tourEvaluatorFor,
} from './wiring/scheduled-sync.ts';

export interface ScheduledSyncAnswer {
  feedCount: number;
  requeued: number;
  parked: number;
  /** Tour items made again for today whose output changed (calendar dates rolled off). */
  refreshed: number;
  failureCount: number;
  /** The first feeds written; the answer is kept small because the idempotency record stores it. */
  feeds: FeedWritten[];
  /** The first failures; every one is logged. */
  failures: ScheduledSyncFailure[];
}

const MAX_FEEDS_IN_ANSWER = 100;
const MAX_FAILURES_IN_ANSWER = 100;

/** EventBridge schedule: full feeds from the sync state, and stuck items queued again. */
export const lambdaHandler = async (_input: ScheduledSyncInput): Promise<ScheduledSyncAnswer> => {
  // The clock is read here: its Rwanda date is what every tour calendar of this run is made for.
  const refreshTours = await tourEvaluatorFor(new Date());
  const report = await runScheduledSync({
    products: syncStore,
    states: syncStore,
    queue: taskQueue,
    blobs,
    renderers: feedRenderers,
    feeds: feedStore,
    staleAfterMs: config.STALE_AFTER_SECONDS * 1000,
    maxRequeues: config.MAX_REQUEUES,
    now: () => new Date(),
    ...(refreshTours ? { refreshTours } : {}),
  });
  for (const { message, ...where } of report.failures) {
    logger.error('scheduled sync step failed', { ...where, reason: message });
  }
  metrics.addMetric('FeedsWritten', MetricUnit.Count, report.feeds.length);
  metrics.addMetric('ItemsRequeued', MetricUnit.Count, report.requeued);
  metrics.addMetric('ItemsParked', MetricUnit.Count, report.parked);
  metrics.addMetric('ItemsRefreshed', MetricUnit.Count, report.refreshed);
  metrics.addMetric('ScheduledSyncFailures', MetricUnit.Count, report.failures.length);
  logger.info('scheduled sync done', {
    feeds: report.feeds.length,
    requeued: report.requeued,
    parked: report.parked,
    refreshed: report.refreshed,
    failures: report.failures.length,
  });
  return {
    feedCount: report.feeds.length,
    requeued: report.requeued,
    parked: report.parked,
    refreshed: report.refreshed,
    failureCount: report.failures.length,
    feeds: report.feeds.slice(0, MAX_FEEDS_IN_ANSWER),
    failures: report.failures.slice(0, MAX_FAILURES_IN_ANSWER),
  };
};

const base = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));

/*
 * Scheduler delivers at least once and retries a failed run: the scheduled time in its input makes a
 * second delivery of one tick answer the first run's result. An input without it is refused rather
 * than run without idempotency (Powertools would otherwise only log a warning).
 */
export const handler = config.IDEMPOTENCY_TABLE_NAME
  ? base.use(
      makeHandlerIdempotent({
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: config.IDEMPOTENCY_TABLE_NAME,
          awsSdkV3Client: dynamoDbClient,
        }),
        config: new IdempotencyConfig({
          eventKeyJmesPath: SCHEDULED_SYNC_IDEMPOTENCY_KEY,
          throwOnNoIdempotencyKey: true,
          expiresAfterSeconds: 3600,
        }),
      }),
    )
  : base;

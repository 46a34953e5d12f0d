import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { currentProfile } from './core/profile/profile-record.ts';
import { isDue, pullSource } from './core/source/pull-source.ts';
import { logger, metrics, tracer } from './observability.ts';
import { config, profiles, pullDependencies, sources } from './wiring/source-pull.ts';

export interface ScheduledPullAnswer {
  checked: number;
  ingested: number;
  unchanged: number;
  failed: number;
  /** Due sources left for the next run because this one was running out of time. */
  deferred: number;
}

/** Time kept at the end of a run: no pull starts that could not finish (fetch, then ingest). */
const MARGIN_MS = 30_000;

/**
 * EventBridge Scheduler, every few minutes: pulls each source that is due (its profile's `every`
 * since its last check), one producer after another. A failure is recorded on that source and
 * the run goes on; a source left over for lack of time is simply still due at the next run.
 */
export const lambdaHandler = async (_input: unknown, context: Context): Promise<ScheduledPullAnswer> => {
  const answer: ScheduledPullAnswer = { checked: 0, ingested: 0, unchanged: 0, failed: 0, deferred: 0 };
  const needed = config.SOURCE_FETCH_TIMEOUT_MS + MARGIN_MS;
  for await (const producerId of sources.listSourceProducers()) {
    const profile = await currentProfile(producerId, profiles);
    const source = profile.profile.source;
    if (!source || !isDue(source, await sources.getSource(producerId), new Date())) continue;
    if (context.getRemainingTimeInMillis() < needed) {
      answer.deferred += 1;
      continue;
    }
    const remaining = context.getRemainingTimeInMillis() - MARGIN_MS;
    answer.checked += 1;
    try {
      const pulled = await pullSource(
        producerId,
        pullDependencies({ writeDeadline: Date.now() + remaining * 0.6 }),
      );
      if (pulled.status === 'INGESTED') answer.ingested += 1;
      else if (pulled.status === 'UNCHANGED') answer.unchanged += 1;
      else {
        answer.failed += 1;
        logger.warn('source pull failed', { producerId, code: pulled.code, reason: pulled.message });
      }
    } catch (error) {
      answer.failed += 1;
      logger.error('source pull failed', {
        producerId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  metrics.addMetric('SourcesPulled', MetricUnit.Count, answer.checked);
  metrics.addMetric('SourcesIngested', MetricUnit.Count, answer.ingested);
  metrics.addMetric('SourcePullFailures', MetricUnit.Count, answer.failed);
  logger.info('scheduled pull done', { ...answer });
  return answer;
};

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));

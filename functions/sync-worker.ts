import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EvaluateForChannel } from './core/sync/process-sync-task.ts';
import { failedState, processSyncTask } from './core/sync/process-sync-task.ts';
import { syncTaskSchema } from './core/sync/sync-records.ts';
import { logger, metrics, tracer } from './observability.ts';
import { blobs, config, evaluatorFor, syncStore } from './wiring/sync-worker.ts';

const processor = new BatchProcessor(EventType.SQS);

/** A message that can never be processed: it fails every delivery and ends in the DLQ. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

const recordHandler = async (record: SQSRecord, evaluate: EvaluateForChannel): Promise<void> => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(`message ${record.messageId} is not JSON`);
  }
  const parsed = syncTaskSchema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonMessageError(
      `message ${record.messageId} is not a sync task: ${parsed.error.issues[0]?.message}`,
    );
  }
  const task = parsed.data;
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  try {
    const result = await processSyncTask(
      task,
      { states: syncStore, blobs, evaluate, now: () => new Date() },
      attempt,
    );
    metrics.addMetric(
      result.outcome === 'written' ? `Items${result.state}` : 'ItemsSuperseded',
      MetricUnit.Count,
      1,
    );
  } catch (error) {
    // On the last delivery, leave a FAILED state behind so the item shows and the schedule re-queues it.
    if (attempt >= config.MAX_RECEIVE_COUNT) {
      const reason = error instanceof Error ? error.message : String(error);
      await syncStore.record(failedState(task, reason, attempt, new Date())).catch(() => undefined);
      metrics.addMetric('ItemsFAILED', MetricUnit.Count, 1);
    }
    logger.warn('sync task failed', { sku: task.sku, channel: task.channel, seq: task.seq, attempt, error });
    throw error;
  }
};

/** The producers a batch's well-formed tasks belong to; a malformed record fails on its own later. */
function producersOf(event: SQSEvent): Set<string> {
  const producers = new Set<string>();
  for (const record of event.Records) {
    try {
      const parsed = syncTaskSchema.safeParse(JSON.parse(record.body));
      if (parsed.success) producers.add(parsed.data.producerId);
    } catch {
      // Not JSON: recordHandler turns it into a poison message.
    }
  }
  return producers;
}

export const lambdaHandler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  // Once per invocation: the rates are cached, and every record of a batch is priced alike.
  // The clock is read here, once: every tour of the batch is judged against the same Rwanda date.
  const evaluate = await evaluatorFor(producersOf(event), new Date());
  return processPartialResponse(event, (record: SQSRecord) => recordHandler(record, evaluate), processor, {
    context,
  });
};

export const handler = middy(lambdaHandler)
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));

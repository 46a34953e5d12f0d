import { syncEventSource } from '../functions/adapters/resource-definitions.ts';
import type { EmbeddedStack } from './embedded-stack.ts';
import {
  createEventSourcePoller,
  type EventSourcePoller,
  type EventSourcePollerOptions,
  type SqsLambdaHandler,
} from './event-source-poller.ts';

export type SyncQueuePollerOptions = Partial<
  Omit<EventSourcePollerOptions, 'sqs' | 'queueUrl' | 'queueArn' | 'handler'>
>;

/**
 * The sync worker's event source on the embedded stack, configured like the deployed mapping
 * (batch size and batching window from the shared definitions). Callers override what a laptop or
 * a test wants quicker: a zero batching window, a short retry delay.
 */
export function createSyncQueuePoller(
  stack: EmbeddedStack,
  handler: SqsLambdaHandler,
  options: SyncQueuePollerOptions = {},
): EventSourcePoller {
  return createEventSourcePoller({
    sqs: stack.clients.sqs,
    queueUrl: stack.queueUrls.sync,
    queueArn: stack.queueArns.sync,
    handler,
    batchSize: syncEventSource.batchSize,
    maxBatchingWindowMs: syncEventSource.maxBatchingWindowSeconds * 1000,
    maxConcurrency: syncEventSource.maxConcurrency,
    functionName: 'sync-worker',
    ...options,
  });
}

import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { SqsEventSourceDefinition } from '../../functions/adapters/resource-definitions.ts';

/** Lambda's SQS event-source mapping from the same definition the local poller reads. */
export function sqsEventSourceFromDefinition(
  queue: IQueue,
  definition: SqsEventSourceDefinition,
): SqsEventSource {
  return new SqsEventSource(queue, {
    batchSize: definition.batchSize,
    ...(definition.maxBatchingWindowSeconds > 0
      ? { maxBatchingWindow: Duration.seconds(definition.maxBatchingWindowSeconds) }
      : {}),
    reportBatchItemFailures: definition.reportBatchItemFailures,
    maxConcurrency: definition.maxConcurrency,
  });
}

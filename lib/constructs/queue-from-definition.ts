import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { QueueDefinition } from '../../functions/adapters/resource-definitions.ts';

export interface QueueFromDefinitionOptions {
  /** Removal policy of the queue itself. Default DESTROY. */
  readonly removalPolicy?: RemovalPolicy;
  /** Removal policy of its dead-letter queue, if the definition has one. Default RETAIN. */
  readonly deadLetterRemovalPolicy?: RemovalPolicy;
}

export interface QueueWithDeadLetter {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue | undefined;
}

function newQueue(
  scope: Construct,
  definition: QueueDefinition,
  removalPolicy: RemovalPolicy,
  deadLetterQueue: sqs.DeadLetterQueue | undefined,
): sqs.Queue {
  return new sqs.Queue(scope, definition.logicalId, {
    queueName: definition.queueName,
    visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
    retentionPeriod: Duration.seconds(definition.retentionPeriodSeconds),
    receiveMessageWaitTime: Duration.seconds(definition.receiveMessageWaitTimeSeconds),
    maxMessageSizeBytes: definition.maximumMessageSizeBytes,
    // SQS-managed SSE needs no key policy, so the functions in the stateless stack need no key grants.
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    ...(deadLetterQueue ? { deadLetterQueue } : {}),
    removalPolicy,
  });
}

/**
 * A queue and its dead-letter queue from the single-sourced definition: names, timeouts, retention,
 * message size and redrive come only from the definition; this adds encryption, TLS and removal policies.
 */
export function queueFromDefinition(
  scope: Construct,
  definition: QueueDefinition,
  options: QueueFromDefinitionOptions = {},
): QueueWithDeadLetter {
  const deadLetter = definition.deadLetterQueue;
  const deadLetterQueue = deadLetter
    ? newQueue(scope, deadLetter.queue, options.deadLetterRemovalPolicy ?? RemovalPolicy.RETAIN, undefined)
    : undefined;
  const queue = newQueue(
    scope,
    definition,
    options.removalPolicy ?? RemovalPolicy.DESTROY,
    deadLetter && deadLetterQueue
      ? { queue: deadLetterQueue, maxReceiveCount: deadLetter.maxReceiveCount }
      : undefined,
  );
  return { queue, deadLetterQueue };
}

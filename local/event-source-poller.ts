import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { syncEventSource } from '../functions/adapters/resource-definitions.ts';
import { createLambdaContext } from './lambda-context.ts';

/**
 * Lambda's SQS event-source mapping, locally: receive a batch, hand it to the same handler Lambda would
 * run, delete what succeeded and make the rest visible again for a retry. A message is deleted only after
 * the handler has answered for it, so a crash or a throw at any point leaves it in the queue.
 */

export type SqsLambdaHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined> | Promise<void>;

export interface EventSourcePollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsLambdaHandler;
  /** Records per invocation (Lambda allows more than 10 with a batching window; received 10 at a time). */
  batchSize?: number;
  /** How long to keep gathering records once the first arrived, as Lambda's MaximumBatchingWindow. */
  maxBatchingWindowMs?: number;
  /** Off: the handler's response is ignored, only a throw fails the batch (Lambda without the setting). */
  reportBatchItemFailures?: boolean;
  /** Batches in flight at once (the background loop and each drain round). Default 1. */
  maxConcurrency?: number;
  /**
   * Visibility timeout given to a failed record. On AWS it reappears after the queue's visibility
   * timeout (minutes); locally that would only make the developer wait.
   */
  retryDelaySeconds?: number;
  /**
   * Poller-side redrive, only for a queue without a RedrivePolicy. When the queue has one, SQS (and
   * fauxqs) moves the message itself on the receive after maxReceiveCount; the poller then never moves
   * it too, and refuses a maxReceiveCount that contradicts the policy.
   */
  maxReceiveCount?: number;
  dlqUrl?: string;
  /** Long-poll wait of the background loop; it bounds how long stop() waits for an idle loop. */
  waitTimeSeconds?: number;
  functionName?: string;
  /** The function timeout: a handler that has not answered by then fails its whole batch. */
  timeoutMs?: number;
  /** Errors of the poller itself (SQS calls), not of the handler. Default: console.warn. */
  onError?: (error: unknown) => void;
  /** Errors thrown by the handler (the batch is retried either way). Default: ignored. */
  onHandlerError?: (error: unknown, event: SQSEvent) => void;
}

export interface PollStats {
  /** Handler invocations. */
  batches: number;
  /** Messages received, including any the poller moved to the DLQ. */
  received: number;
  succeeded: number;
  failed: number;
  /** Moved to the DLQ by the poller (poller-side redrive only; a RedrivePolicy moves them unseen). */
  deadLettered: number;
}

export interface DrainOptions {
  /** Consecutive rounds with nothing received and an empty queue before drain returns. Default 2. */
  idleRounds?: number;
  /** Default 60 s; drain rejects with DrainTimeoutError after it. */
  timeoutMs?: number;
}

export interface EventSourcePoller {
  /** Receives at most one batch (without long polling) and settles it. */
  pollOnce(): Promise<PollStats>;
  /** Polls until the queue is empty (visible, in flight and delayed) for idleRounds rounds. */
  drain(options?: DrainOptions): Promise<PollStats>;
  /** Starts maxConcurrency background loops; no-op when running. */
  start(): void;
  /** Stops the loops after their current batch. */
  stop(): Promise<void>;
  /** Totals since the poller was created. */
  readonly totals: Readonly<PollStats>;
}

export class DrainTimeoutError extends Error {
  override readonly name = 'DrainTimeoutError';
  constructor(
    readonly stats: PollStats,
    readonly remaining: number,
  ) {
    super(`queue not drained: ${remaining} message(s) left after ${stats.batches} batch(es)`);
  }
}

const MAX_RECEIVE = 10;
const BATCHING_POLL_INTERVAL_MS = 20;
const DRAIN_BUSY_SLEEP_MS = 50;
const DRAIN_IDLE_SLEEP_MS = 20;
const LOOP_ERROR_BACKOFF_MS = 1_000;

type RedriveMode =
  | { kind: 'queue' }
  | { kind: 'poller'; maxReceiveCount: number; dlqUrl: string }
  | { kind: 'none' };

type Outcome = { kind: 'answered'; response: unknown } | { kind: 'threw'; error: unknown };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function emptyStats(): PollStats {
  return { batches: 0, received: 0, succeeded: 0, failed: 0, deadLettered: 0 };
}

function addStats(into: PollStats, from: PollStats): void {
  into.batches += from.batches;
  into.received += from.received;
  into.succeeded += from.succeeded;
  into.failed += from.failed;
  into.deadLettered += from.deadLettered;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function integerAtLeast(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function regionOfArn(arn: string): string {
  const region = arn.split(':')[3];
  if (!region) throw new Error(`not an SQS queue ARN: ${arn}`);
  return region;
}

/** Lambda hands binary attribute values to the function base64-encoded, and always both list fields. */
function toRecordAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return result;
}

interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly receiveCount: number;
  readonly message: Message;
}

function toReceived(message: Message): ReceivedMessage {
  if (!message.MessageId || !message.ReceiptHandle) {
    throw new Error('ReceiveMessage returned a message without MessageId or ReceiptHandle');
  }
  return {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
    message,
  };
}

function toRecord(received: ReceivedMessage, queueArn: string, awsRegion: string): SQSRecord {
  const { message } = received;
  const system = message.Attributes ?? {};
  const body = message.Body ?? '';
  const now = String(Date.now());
  const optional = (
    key:
      | 'AWSTraceHeader'
      | 'SequenceNumber'
      | 'MessageGroupId'
      | 'MessageDeduplicationId'
      | 'DeadLetterQueueSourceArn',
  ) => {
    const value = system[key];
    return value === undefined ? {} : { [key]: value };
  };
  return {
    messageId: received.messageId,
    receiptHandle: received.receiptHandle,
    body,
    attributes: {
      ApproximateReceiveCount: String(received.receiveCount),
      SentTimestamp: system.SentTimestamp ?? now,
      SenderId: system.SenderId ?? '000000000000',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? now,
      ...optional('AWSTraceHeader'),
      ...optional('SequenceNumber'),
      ...optional('MessageGroupId'),
      ...optional('MessageDeduplicationId'),
      ...optional('DeadLetterQueueSourceArn'),
    },
    messageAttributes: toRecordAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? createHash('md5').update(body).digest('hex'),
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion,
  };
}

/**
 * Which records failed, by Lambda's rules for ReportBatchItemFailures: no response, no list or an empty
 * list is full success; a malformed response or an identifier that is empty or not in the batch fails
 * the whole batch (retrying too much is safe, dropping a record is not).
 */
export function failedMessageIds(response: unknown, batchIds: ReadonlySet<string>): ReadonlySet<string> {
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object') return batchIds;
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return batchIds;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id: unknown =
      typeof failure === 'object' && failure !== null
        ? (failure as { itemIdentifier?: unknown }).itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) return batchIds;
    failed.add(id);
  }
  return failed;
}

export function createEventSourcePoller(options: EventSourcePollerOptions): EventSourcePoller {
  const { sqs, queueUrl, queueArn, handler } = options;
  const batchSize = integerAtLeast('batchSize', options.batchSize ?? syncEventSource.batchSize);
  const maxBatchingWindowMs = integerAtLeast(
    'maxBatchingWindowMs',
    options.maxBatchingWindowMs ?? syncEventSource.maxBatchingWindowSeconds * 1000,
    0,
  );
  const reportBatchItemFailures = options.reportBatchItemFailures ?? syncEventSource.reportBatchItemFailures;
  const maxConcurrency = integerAtLeast('maxConcurrency', options.maxConcurrency ?? 1);
  const retryDelaySeconds = integerAtLeast('retryDelaySeconds', options.retryDelaySeconds ?? 1, 0);
  const waitTimeSeconds = integerAtLeast('waitTimeSeconds', options.waitTimeSeconds ?? 1, 0);
  const timeoutMs = integerAtLeast('timeoutMs', options.timeoutMs ?? 30_000);
  const awsRegion = regionOfArn(queueArn);
  const onError = options.onError ?? ((error: unknown) => console.warn('event-source poller:', error));
  const onHandlerError = options.onHandlerError ?? (() => undefined);
  const totals = emptyStats();

  let redriveMode: Promise<RedriveMode> | undefined;
  const resolveRedriveMode = async (): Promise<RedriveMode> => {
    const { Attributes: attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }),
    );
    const policy = attributes?.RedrivePolicy;
    if (policy) {
      const parsed: unknown = JSON.parse(policy);
      const queueMax = Number((parsed as { maxReceiveCount?: unknown }).maxReceiveCount);
      if (options.maxReceiveCount !== undefined && options.maxReceiveCount !== queueMax) {
        throw new Error(
          `maxReceiveCount ${options.maxReceiveCount} contradicts the queue's RedrivePolicy (${queueMax}); ` +
            'the queue moves messages itself, so leave the option unset or equal',
        );
      }
      return { kind: 'queue' };
    }
    if (options.maxReceiveCount === undefined) return { kind: 'none' };
    if (!options.dlqUrl) throw new Error('maxReceiveCount needs dlqUrl for a queue without a RedrivePolicy');
    return {
      kind: 'poller',
      maxReceiveCount: integerAtLeast('maxReceiveCount', options.maxReceiveCount),
      dlqUrl: options.dlqUrl,
    };
  };

  const receive = async (max: number, wait: number): Promise<ReceivedMessage[]> => {
    const { Messages: messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(MAX_RECEIVE, max),
        WaitTimeSeconds: wait,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    return (messages ?? []).map(toReceived);
  };

  const moveToDeadLetterQueue = async (received: ReceivedMessage, dlqUrl: string): Promise<void> => {
    const attributes = received.message.MessageAttributes;
    // Sent before the delete: a crash in between leaves a duplicate, never a loss.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: received.message.Body ?? '',
        ...(attributes && Object.keys(attributes).length > 0
          ? {
              MessageAttributes: Object.fromEntries(
                Object.entries(attributes).map(([name, value]) => [
                  name,
                  {
                    DataType: value.DataType,
                    ...(value.StringValue !== undefined ? { StringValue: value.StringValue } : {}),
                    ...(value.BinaryValue !== undefined ? { BinaryValue: value.BinaryValue } : {}),
                  },
                ]),
              ),
            }
          : {}),
      }),
    );
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: received.receiptHandle }));
  };

  /** Gathers up to batchSize records, waiting at most the batching window once the first has arrived. */
  const receiveBatch = async (
    wait: number,
    mode: RedriveMode,
    stats: PollStats,
  ): Promise<ReceivedMessage[]> => {
    const batch: ReceivedMessage[] = [];
    const accept = async (messages: ReceivedMessage[]): Promise<void> => {
      stats.received += messages.length;
      for (const received of messages) {
        if (mode.kind === 'poller' && received.receiveCount > mode.maxReceiveCount) {
          await moveToDeadLetterQueue(received, mode.dlqUrl);
          stats.deadLettered += 1;
        } else {
          batch.push(received);
        }
      }
    };
    await accept(await receive(batchSize, wait));
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + maxBatchingWindowMs;
    while (batch.length < batchSize && Date.now() < windowEnds) {
      const more = await receive(batchSize - batch.length, 0);
      if (more.length === 0) await sleep(Math.min(BATCHING_POLL_INTERVAL_MS, windowEnds - Date.now()));
      else await accept(more);
    }
    return batch;
  };

  const invoke = async (event: SQSEvent): Promise<Outcome> => {
    const context = createLambdaContext({
      functionName: options.functionName ?? 'feedbridge-sync-worker',
      timeoutMs,
      region: awsRegion,
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<Outcome>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'threw', error: new Error(`handler timed out after ${timeoutMs} ms`) }),
        timeoutMs,
      );
    });
    const answered = handler(event, context).then(
      (response): Outcome => ({ kind: 'answered', response }),
      (error: unknown): Outcome => ({ kind: 'threw', error }),
    );
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  const settle = async (succeeded: ReceivedMessage[], failed: ReceivedMessage[]): Promise<void> => {
    const deletes = chunks(succeeded, MAX_RECEIVE).map(async (chunk) => {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((received, index) => ({
            Id: String(index),
            ReceiptHandle: received.receiptHandle,
          })),
        }),
      );
      // Undeleted means redelivered later: the handlers are idempotent, so this is a warning, not a loss.
      for (const entry of result.Failed ?? []) {
        onError(
          new Error(`DeleteMessageBatch entry ${entry.Id} failed: ${entry.Code} ${entry.Message ?? ''}`),
        );
      }
    });
    const retries = chunks(failed, MAX_RECEIVE).map(async (chunk) => {
      const result = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((received, index) => ({
            Id: String(index),
            ReceiptHandle: received.receiptHandle,
            VisibilityTimeout: retryDelaySeconds,
          })),
        }),
      );
      // The record then reappears after the queue's visibility timeout instead: later, but not lost.
      for (const entry of result.Failed ?? []) {
        onError(
          new Error(
            `ChangeMessageVisibilityBatch entry ${entry.Id} failed: ${entry.Code} ${entry.Message ?? ''}`,
          ),
        );
      }
    });
    const results = await Promise.allSettled([...deletes, ...retries]);
    const rejected = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejected) throw rejected.reason;
  };

  const pollWith = async (wait: number): Promise<PollStats> => {
    const stats = emptyStats();
    try {
      redriveMode ??= resolveRedriveMode();
      const mode = await redriveMode.catch((error: unknown) => {
        redriveMode = undefined;
        throw error;
      });
      const batch = await receiveBatch(wait, mode, stats);
      if (batch.length === 0) return stats;

      const event: SQSEvent = { Records: batch.map((received) => toRecord(received, queueArn, awsRegion)) };
      stats.batches = 1;
      const outcome = await invoke(event);
      const batchIds = new Set(batch.map((received) => received.messageId));
      let failedIds: ReadonlySet<string>;
      if (outcome.kind === 'threw') {
        onHandlerError(outcome.error, event);
        failedIds = batchIds;
      } else {
        failedIds = reportBatchItemFailures ? failedMessageIds(outcome.response, batchIds) : new Set();
      }
      const failed = batch.filter((received) => failedIds.has(received.messageId));
      const succeeded = batch.filter((received) => !failedIds.has(received.messageId));
      stats.failed = failed.length;
      stats.succeeded = succeeded.length;
      await settle(succeeded, failed);
      return stats;
    } finally {
      addStats(totals, stats);
    }
  };

  const queueDepth = async (): Promise<number> => {
    const { Attributes: attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return (
      Number(attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(attributes?.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };

  let running = false;
  let loops: Promise<void>[] = [];

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        await pollWith(waitTimeSeconds);
      } catch (error) {
        onError(error);
        await sleep(LOOP_ERROR_BACKOFF_MS);
      }
    }
  };

  return {
    pollOnce: () => pollWith(0),

    async drain(drainOptions = {}) {
      const idleRounds = integerAtLeast('idleRounds', drainOptions.idleRounds ?? 2);
      const deadline = Date.now() + (drainOptions.timeoutMs ?? 60_000);
      const stats = emptyStats();
      let idle = 0;
      while (idle < idleRounds) {
        if (Date.now() > deadline) throw new DrainTimeoutError(stats, await queueDepth());
        const round = await Promise.all(Array.from({ length: maxConcurrency }, () => pollWith(0)));
        for (const result of round) addStats(stats, result);
        if (round.some((result) => result.received > 0)) {
          idle = 0;
          continue;
        }
        // In-flight and delayed messages still count: a failed record comes back after retryDelaySeconds.
        if ((await queueDepth()) === 0) {
          idle += 1;
          await sleep(DRAIN_IDLE_SLEEP_MS);
        } else {
          idle = 0;
          await sleep(DRAIN_BUSY_SLEEP_MS);
        }
      }
      return stats;
    },

    start() {
      if (running) return;
      running = true;
      loops = Array.from({ length: maxConcurrency }, () => loop());
    },

    async stop() {
      running = false;
      const stopping = loops;
      loops = [];
      await Promise.all(stopping);
    },

    get totals() {
      return { ...totals };
    },
  };
}

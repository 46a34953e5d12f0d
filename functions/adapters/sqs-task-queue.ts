import type { SQSClient } from '@aws-sdk/client-sqs';
import { SQS_MESSAGE_MAX_BYTES } from '../core/service-limits.ts';
import type { TaskQueue } from '../core/sync/ports.ts';
import { TasksNotQueuedError } from '../core/sync/sync-errors.ts';
import type { SyncTask } from '../core/sync/sync-records.ts';
import { messageSize, type OutgoingMessage, SendMessagesError, sendMessagesAll } from './sqs-batch.ts';

/**
 * Characters a message body must not carry raw: U+FFFE and U+FFFF, which SQS refuses, and the
 * halves of astral characters (emoji), which SQS takes but the local queue refuses. As JSON escapes
 * they mean the same to the worker's JSON.parse and are plain ASCII to both queues.
 */
const UNSENDABLE = /[\uD800-\uDFFF\uFFFE\uFFFF]/g;

const escaped = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The SQS body of a task: its JSON, with what SQS (or its local double) refuses escaped. */
export function taskMessageBody(task: SyncTask): string {
  const json = JSON.stringify(task);
  UNSENDABLE.lastIndex = 0;
  return UNSENDABLE.test(json) ? json.replace(UNSENDABLE, escaped) : json;
}

/**
 * Sync tasks on SQS: batched by ten (and by size), failed entries retried, never dropped. One
 * task SQS cannot take (too large, refused) does not hold back the others: they are queued, and
 * TasksNotQueuedError names the ones that were not.
 */
export class SqsTaskQueue implements TaskQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(tasks: SyncTask[], signal?: AbortSignal): Promise<void> {
    if (tasks.length === 0) return;
    const notQueued: { task: SyncTask; reason: string }[] = [];
    const taskOf = new Map<OutgoingMessage, SyncTask>();
    for (const task of tasks) {
      const message: OutgoingMessage = { body: taskMessageBody(task) };
      const bytes = messageSize(message);
      if (bytes > SQS_MESSAGE_MAX_BYTES) {
        notQueued.push({
          task,
          reason: `its message is ${bytes} bytes, over SQS's ${SQS_MESSAGE_MAX_BYTES}`,
        });
      } else {
        taskOf.set(message, task);
      }
    }
    try {
      await sendMessagesAll(this.sqs, this.queueUrl, [...taskOf.keys()], signal ? { signal } : {});
    } catch (error) {
      if (!(error instanceof SendMessagesError)) throw error;
      for (const message of error.unsent) {
        const task = taskOf.get(message);
        if (task) notQueued.push({ task, reason: error.message });
      }
    }
    if (notQueued.length > 0) {
      throw new TasksNotQueuedError(
        notQueued,
        `${notQueued.length} of ${tasks.length} task(s) not queued to ${this.queueUrl}`,
      );
    }
  }
}

import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TaskQueue } from '../core/sync/ports.ts';
import type { SyncTask } from '../core/sync/sync-records.ts';
import { sendMessagesAll } from './sqs-batch.ts';

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

/** Sync tasks on SQS: batched by ten (and by size), failed entries retried, never dropped. */
export class SqsTaskQueue implements TaskQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(tasks: SyncTask[], signal?: AbortSignal): Promise<void> {
    if (tasks.length === 0) return;
    await sendMessagesAll(
      this.sqs,
      this.queueUrl,
      tasks.map((task) => ({ body: taskMessageBody(task) })),
      signal ? { signal } : {},
    );
  }
}

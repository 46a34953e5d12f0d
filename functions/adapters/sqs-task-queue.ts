import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TaskQueue } from '../core/sync/ports.ts';
import type { SyncTask } from '../core/sync/sync-records.ts';
import { sendMessagesAll } from './sqs-batch.ts';

/** Sync tasks on SQS: batched by ten (and by size), failed entries retried, never dropped. */
export class SqsTaskQueue implements TaskQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(tasks: SyncTask[]): Promise<void> {
    if (tasks.length === 0) return;
    await sendMessagesAll(
      this.sqs,
      this.queueUrl,
      tasks.map((task) => ({ body: JSON.stringify(task) })),
    );
  }
}

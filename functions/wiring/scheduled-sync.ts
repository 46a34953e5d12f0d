import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator, feedRendererFor } from './channel-adapters.ts';
import { enabledChannels } from './enabled-channels.ts';
import { currentFxRates } from './fx-rates.ts';
import { rwandaDate } from './rwanda-date.ts';

/**
 * What scheduled-sync uses: the table, the queue (requeues), the objects and the feed renderers;
 * with a tour channel enabled, the FX rates too (SSM), to make each tour's calendar again per run.
 */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createBlobStore(config);
const channels = enabledChannels(config);
const tourChannels = channels.filter((channel) => channel.takes === 'tour');
export const feedRenderers: readonly FeedRenderer[] = channels.map((channel) =>
  feedRendererFor(channel, 'feeds/'),
);

/**
 * The tour channels' transforms for one run, with the current rates and the Rwanda date of `now`
 * (the handler's clock); undefined when no tour channel is enabled (no SSM read then).
 */
export async function tourEvaluatorFor(now: Date): Promise<{ evaluate: EvaluateForChannel } | undefined> {
  if (tourChannels.length === 0) return undefined;
  const fx = await currentFxRates(config.FX_RATES_PARAMETER);
  return { evaluate: channelEvaluator(tourChannels, fx, undefined, { today: rwandaDate(now) }) };
}

import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator, feedRendererFor } from './channel-adapters.ts';
import { enabledChannels as channelsOf } from './enabled-channels.ts';
import { currentFxRates } from './fx-rates.ts';

/**
 * Everything any handler needs, built once per cold start. The four original handlers no longer
 * import it: each has its own composition (functions/wiring/<handler>.ts) that builds only what
 * it uses, so sync-status carries no SQS or SSM (issue 16). Kept, unchanged in what it exports,
 * for code written against it; new handlers get a module of their own.
 */
export const config = readConfig();

export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createBlobStore(config);

export const enabledChannels = channelsOf(config);

/** The worker's evaluator with the current FX rates (SSM through a Powertools cache, or the bundled file). */
export async function evaluatorWithCurrentRates(): Promise<EvaluateForChannel> {
  return channelEvaluator(enabledChannels, await currentFxRates(config.FX_RATES_PARAMETER));
}
export const feedRenderers: readonly FeedRenderer[] = enabledChannels.map((channel) =>
  feedRendererFor(channel, 'feeds/'),
);

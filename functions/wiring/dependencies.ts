import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import { getChannel } from '../core/channels/registry.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator, feedRendererFor } from './channel-adapters.ts';
import { currentFxRates } from './fx-rates.ts';

/**
 * Everything a handler needs, built once per cold start from checked configuration. Handlers
 * import from here and stay thin; tests and the local stack set the environment first.
 */
export const config = readConfig();

export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createBlobStore(config);

export const enabledChannels = config.CHANNELS.map((id) => {
  const channel = getChannel(id, { googleMerchantTargets: config.GOOGLE_MERCHANT_TARGETS });
  if (!channel) throw new Error(`CHANNELS names an unknown channel: ${id}`);
  return channel;
});

/** The worker's evaluator with the current FX rates (SSM through a Powertools cache, or the bundled file). */
export async function evaluatorWithCurrentRates(): Promise<EvaluateForChannel> {
  return channelEvaluator(enabledChannels, await currentFxRates(config.FX_RATES_PARAMETER));
}
export const feedRenderers: readonly FeedRenderer[] = enabledChannels.map((channel) =>
  feedRendererFor(channel, 'feeds/'),
);

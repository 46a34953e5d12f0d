import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import { documentClient, sqsClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { SqsTaskQueue } from '../adapters/sqs-task-queue.ts';
import { readConfig } from '../config.ts';
import { getChannel } from '../core/channels/registry.ts';
import { loadFxRates } from '../core/money.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator, feedRendererFor } from './channel-adapters.ts';

/**
 * Everything a handler needs, built once per cold start from checked configuration. Handlers
 * import from here and stay thin; tests and the local stack set the environment first.
 */
export const config = readConfig();

export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const taskQueue = new SqsTaskQueue(sqsClient, config.SYNC_QUEUE_URL);
export const blobs = createBlobStore(config);

const fx = loadFxRates(fxRatesFile);

const enabledChannels = config.CHANNELS.map((id) => {
  const channel = getChannel(id);
  if (!channel) throw new Error(`CHANNELS names an unknown channel: ${id}`);
  return channel;
});

export const evaluateForChannel = channelEvaluator(enabledChannels, fx);
export const feedRenderers: readonly FeedRenderer[] = enabledChannels.map((channel) =>
  feedRendererFor(channel, 'feeds/'),
);

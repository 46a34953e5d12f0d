import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { readConfig } from '../config.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator } from './channel-adapters.ts';
import { enabledChannels } from './enabled-channels.ts';
import { currentFxRates } from './fx-rates.ts';

/** What sync-worker uses: the table, the objects, the channels' transforms and the FX rates. No SQS client. */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const blobs = createBlobStore(config);
const channels = enabledChannels(config);

/** The worker's evaluator with the current FX rates (SSM through a Powertools cache, or the bundled file). */
export async function evaluatorWithCurrentRates(): Promise<EvaluateForChannel> {
  return channelEvaluator(channels, await currentFxRates(config.FX_RATES_PARAMETER));
}

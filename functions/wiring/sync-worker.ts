import { documentClient } from '../adapters/aws-clients.ts';
import { DynamoDbProfileStore } from '../adapters/dynamodb-profile-store.ts';
import { DynamoDbSyncStore } from '../adapters/dynamodb-sync-store.ts';
import { readConfig } from '../config.ts';
import { currentProfile } from '../core/profile/profile-record.ts';
import type { FeedRules } from '../core/rules/rule-schema.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import { createBlobStore } from './blob-store.ts';
import { channelEvaluator } from './channel-adapters.ts';
import { enabledChannels } from './enabled-channels.ts';
import { currentFxRates } from './fx-rates.ts';
import { rwandaDate } from './rwanda-date.ts';

/** What sync-worker uses: the table, the objects, the channels' transforms and the FX rates. No SQS client. */
export const config = readConfig();
export const syncStore = new DynamoDbSyncStore(documentClient, config.TABLE_NAME);
export const blobs = createBlobStore(config);
const channels = enabledChannels(config);

const profiles = new DynamoDbProfileStore(documentClient, config.TABLE_NAME);

/**
 * The worker's evaluator with the current FX rates (SSM through a Powertools cache, or the bundled
 * file) and the feed rules of the producers whose tasks the batch holds, each profile read once per
 * batch: the rules the ingest hashed with are the ones the channel output is built with. `now` is
 * the handler's clock: its date in Rwanda decides which tour departures are past.
 */
export async function evaluatorFor(
  producerIds: ReadonlySet<string>,
  now: Date = new Date(),
): Promise<EvaluateForChannel> {
  const [fx, ...records] = await Promise.all([
    currentFxRates(config.FX_RATES_PARAMETER),
    ...[...producerIds].map((producerId) => currentProfile(producerId, profiles)),
  ]);
  const rules = new Map<string, FeedRules | undefined>(
    records.map((record) => [record.producerId, record.profile.rules]),
  );
  return channelEvaluator(channels, fx, (producerId) => rules.get(producerId), { today: rwandaDate(now) });
}

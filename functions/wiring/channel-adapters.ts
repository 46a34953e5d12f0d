import type { Channel } from '../core/channels/contract.ts';
import { transformOffering } from '../core/channels/transform-offering.ts';
import type { FxRates } from '../core/money.ts';
import type { EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import type { SyncReason } from '../core/sync/sync-records.ts';

/** Channel plug-ins as the sync use cases see them: evaluation for the worker, rendering for feeds. */
export function channelEvaluator(channels: readonly Channel[], fx: FxRates): EvaluateForChannel {
  const byId = new Map(channels.map((channel) => [channel.id, channel]));
  return (channelId, product) => {
    const channel = byId.get(channelId);
    if (!channel) {
      return {
        item: null,
        errors: [{ code: 'CHANNEL_UNKNOWN', field: null, message: `channel ${channelId} is not enabled` }],
        warnings: [],
      };
    }
    const { item, issues } = transformOffering(channel, { kind: 'product', product }, { fx });
    const errors: SyncReason[] = [];
    const warnings: SyncReason[] = [];
    for (const issue of issues) {
      const reason = { code: issue.code, field: issue.field, message: issue.message };
      (issue.severity === 'error' ? errors : warnings).push(reason);
    }
    return { item, errors, warnings };
  };
}

export function feedRendererFor(channel: Channel, prefix: string): FeedRenderer {
  return {
    channel: channel.id,
    contentType: channel.contentType,
    ...(channel.documentTargets === undefined ? {} : { targets: channel.documentTargets }),
    documentPath: (producerId, target) => `${prefix}${channel.documentPath(producerId, 'full', target)}`,
    render: async (producerId, items, write, meta) => {
      await channel.render(producerId, items, write, {
        generatedAt: meta.generatedAt,
        kind: 'full',
        ...(meta.target === undefined ? {} : { target: meta.target }),
      });
    },
  };
}

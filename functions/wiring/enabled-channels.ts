import type { FunctionConfig } from '../config.ts';
import { getChannel } from '../core/channels/registry.ts';

/** The channels CHANNELS names, checked once at cold start. */
export function enabledChannels(config: FunctionConfig) {
  return config.CHANNELS.map((id) => {
    const channel = getChannel(id, { googleMerchantTargets: config.GOOGLE_MERCHANT_TARGETS });
    if (!channel) throw new Error(`CHANNELS names an unknown channel: ${id}`);
    return channel;
  });
}

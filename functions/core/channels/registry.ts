import type { OfferingKind } from '../catalogue/offering.ts';
import type { Channel, ChannelFor, ProductChannel, TourChannel } from './contract.ts';
import { fliggyChannel } from './fliggy/channel.ts';
import { freshippoChannel } from './freshippo/channel.ts';
import { createGoogleMerchantChannel, googleMerchantChannel } from './google-merchant/channel.ts';
import type { GoogleMerchantTarget } from './google-merchant/targets.ts';
import { tmallGlobalChannel } from './tmall-global/channel.ts';

/**
 * Every channel feedbridge publishes to. A new channel is its own folder plus one entry here;
 * nothing else (and no other channel) changes.
 */
export const CHANNELS: readonly Channel[] = [
  tmallGlobalChannel,
  freshippoChannel,
  fliggyChannel,
  googleMerchantChannel,
];

const BY_ID: ReadonlyMap<string, Channel> = new Map(CHANNELS.map((channel) => [channel.id, channel]));

export { CHANNEL_IDS } from './channel-kinds.ts';

/** The channels that take products (tmall-global, freshippo, google-merchant): what a product catalogue goes to. */
export const PRODUCT_CHANNELS: readonly ProductChannel[] = CHANNELS.filter(
  (channel): channel is ProductChannel => channel.takes === 'product',
);

/** The channels that take tour packages (fliggy). */
export const TOUR_CHANNELS: readonly TourChannel[] = CHANNELS.filter(
  (channel): channel is TourChannel => channel.takes === 'tour',
);

export function channelsTaking<Kind extends OfferingKind>(kind: Kind): readonly ChannelFor<Kind>[] {
  return (kind === 'product' ? PRODUCT_CHANNELS : TOUR_CHANNELS) as readonly ChannelFor<Kind>[];
}

/** What a deployment configures about its channels (functions/config.ts). */
export interface ChannelSettings {
  googleMerchantTargets?: readonly GoogleMerchantTarget[];
}

/** A channel by id, built with the deployment's settings where it has any (google-merchant's targets). */
export function getChannel(id: string, settings: ChannelSettings = {}): Channel | undefined {
  if (id === googleMerchantChannel.id && settings.googleMerchantTargets !== undefined) {
    return createGoogleMerchantChannel(settings.googleMerchantTargets);
  }
  return BY_ID.get(id);
}

import type { OfferingKind } from '../catalogue/offering.ts';
import type { Channel, ChannelFor, ProductChannel, TourChannel } from './contract.ts';
import { fliggyChannel } from './fliggy/channel.ts';
import { freshippoChannel } from './freshippo/channel.ts';
import { tmallGlobalChannel } from './tmall-global/channel.ts';

/**
 * Every channel feedbridge publishes to. A new channel is its own folder plus one entry here;
 * nothing else (and no other channel) changes.
 */
export const CHANNELS: readonly Channel[] = [tmallGlobalChannel, freshippoChannel, fliggyChannel];

const BY_ID: ReadonlyMap<string, Channel> = new Map(CHANNELS.map((channel) => [channel.id, channel]));

export const CHANNEL_IDS: readonly string[] = CHANNELS.map((channel) => channel.id);

/** The channels that take products (tmall-global, freshippo): what a product catalogue goes to. */
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

export function getChannel(id: string): Channel | undefined {
  return BY_ID.get(id);
}
